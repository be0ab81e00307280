/**
 * The probe-beam + beam-predictor run configuration (paper 001 Tables I–II, §IV) and its two presets.
 *
 * Where the paper is silent, the choices are ours and stated: the transmit power P = 30 dBm (so that the strongest DFT
 * beam of every drop of the site lands inside the [−140, −40] dBm RSRP window: −89 … −40 dBm over 2 000 drops; the
 * report shows the histogram), the data set sizes, the batch (256), Adam's learning rate, and the phase resolution B
 * of Figs. 2–3 (3 bits, the coarsest of the paper's "3−7 bits").
 */
import { mergeConfig, positiveInteger, requireConfig, type PresetName } from '../run/index.js';
import { SCHEMES, type SchemeName } from './probes.js';
import { TABLE_I } from './system.js';

export interface ProbeConfig {
  system: {
    /** P, dBm */
    transmitPowerDbm: number;
    noiseDbmPerHz: number;
    bandwidthHz: number;
    /** L */
    probes: number;
    /** N_φ × N_θ */
    horizontal: number;
    vertical: number;
    /** T_s and T_c (s) of eq. (12) */
    symbolS: number;
    slotS: number;
  };
  /** the beam-prediction site (wireless/channel/beam-prediction-site.ts): the seed of its fixed geometry */
  site: { siteSeed: number };
  /** drops per split (train / validation for Fig. 2 / test for Figs. 3–4) */
  data: { train: number; validation: number; test: number };
  /** the probe schemes trained and compared (uniform, angle, beam, reference) */
  schemes: string[];
  training: {
    epochs: number;
    batch: number;
    lr: number;
    /** 'fused' (closed-form (7)–(11)) or 'autodiff' gradients for the angle and beam domains */
    gradients: string;
    /** width of the noise-adding phase noise U[−c·Δ/2, c·Δ/2] in units of the quantization's half step (c = 1) */
    noiseWidth: number;
    /** Table II's hidden widths */
    hidden: number[];
  };
  quantization: {
    /** B of Figs. 2–3 and of the noise-adding training */
    bits: number;
    /** B of the resolution sweep */
    sweepBits: number[];
  };
  /** Fig. 4: users 1 … maxUsers; the hierarchical search's wide beams (16 → 16 + 128/16 = 24 measurements) */
  fig4: { maxUsers: number; wideBeams: number };
}

const PAPER: ProbeConfig = {
  system: {
    transmitPowerDbm: 30,
    noiseDbmPerHz: TABLE_I.noiseDbmPerHz,
    bandwidthHz: TABLE_I.bandwidthHz,
    probes: TABLE_I.probes,
    horizontal: TABLE_I.horizontal,
    vertical: TABLE_I.vertical,
    symbolS: TABLE_I.symbolS,
    slotS: TABLE_I.slotS,
  },
  site: { siteSeed: 1 },
  data: { train: 20_000, validation: 2_000, test: 5_000 },
  schemes: [...SCHEMES],
  training: { epochs: 200, batch: 256, lr: 1e-3, gradients: 'fused', noiseWidth: 1, hidden: [200, 200, 200] },
  quantization: { bits: 3, sweepBits: [3, 4, 5, 6, 7] },
  fig4: { maxUsers: 100, wideBeams: 16 },
};

const QUICK: ProbeConfig = {
  ...PAPER,
  data: { train: 4096, validation: 512, test: 2048 },
  training: { ...PAPER.training, epochs: 10, lr: 3e-3 },
};

export const PROBE_PRESETS: Record<PresetName, ProbeConfig> = { quick: QUICK, paper: PAPER };

/** A preset with overrides merged (mergeConfig) and the cross-field rules checked; throws ConfigError. */
export function parseProbeConfig(raw: unknown): ProbeConfig {
  const c = mergeConfig(PAPER, raw, 'probe');
  const { system: s, training: t } = c;
  for (const [key, v] of [
    ['system.probes', s.probes],
    ['system.horizontal', s.horizontal],
    ['system.vertical', s.vertical],
    ['site.siteSeed', c.site.siteSeed],
    ['data.train', c.data.train],
    ['data.validation', c.data.validation],
    ['data.test', c.data.test],
    ['training.epochs', t.epochs],
    ['training.batch', t.batch],
    ['quantization.bits', c.quantization.bits],
    ['fig4.maxUsers', c.fig4.maxUsers],
    ['fig4.wideBeams', c.fig4.wideBeams],
  ] as const) {
    positiveInteger(v, `probe.${key}`);
  }
  const N = s.horizontal * s.vertical;
  requireConfig(s.probes <= N, `probe.system.probes: expected L ≤ N = ${N}; got ${s.probes}`);
  requireConfig(
    s.bandwidthHz > 0 && s.symbolS > 0 && s.slotS > 0,
    `probe.system: bandwidth and durations must be > 0; got B = ${s.bandwidthHz}, T_s = ${s.symbolS}, T_c = ${s.slotS}`,
  );
  requireConfig(
    c.schemes.length > 0 && c.schemes.every((k) => (SCHEMES as readonly string[]).includes(k)),
    `probe.schemes: expected a non-empty subset of ${SCHEMES.join(', ')}; got [${c.schemes.join(', ')}]`,
  );
  requireConfig(new Set(c.schemes).size === c.schemes.length, `probe.schemes: expected distinct schemes; got [${c.schemes.join(', ')}]`);
  requireConfig(t.batch >= 2 && t.batch <= c.data.train, `probe.training.batch: expected 2 ≤ batch ≤ data.train = ${c.data.train}; got ${t.batch}`);
  // an Adam step size above 1 only ever diverges: refused here rather than as a non-finite loss minutes later
  requireConfig(t.lr > 0 && t.lr <= 1, `probe.training.lr: expected a value in (0, 1]; got ${t.lr}`);
  requireConfig(Math.abs(s.transmitPowerDbm) <= 100, `probe.system.transmitPowerDbm: expected a value in [−100, 100] dBm; got ${s.transmitPowerDbm}`);
  requireConfig(
    t.gradients === 'fused' || t.gradients === 'autodiff',
    `probe.training.gradients: expected 'fused' or 'autodiff'; got ${JSON.stringify(t.gradients)}`,
  );
  requireConfig(t.noiseWidth > 0, `probe.training.noiseWidth: expected > 0; got ${t.noiseWidth}`);
  requireConfig(t.hidden.length === 3, `probe.training.hidden: Table II has three hidden layers; got [${t.hidden.join(', ')}]`);
  t.hidden.forEach((w, i) => positiveInteger(w, `probe.training.hidden[${i}]`));
  for (const [i, b] of [c.quantization.bits, ...c.quantization.sweepBits].entries()) {
    requireConfig(
      Number.isInteger(b) && b >= 1 && b <= 16,
      `probe.quantization: phase bits must be integers in [1, 16]; got ${b}${i === 0 ? ' (bits)' : ' (sweepBits)'}`,
    );
  }
  requireConfig(N % c.fig4.wideBeams === 0, `probe.fig4.wideBeams: must divide N = ${N}; got ${c.fig4.wideBeams}`);
  return c;
}

/** The schemes, typed. */
export function configSchemes(c: ProbeConfig): SchemeName[] {
  return c.schemes as SchemeName[];
}
