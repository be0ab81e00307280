/**
 * Scenario parameters of the TR 38.901 stochastic model for UMi-Street-Canyon NLOS and UMa NLOS (Tables 7.5-6
 * part 1, 7.5-7, 7.5-8; channel-models.md §2).
 *
 * lg X = log10(X) with DS in seconds and angle spreads in degrees. Frequency-dependent means use fc in GHz with the
 * table's floors: UMi fc ≥ 2 GHz, UMa fc ≥ 6 GHz (notes of Table 7.5-6).
 */
import { cholesky } from './cholesky.js';
import { C_PHI_NLOS, C_THETA_NLOS } from './ray-offsets.js';

export type Tr38901Scenario = 'umi-nlos' | 'uma-nlos';

/** Order of the correlated large-scale parameters (TR 38.901 §7.5 step 4). */
export const LSP_ORDER = ['SF', 'DS', 'ASD', 'ASA', 'ZSD', 'ZSA'] as const;

export interface LinkGeometry {
  /** carrier frequency [GHz] */
  fcGHz: number;
  /** BS–UT ground distance d_2D [m] */
  distance2DM: number;
  /** UT height h_UT [m] */
  ueHeightM: number;
  /** BS height h_BS [m] */
  bsHeightM: number;
}

export interface ScenarioParameters {
  readonly scenario: Tr38901Scenario;
  /** means μ_lgX in LSP_ORDER (SF entry 0: SF is in dB with zero mean) */
  readonly mu: Float64Array;
  /** standard deviations σ_lgX in LSP_ORDER (SF entry in dB) */
  readonly sigma: Float64Array;
  /** [6, 6] lower Cholesky factor of the LSP cross-correlation matrix, LSP_ORDER */
  readonly cholesky: Float64Array;
  /** standard number of clusters N (19 UMi NLOS, 20 UMa NLOS) */
  readonly numClusters: number;
  /** delay scaling r_τ */
  readonly rTau: number;
  /** intra-cluster delay spread c_DS [s] (sub-cluster delays) */
  readonly cDS: number;
  /** cluster-wise spreads c_ASD, c_ASA, c_ZSA [deg] */
  readonly cASD: number;
  readonly cASA: number;
  readonly cZSA: number;
  /** per-cluster shadowing ζ [dB] */
  readonly zetaDb: number;
  /** ZOD offset μ_offset,ZOD [deg] (Tables 7.5-7, 7.5-8) */
  readonly zodOffsetDeg: number;
  /** C_φ^NLOS and C_θ^NLOS for N clusters */
  readonly cPhi: number;
  readonly cTheta: number;
}

/** LSP cross-correlations, TR 38.901 Table 7.5-6 part 1 (row-major [6, 6], LSP_ORDER). */
export function lspCorrelation(scenario: Tr38901Scenario): Float64Array {
  // Pairs (i, j, ρ) for i > j in LSP_ORDER indices: SF 0, DS 1, ASD 2, ASA 3, ZSD 4, ZSA 5.
  const pairs: [number, number, number][] =
    scenario === 'umi-nlos'
      ? [
          [1, 0, -0.7],
          [2, 0, 0],
          [3, 0, -0.4],
          [4, 0, 0],
          [5, 0, 0],
          [2, 1, 0],
          [3, 1, 0.4],
          [4, 1, -0.5],
          [5, 1, 0],
          [3, 2, 0],
          [4, 2, 0.5],
          [5, 2, 0.5],
          [4, 3, 0],
          [5, 3, 0.2],
          [5, 4, 0],
        ]
      : [
          [1, 0, -0.4],
          [2, 0, -0.6],
          [3, 0, 0],
          [4, 0, 0],
          [5, 0, -0.4],
          [2, 1, 0.4],
          [3, 1, 0.6],
          [4, 1, -0.5],
          [5, 1, 0],
          [3, 2, 0.4],
          [4, 2, 0.5],
          [5, 2, -0.1],
          [4, 3, 0],
          [5, 3, 0],
          [5, 4, 0],
        ];
  const c = new Float64Array(36);
  for (let i = 0; i < 6; i++) c[i * 6 + i] = 1;
  for (const [i, j, r] of pairs) {
    c[i * 6 + j] = r;
    c[j * 6 + i] = r;
  }
  return c;
}

/** All parameters of `scenario` at the given link geometry. */
export function scenarioParameters(scenario: Tr38901Scenario, link: LinkGeometry): ScenarioParameters {
  const { fcGHz, distance2DM: d2D, ueHeightM: hUT, bsHeightM: hBS } = link;
  if (!(fcGHz > 0)) throw new RangeError(`scenarioParameters: fcGHz must be > 0; got ${fcGHz}`);
  if (!(d2D > 0)) throw new RangeError(`scenarioParameters: distance2DM must be > 0; got ${d2D}`);
  const lg = Math.log10;
  if (scenario === 'umi-nlos') {
    const f = lg(1 + Math.max(fcGHz, 2)); // Table 7.5-6 note: fc < 2 GHz uses 2 GHz
    const N = 19;
    return {
      scenario,
      // TR 38.901 Table 7.5-6 (UMi-Street Canyon NLOS) and Table 7.5-8 (ZSD)
      mu: Float64Array.from([
        0,
        -0.24 * f - 6.83,
        -0.23 * f + 1.53,
        -0.08 * f + 1.81,
        Math.max(-0.5, (-3.1 * d2D) / 1000 + 0.01 * Math.max(hUT - hBS, 0) + 0.2),
        -0.04 * f + 0.92,
      ]),
      sigma: Float64Array.from([7.82, 0.16 * f + 0.28, 0.11 * f + 0.33, 0.05 * f + 0.3, 0.35, -0.07 * f + 0.41]),
      cholesky: cholesky(lspCorrelation(scenario), 6),
      numClusters: N,
      rTau: 2.1,
      cDS: 11e-9,
      cASD: 10,
      cASA: 22,
      cZSA: 7,
      zetaDb: 3,
      zodOffsetDeg: -(10 ** (-1.5 * lg(Math.max(10, d2D)) + 3.3)), // Table 7.5-8
      cPhi: C_PHI_NLOS[N], // Table 7.5-2: 1.273
      cTheta: C_THETA_NLOS[N], // Table 7.5-4: 1.184
    };
  }
  if (scenario === 'uma-nlos') {
    const fc = Math.max(fcGHz, 6); // Table 7.5-6 note: fc < 6 GHz uses 6 GHz
    const f = lg(fc);
    const N = 20;
    return {
      scenario,
      // TR 38.901 Table 7.5-6 (UMa NLOS) and Table 7.5-7 (ZSD, ZOD offset)
      mu: Float64Array.from([
        0,
        -6.28 - 0.204 * f,
        1.5 - 0.1144 * f,
        2.08 - 0.27 * f,
        Math.max(-0.5, (-2.1 * d2D) / 1000 - 0.01 * (hUT - 1.5) + 0.9),
        -0.3236 * f + 1.512,
      ]),
      sigma: Float64Array.from([6, 0.39, 0.28, 0.11, 0.49, 0.16]),
      cholesky: cholesky(lspCorrelation(scenario), 6),
      numClusters: N,
      rTau: 2.3,
      cDS: Math.max(0.25, 6.5622 - 3.4084 * f) * 1e-9,
      cASD: 2,
      cASA: 15,
      cZSA: 7,
      zetaDb: 3,
      zodOffsetDeg: 7.66 * f - 5.96 - 10 ** ((0.208 * f - 0.782) * lg(Math.max(25, d2D)) + (-0.13 * f + 2.03) - 0.07 * (hUT - 1.5)),
      cPhi: C_PHI_NLOS[N], // Table 7.5-2: 1.289
      cTheta: C_THETA_NLOS[N], // Table 7.5-4: 1.178
    };
  }
  throw new RangeError(`scenarioParameters: scenario must be 'umi-nlos' or 'uma-nlos'; got ${String(scenario)}`);
}
