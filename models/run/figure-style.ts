/**
 * One fixed look per scheme across all figures of a model: a model lists its schemes once, in a fixed order, and
 * every figure draws a scheme with the same colour, dash and point shape whatever else it shows. Twelve and more
 * schemes stay distinguishable: ten colours, and from the eleventh on another dash and shape with the colours again.
 */
import type { Series, SeriesStyle } from './types.js';

/** Tableau 10: distinguishable for common colour-vision deficiencies, and in greyscale by the dash that varies with it. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
const DASHES: number[][] = [[], [6, 4], [2, 3], [8, 3, 2, 3]];
const SHAPES: SeriesStyle['shape'][] = ['circle', 'square', 'diamond', 'triangle-up', 'cross', 'triangle-right', 'triangle-left'];

/** The i-th style of the sequence (i ≥ 0): colour i mod 10, dash and shape by ⌊i / 10⌋ and i. */
export function styleAt(i: number): SeriesStyle {
  const round = Math.floor(i / PALETTE.length);
  return { color: PALETTE[i % PALETTE.length], dash: DASHES[round % DASHES.length], shape: SHAPES[(i + round) % SHAPES.length] };
}

/** A style per scheme, in the order given (the order fixes the looks: keep it stable). */
export function schemeStyles<K extends string>(schemes: readonly K[]): Record<K, SeriesStyle> {
  return Object.fromEntries(schemes.map((k, i) => [k, styleAt(i)])) as Record<K, SeriesStyle>;
}

/** `series` with its scheme's style; throws when the scheme has none (a scheme missing from the model's list). */
export function styled(series: Series, styles: Readonly<Record<string, SeriesStyle>>, scheme = series.name): Series {
  const style = styles[scheme];
  if (!style) throw new RangeError(`figure style: no style for scheme '${scheme}'; known: ${Object.keys(styles).join(', ')}`);
  return { ...series, style };
}
