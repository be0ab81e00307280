/**
 * Gradient checks of UPGANet's closed-form gradients (`phasor gradcheck upganet-…`; a side-effect module: importing
 * it registers the checks). Each compares the fused kernel's gradient (models/upganet/shaders/ascent.wgsl) with autodiff of
 * the objective composed from engine ops and with finite differences:
 *   upganet-rate-grad-f   ∇_F R, Eq. (10)          upganet-rate-grad-w   ∇_W R exact, Eq. (11)
 *   upganet-tau-grad-f    ∇_F τ, Eq. (12)          upganet-tau-grad-w    ∇_W τ, Eq. (13)
 *
 * The registry differentiates two scalar losses. 'composite' is Σ_b f_b (f = R or τ, ./objectives.ts), differentiated
 * by autodiff. 'fused' is the same value through a custom op whose backward is the closed-form gradient: for the
 * incoming gradient g_b it returns g_b · 2 · ∇_X f_b. The factor 2 is the convention change: the paper's ∇_X f is
 * ∂f/∂X*, autodiff returns ∂f/∂Re X + j ∂f/∂Im X = 2 ∂f/∂X*. H and Ψ are constants; the other precoder is too, so
 * that each check differentiates exactly one variable.
 */
import {
  defineCustomOp,
  gradcheckValues,
  mul,
  registerGradcheck,
  scale,
  sum,
  type GradcheckInput,
  type GradcheckSpec,
  type Tensor,
} from '../../../engine/index.js';
import { rateGradF, rateGradW, tauGradF, tauGradW } from './gradients.js';
import { radarMismatch, sumRate } from './objectives.js';
import type { JcasProblem } from './problem.js';

type Inputs = [Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>];
type Piece = (p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>) => Tensor<'c64'>;
type Objective = (p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>) => Tensor<'f32'>;

const NOISE = 1;

const problemOf = (H: Tensor<'c64'>, Psi: Tensor<'c64'>): JcasProblem => ({ H, Psi, noiseVariance: NOISE, omega: 0, eta: 0 });

/** f [B] through a custom op whose backward for `wrt` is 2·g·(closed-form ∇ f), for the other inputs none. */
function closedFormObjective(name: string, objective: Objective, piece: Piece, wrt: 'F' | 'W') {
  return defineCustomOp<Inputs, Tensor<'f32'>, null>({
    name,
    forward: ([H, F, W, Psi]) => ({ out: objective(problemOf(H, Psi), F, W), residuals: null }),
    backward: (_r, g, { inputs: [H, F, W, Psi] }) => {
      const B = H.shape[0];
      // ×2: paper convention ∂f/∂X* → the engine's ∂f/∂Re X + j ∂f/∂Im X
      const closed = mul(scale(piece(problemOf(H, Psi), F, W), 2), g.reshape([B, 1, 1]));
      return wrt === 'F' ? [null, closed, null, null] : [null, null, closed, null];
    },
  });
}

/** A Hermitian positive semidefinite Ψ = U Uᴴ / N [1, N, N] (interleaved), as the benchmark covariance is. */
function hermitianPsi(N: number, seed: number, amplitude: number): Float32Array {
  const u = gradcheckValues(2 * N * N, seed, amplitude);
  const out = new Float32Array(2 * N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < N; k++) {
        const [ar, ai, br, bi] = [u[2 * (i * N + k)], u[2 * (i * N + k) + 1], u[2 * (j * N + k)], u[2 * (j * N + k) + 1]];
        re += ar * br + ai * bi;
        im += ai * br - ar * bi;
      }
      out[2 * (i * N + j)] = re / N;
      out[2 * (i * N + j) + 1] = im / N;
    }
  }
  return out;
}

interface Sizes {
  B: number;
  N: number;
  NRF: number;
  K: number;
}

/** H, F, W, Ψ with amplitudes of a UPGANet iterate (‖F W‖_F² of order P_BS ~ 1…10): F of unit scale, W smaller. */
function inputs({ B, N, NRF, K }: Sizes, seed: number, wrt: 'F' | 'W'): GradcheckInput[] {
  const c = (name: string, shape: number[], s: number, amplitude: number, constant: boolean): GradcheckInput => ({
    name,
    shape,
    dtype: 'c64',
    data: gradcheckValues(2 * shape.reduce((a, b) => a * b, 1), s, amplitude),
    constant,
  });
  return [
    c('H', [B, K, N], seed, 1, true),
    c('F', [B, N, NRF], seed + 1, 1, wrt !== 'F'),
    c('W', [B, NRF, K], seed + 2, 0.3, wrt !== 'W'),
    { name: 'Psi', shape: [1, N, N], dtype: 'c64', data: hermitianPsi(N, seed + 3, 1), constant: true },
  ];
}

const ACCURACY: Sizes = { B: 2, N: 7, NRF: 3, K: 3 };
const TIMING: Sizes = { B: 100, N: 64, NRF: 4, K: 4 };

function check(name: string, description: string, objective: Objective, piece: Piece, wrt: 'F' | 'W'): GradcheckSpec {
  const op = closedFormObjective(name, objective, piece, wrt);
  return {
    name,
    description,
    makeInputs: (seed) => inputs(ACCURACY, seed, wrt),
    makeTimingInputs: (seed) => inputs(TIMING, seed, wrt),
    fused: (xs) => sum(op(xs as Inputs)),
    composite: ([H, F, W, Psi]) => sum(objective(problemOf(H as Tensor<'c64'>, Psi as Tensor<'c64'>), F as Tensor<'c64'>, W as Tensor<'c64'>)),
  };
}

const fused = { impl: 'fused' } as const;

registerGradcheck(
  check(
    'upganet-rate-grad-f',
    'Σ_b R_b (Eq. (2)) w.r.t. F: 2·∇_F R of Eq. (10), fused kernel, vs autodiff',
    sumRate,
    (p, F, W) => rateGradF(p, F, W, fused),
    'F',
  ),
);
registerGradcheck(
  check(
    'upganet-rate-grad-w',
    'Σ_b R_b (Eq. (2)) w.r.t. W: 2·∇_W R of Eq. (11) (exact), fused kernel, vs autodiff',
    sumRate,
    (p, F, W) => rateGradW(p, F, W, { ...fused, variant: 'exact' }),
    'W',
  ),
);
registerGradcheck(
  check(
    'upganet-tau-grad-f',
    'Σ_b τ_b (Eq. (3)) w.r.t. F: 2·∇_F τ of Eq. (12), fused kernel, vs autodiff',
    radarMismatch,
    (p, F, W) => tauGradF(p, F, W, fused),
    'F',
  ),
);
registerGradcheck(
  check(
    'upganet-tau-grad-w',
    'Σ_b τ_b (Eq. (3)) w.r.t. W: 2·∇_W τ of Eq. (13), fused kernel, vs autodiff',
    radarMismatch,
    (p, F, W) => tauGradW(p, F, W, fused),
    'W',
  ),
);
