/**
 * Constant tables shared by the TR 38.901 stochastic model (§7.5) and the CDL models (§7.7.1).
 */

/** Ray offset angles α_m for M = 20 rays (TR 38.901 Table 7.5-3), in units of the cluster-wise spread. */
export const RAY_OFFSETS: Float64Array = Float64Array.from([
  0.0447, -0.0447, 0.1413, -0.1413, 0.2492, -0.2492, 0.3715, -0.3715, 0.5129, -0.5129, 0.6797, -0.6797, 0.8844, -0.8844, 1.1481, -1.1481, 1.5195, -1.5195,
  2.1551, -2.1551,
]);

/** Rays per cluster in TR 38.901 (Table 7.5-3 is defined for M = 20 only). */
export const RAYS_PER_CLUSTER = 20;

/** Azimuth scaling C_φ^NLOS by total cluster count N (TR 38.901 Table 7.5-2). */
export const C_PHI_NLOS: Readonly<Record<number, number>> = {
  4: 0.779,
  5: 0.86,
  8: 1.018,
  10: 1.09,
  11: 1.123,
  12: 1.146,
  14: 1.19,
  15: 1.211,
  16: 1.226,
  19: 1.273,
  20: 1.289,
  25: 1.358,
};

/** Zenith scaling C_θ^NLOS by total cluster count N (TR 38.901 Table 7.5-4). */
export const C_THETA_NLOS: Readonly<Record<number, number>> = {
  8: 0.889,
  10: 0.957,
  11: 1.031,
  12: 1.104,
  15: 1.1088,
  19: 1.184,
  20: 1.178,
  25: 1.282,
};

/**
 * Sub-cluster ray mapping for the two strongest clusters in wideband use (TR 38.901 Table 7.5-5, 0-based ray
 * indices): sub-cluster i gets delay τ_n + {0, 1.28, 2.56}·c_DS and the listed rays (power fraction 10/20, 6/20, 4/20).
 */
export const SUB_CLUSTER_RAYS: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 18, 19],
  [8, 9, 10, 11, 16, 17],
  [12, 13, 14, 15],
];

/** Sub-cluster delay offsets in units of c_DS (TR 38.901 eq. (7.5-26)). */
export const SUB_CLUSTER_DELAY_FACTORS: readonly number[] = [0, 1.28, 2.56];
