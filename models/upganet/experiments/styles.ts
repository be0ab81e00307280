/**
 * One look per UPGANet-report scheme, the same in Fig. 2 and Fig. 3a–c (models/run/figure-style.ts): the faithful
 * UPGANet of every J in the config's order, its named variants, conventional PGA, the exact-∇_W R PGA variant, ZF,
 * SCA-ManOpt and the benchmark covariance, in that fixed order. The paper's own curves take the colour of the scheme
 * they belong to with a dashed line and crosses; in Fig. 2 the line's dash tells the initialization apart (solid:
 * the proposed init (17), the scheme's own look).
 */
import { schemeStyles, styled, type Series, type SeriesStyle } from '../../run/index.js';
import type { UpganetConfig } from '../config.js';
import type { InitKind } from '../init.js';
import { PGA_LABEL, SCA_LABEL, upganetLabel, ZF_LABEL } from './context.js';
import { PGA_EXACT_LABEL } from './pga-schemes.js';

export const BENCHMARK_LABEL = 'benchmark Ψ (Eq. (4))';
export const PAPER_ZF_LABEL = 'paper: ZF';
export const PAPER_SCA_LABEL = 'paper: SCA-ManOpt';

/** Every scheme of the report in its fixed order. */
export function upganetSchemes(c: UpganetConfig): string[] {
  return [
    ...c.unfolding.inner.map((J) => upganetLabel(J)),
    ...(c.variants ?? []).map((v) => upganetLabel(v.J, v.name)),
    PGA_LABEL,
    PGA_EXACT_LABEL,
    ZF_LABEL,
    SCA_LABEL,
    BENCHMARK_LABEL,
  ];
}

/** The styles of upganetSchemes, plus the paper's ZF and SCA-ManOpt curves in their scheme's colour, dashed. */
export function upganetStyles(c: UpganetConfig): Record<string, SeriesStyle> {
  const styles: Record<string, SeriesStyle> = schemeStyles(upganetSchemes(c));
  styles[PAPER_ZF_LABEL] = { ...styles[ZF_LABEL], dash: [6, 4], shape: 'cross' };
  styles[PAPER_SCA_LABEL] = { ...styles[SCA_LABEL], dash: [6, 4], shape: 'cross' };
  return styles;
}

const INIT_DASH: Record<InitKind, number[] | null> = { zf: null, svd: [6, 4], random: [2, 3] };

/** A Fig. 2 series of `scheme` from `init`: the scheme's colour and shape; solid from the proposed init, else dashed / dotted. */
export function styledByInit(series: Series, styles: Readonly<Record<string, SeriesStyle>>, scheme: string, init: InitKind): Series {
  const s = styled(series, styles, scheme);
  const dash = INIT_DASH[init];
  return dash ? { ...s, style: { ...s.style!, dash } } : s;
}
