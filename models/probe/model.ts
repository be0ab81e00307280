/**
 * The end-to-end network of paper 001 Fig. 1: the probe-beam module W (./probes.ts) → the RSRP map g (eq. (6e)) → the
 * beam predictor f (Table II) → softmax over the N DFT beams, trained with cross-entropy against the one-hot optimal
 * beam (§III-B).
 *
 *   g(x) = clip(10 log10(x·σ²), −140, −40) dBm, unquantized in training (x = |z|²/σ², ./system.ts); its gradient is
 *          10/(x ln 10) inside the window and 0 where clipped (clampedLog's floor and a ReLU at the top);
 *   f    = Linear(8, 200) → LeakyReLU(0.04) → Linear(200, 200) → LeakyReLU(0.04) → Linear(200, 200) → ReLU →
 *          Linear(200, 128) (Table II), on the RSRPs mapped linearly from [−140, −40] dBm onto [0, 1] (./system.ts);
 *          the softmax is folded into the loss (crossEntropy on the logits) and into argmax/top-K at inference.
 */
import { add, clampedLog, crossEntropy, full, Generator, mlp, Module, relu, scale, sub, type Complex, type MLP, type Real } from '../../engine/index.js';
import { ProbeBeams, type ProbeGeometry, type ProbeGradients, type SchemeName } from './probes.js';
import { RSRP_WINDOW_DBM } from './system.js';

/** Table II: hidden widths and activations (the output layer has N = 128 units). */
export const TABLE_II = [
  { units: 200, act: 'leaky-relu' },
  { units: 200, act: 'leaky-relu' },
  { units: 200, act: 'relu' },
] as const;
export const LEAKY_SLOPE = 0.04;

export interface ProbeNetOptions {
  scheme: SchemeName;
  geometry: ProbeGeometry;
  /** hidden widths (Table II: [200, 200, 200]) */
  hidden?: readonly number[];
  gradients?: ProbeGradients;
  /** seeds the predictor's initial weights (the same seed gives every scheme the same initial predictor) */
  initSeed?: number;
}

export class ProbePredictor extends Module {
  readonly probes: ProbeBeams;
  readonly predictor: MLP;
  readonly numBeams: number;

  constructor(o: ProbeNetOptions) {
    super();
    const hidden = o.hidden ?? TABLE_II.map((r) => r.units);
    if (hidden.length !== TABLE_II.length) throw new RangeError(`ProbePredictor: Table II has ${TABLE_II.length} hidden layers; got ${hidden.length} widths`);
    this.numBeams = o.geometry.horizontal * o.geometry.vertical;
    this.probes = this.registerModule('probes', new ProbeBeams(o.scheme, o.geometry, o.gradients));
    this.predictor = this.registerModule(
      'predictor',
      mlp([...TABLE_II.map((r, i) => ({ units: hidden[i], act: r.act })), { units: this.numBeams }], {
        in: o.geometry.probes,
        leakySlope: LEAKY_SLOPE,
        generator: new Generator(o.initSeed ?? 1),
      }),
    );
  }

  /** Logits [B, N] from channels h [B, N] (rows hᴴ), receiver noise ν [B, L] and element phase noise ε [L, N] or null. */
  forward(h: Complex, nu: Complex, eps: Real | null, amplitude: number, noiseDbm: number): Real {
    return this.predictor.forward(normalizedRsrp(this.probes.power(h, nu, eps, amplitude), noiseDbm));
  }

  /** The mean cross-entropy of the logits against the optimal-beam labels [B] (f32 class indices). */
  loss(h: Complex, nu: Complex, eps: Real | null, labels: Real, amplitude: number, noiseDbm: number): Real {
    return crossEntropy(this.forward(h, nu, eps, amplitude, noiseDbm), labels);
  }
}

/**
 * The predictor's input (g(x) + 140)/100 from x = |z|²/σ² [B, L], with g of eq. (6e) unquantized: the floor at −140 dBm
 * is clampedLog's (ln x ≥ ln 10^{(−140 − σ²_dBm)/10}), the cap at −40 dBm is min(g, −40) = g − relu(g + 40).
 */
export function normalizedRsrp(x: Real, noiseDbm: number): Real {
  const { low, high } = RSRP_WINDOW_DBM;
  const floor = ((low - noiseDbm) / 10) * Math.LN10;
  const g = add(scale(clampedLog(x, floor), 10 / Math.LN10), full([], noiseDbm)); // dBm, ≥ −140
  const capped = sub(g, relu(sub(g, full([], high))));
  return scale(sub(capped, full([], low)), 1 / (high - low));
}
