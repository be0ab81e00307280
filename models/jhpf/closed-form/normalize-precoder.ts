/**
 * The digital-precoder normalization custom layer of DL-JHPF (paper 000 eq. (17)):
 *
 *   F_BB = √N_s · F̄_BB / ‖F_RF F̄_BB‖_F    F̄_BB [B, N_t^RF, N_s], F_RF [B, N_t, N_t^RF] → F_BB [B, N_t^RF, N_s] c64
 *
 * so that ‖F_RF F_BB‖_F² = N_s (constraint (9)). Closed-form VJP (PyTorch convention, equal to the real-part form of
 * eqs. (24)–(27); the paper writes them per element, here for the whole matrix). With A = F_RF F̄_BB, s = ‖A‖_F,
 * c = √N_s, G = grad_F_BB, ρ = Re⟨G, F̄_BB⟩ = Re Σ conj(G)·F̄_BB and κ = c·ρ/s³:
 *   grad_F̄_BB = (c/s)·G − κ·F_RFᴴ A        (grad of s w.r.t. F̄_BB is F_RFᴴ A/s)
 *   grad_F_RF = −κ·A F̄_BBᴴ                 (grad of s w.r.t. F_RF is A F̄_BBᴴ/s)
 * Eqs. (24)–(27) keep only the F̄_BB path; the F_RF path is the normalization's share of eqs. (29)–(30).
 * Kernel: ../shaders/normalize-precoder.wgsl (forward: three dispatches, saving A and s; backward: two, κ per batch
 * element then the gradients).
 */
import {
  abs2,
  bindShapes,
  conj,
  defineCustomOp,
  defineKernel,
  dispatchEntry,
  div,
  gradOrSpare,
  matmul,
  mul,
  re,
  scale,
  sqrt,
  sub,
  sum,
  Tensor,
  type Complex,
} from '../../../engine/index.js';

const OP = 'jhpfNormalizePrecoder';
const KERNEL = defineKernel(new URL('../shaders/normalize-precoder.wgsl', import.meta.url));

interface Attrs {
  batch: number;
  nt: number;
  nrf: number;
  ns: number;
}

type Inputs = [Complex, Complex];

/** Saved by the forward: A = F_RF F̄_BB [B, N_t, N_s] c64 and s = ‖A‖_F per batch element [B] f32. */
interface Residuals {
  A: Complex;
  s: Tensor<'f32'>;
}

const op = defineCustomOp<Inputs, Complex, Residuals, Attrs>({
  name: OP,
  forward: ([bar, F], a) => {
    const A = Tensor.empty([a.batch, a.nt, a.ns], 'c64', `${OP}:A`);
    const s = Tensor.empty([a.batch], 'f32', `${OP}:s`);
    const out = Tensor.empty(bar.shape, 'c64', OP);
    dispatchEntry(KERNEL, 'mix', A.size, { f: F, bar, a: A }, { ...params(a), n: A.size });
    dispatchEntry(KERNEL, 'norm', a.batch, { a_saved: A, norms: s }, params(a));
    dispatchEntry(KERNEL, 'forward', out.size, { bar, norms_saved: s, out }, { ...params(a), n: out.size });
    return { out, residuals: { A, s } };
  },
  backward: ({ A, s }, g, { inputs: [bar, F], attrs: a }) => {
    const spares: Tensor[] = [];
    const gb = gradOrSpare(bar.requiresGrad, bar.shape, 'c64', `${OP}:grad_bar`, spares);
    const gf = gradOrSpare(F.requiresGrad, F.shape, 'c64', `${OP}:grad_F`, spares);
    const counts = { n_bar: gb.grad ? bar.size : 0, n_f: gf.grad ? F.size : 0 };
    const kappa = Tensor.empty([a.batch], 'f32', `${OP}:kappa`);
    dispatchEntry(KERNEL, 'kappa', a.batch, { bar, g, norms_saved: s, kappas: kappa }, params(a));
    dispatchEntry(
      KERNEL,
      'backward',
      counts.n_bar + counts.n_f,
      { bar, f: F, a_saved: A, g, norms_saved: s, kappas_saved: kappa, grad_bar: gb.binding, grad_f: gf.binding },
      { ...params(a), ...counts },
    );
    [...spares, kappa].forEach((t) => t.dispose());
    return [gb.grad, gf.grad];
  },
  backwardComposite: (_saved, g, { inputs: [bar, F], attrs: a }) => {
    const c = Math.sqrt(a.ns);
    const A = matmul(F, bar);
    const s = perBatchNorm(A); // [B, 1, 1]
    const rho = perBatchSum(re(mul(conj(g), bar)));
    const kappa = div(scale(rho, c), mul(s, mul(s, s))); // [B, 1, 1]
    return [
      bar.requiresGrad ? sub(div(scale(g, c), s), mul(kappa, matmul(F, A, { opA: 'H' }))) : null,
      F.requiresGrad ? scale(mul(kappa, matmul(A, bar, { opB: 'H' })), -1) : null,
    ];
  },
});

/** Σ over all but the first axis of a real [B, …] tensor, as [B, 1, 1]. */
function perBatchSum(x: Tensor<'f32'>): Tensor<'f32'> {
  const B = x.shape[0];
  return sum(x.reshape([B, x.size / B]), { axis: 1 }).reshape([B, 1, 1]);
}

/** ‖X_b‖_F of every batch element of [B, M, N], as [B, 1, 1]. */
function perBatchNorm(X: Complex): Tensor<'f32'> {
  return sqrt(perBatchSum(abs2(X)));
}

function params(a: Attrs): Record<string, number> {
  return { batch: a.batch, nt: a.nt, nrf: a.nrf, ns: a.ns, c: Math.sqrt(a.ns), n: 0, n_bar: 0, n_f: 0 };
}

function check(bar: Complex, F: Complex): Attrs {
  const s = bindShapes(OP, { F̄_BB: [bar, ['B', 'N_t^RF', 'N_s']], F_RF: [F, ['B', 'N_t', 'N_t^RF']] });
  return { batch: s.B, nt: s.N_t, nrf: s['N_t^RF'], ns: s.N_s };
}

/** Eq. (17) with the fused closed-form backward. */
export function normalizePrecoderFused(FbarBB: Complex, F_RF: Complex): Complex {
  return op([FbarBB, F_RF], check(FbarBB, F_RF));
}

/** Eq. (17) composed from engine ops (autodiff). */
export function normalizePrecoderComposite(FbarBB: Complex, F_RF: Complex): Complex {
  const { ns } = check(FbarBB, F_RF);
  const s = perBatchNorm(matmul(F_RF, FbarBB));
  return div(scale(FbarBB, Math.sqrt(ns)), s);
}
