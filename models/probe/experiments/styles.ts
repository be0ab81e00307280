/**
 * One look per curve of the probe-model report, the same in every figure (models/run/figure-style.ts): a curve is a
 * probe scheme in one deployment, a search baseline, or a reference (the optimal beam, the RSRP window).
 *
 * The probe scheme fixes the colour (uniform, angle, beam, reference [10], in that order, then the hierarchical and
 * binary searches, the optimal beam and the RSRP window); the deployment fixes the dash and the point shape, so that
 * the twelve curves of Fig. 3 (4 schemes × 3 deployments) stay apart in the plot and in the legend (the legend shows
 * colour and shape):
 *   as trained (original)                   solid, circle
 *   B-bit phases (quantized)                dashed, square
 *   noise-trained, B-bit phases (noise)     dotted, diamond
 * The same deployment is drawn alike in Fig. 2, Fig. 3, Fig. 4, the B sweep (whose networks trained without noise
 * are the 'quantized' deployment at every B, and whose flat unquantized line is 'as trained') and the RSRP histogram.
 * The paper's own points take their scheme's colour with a cross.
 */
import { schemeStyles, styled, type Series, type SeriesStyle } from '../../run/index.js';
import { SCHEMES, type SchemeName } from '../probes.js';
import { SCHEME_LABELS, type Deployment } from './context.js';

/** The curves that are not a probe scheme, in their fixed order after the schemes. */
export const BASELINE_CURVES = ['hierarchical search', 'binary search', 'optimal beam', 'RSRP window'] as const;
export type BaselineCurve = (typeof BASELINE_CURVES)[number];

/** Legend text of a deployment, the same in every figure (B stands for the phase bits: the caption states them). */
export const DEPLOYMENT_LABELS: Record<Deployment, string> = {
  original: 'as trained',
  quantized: 'B-bit phases',
  noise: 'noise-trained, B-bit phases',
};

const DEPLOYMENT_LOOK: Record<Deployment, Pick<SeriesStyle, 'dash' | 'shape'>> = {
  original: { dash: [], shape: 'circle' },
  quantized: { dash: [6, 4], shape: 'square' },
  noise: { dash: [2, 3], shape: 'diamond' },
};

/** A reference (optimal beam, window edges) is dash-dotted, in its own colour and shape. */
const REFERENCE_DASH = [8, 3, 2, 3];

const BASE: Record<SchemeName | BaselineCurve, SeriesStyle> = schemeStyles([...SCHEMES, ...BASELINE_CURVES]);

/** The look of a probe scheme in a deployment. */
export function deploymentStyle(scheme: SchemeName, deployment: Deployment): SeriesStyle {
  return { color: BASE[scheme].color, ...DEPLOYMENT_LOOK[deployment] };
}

/** The look of a search baseline or a reference curve. */
export function baselineStyle(curve: BaselineCurve): SeriesStyle {
  const base = BASE[curve];
  return curve === 'optimal beam' || curve === 'RSRP window' ? { ...base, dash: REFERENCE_DASH } : base;
}

/** The look of the paper's own points for a scheme: its colour, a cross. */
export function paperStyle(scheme: SchemeName): SeriesStyle {
  return { color: BASE[scheme].color, dash: [6, 4], shape: 'cross' };
}

/** Every look of the report by key ('beam/original', 'binary search', 'paper: beam', …): for `styled` and the tests. */
export function probeStyles(): Record<string, SeriesStyle> {
  const out: Record<string, SeriesStyle> = {};
  for (const s of SCHEMES) {
    for (const d of Object.keys(DEPLOYMENT_LOOK) as Deployment[]) out[`${s}/${d}`] = deploymentStyle(s, d);
    out[`paper: ${s}`] = paperStyle(s);
  }
  for (const c of BASELINE_CURVES) out[c] = baselineStyle(c);
  return out;
}

const STYLES = probeStyles();

/** `series` drawn as `scheme` in `deployment`. */
export function deploymentSeries(series: Series, scheme: SchemeName, deployment: Deployment): Series {
  return styled(series, STYLES, `${scheme}/${deployment}`);
}

/** `series` drawn as a search baseline or reference curve. */
export function baselineSeries(series: Series, curve: BaselineCurve): Series {
  return styled(series, STYLES, curve);
}

/** `series` drawn as the paper's points of `scheme`. */
export function paperSeries(series: Series, scheme: SchemeName): Series {
  return styled(series, STYLES, `paper: ${scheme}`);
}

/** The legend name of a scheme in a deployment, e.g. 'beam domain, B-bit phases'. */
export function deploymentName(scheme: SchemeName, deployment: Deployment): string {
  return `${SCHEME_LABELS[scheme]}, ${DEPLOYMENT_LABELS[deployment]}`;
}
