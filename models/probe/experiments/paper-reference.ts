/**
 * What paper 001 states about its figures (§IV-B–D), quoted in the claims. The paper prints no numbers for Figs. 3–4;
 * Fig. 2's end points are read from its axes (paper-details §3: top-3 near 0.6 for the beam domain and near 0.4 for
 * uniform probes after 200 epochs).
 */
export const PAPER = {
  /** Fig. 2 after 200 epochs, top-3 */
  fig2: { beamTop3: 0.6, uniformTop3: 0.4, epochs: 200, uniformEquivalentEpoch: 10 },
  /** §IV-D at 100 users: the hierarchical search's share of the slot, and the prediction schemes' saving */
  fig4: { users: 100, hierarchicalOverhead: 0.6, predictionSaving: 0.35, binaryEar: 0 },
} as const;

/** Tolerances of the strict verdicts (stated in every claim). */
export const TOLERANCE = {
  /** |ours − paper| on a top-3 gap */
  accuracyGap: 0.1,
  /** the beam domain must reach uniform's final top-3 within this share of the epochs (twice the paper's 10/200) */
  equivalentShare: 0.1,
  /** a learning-speed advantage must exceed this in mean top-3 over the epochs */
  speed: 0.01,
  /** a difference between accuracies is significant beyond this many standard errors */
  sigmas: 2,
  /** the share of quantization loss recovered by noise-adding training that counts as "most" */
  recovery: 0.5,
  /** shares of the slot: ± percentage points */
  overheadPoints: 0.1,
  /** "close" EARs at one user: relative spread */
  closeEar: 0.05,
} as const;
