/**
 * `phasor gradcheck jhpf-…`: each DL-JHPF custom layer (paper 000 Fig. 3) with its closed-form fused backward
 * (eqs. (21)–(31)) against autodiff of the same layer composed from engine ops and against central finite
 * differences, and the fused vs autodiff timing at the paper's dimensions (N_T = 32, N_T^RF = 3, N_R = 16,
 * N_R^RF = 3, N_s = 3) with batch 256. A side-effect module: importing it registers the checks.
 *
 * Every loss is L = Σ|out − T|² for a constant target T (the signal-flow check also adds Σ|H_eq − T'|²), so the
 * gradient that reaches each layer is a generic one, not a special direction. Also registered here:
 * `beamforming-gain` and `beamforming-gain-per-batch`, the gain |hᴴ F_RF w|² of ./phase-quadratic-gain.ts.
 */
import {
  abs2,
  add,
  gradcheckValues,
  matmul,
  registerGradcheck,
  sub,
  sum,
  unitModulus,
  type Complex,
  type GradcheckInput,
  type GradcheckSpec,
  type Real,
  type Tensor,
} from '../../../engine/index.js';
import { CUSTOM_LAYERS, type CustomLayers } from './index.js';
import { phaseQuadraticGain } from './phase-quadratic-gain.js';

interface Sizes {
  B: number;
  Nt: number;
  NtRF: number;
  Nr: number;
  NrRF: number;
  Ns: number;
}

/** Small enough for finite differences (each real input component costs two loss evaluations). */
const SMALL: Sizes = { B: 2, Nt: 4, NtRF: 2, Nr: 3, NrRF: 2, Ns: 2 };
/** Paper 000 §IV-A with the training batch of 256. */
const PAPER: Sizes = { B: 256, Nt: 32, NtRF: 3, Nr: 16, NrRF: 3, Ns: 3 };
/** Transmit power of the signal-flow checks (SNR 3 dB, paper 000 eq. (3) with σ² = 1). */
const POWER = 2;

function input(name: string, shape: number[], seed: number, o: { complex?: boolean; amplitude?: number; constant?: boolean } = {}): GradcheckInput {
  const n = shape.reduce((a, b) => a * b, 1) * (o.complex === false ? 1 : 2);
  return { name, shape, dtype: o.complex === false ? 'f32' : 'c64', data: gradcheckValues(n, seed, o.amplitude ?? 1), constant: o.constant };
}

const distance = (out: Tensor, target: Tensor): Real => sum(abs2(sub(out, target)));

/** A check with the same loss built on the fused and on the autodiff custom layers. */
function layerCheck(
  name: string,
  description: string,
  inputs: (s: Sizes, seed: number) => GradcheckInput[],
  loss: (layers: CustomLayers, xs: Tensor[], s: Sizes) => Real,
): GradcheckSpec {
  return {
    name,
    description,
    makeInputs: (seed) => inputs(SMALL, seed),
    makeTimingInputs: (seed) => inputs(PAPER, seed),
    fused: (xs) => loss(CUSTOM_LAYERS.fused, xs, sizesFrom(xs)),
    composite: (xs) => loss(CUSTOM_LAYERS.autodiff, xs, sizesFrom(xs)),
  };
}

/** The sizes, read from the shape of the first input (sizeCarrier). */
function sizesFrom(xs: Tensor[]): Sizes {
  const [B, Nt, NtRF, Nr, NrRF, Ns] = xs[0].shape;
  return { B, Nt, NtRF, Nr, NrRF, Ns };
}

/** A constant [B, N_t, N_t^RF, N_r, N_r^RF, N_s] real tensor of zeros: carries the sizes to the loss functions. */
function sizeCarrier(s: Sizes): GradcheckInput {
  const shape = [s.B, s.Nt, s.NtRF, s.Nr, s.NrRF, s.Ns];
  return { name: 'sizes', shape, dtype: 'f32', data: new Float32Array(shape.reduce((a, b) => a * b, 1)), constant: true };
}

registerGradcheck(
  layerCheck(
    'jhpf-phase-layer',
    'L = Σ|F_RF − T|², F_RF = T_v→m(e^{jφ}/√N_T) (paper 000 eqs. (10)–(13), gradient (28), (31))',
    (s, seed) => [
      sizeCarrier(s),
      input('phi_P', [s.B, s.Nt * s.NtRF], seed, { complex: false, amplitude: 4 }),
      input('T', [s.B, s.Nt, s.NtRF], seed + 1, { constant: true, amplitude: 0.5 }),
    ],
    (L, [, phi, T], s) => distance(L.analog(phi as Real, s.Nt, s.NtRF), T),
  ),
);

registerGradcheck(
  layerCheck(
    'jhpf-equivalent-channel',
    'L = Σ|W_RFᴴ H F_RF − T|² in F_RF, W_RF and H (paper 000 eq. (14); H_eq terms of (29)–(30))',
    (s, seed) => [
      sizeCarrier(s),
      input('H', [s.B, s.Nr, s.Nt], seed),
      input('F_RF', [s.B, s.Nt, s.NtRF], seed + 1),
      input('W_RF', [s.B, s.Nr, s.NrRF], seed + 2),
      input('T', [s.B, s.NrRF, s.NtRF], seed + 3, { constant: true }),
    ],
    (L, [, H, F, W, T]) => distance(L.equivalentChannel(H as Complex, F as Complex, W as Complex), T),
  ),
);

registerGradcheck(
  layerCheck(
    'jhpf-normalize-precoder',
    'L = Σ|√N_s F̄_BB/‖F_RF F̄_BB‖_F − T|² in F̄_BB and F_RF (paper 000 eq. (17), gradients (24)–(27))',
    (s, seed) => [
      sizeCarrier(s),
      input('Fbar_BB', [s.B, s.NtRF, s.Ns], seed),
      input('F_RF', [s.B, s.Nt, s.NtRF], seed + 1),
      input('T', [s.B, s.NtRF, s.Ns], seed + 2, { constant: true }),
    ],
    (L, [, bar, F, T]) => distance(L.normalizePrecoder(bar as Complex, F as Complex), T),
  ),
);

registerGradcheck(
  layerCheck(
    'jhpf-signal-flow',
    'L = Σ|W_BBᴴ W_RFᴴ(√P H F_RF F_BB x + n) − T|² in F_RF, F_BB, W_RF, W_BB and H (paper 000 eq. (5), gradients (21)–(23), (29)–(30))',
    (s, seed) => [
      sizeCarrier(s),
      input('H', [s.B, s.Nr, s.Nt], seed),
      input('F_RF', [s.B, s.Nt, s.NtRF], seed + 1),
      input('F_BB', [s.B, s.NtRF, s.Ns], seed + 2),
      input('W_RF', [s.B, s.Nr, s.NrRF], seed + 3),
      input('W_BB', [s.B, s.NrRF, s.Ns], seed + 4),
      input('x', [s.B, s.Ns], seed + 5, { constant: true }),
      input('n', [s.B, s.Nr], seed + 6, { constant: true }),
      input('T', [s.B, s.Ns], seed + 7, { constant: true }),
    ],
    (L, xs) => {
      const [, H, F_RF, F_BB, W_RF, W_BB, x, n, T] = xs as Complex[];
      return distance(L.signalFlow({ H, F_RF, F_BB, W_RF, W_BB, x, n }, POWER), T);
    },
  ),
);

registerGradcheck(
  layerCheck(
    'jhpf-custom-layers',
    'the chain of Fig. 3 from the NN outputs φ_P, φ_C, F̄_BB, W_BB to r and H_eq: L = Σ|r − T|² + Σ|H_eq − T′|² (paper 000 eqs. (5), (10)–(17), gradients (21)–(31))',
    (s, seed) => [
      sizeCarrier(s),
      input('phi_P', [s.B, s.Nt * s.NtRF], seed, { complex: false, amplitude: 4 }),
      input('phi_C', [s.B, s.Nr * s.NrRF], seed + 1, { complex: false, amplitude: 4 }),
      input('Fbar_BB', [s.B, s.NtRF, s.Ns], seed + 2),
      input('W_BB', [s.B, s.NrRF, s.Ns], seed + 3),
      input('H', [s.B, s.Nr, s.Nt], seed + 4, { constant: true }),
      input('x', [s.B, s.Ns], seed + 5, { constant: true }),
      input('n', [s.B, s.Nr], seed + 6, { constant: true }),
      input('T', [s.B, s.Ns], seed + 7, { constant: true }),
      input('T_eq', [s.B, s.NrRF, s.NtRF], seed + 8, { constant: true }),
    ],
    (L, [, phiP, phiC, bar, WBB, H, x, n, T, Teq], s) => {
      const F = L.analog(phiP as Real, s.Nt, s.NtRF);
      const W = L.analog(phiC as Real, s.Nr, s.NrRF);
      const Heq = L.equivalentChannel(H as Complex, F, W);
      const FBB = L.normalizePrecoder(bar as Complex, F);
      const r = L.signalFlow({ H: H as Complex, F_RF: F, F_BB: FBB, W_RF: W, W_BB: WBB as Complex, x: x as Complex, n: n as Complex }, POWER);
      return add(distance(r, T), distance(Heq, Teq));
    },
  ),
);

/** y_b = h_bᴴ F_b w_b with F = c·e^{jΦ}, composed: unitModulus, two batched matmuls, |·|², sum. */
function quadraticGainComposite(h: Complex, phi: Real, w: Complex, c: number): Real {
  const [B, N] = h.shape;
  const M = w.shape[1];
  const F = unitModulus(phi, c); // [N, M] (shared) or [B, N, M]
  const Fw = matmul(F, w.reshape([B, M, 1])); // [B, N, 1]
  const y = matmul(h.reshape([B, N, 1]), Fw, { opA: 'H' }); // [B, 1, 1]
  return sum(abs2(y));
}

/** The check of phaseQuadraticGain (./phase-quadratic-gain.ts), for a shared [N, M] or a per-batch [B, N, M] Φ. */
function quadraticGainCheck(
  name: string,
  perBatch: boolean,
  sizes: { B: number; N: number; M: number },
  timing: { B: number; N: number; M: number },
): GradcheckSpec {
  const inputs = ({ B, N, M }: typeof sizes, seed: number) => [
    input('h', [B, N], seed),
    input('phi', perBatch ? [B, N, M] : [N, M], seed + 1, { complex: false, amplitude: Math.PI }),
    input('w', [B, M], seed + 2),
  ];
  // c = 1/√N: unit-norm columns of F, as F_RF's (eq. (10))
  const c = (h: Tensor) => 1 / Math.sqrt(h.shape[1]);
  return {
    name,
    description:
      `L = Σ_b |h_bᴴ F w_b|², F = c·e^{jΦ}, Φ ${perBatch ? '[B, N, M] per batch' : '[N, M] shared'} ` +
      '(the beamforming gain |hᴴ F_RF w|²): phaseQuadraticGain vs unitModulus + matmul composed',
    makeInputs: (seed) => inputs(sizes, seed),
    makeTimingInputs: (seed) => inputs(timing, seed),
    fused: ([h, phi, w]) => sum(phaseQuadraticGain(h as Complex, phi as Real, w as Complex, c(h))),
    composite: ([h, phi, w]) => quadraticGainComposite(h as Complex, phi as Real, w as Complex, c(h)),
  };
}

// named without the jhpf- prefix, as when the op was the engine's: `phasor gradcheck beamforming-gain`
registerGradcheck(quadraticGainCheck('beamforming-gain', false, { B: 4, N: 8, M: 3 }, { B: 256, N: 64, M: 8 }));
registerGradcheck(quadraticGainCheck('beamforming-gain-per-batch', true, { B: 3, N: 6, M: 3 }, { B: 256, N: 64, M: 8 }));
