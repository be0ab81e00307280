/**
 * The DL-JHPF framework (paper 000 §III-B, Figs. 2–4): the hybrid processing designer (PP-NN, CP-NN and the four
 * Re/Im DP/DC-NNs with the custom layers of eqs. (10)–(17)) and the NN demodulator, as one Module whose state dict is
 * the whole trained framework. The signal flow simulator (eq. (5)) lives in ../signal-flow.ts.
 *
 * Shapes: channels H [B, N_r, N_t] c64 (narrowband) or [B, K, N_r, N_t] c64 (OFDM, §III-F). The NNs take real
 * vectors "by matrix-to-vector reshaping and real and imaginary parts stacking" (§III-C): vec(H) row-major, then
 * [Re vec(H), Im vec(H)]. T_v→m (eqs. (12), (13), (15), (16)) is the row-major reshape.
 */
import { detach, Generator, mean, Module, mul, noGrad, ones, complex, sliceAxis, ShapeError, type Complex, type Real } from '../../../engine/index.js';
import { CUSTOM_LAYERS, type CustomLayers, type GradientMode } from '../closed-form/index.js';
import { normalizePerStream } from '../closed-form/normalize-per-stream.js';
import { simulateSignalFlow, stackReIm, type Transmission } from '../signal-flow.js';
import { analogSubcarrier, bitsPerVector, checkDims, type JhpfDims } from './dims.js';
import { checkHidden, TableNet, TABLE_ONE_HIDDEN, type JhpfHidden } from './table-one.js';
import { JHPF_VARIANTS, type JhpfVariant } from './variant.js';

/** The hybrid matrices designed for a batch of channels. */
export interface HybridDesign {
  /** [B, N_t, N_t^RF] ([B, K, N_t, N_t^RF] with matchedAnalog) */
  F_RF: Complex;
  /** [B, N_t^RF, N_s] or [B, K, N_t^RF, N_s] */
  F_BB: Complex;
  /** [B, N_r, N_r^RF] ([B, K, N_r, N_r^RF] with matchedAnalog) */
  W_RF: Complex;
  /** [B, N_r^RF, N_s] or [B, K, N_r^RF, N_s] */
  W_BB: Complex;
}

export interface DesignOptions {
  /**
   * OFDM only: design the analog matrices from each subcarrier's own channel (the "matched analog processing" ideal
   * of Fig. 8, not implementable in practice) instead of the unified ones from H̄ (§III-F).
   */
  matchedAnalog?: boolean;
}

export interface JhpfFrameworkOptions {
  /** seeds the initial weights of every NN */
  seed: number;
  /** hidden widths (default Table I) */
  hidden?: JhpfHidden;
  /**
   * custom-layer gradients: closed-form fused kernels or autodiff of composed ops. Default 'fused': forward + backward
   * of the custom-layer chain at the paper's dimensions, batch 256, measured 8.2–10.2 ms fused vs 12.1–15.4 ms
   * autodiff on the llvmpipe adapter (`phasor gradcheck jhpf-custom-layers`).
   */
  gradients?: GradientMode;
  /** 'faithful' (default): the paper's framework; 'phasor': π·tanh phases (variant.ts) */
  variant?: JhpfVariant;
  /** the Phasor variant only: normalize each stream's power (normalize-per-stream.ts) instead of eq. (17) */
  perStreamPower?: boolean;
}

export class JhpfFramework extends Module {
  readonly dims: Readonly<JhpfDims>;
  readonly hidden: Readonly<JhpfHidden>;
  /** which implementation of the custom layers the forward passes use (switchable at any time) */
  gradients: GradientMode;
  readonly variant: JhpfVariant;
  readonly perStreamPower: boolean;
  /** training only: when set, forwardTraining stops the gradient at F_RF and W_RF (the analog networks stay as they are) */
  analogFrozen = false;
  readonly ppNN: TableNet;
  readonly cpNN: TableNet;
  readonly reDpNN: TableNet;
  readonly imDpNN: TableNet;
  readonly reDcNN: TableNet;
  readonly imDcNN: TableNet;
  readonly demodulator: TableNet;

  constructor(dims: JhpfDims, options: JhpfFrameworkOptions) {
    super();
    this.dims = Object.freeze({ ...checkDims('JhpfFramework', dims) });
    this.hidden = Object.freeze(checkHidden('JhpfFramework', options.hidden ?? TABLE_ONE_HIDDEN));
    this.gradients = options.gradients ?? 'fused';
    if (!(this.gradients in CUSTOM_LAYERS)) throw new RangeError(`JhpfFramework: gradients must be 'fused' or 'autodiff'; got ${String(this.gradients)}`);
    this.variant = options.variant ?? 'faithful';
    if (!JHPF_VARIANTS.includes(this.variant))
      throw new RangeError(`JhpfFramework: variant must be one of ${JHPF_VARIANTS.join(', ')}; got ${String(this.variant)}`);
    this.perStreamPower = this.variant === 'phasor' && (options.perStreamPower ?? false);
    const { Nt, NtRF, Nr, NrRF, Ns } = this.dims;
    const h = this.hidden;
    const gen = new Generator(options.seed);
    const phaseOut = this.variant === 'phasor' ? 'tanh-pi' : 'relu';
    const tableNet = (i: number, hid: number[], o: number, act: 'relu' | 'linear' | 'tanh-pi') => new TableNet(i, hid, o, act, gen);
    const channelIn = 2 * Nt * Nr;
    const eqIn = 2 * NtRF * NrRF;
    this.ppNN = this.registerModule('pp', tableNet(channelIn, h.pp, Nt * NtRF, phaseOut));
    this.cpNN = this.registerModule('cp', tableNet(channelIn, h.cp, Nr * NrRF, phaseOut));
    this.reDpNN = this.registerModule('dp_re', tableNet(eqIn, h.dp, NtRF * Ns, 'linear'));
    this.imDpNN = this.registerModule('dp_im', tableNet(eqIn, h.dp, NtRF * Ns, 'linear'));
    this.reDcNN = this.registerModule('dc_re', tableNet(eqIn, h.dc, NrRF * Ns, 'linear'));
    this.imDcNN = this.registerModule('dc_im', tableNet(eqIn, h.dc, NrRF * Ns, 'linear'));
    this.demodulator = this.registerModule('demod', tableNet(2 * Ns, h.demod, bitsPerVector(this.dims), 'linear'));
  }

  get layers(): CustomLayers {
    return CUSTOM_LAYERS[this.gradients];
  }

  /** PP-NN and CP-NN, eqs. (10)–(13): H̄ [B, N_r, N_t] → F_RF [B, N_t, N_t^RF], W_RF [B, N_r, N_r^RF]. */
  analog(Hbar: Complex): { F_RF: Complex; W_RF: Complex } {
    this.requireNarrow('analog', Hbar);
    const v = stackReIm(Hbar);
    const { Nt, NtRF, Nr, NrRF } = this.dims;
    return {
      F_RF: this.layers.analog(this.ppNN.forward(v), Nt, NtRF),
      W_RF: this.layers.analog(this.cpNN.forward(v), Nr, NrRF),
    };
  }

  /**
   * Eqs. (14)–(17): H_eq = W_RFᴴ H F_RF, [Re vec H_eq, Im vec H_eq] into the Re/Im DP-NNs and DC-NNs, W_BB (15),
   * F̄_BB (16) and the normalized F_BB (17). H, F_RF, W_RF share the batch B.
   */
  digital(H: Complex, F_RF: Complex, W_RF: Complex): { Heq: Complex; F_BB: Complex; W_BB: Complex } {
    this.requireNarrow('digital', H);
    const { NtRF, NrRF, Ns } = this.dims;
    const B = H.shape[0];
    const Heq = this.layers.equivalentChannel(H, F_RF, W_RF);
    const v = stackReIm(Heq);
    const Fbar = complex(this.reDpNN.forward(v), this.imDpNN.forward(v)).reshape([B, NtRF, Ns]);
    const W_BB = complex(this.reDcNN.forward(v), this.imDcNN.forward(v)).reshape([B, NrRF, Ns]);
    const F_BB = this.perStreamPower ? normalizePerStream(Fbar, F_RF) : this.layers.normalizePrecoder(Fbar, F_RF);
    return { Heq, F_BB, W_BB };
  }

  /** NN demodulator (Table I): r [B, N_s] c64 → logits [B, N_s·log2 M] (the sigmoid of §III-C is σ(logits)). */
  demodulate(r: Complex): Real {
    return this.demodulator.forward(stackReIm(r));
  }

  /**
   * One training pass of Fig. 3 (Fig. 4 for OFDM): analog matrices from H̄, digital ones from H_eq of H, the signal
   * flow over H, demodulator logits [B, N_s·log2 M]. Narrowband: H̄ = H.
   */
  forwardTraining(Hbar: Complex, H: Complex, t: Transmission): Real {
    return this.forwardTrainingParts(Hbar, H, t).logits;
  }

  /** forwardTraining with the designed matrices and H_eq (for losses on them, e.g. closed-form/stream-sinr.ts). */
  forwardTrainingParts(Hbar: Complex, H: Complex, t: Transmission): { logits: Real; Heq: Complex } & HybridDesign {
    const a = this.analog(Hbar);
    const { F_RF, W_RF } = this.analogFrozen ? { F_RF: detach(a.F_RF), W_RF: detach(a.W_RF) } : a;
    const { Heq, F_BB, W_BB } = this.digital(H, F_RF, W_RF);
    return { logits: this.demodulate(simulateSignalFlow(this.layers, { H, F_RF, F_BB, W_RF, W_BB }, t)), Heq, F_RF, F_BB, W_RF, W_BB };
  }

  /**
   * Deployment (§III-D, §III-F): the hybrid matrices for channels H [B, N_r, N_t] or [B, K, N_r, N_t] c64, without
   * gradients and with BN's running statistics (the module's train/eval mode is restored afterwards).
   */
  design(H: Complex, options: DesignOptions = {}): HybridDesign {
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => (H.rank === 3 ? this.designNarrowband(H) : this.designOfdm(H, options.matchedAnalog ?? false)));
    } finally {
      this.train(wasTraining);
    }
  }

  /** The channel that drives the unified analog processing of OFDM channels [B, K, N_r, N_t] (§III-F): H[q] or the mean. */
  analogChannel(H: Complex): Complex {
    const [B, , Nr, Nt] = H.shape;
    const q = analogSubcarrier(this.dims);
    return (q === 'mean' ? mean(H, { axis: 1 }) : sliceAxis(H, 1, q, q + 1)).reshape([B, Nr, Nt]);
  }

  private designNarrowband(H: Complex): HybridDesign {
    if (this.dims.subcarriers !== 1) {
      throw new ShapeError(
        `JhpfFramework.design: this framework is for K = ${this.dims.subcarriers} subcarriers; expected H [B, ${this.dims.subcarriers}, N_r, N_t], got [${H.shape.join(', ')}]`,
      );
    }
    const { F_RF, W_RF } = this.analog(H);
    const { F_BB, W_BB } = this.digital(H, F_RF, W_RF);
    return { F_RF, F_BB, W_RF, W_BB };
  }

  private designOfdm(H: Complex, matched: boolean): HybridDesign {
    const { Nt, NtRF, Nr, NrRF, Ns, subcarriers: K } = this.dims;
    if (H.rank !== 4 || H.shape[1] !== K || H.shape[2] !== Nr || H.shape[3] !== Nt) {
      throw new ShapeError(`JhpfFramework.design: expected H [B, N_r, N_t] (K = 1) or [B, ${K}, ${Nr}, ${Nt}] c64; got [${H.shape.join(', ')}] ${H.dtype}`);
    }
    const B = H.shape[0];
    const flat = H.reshape([B * K, Nr, Nt]);
    const perSub = (X: Complex, rows: number, cols: number) => X.reshape([B, K, rows, cols]);
    if (matched) {
      const { F_RF, W_RF } = this.analog(flat);
      const { F_BB, W_BB } = this.digital(flat, F_RF, W_RF);
      return { F_RF: perSub(F_RF, Nt, NtRF), F_BB: perSub(F_BB, NtRF, Ns), W_RF: perSub(W_RF, Nr, NrRF), W_BB: perSub(W_BB, NrRF, Ns) };
    }
    const { F_RF, W_RF } = this.analog(this.analogChannel(H));
    const spread = (X: Complex, rows: number, cols: number) => mul(X.reshape([B, 1, rows, cols]), ones([1, K, 1, 1])).reshape([B * K, rows, cols]);
    const { F_BB, W_BB } = this.digital(flat, spread(F_RF, Nt, NtRF), spread(W_RF, Nr, NrRF));
    return { F_RF, F_BB: perSub(F_BB, NtRF, Ns), W_RF, W_BB: perSub(W_BB, NrRF, Ns) };
  }

  private requireNarrow(op: string, H: Complex): void {
    const { Nr, Nt } = this.dims;
    if (H.dtype !== 'c64' || H.rank !== 3 || H.shape[1] !== Nr || H.shape[2] !== Nt) {
      throw new ShapeError(`JhpfFramework.${op}: expected H [B, ${Nr}, ${Nt}] c64; got [${H.shape.join(', ')}] ${H.dtype}`);
    }
  }
}
