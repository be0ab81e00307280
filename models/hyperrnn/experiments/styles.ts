/**
 * One look per curve of the HyperRNN report, the same in Fig. 4, Fig. 5 and the NMSE-vs-slot figure
 * (models/run/figure-style.ts). A curve is a scheme (DL-DNN, or HyperRNN with its L_ul) in a channel setting:
 *   the scheme fixes the colour (DL-DNN, then HyperRNN for every L_ul of the config in increasing order, then the
 *   zero-estimate reference);
 *   the setting fixes the dash: Fig. 4's i.i.d. fading solid with the scheme's point shape, Fig. 5's correlated fading
 *   dashed with another shape, so that the two settings of one scheme side by side (NMSE vs slot) stay apart in the
 *   plot and in the legend (which shows colour and shape).
 *
 * NMSE is drawn in dB. A measured NMSE of 0 (every float32 element of the estimate equal to the channel's) has no
 * dB value; it is not dropped but drawn at the resolution of the float32 measurement, NMSE_RESOLUTION, as an upper
 * bound (Series.upperBound: a downward triangle).
 */
import { schemeStyles, styled, type Series, type SeriesStyle } from '../../run/index.js';
import type { HyperrnnConfig } from '../config.js';
import { db } from './verdicts.js';

export const DLDNN_LABEL = 'DL-DNN';
export const ZERO_ESTIMATE_LABEL = 'zero estimate (NMSE 1)';

/** 'HyperRNN, L_ul = 2' */
export function hyperLabel(ulPilots: number): string {
  return `HyperRNN, L_ul = ${ulPilots}`;
}

/** Fig. 4's i.i.d. fading or Fig. 5's correlated fading. */
export type Setting = 'iid' | 'correlated';

/**
 * An estimate equal to the channel in every float32 element differs from the exact estimate by at most half an ulp
 * per element, i.e. a relative error below u = 2^−24: a measured NMSE of 0 means NMSE < u² = 2^−48 (−144.5 dB).
 */
export const NMSE_RESOLUTION = 2 ** -48;

/** Every scheme of the report in its fixed order: DL-DNN, HyperRNN per L_ul (increasing, Figs. 4 and 5 together), zero estimate. */
export function hyperrnnSchemes(c: HyperrnnConfig): string[] {
  const Ls = [...new Set([...c.fig4.ulPilots, c.fig5.ulPilots])].sort((a, b) => a - b);
  return [DLDNN_LABEL, ...Ls.map(hyperLabel), ZERO_ESTIMATE_LABEL];
}

const SETTING_DASH: Record<Setting, number[]> = { iid: [], correlated: [6, 4] };
/** the correlated setting's point shape: the first of these that no other curve of the scheme's colour has */
const CORRELATED_SHAPES: SeriesStyle['shape'][] = ['cross', 'triangle-left', 'triangle-right', 'square', 'diamond', 'triangle-up', 'circle'];

/**
 * Every look by key, '<scheme>/<setting>' (e.g. 'DL-DNN/iid'), and the zero estimate (dotted) under its label. The
 * scheme's colour and, in the i.i.d. setting, its shape come from schemeStyles; the dash is the setting's (so also
 * beyond ten schemes, where the colours come round again, the dash keeps telling the settings apart); the correlated
 * setting takes a shape no other curve of that colour has, so no two curves of the report look alike in the legend.
 */
export function hyperrnnStyles(c: HyperrnnConfig): Record<string, SeriesStyle> {
  const schemes = hyperrnnSchemes(c);
  const base: Record<string, SeriesStyle> = schemeStyles(schemes);
  const out: Record<string, SeriesStyle> = { [ZERO_ESTIMATE_LABEL]: { ...base[ZERO_ESTIMATE_LABEL], dash: [2, 3] } };
  const taken = new Set(schemes.map((s) => `${base[s].color}/${base[s].shape}`));
  for (const scheme of schemes.filter((s) => s !== ZERO_ESTIMATE_LABEL)) {
    const { color, shape } = base[scheme];
    const other = CORRELATED_SHAPES.find((sh) => !taken.has(`${color}/${sh}`)) ?? shape;
    taken.add(`${color}/${other}`);
    out[`${scheme}/iid`] = { color, shape, dash: SETTING_DASH.iid };
    out[`${scheme}/correlated`] = { color, shape: other, dash: SETTING_DASH.correlated };
  }
  return out;
}

/**
 * `nmse` (linear, per x) in dB; a zero (or underflowing: below the resolution) NMSE at NMSE_RESOLUTION, flagged as an
 * upper bound; NaN stays missing.
 */
export function nmseDb(nmse: readonly number[]): { y: number[]; upperBound: boolean[] } {
  const bound = nmse.map((v) => v >= 0 && v < NMSE_RESOLUTION);
  return { y: nmse.map((v, i) => (bound[i] ? db(NMSE_RESOLUTION) : db(v))), upperBound: bound };
}

/** The NMSE curve (linear NMSE per x, drawn in dB) of `scheme` in `setting`, with its look. */
export function nmseSeries(c: HyperrnnConfig, name: string, x: readonly number[], nmse: readonly number[], scheme: string, setting: Setting): Series {
  return styled({ name, x: [...x], ...nmseDb(nmse) }, hyperrnnStyles(c), `${scheme}/${setting}`);
}

/** The zero-estimate reference (NMSE 1 = 0 dB) over `x`. */
export function zeroEstimateSeries(c: HyperrnnConfig, x: readonly number[]): Series {
  return styled({ name: ZERO_ESTIMATE_LABEL, x: [...x], y: x.map(() => 0) }, hyperrnnStyles(c));
}
