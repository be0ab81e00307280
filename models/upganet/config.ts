/**
 * UPGANet's run configuration (paper 002 §IV; defaults from the authors' released code, system_config.py) and its two presets.
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
    /** iterations of the benchmark-covariance solver for Ψ₁ (Eq. (4); the authors' code solves it with CVX) */
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
  /**
   * named variants, each an extra network trained beside the faithful one of the same J (which stays a row of every
   * figure and claim): what differs from the paper is its learning rate and/or initial step sizes (the paper's are
   * training.lr and 0.01). Absent or [] for none.
   */
  variants?: UpganetVariant[];
}

/** A UPGANet trained with another learning rate or initial step sizes than the paper's; not the paper's network. */
export interface UpganetVariant {
  /** lower-case words joined by '-': names the row ('UPGANet (J = 20, <name>)') and the checkpoint ('upganet-J20-<name>') */
  name: string;
  /** J: one of unfolding.inner (the faithful network of that J is the row beside it) */
  J: number;
  /** Adam's learning rate */
  lr: number;
  /** initial μ^(i,j) and λ^(i) */
  initialMu: number;
  initialLambda: number;
  /** what differs from the paper and why, for the report */
  note: string;
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
  variants: [],
};

/**
 * Minutes on a 2-core software adapter instead of hours. What it cuts, and why each cut keeps the figures' message:
 *   I = 20 outer layers instead of 120, 50 training channels × 2 epochs = 10 Adam steps per network instead of 250;
 *   Fig. 2 on 20 test channels, SCA-ManOpt on the first 10, PGA's runtime cap 200 iterations (it never reaches the
 *   deepest UPGANet's objective: it descends);
 *   the SNR sweep of Fig. 3a/3b at 0, 4, 8, 12 dB instead of 0, 2, …, 12 (the curves are smooth and monotone in SNR;
 *   Fig. 3c and every claim are at 12 dB, which stays): ~4/7 of the sweep's time, whose largest parts were
 *   SCA-ManOpt (28 %) and the J = 20 networks (23 %) of the evaluation (quick-seed1, 7 SNRs, load 7–8).
 * One named variant of the J = 20 network beside the faithful one (paper lr 1e−3, μ = λ = 0.01 at the start), on the
 * same batches and SNRs (a second, 'lr-scaled', is in configs/quick-lr-scaled.json: quick with lr 1e−2 for its 10
 * Adam steps, since 10 steps of 1e−3 cannot move μ from 0.01 — it sensed less than 'swept-init' and doubled the
 * quick preset's J = 20 time, so it is not in the preset):
 *   'swept-init'  μ, λ initialized at the fixed-step sweep's pick at I = 20 (experiments/step-sweep.ts: J = 20, 10
 *                 training channels, 0/6/12 dB; highest training objective mean R − ωτ: μ = 0.2, λ = 0.01), paper lr
 */
const QUICK: UpganetConfig = {
  ...PAPER,
  snrDb: [0, 4, 8, 12],
  unfolding: { ...PAPER.unfolding, outer: 20 },
  training: { ...PAPER.training, channels: 50, epochs: 2 },
  pga: { ...PAPER.pga, maxIterations: 200 },
  convergence: { ...PAPER.convergence, channels: 20 },
  baselines: { scaChannels: 10 },
  variants: [
    {
      name: 'swept-init',
      J: 20,
      lr: 1e-3,
      initialMu: 0.2,
      initialLambda: 0.01,
      note: "μ, λ start at the fixed-step sweep's pick for I = 20 (μ = 0.2, λ = 0.01: highest training objective R − ωτ; models/upganet/experiments/step-sweep.ts) instead of 0.01",
    },
  ],
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
  requireConfig(
    s.numRf - s.numUsers <= s.targetsDeg.length,
    `upganet.system.numRf: Eq. (17) fills the N_RF − K extra analog columns with target steering vectors; expected N_RF − K ≤ ${s.targetsDeg.length} targets, got N_RF − K = ${s.numRf - s.numUsers}`,
  );
  requireConfig(s.omega >= 0, `upganet.system.omega: expected ω ≥ 0; got ${s.omega}`);
  requireConfig(
    s.targetsDeg.length > 0 && s.targetsDeg.every((a) => Math.abs(a) <= 90),
    `upganet.system.targetsDeg: expected angles in [−90°, 90°]; got [${s.targetsDeg.join(', ')}]`,
  );
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
  requireConfig(
    c.convergence.channels <= c.test.channels,
    `upganet.convergence.channels: expected ≤ test.channels = ${c.test.channels}; got ${c.convergence.channels}`,
  );
  requireConfig(
    c.baselines.scaChannels <= c.test.channels,
    `upganet.baselines.scaChannels: expected ≤ test.channels = ${c.test.channels}; got ${c.baselines.scaChannels}`,
  );
  checkVariants(c);
  const inits = c.convergence.inits;
  requireConfig(
    inits.length > 0 && inits.every((k) => (INIT_KINDS as readonly string[]).includes(k)),
    `upganet.convergence.inits: expected a non-empty subset of ${INIT_KINDS.join(', ')}; got [${inits.join(', ')}]`,
  );
  requireConfig(new Set(inits).size === inits.length, `upganet.convergence.inits: expected distinct kinds; got [${inits.join(', ')}]`);
  return c;
}

const VARIANT_KEYS = ['name', 'J', 'lr', 'initialMu', 'initialLambda', 'note'] as const;

/** The variants' own rules (mergeConfig accepts any items for the preset's empty list). */
function checkVariants(c: UpganetConfig): void {
  const vs = c.variants ?? [];
  requireConfig(Array.isArray(vs), `upganet.variants: expected an array; got ${JSON.stringify(vs)}`);
  vs.forEach((v, i) => {
    const at = `upganet.variants[${i}]`;
    requireConfig(
      typeof v === 'object' && v !== null && !Array.isArray(v),
      `${at}: expected an object with keys ${VARIANT_KEYS.join(', ')}; got ${JSON.stringify(v)}`,
    );
    for (const key of Object.keys(v))
      requireConfig((VARIANT_KEYS as readonly string[]).includes(key), `${at}.${key}: unknown key; known keys are ${VARIANT_KEYS.join(', ')}`);
    for (const key of VARIANT_KEYS) requireConfig((v as unknown as Record<string, unknown>)[key] !== undefined, `${at}.${key}: missing`);
    requireConfig(
      typeof v.name === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v.name),
      `${at}.name: expected lower-case words joined by '-'; got ${JSON.stringify(v.name)}`,
    );
    requireConfig(typeof v.note === 'string' && v.note.length > 0, `${at}.note: expected a non-empty string; got ${JSON.stringify(v.note)}`);
    requireConfig(
      c.unfolding.inner.includes(v.J),
      `${at}.J: expected one of unfolding.inner = [${c.unfolding.inner.join(', ')}] (the faithful network of that J is its reference row); got ${JSON.stringify(v.J)}`,
    );
    requireConfig(typeof v.lr === 'number' && v.lr > 0 && v.lr <= 1, `${at}.lr: expected a number in (0, 1]; got ${JSON.stringify(v.lr)}`);
    for (const key of ['initialMu', 'initialLambda'] as const) {
      requireConfig(
        typeof v[key] === 'number' && Number.isFinite(v[key]) && v[key] >= 0,
        `${at}.${key}: expected a finite number ≥ 0; got ${JSON.stringify(v[key])}`,
      );
    }
  });
  const names = vs.map((v) => `${v.J}/${v.name}`);
  requireConfig(new Set(names).size === names.length, `upganet.variants: expected distinct names per J; got [${names.join(', ')}]`);
}

/** The convergence inits, typed. */
export function convergenceInits(c: UpganetConfig): InitKind[] {
  return c.convergence.inits as InitKind[];
}

export { ConfigError };
