/**
 * The two end-to-end CSI acquisition schemes of paper 003: pilots → UE feedback DNN → B-bit sign quantizer → BS
 * estimator, trained on the MSE (7a).
 *
 *   DL-DNN (§III, its ref. [10]):  y_t^dl = (h_t^dl)ᴴ X^dl + n (2) → f^Q → q_t ∈ {±1}^B → DNN → ĥ_t^dl, per slot.
 *   HyperRNN (§IV, Fig. 3):        the same y^dl → f^Q → q_t, and y_t^ul = (h_t^ul)ᴴ X^ul + n (1) → the hypernetwork RNN
 *                                  (6a)–(6b) → ω_t = [ω_A, ω_B, ω_C], which column-scales the estimation RNN (4)–(5):
 *     s_t = ReLU(W̄_A diag(ω_A) q_t + W̄_C diag(ω_C) s_{t−1} + b_A),   ĥ_t = W̄_B diag(ω_B) s_t + b_B.
 *
 * Real-valued networks on the real and imaginary parts (ȳ = [Re y; Im y], ĥ = [Re ĥ; Im ĥ] ∈ R^{2M}), as the
 * authors' Keras code; the paper writes the weights as complex matrices acting on these real vectors.
 * Column scaling: W̄ diag(ω) x = W̄ (ω ⊙ x) for all three matrices, as (4)–(6) state; the authors' code scales the
 * rows of W̄_C instead, (W̄_C s) ⊙ ω_C.
 * Layouts: channels [B, T, M] c64, received pilots [B, T, L] c64, features and bits [B, T, ·] f32, estimates
 * [B, T, 2M] f32. Pilot matrices X [M, L] c64 with ‖X_l‖² = P (7b)–(7c), re-imposed after every optimizer step.
 */
import {
  BatchNorm1d,
  Linear,
  Module,
  ReLU,
  RNNCell,
  Sequential,
  add,
  assignInPlace,
  concat,
  conj,
  div,
  full,
  im,
  matmul,
  mul,
  noGrad,
  re,
  relu,
  keep,
  tensor,
  ShapeError,
  sign,
  signSte,
  scale,
  sqrt,
  stack,
  sum,
  abs2,
  xavierUniform,
  type Complex,
  type Generator,
  type Real,
  type UnaryModule,
} from '../../engine/index.js';
import type { ChannelPair } from './channels.js';

/** X·√P/‖X_l‖ column by column: the projection onto (7b)/(7c) with equality (§V normalizes every iteration). */
export function normalizeColumns(X: Complex, power: number): Complex {
  const norms = sqrt(sum(abs2(X), { axis: 0, keepdims: true })); // [1, L]
  return scale(div(X, norms), Math.sqrt(power)) as Complex;
}

/** A trainable pilot matrix X [M, L] c64 with ‖X_l‖² = P (7b)/(7c). */
export class Pilots extends Module {
  get X(): Complex {
    return this.param('X', 'c64');
  }

  constructor(
    readonly numAntennas: number,
    readonly length: number,
    readonly power: number,
    generator: Generator,
  ) {
    super();
    // init CN(0, 1/M) per entry (the authors' code), then onto the constraint
    const raw = generator.complexNormal([numAntennas, length], { variance: 1 / numAntennas });
    this.registerParameter(
      'X',
      noGrad(() => normalizeColumns(raw, power)),
    );
    raw.dispose();
  }

  /** y = hᴴ X + n per sequence and slot (eqs. (1)–(2)): H [B, T, M] → [B, T, L] c64, n ~ CN(0, n0). */
  receive(H: Complex, noise: Generator, n0: number): Complex {
    const [B, T] = H.shape;
    const y = matmul(conj(H), this.X); // (hᴴ X)_l = Σ_m conj(h_m) X_{m,l}
    return add(y, noise.complexNormal([B, T, this.length], { variance: n0 })) as Complex;
  }

  /** Re-imposes ‖X_l‖² = P in place (after an optimizer step; no gradient recorded). */
  project(): void {
    noGrad(() => assignInPlace('Pilots.project', this.X, normalizeColumns(this.X, this.power)));
  }
}

/** [Re y, Im y] along the last axis: [..., L] c64 → [..., 2L] f32. */
export function realFeatures(y: Complex): Real {
  return concat([re(y), im(y)], y.rank - 1);
}

/** ĥ's target [Re h, Im h]: [B, T, M] c64 → [B, T, 2M] f32. */
export function channelTarget(H: Complex): Real {
  return realFeatures(H);
}

/**
 * The UE feedback DNN f^Q before quantization, reference [10]'s layout: BatchNorm on the 2L_dl inputs, then per hidden
 * width Dense → ReLU → BatchNorm, then Dense B (linear). Xavier-uniform weights, zero biases (Keras defaults).
 */
export function feedbackEncoder(inputs: number, hidden: readonly number[], bits: number, generator: Generator): Sequential<'f32'> {
  const layers: UnaryModule<'f32'>[] = [new BatchNorm1d(inputs)];
  let width = inputs;
  for (const units of hidden) {
    layers.push(new Linear(width, units, { init: 'xavier-uniform', generator }), new ReLU(), new BatchNorm1d(units));
    width = units;
  }
  layers.push(new Linear(width, bits, { init: 'xavier-uniform', generator }));
  return new Sequential(...layers);
}

/** DL-DNN's BS estimator B → hidden (Dense → ReLU → BatchNorm each) → Dense 2M. */
export function dnnEstimator(bits: number, hidden: readonly number[], outputs: number, generator: Generator): Sequential<'f32'> {
  const layers: UnaryModule<'f32'>[] = [];
  let width = bits;
  for (const units of hidden) {
    layers.push(new Linear(width, units, { init: 'xavier-uniform', generator }), new ReLU(), new BatchNorm1d(units));
    width = units;
  }
  layers.push(new Linear(width, outputs, { init: 'xavier-uniform', generator }));
  return new Sequential(...layers);
}

/**
 * The B-bit quantizer of f^Q: sign(u) forward; in training (a slope tensor given, shape [1]) the backward pass is
 * the derivative of tanh(a·u): signSte(a·u, 1) has the forward sign(a·u) = sign(u) and the gradient
 * a·(1 − tanh²(a·u)), with a an input of the captured step (it grows between epochs).
 */
export function quantize(u: Real, slope: Real | null): Real {
  return slope ? signSte(mul(u, slope), 1) : noGrad(() => sign(u));
}

export interface SchemeDims {
  numAntennas: number;
  dlPilots: number;
  bits: number;
  pilotPower: number;
  /** noise variance N_0 = 1/SNR */
  n0: number;
}

/** What training and evaluation need of a scheme. */
export interface CsiScheme extends Module {
  readonly kind: 'dldnn' | 'hyperrnn';
  readonly dims: SchemeDims;
  /** ĥ [B, T, 2M] f32 of a channel pair [B, T, M]; noise from `noise`; `slope` null at test time (exact sign only) */
  estimate(pair: ChannelPair, noise: Generator, slope: Real | null): Real;
  /** re-imposes the power constraints on every pilot matrix */
  projectPilots(): void;
}

/** The B feedback bits q_t [B, T, bits] of the DL pilots of H^dl [B, T, M]. */
function feedbackBits(pilots: Pilots, encoder: Sequential<'f32'>, Hdl: Complex, noise: Generator, n0: number, bits: number, slope: Real | null): Real {
  const [B, T] = Hdl.shape;
  const features = realFeatures(pilots.receive(Hdl, noise, n0)).reshape([B * T, 2 * pilots.length]);
  return quantize(encoder.forward(features), slope).reshape([B, T, bits]);
}

/** DL-DNN (reference [10], §III): every slot on its own. */
export class DlDnn extends Module implements CsiScheme {
  readonly kind = 'dldnn' as const;
  readonly pilots: Pilots;
  readonly encoder: Sequential<'f32'>;
  readonly estimator: Sequential<'f32'>;

  constructor(
    readonly dims: SchemeDims,
    hidden: { encoder: readonly number[]; estimator: readonly number[] },
    generator: Generator,
  ) {
    super();
    const { numAntennas: M, dlPilots: L, bits, pilotPower } = dims;
    this.pilots = this.registerModule('dl_pilots', new Pilots(M, L, pilotPower, generator));
    this.encoder = this.registerModule('encoder', feedbackEncoder(2 * L, hidden.encoder, bits, generator));
    this.estimator = this.registerModule('estimator', dnnEstimator(bits, hidden.estimator, 2 * M, generator));
  }

  estimate(pair: ChannelPair, noise: Generator, slope: Real | null): Real {
    const [B, T, M] = pair.dl.shape;
    const q = feedbackBits(this.pilots, this.encoder, pair.dl, noise, this.dims.n0, this.dims.bits, slope);
    return this.estimator.forward(q.reshape([B * T, this.dims.bits])).reshape([B, T, 2 * M]);
  }

  projectPilots(): void {
    this.pilots.project();
  }
}

/**
 * Slot t of x [B, T, X] as [B, X], computed as e_tᵀ x (a one-row GEMM with the constant one-hot e_t): one dispatch
 * forward and one backward, where a slice's VJP pads with zero blocks and concatenates (five).
 */
export class SlotPicker {
  private readonly rows: Real[];

  constructor(readonly numSlots: number) {
    this.rows = Array.from({ length: numSlots }, (_, t) => {
      const e = new Float32Array(numSlots);
      e[t] = 1;
      return keep(tensor(e, [1, numSlots]) as Real);
    });
  }

  pick(x: Real, t: number): Real {
    const [B, T, X] = x.shape;
    if (T !== this.numSlots) throw new ShapeError(`SlotPicker: expected [B, ${this.numSlots}, X]; got [${x.shape.join(', ')}]`);
    return matmul(this.rows[t], x).reshape([B, X]);
  }

  dispose(): void {
    for (const r of this.rows) r.dispose();
  }
}

/**
 * The hypernetwork (6a)–(6b): an Elman ReLU RNN over ȳ_t^ul with ℓ_H units (engine RNNCell: W_A^H = weight_ih,
 * W_C^H = weight_hh, b_A^H = bias_ih + bias_hh) and the linear output ω_t = W_B^H s_t^H + b_B^H, whose row blocks
 * [ω_A; ω_B; ω_C] are the three heads (B, ℓ_E and ℓ_E rows).
 */
export class HyperNetwork extends Module {
  readonly cell: RNNCell;
  readonly heads: { A: Linear; B: Linear; C: Linear };

  constructor(ulPilots: number, units: number, bits: number, rnnUnits: number, omegaBias: number, generator: Generator) {
    super();
    this.cell = this.registerModule('cell', new RNNCell(2 * ulPilots, units, { generator }));
    const head = (name: string, rows: number) => {
      const lin = this.registerModule(name, new Linear(units, rows, { init: 'xavier-uniform', generator }));
      const bias = full([rows], omegaBias);
      lin.loadStateDict({ bias }, { strict: false });
      bias.dispose();
      return lin;
    };
    this.heads = { A: head('head_A', bits), B: head('head_B', rnnUnits), C: head('head_C', rnnUnits) };
  }

  /**
   * The states s_t^H of all slots from ȳ^ul [B, T, 2L_ul] (s_0^H = 0), then ω_t for all of them at once:
   * ω_A [B, T, bits], ω_B, ω_C [B, T, ℓ_E]. The input term W_A^H ȳ_t + b is computed for every slot in one product.
   */
  forward(yul: Real, slots: SlotPicker): { states: Real; omegaA: Real; omegaB: Real; omegaC: Real } {
    const c = this.cell;
    const drive = add(add(matmul(yul, c.weightIh, { opB: 'T' }), c.biasIh!), c.biasHh!); // [B, T, ℓ_H]
    const T = yul.shape[1];
    const states: Real[] = [];
    for (let t = 0; t < T; t++) {
      const a = slots.pick(drive, t);
      states.push(relu(t === 0 ? a : add(a, matmul(states[t - 1], c.weightHh, { opB: 'T' }))));
    }
    const S = stack(states, 1);
    return { states: S, omegaA: this.heads.A.forward(S), omegaB: this.heads.B.forward(S), omegaC: this.heads.C.forward(S) };
  }
}

/** The estimation RNN (4)–(5) with weights column-scaled by ω_t: W̄_A [ℓ, B], W̄_C [ℓ, ℓ], W̄_B [2M, ℓ], b_A, b_B. */
export class ModulatedRnn extends Module {
  get WA(): Real {
    return this.param('W_A', 'f32');
  }
  get WC(): Real {
    return this.param('W_C', 'f32');
  }
  get WB(): Real {
    return this.param('W_B', 'f32');
  }
  get bA(): Real {
    return this.param('b_A', 'f32');
  }
  get bB(): Real {
    return this.param('b_B', 'f32');
  }

  constructor(
    readonly bits: number,
    readonly units: number,
    readonly outputs: number,
    generator: Generator,
  ) {
    super();
    // Xavier weights, biases 0.1 (the authors' code)
    this.registerParameter('W_A', xavierUniform([units, bits], { generator }));
    this.registerParameter('W_C', xavierUniform([units, units], { generator }));
    this.registerParameter('W_B', xavierUniform([outputs, units], { generator }));
    this.registerParameter('b_A', full([units], 0.1));
    this.registerParameter('b_B', full([outputs], 0.1));
  }

  /**
   * All slots: q [B, T, bits], ω_A [B, T, bits], ω_B, ω_C [B, T, ℓ] → ĥ [B, T, outputs], s_0 = 0. Row b of x W̄ᵀ with
   * x = ω ⊙ v is W̄ diag(ω_b) v_b; the input term W̄_A diag(ω_A,t) q_t + b_A (5) and the output (4) are computed for
   * every slot in one product each, only the W̄_C recursion runs slot by slot.
   */
  forward(q: Real, omegaA: Real, omegaB: Real, omegaC: Real, slots: SlotPicker): Real {
    const drive = add(matmul(mul(q, omegaA), this.WA, { opB: 'T' }), this.bA); // [B, T, ℓ]
    const T = q.shape[1];
    const states: Real[] = [];
    for (let t = 0; t < T; t++) {
      const a = slots.pick(drive, t);
      states.push(relu(t === 0 ? a : add(a, matmul(mul(states[t - 1], slots.pick(omegaC, t)), this.WC, { opB: 'T' }))));
    }
    return add(matmul(mul(stack(states, 1), omegaB), this.WB, { opB: 'T' }), this.bB);
  }
}

/** HyperRNN (§IV-3, Fig. 3). */
export class HyperRnn extends Module implements CsiScheme {
  readonly kind = 'hyperrnn' as const;
  readonly dlPilots: Pilots;
  readonly ulPilots: Pilots;
  readonly encoder: Sequential<'f32'>;
  readonly hyper: HyperNetwork;
  readonly estimator: ModulatedRnn;
  private slots: SlotPicker | null = null;

  constructor(
    readonly dims: SchemeDims & { ulPilots: number },
    hidden: { encoder: readonly number[]; hyperUnits: number; rnnUnits: number; omegaBias: number },
    generator: Generator,
  ) {
    super();
    const { numAntennas: M, dlPilots: L, ulPilots: Lul, bits, pilotPower } = dims;
    this.dlPilots = this.registerModule('dl_pilots', new Pilots(M, L, pilotPower, generator));
    this.ulPilots = this.registerModule('ul_pilots', new Pilots(M, Lul, pilotPower, generator));
    this.encoder = this.registerModule('encoder', feedbackEncoder(2 * L, hidden.encoder, bits, generator));
    this.hyper = this.registerModule('hyper', new HyperNetwork(Lul, hidden.hyperUnits, bits, hidden.rnnUnits, hidden.omegaBias, generator));
    this.estimator = this.registerModule('estimator', new ModulatedRnn(bits, hidden.rnnUnits, 2 * M, generator));
  }

  /** The one-hot slot selectors for T slots (kept between calls: a captured step reads the same buffers). */
  private slotPicker(T: number): SlotPicker {
    if (this.slots?.numSlots !== T) {
      this.slots?.dispose();
      this.slots = new SlotPicker(T);
    }
    return this.slots;
  }

  estimate(pair: ChannelPair, noise: Generator, slope: Real | null): Real {
    const { bits, n0 } = this.dims;
    const slots = this.slotPicker(pair.dl.shape[1]);
    const q = feedbackBits(this.dlPilots, this.encoder, pair.dl, noise, n0, bits, slope); // [B, T, bits]
    const yul = realFeatures(this.ulPilots.receive(pair.ul, noise, n0)); // [B, T, 2L_ul]
    const { omegaA, omegaB, omegaC } = this.hyper.forward(yul, slots);
    return this.estimator.forward(q, omegaA, omegaB, omegaC, slots); // [B, T, 2M]
  }

  projectPilots(): void {
    this.dlPilots.project();
    this.ulPilots.project();
  }

  override dispose(): void {
    this.slots?.dispose();
    this.slots = null;
    super.dispose();
  }
}
