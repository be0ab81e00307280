/**
 * HyperRNN (paper 003) run configuration and its two presets.
 *
 * `paper`: Table I and §V — M = 64 BS antennas, SNR 10 dB, L_dl = 2 DL pilots, θ_p ~ U(−π/6, π/6), f_dl = 3 GHz with
 * Δf = 100 MHz; Fig. 4 sweeps B ∈ {5, 10, …, 30} for L_ul ∈ {1, 2, 4, 8} at P = 8, ρ_ul = ρ_dl = 0; Fig. 5 sweeps
 * P ∈ {2, 4, 8, 16} at B = 20, L_ul = L_dl = 2, ρ_dl = 0.99; the NMSE is read at slot t = 8 of T = 10 slots
 * (the authors' T). Networks: the UE feedback DNN 2L_dl → 1024 → 512 → 256 → B (§V; the same for
 * both schemes), the DL-DNN estimator B → 1024 → 512 → 512 → 2M (its reference [10]), ℓ_E = 256, ℓ_H = 1024. Adam,
 * batch 1024, fresh channels every step, lr 10⁻³ → 10⁻⁴ (after 1/3) → 10⁻⁵ (after 3/4).
 * `quick`: the same system and sweeps' end points on the 2-core software adapter in minutes: fewer B, L_ul and P
 * points, narrower networks, batch 64 sequences of T = 8 slots (DL-DNN: 512 single slots, the same slot count) and
 * 100 steps per network at a larger learning rate (its report says so).
 *
 * Choices the paper leaves open (stated in README.md and the report):
 * - carriers: f_dl = 3 GHz and f_ul = f_dl + Δf (the authors' code and their ρ presets, ρ_ul < ρ_dl); Table I names
 *   3 GHz for the uplink;
 * - ρ_ul of Fig. 5: the same velocity and slot as ρ_dl = J0(x) = 0.99 at the UL carrier, J0(x·f_ul/f_dl) = 0.9893;
 * - long-term gains α_p ~ CN(0, 1) shared by UL and DL as eq. (3) writes (the authors' code sets α_p = 1);
 * - P_ul = P_dl = 1 (‖X_l‖² = 1), noise CN(0, 1/SNR) (paper 003 eqs. (1)–(2));
 * - the surrogate slope a of the sign quantizer starts at 1 and grows by `slopeGrowth` per epoch (reference [10]
 *   grows it by 1.001 after epochs without validation gain).
 */
import { ConfigError, mergeConfig, positiveInteger, requireConfig, type PresetName } from '../run/index.js';

export interface HyperrnnConfig {
  system: {
    /** M */
    numAntennas: number;
    snrDb: number;
    /** L_dl */
    dlPilots: number;
    /** P_dl = P_ul of (7b)–(7c): ‖X_l‖² after every step */
    pilotPower: number;
    /** f_dl (Hz) and f_ul − f_dl (Hz) */
    dlCarrierHz: number;
    carrierOffsetHz: number;
    /** θ_p ~ U[−aodRangeDeg, aodRangeDeg] */
    aodRangeDeg: number;
    /** α_p law of eq. (3): 'complex-normal' or 'unit' (authors' code) */
    longTermGains: string;
    /** T: slots per training/test sequence */
    numSlots: number;
    /** the slot (1-based) whose NMSE Figs. 4 and 5 show */
    evalSlot: number;
  };
  /** Fig. 4: NMSE vs B for each L_ul, i.i.d. fading */
  fig4: { bits: number[]; ulPilots: number[]; paths: number; rhoDl: number; rhoUl: number };
  /** Fig. 5: NMSE vs P, correlated fading */
  fig5: { bits: number; ulPilots: number; paths: number[]; rhoDl: number; rhoUl: number };
  networks: {
    /** hidden widths of the UE feedback DNN (both schemes); the output layer has B units */
    encoder: number[];
    /** hidden widths of DL-DNN's BS estimator; the output layer has 2M units */
    dnnEstimator: number[];
    /** ℓ_H: hypernetwork RNN units */
    hyperUnits: number;
    /** ℓ_E: estimation RNN units */
    rnnUnits: number;
    /** initial bias of the hypernetwork's output ω_t (1: the estimation RNN starts unmodulated) */
    omegaBias: number;
  };
  training: {
    /** sequences of T slots per HyperRNN step */
    batch: number;
    /** single-slot samples per DL-DNN step */
    dnnBatch: number;
    epochs: number;
    stepsPerEpoch: number;
    /** piecewise-constant learning rate: lr from the fraction `from` of all steps on (the first from = 0) */
    lrSchedule: { from: number; lr: number }[];
    /** surrogate slope a of tanh(a·u): a = slope · slopeGrowth^epoch */
    slope: number;
    slopeGrowth: number;
    /** validation sequences after each epoch (NMSE at evalSlot) */
    validation: number;
  };
  test: {
    /** test sequences per channel setting */
    sequences: number;
    /** sequences per forward pass */
    chunk: number;
  };
}

const PAPER: HyperrnnConfig = {
  system: {
    numAntennas: 64,
    snrDb: 10,
    dlPilots: 2,
    pilotPower: 1,
    dlCarrierHz: 3e9,
    carrierOffsetHz: 100e6,
    aodRangeDeg: 30,
    longTermGains: 'complex-normal',
    numSlots: 10,
    evalSlot: 8,
  },
  fig4: { bits: [5, 10, 15, 20, 25, 30], ulPilots: [1, 2, 4, 8], paths: 8, rhoDl: 0, rhoUl: 0 },
  fig5: { bits: 20, ulPilots: 2, paths: [2, 4, 8, 16], rhoDl: 0.99, rhoUl: 0.9893 },
  networks: { encoder: [1024, 512, 256], dnnEstimator: [1024, 512, 512], hyperUnits: 1024, rnnUnits: 256, omegaBias: 1 },
  training: {
    batch: 1024,
    dnnBatch: 1024,
    epochs: 100,
    stepsPerEpoch: 200,
    lrSchedule: [
      { from: 0, lr: 1e-3 },
      { from: 1 / 3, lr: 1e-4 },
      { from: 3 / 4, lr: 1e-5 },
    ],
    slope: 1,
    slopeGrowth: 1.001,
    validation: 2048,
  },
  test: { sequences: 10_000, chunk: 1000 },
};

const QUICK: HyperrnnConfig = {
  ...PAPER,
  system: { ...PAPER.system, numSlots: 8 },
  fig4: { ...PAPER.fig4, bits: [10, 30], ulPilots: [1, 8] },
  fig5: { ...PAPER.fig5, paths: [2, 16] },
  networks: { encoder: [128, 64], dnnEstimator: [128, 128], hyperUnits: 128, rnnUnits: 64, omegaBias: 1 },
  training: {
    ...PAPER.training,
    batch: 64,
    dnnBatch: 512,
    epochs: 2,
    stepsPerEpoch: 50,
    lrSchedule: [
      { from: 0, lr: 3e-3 },
      { from: 0.75, lr: 1e-3 },
    ],
    validation: 256,
  },
  test: { sequences: 1000, chunk: 500 },
};

export const HYPERRNN_PRESETS: Record<PresetName, HyperrnnConfig> = { quick: QUICK, paper: PAPER };

const GAIN_LAWS = ['complex-normal', 'unit'];

/** A preset with overrides merged (mergeConfig) and the cross-field rules checked; throws ConfigError. */
export function parseHyperrnnConfig(raw: unknown): HyperrnnConfig {
  const c = mergeConfig(PAPER, raw, 'hyperrnn');
  const { system: s, networks: n, training: t } = c;
  for (const [key, v] of [
    ['system.numAntennas', s.numAntennas],
    ['system.dlPilots', s.dlPilots],
    ['system.numSlots', s.numSlots],
    ['system.evalSlot', s.evalSlot],
    ['fig4.paths', c.fig4.paths],
    ['fig5.bits', c.fig5.bits],
    ['fig5.ulPilots', c.fig5.ulPilots],
    ['networks.hyperUnits', n.hyperUnits],
    ['networks.rnnUnits', n.rnnUnits],
    ['training.batch', t.batch],
    ['training.dnnBatch', t.dnnBatch],
    ['training.epochs', t.epochs],
    ['training.stepsPerEpoch', t.stepsPerEpoch],
    ['training.validation', t.validation],
    ['test.sequences', c.test.sequences],
    ['test.chunk', c.test.chunk],
  ] as const) {
    positiveInteger(v, `hyperrnn.${key}`);
  }
  const lists: [string, number[]][] = [
    ['fig4.bits', c.fig4.bits],
    ['fig4.ulPilots', c.fig4.ulPilots],
    ['fig5.paths', c.fig5.paths],
    ['networks.encoder', n.encoder],
    ['networks.dnnEstimator', n.dnnEstimator],
  ];
  for (const [key, xs] of lists) {
    requireConfig(xs.length > 0, `hyperrnn.${key}: expected at least one value; got []`);
    xs.forEach((v, i) => positiveInteger(v, `hyperrnn.${key}[${i}]`));
  }
  for (const [key, xs] of lists.slice(0, 3)) {
    requireConfig(
      xs.every((v, i) => i === 0 || v > xs[i - 1]),
      `hyperrnn.${key}: expected distinct values in increasing order; got [${xs.join(', ')}]`,
    );
  }
  requireConfig(s.evalSlot <= s.numSlots, `hyperrnn.system.evalSlot: expected a slot in 1…numSlots = ${s.numSlots}; got ${s.evalSlot}`);
  requireConfig(s.pilotPower > 0, `hyperrnn.system.pilotPower: expected > 0; got ${s.pilotPower}`);
  // beyond ±100 dB the noise power under- or overflows float32
  requireConfig(Math.abs(s.snrDb) <= 100, `hyperrnn.system.snrDb: expected a value in [−100, 100] dB; got ${s.snrDb}`);
  requireConfig(
    s.dlCarrierHz > 0 && s.dlCarrierHz + s.carrierOffsetHz > 0,
    `hyperrnn.system: expected f_dl > 0 and f_ul = f_dl + carrierOffsetHz > 0; got ${s.dlCarrierHz} and ${s.dlCarrierHz + s.carrierOffsetHz}`,
  );
  requireConfig(s.aodRangeDeg >= 0 && s.aodRangeDeg <= 90, `hyperrnn.system.aodRangeDeg: expected a value in [0, 90]; got ${s.aodRangeDeg}`);
  requireConfig(
    GAIN_LAWS.includes(s.longTermGains),
    `hyperrnn.system.longTermGains: expected one of ${GAIN_LAWS.join(', ')}; got ${JSON.stringify(s.longTermGains)}`,
  );
  for (const [key, r] of [
    ['fig4.rhoDl', c.fig4.rhoDl],
    ['fig4.rhoUl', c.fig4.rhoUl],
    ['fig5.rhoDl', c.fig5.rhoDl],
    ['fig5.rhoUl', c.fig5.rhoUl],
  ] as const) {
    requireConfig(r >= 0 && r < 1, `hyperrnn.${key}: expected an AR(1) coefficient in [0, 1); got ${r}`);
  }
  requireConfig(t.batch >= 2, `hyperrnn.training.batch: BatchNorm needs at least 2 samples; got ${t.batch}`);
  requireConfig(t.dnnBatch >= 2, `hyperrnn.training.dnnBatch: BatchNorm needs at least 2 samples; got ${t.dnnBatch}`);
  requireConfig(t.validation >= 2, `hyperrnn.training.validation: expected ≥ 2 sequences; got ${t.validation}`);
  const sch = t.lrSchedule;
  requireConfig(
    sch.length > 0 && sch[0].from === 0,
    `hyperrnn.training.lrSchedule: expected a first entry with from = 0; got ${JSON.stringify(sch[0] ?? null)}`,
  );
  sch.forEach((e, i) => {
    requireConfig(e.lr > 0 && e.lr <= 1, `hyperrnn.training.lrSchedule[${i}].lr: expected a value in (0, 1]; got ${e.lr}`);
    requireConfig(
      e.from >= 0 && e.from < 1 && (i === 0 || e.from > sch[i - 1].from),
      `hyperrnn.training.lrSchedule[${i}].from: expected increasing fractions in [0, 1); got ${e.from}`,
    );
  });
  requireConfig(t.slope > 0 && t.slopeGrowth >= 1, `hyperrnn.training: expected slope > 0 and slopeGrowth ≥ 1; got ${t.slope} and ${t.slopeGrowth}`);
  return c;
}

/** The learning rate of global step `step` out of `total` (the schedule's fractions of all steps). */
export function learningRateAt(c: HyperrnnConfig, step: number, total: number): number {
  let lr = c.training.lrSchedule[0].lr;
  for (const e of c.training.lrSchedule) if (step >= e.from * total) lr = e.lr;
  return lr;
}

/** The surrogate slope a of epoch `epoch` (0-based). */
export function slopeAt(c: HyperrnnConfig, epoch: number): number {
  return c.training.slope * c.training.slopeGrowth ** epoch;
}

export { ConfigError };
