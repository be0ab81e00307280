/**
 * UPGANet's run configuration (paper 002 §IV; defaults in paper-details §1) and its two presets.
 *
 * Epochs: the paper's numbers were lost in extraction; the authors' released configuration trains every J for
 * n_epoch = 5 with batch 10 over 500 channels, which the `paper` preset follows as 5 full epochs (50 batches each).
 */
import { ConfigError, mergeConfig, positiveInteger, requireConfig, type PresetName } from '../run/index.js';
import { INIT_KINDS, type InitKind } from './init.js';

export interface UpganetConfig {
  system: {
    /** N: BS antennas */
    numAntennas: number;
    /** K: users */
    numUsers: number;
    /** N_RF: RF chains (≥ K, Eq. (17)) */
    numRf: number;
    /** L: paths per user channel */
    numPaths: number;
    /** ω of (5) */
    omega: number;
    /** sensing targets (degrees) and half mainlobe width of P_d */
    targetsDeg: number[];
    halfWidthDeg: number;
    /** iterations of the benchmark-covariance solver for Ψ₁ (paper-details §1 (4)) */
    covarianceIterations: number;
  };
  /** evaluation SNRs (dB): Fig. 3 */
  snrDb: number[];
  /** per-batch training SNRs (dB), drawn uniformly */
  trainSnrDb: number[];
  unfolding: {
    /** I: outer layers (and PGA's iterations in Fig. 3) */
    outer: number;
    /** the J of each trained UPGANet */
    inner: number[];
    /** ∇_W R: 'simplified' (authors' code) or 'exact' (11) */
    variant: 'simplified' | 'exact';
    /** gradients used in training: 'composite' or 'fused' (closed-form backward) */
    trainImpl: 'composite' | 'fused';
    /** gradients used in evaluation */
    evalImpl: 'composite' | 'fused';
  };
  training: { channels: number; batch: number; epochs: number; lr: number };
  test: { channels: number };
  /**
   * conventional PGA: fixed step μ = λ (the paper's benchmark, with the config's ∇_W R variant), the iteration cap of
   * the runtime comparison, and λ of the named variant 'PGA, exact ∇_W R' (exact Eq. (11), μ = step; see pga-schemes.ts)
   */
  pga: { step: number; maxIterations: number; exactLambda?: number };
  /** Fig. 2: SNR, test channels averaged, initializations compared */
  convergence: { snrDb: number; channels: number; inits: string[] };
  /** SCA-ManOpt is run on the first `scaChannels` test channels */
  baselines: { scaChannels: number };
}

const SNR_GRID = [0, 2, 4, 6, 8, 10, 12];

const PAPER: UpganetConfig = {
  system: { numAntennas: 64, numUsers: 4, numRf: 4, numPaths: 10, omega: 0.3, targetsDeg: [-60, 0, 60], halfWidthDeg: 2, covarianceIterations: 20_000 },
  snrDb: SNR_GRID,
  trainSnrDb: SNR_GRID,
  unfolding: { outer: 120, inner: [1, 10, 20], variant: 'simplified', trainImpl: 'composite', evalImpl: 'fused' },
  training: { channels: 500, batch: 10, epochs: 5, lr: 1e-3 },
  test: { channels: 100 },
  pga: { step: 0.01, maxIterations: 1000, exactLambda: 1e-4 },
  convergence: { snrDb: 12, channels: 100, inits: ['zf', 'svd', 'random'] },
  baselines: { scaChannels: 100 },
};

const QUICK: UpganetConfig = {
  ...PAPER,
  unfolding: { ...PAPER.unfolding, outer: 20 },
  training: { ...PAPER.training, channels: 50, epochs: 2 },
  pga: { ...PAPER.pga, maxIterations: 200 },
  convergence: { ...PAPER.convergence, channels: 20 },
  baselines: { scaChannels: 10 },
};

export const UPGANET_PRESETS: Record<PresetName, UpganetConfig> = { quick: QUICK, paper: PAPER };

/** A preset with overrides merged (mergeConfig) and the cross-field rules checked; throws ConfigError. */
export function parseUpganetConfig(raw: unknown): UpganetConfig {
  const c = mergeConfig(PAPER, raw, 'upganet');
  const { system: s, unfolding: u, training: t } = c;
  for (const [key, v] of [
    ['system.numAntennas', s.numAntennas],
    ['system.numUsers', s.numUsers],
    ['system.numRf', s.numRf],
    ['system.numPaths', s.numPaths],
    ['system.covarianceIterations', s.covarianceIterations],
    ['unfolding.outer', u.outer],
    ['training.channels', t.channels],
    ['training.batch', t.batch],
    ['training.epochs', t.epochs],
    ['test.channels', c.test.channels],
    ['pga.maxIterations', c.pga.maxIterations],
    ['convergence.channels', c.convergence.channels],
    ['baselines.scaChannels', c.baselines.scaChannels],
  ] as const) {
    positiveInteger(v, `upganet.${key}`);
  }
  requireConfig(s.numRf >= s.numUsers, `upganet.system.numRf: Eq. (17) needs N_RF ≥ K; expected ≥ ${s.numUsers}, got ${s.numRf}`);
  requireConfig(s.numRf <= s.numAntennas, `upganet.system.numRf: expected N_RF ≤ N = ${s.numAntennas}; got ${s.numRf}`);
  requireConfig(s.numRf - s.numUsers <= s.targetsDeg.length, `upganet.system.numRf: Eq. (17) fills the N_RF − K extra analog columns with target steering vectors; expected N_RF − K ≤ ${s.targetsDeg.length} targets, got N_RF − K = ${s.numRf - s.numUsers}`);
  requireConfig(s.omega >= 0, `upganet.system.omega: expected ω ≥ 0; got ${s.omega}`);
  requireConfig(s.targetsDeg.length > 0 && s.targetsDeg.every((a) => Math.abs(a) <= 90), `upganet.system.targetsDeg: expected angles in [−90°, 90°]; got [${s.targetsDeg.join(', ')}]`);
  requireConfig(s.halfWidthDeg > 0, `upganet.system.halfWidthDeg: expected > 0; got ${s.halfWidthDeg}`);
  requireConfig(c.snrDb.length > 0, 'upganet.snrDb: expected at least one SNR; got []');
  requireConfig(c.trainSnrDb.length > 0, 'upganet.trainSnrDb: expected at least one SNR; got []');
  requireConfig(u.inner.length > 0, 'upganet.unfolding.inner: expected at least one J; got []');
  u.inner.forEach((J, i) => positiveInteger(J, `upganet.unfolding.inner[${i}]`));
  requireConfig(new Set(u.inner).size === u.inner.length, `upganet.unfolding.inner: expected distinct J values; got [${u.inner.join(', ')}]`);
  for (const [key, v, allowed] of [
    ['unfolding.variant', u.variant, ['simplified', 'exact']],
    ['unfolding.trainImpl', u.trainImpl, ['composite', 'fused']],
    ['unfolding.evalImpl', u.evalImpl, ['composite', 'fused']],
  ] as const) {
    requireConfig((allowed as readonly string[]).includes(v), `upganet.${key}: expected one of ${allowed.join(', ')}; got ${JSON.stringify(v)}`);
  }
  requireConfig(t.batch <= t.channels, `upganet.training.batch: expected ≤ training.channels = ${t.channels}; got ${t.batch}`);
  requireConfig(t.lr > 0, `upganet.training.lr: expected > 0; got ${t.lr}`);
  requireConfig(c.pga.step > 0, `upganet.pga.step: expected > 0; got ${c.pga.step}`);
  requireConfig(c.pga.exactLambda === undefined || c.pga.exactLambda > 0, `upganet.pga.exactLambda: expected > 0; got ${c.pga.exactLambda}`);
  requireConfig(c.pga.maxIterations >= u.outer, `upganet.pga.maxIterations: expected ≥ unfolding.outer = ${u.outer}; got ${c.pga.maxIterations}`);
  requireConfig(c.convergence.channels <= c.test.channels, `upganet.convergence.channels: expected ≤ test.channels = ${c.test.channels}; got ${c.convergence.channels}`);
  requireConfig(c.baselines.scaChannels <= c.test.channels, `upganet.baselines.scaChannels: expected ≤ test.channels = ${c.test.channels}; got ${c.baselines.scaChannels}`);
  const inits = c.convergence.inits;
  requireConfig(inits.length > 0 && inits.every((k) => (INIT_KINDS as readonly string[]).includes(k)), `upganet.convergence.inits: expected a non-empty subset of ${INIT_KINDS.join(', ')}; got [${inits.join(', ')}]`);
  requireConfig(new Set(inits).size === inits.length, `upganet.convergence.inits: expected distinct kinds; got [${inits.join(', ')}]`);
  return c;
}

/** The convergence inits, typed. */
export function convergenceInits(c: UpganetConfig): InitKind[] {
  return c.convergence.inits as InitKind[];
}

export { ConfigError };
