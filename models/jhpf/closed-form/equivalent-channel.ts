/**
 * The equivalent-channel custom layer of DL-JHPF (paper 000 eq. (14), Fig. 3):
 *
 *   H_eq = W_RFᴴ H F_RF    H [B, N_r, N_t], F_RF [B, N_t, N_t^RF], W_RF [B, N_r, N_r^RF] → H_eq [B, N_r^RF, N_t^RF] c64
 *
 * Closed-form VJP (PyTorch convention grad = ∂L/∂Re + j ∂L/∂Im, which is exactly the paper's real-part form of
 * eqs. (29)–(30): the real part of grad is ∂L/∂[·]_re, the imaginary part ∂L/∂[·]_im). With G = grad_H_eq:
 *   grad_F_RF = Hᴴ W_RF G,   grad_W_RF = H F_RF Gᴴ,   grad_H = W_RF G F_RFᴴ
 * (Y = Aᴴ M gives grad_A = M Gᴴ; Y = M X gives grad_X = Mᴴ G.) The forward is two engine GEMMs saving H F_RF; the
 * backward is ../shaders/equivalent-channel.wgsl, two dispatches (grad_W and W G, then grad_F and grad_H). `backwardComposite` states the same formulas with engine ops,
 * so the op is twice differentiable.
 */
import { bindShapes, defineCustomOp, defineKernel, dispatchEntry, gradOrSpare, matmul, Tensor, type Complex } from '../../../engine/index.js';

const OP = 'jhpfEquivalentChannel';
const KERNEL = defineKernel(new URL('../shaders/equivalent-channel.wgsl', import.meta.url));

interface Attrs {
  batch: number;
  nr: number;
  nt: number;
  nrfR: number;
  nrfT: number;
}

type Inputs = [Complex, Complex, Complex];

const op = defineCustomOp<Inputs, Complex, Complex, Attrs>({
  name: OP,
  // the forward is two engine GEMMs (faster than a loop kernel on every adapter measured); H F_RF is saved
  forward: ([H, F, W]) => {
    const hf = matmul(H, F);
    return { out: matmul(W, hf, { opA: 'H' }), residuals: hf };
  },
  backward: (hf, g, { inputs: [H, F, W], attrs: a }) => {
    const spares: Tensor[] = [];
    const gw = gradOrSpare(W.requiresGrad, W.shape, 'c64', `${OP}:grad_W`, spares);
    const gf = gradOrSpare(F.requiresGrad, F.shape, 'c64', `${OP}:grad_F`, spares);
    const gh = gradOrSpare(H.requiresGrad, H.shape, 'c64', `${OP}:grad_H`, spares);
    const needWG = Boolean(gf.grad || gh.grad);
    const wg = Tensor.empty([a.batch, a.nr, a.nrfT], 'c64', `${OP}:WG`);
    const counts = { n_w: gw.grad ? W.size : 0, n_wg: needWG ? wg.size : 0, n_f: gf.grad ? F.size : 0, n_h: gh.grad ? H.size : 0 };
    const p = { ...params(a), ...counts };
    dispatchEntry(KERNEL, 'backward_rx', counts.n_w + counts.n_wg, { w: W, g, hf_saved: hf, grad_w: gw.binding, w_g: wg }, p);
    dispatchEntry(KERNEL, 'backward', counts.n_f + counts.n_h, { h: H, f: F, w_g_saved: wg, grad_f: gf.binding, grad_h: gh.binding }, p);
    // safe before the GPU runs: later uses of these pooled buffers are queued after these dispatches
    [...spares, wg].forEach((t) => t.dispose());
    return [gh.grad, gf.grad, gw.grad];
  },
  backwardComposite: (_hf, g, { inputs: [H, F, W] }) => {
    const WG = matmul(W, g);
    return [
      H.requiresGrad ? matmul(WG, F, { opB: 'H' }) : null,
      F.requiresGrad ? matmul(H, WG, { opA: 'H' }) : null,
      W.requiresGrad ? matmul(matmul(H, F), g, { opB: 'H' }) : null,
    ];
  },
});

function params(a: Attrs): Record<string, number> {
  return { batch: a.batch, nr: a.nr, nt: a.nt, nrf_r: a.nrfR, nrf_t: a.nrfT, n_w: 0, n_wg: 0, n_f: 0, n_h: 0 };
}

function check(H: Complex, F: Complex, W: Complex): Attrs {
  const s = bindShapes(OP, { H: [H, ['B', 'N_r', 'N_t']], F_RF: [F, ['B', 'N_t', 'N_t^RF']], W_RF: [W, ['B', 'N_r', 'N_r^RF']] });
  return { batch: s.B, nr: s.N_r, nt: s.N_t, nrfR: s['N_r^RF'], nrfT: s['N_t^RF'] };
}

/** Eq. (14) with the fused closed-form backward. */
export function equivalentChannelFused(H: Complex, F_RF: Complex, W_RF: Complex): Complex {
  return op([H, F_RF, W_RF], check(H, F_RF, W_RF));
}

/** Eq. (14) composed from two batched matmuls (autodiff). */
export function equivalentChannelComposite(H: Complex, F_RF: Complex, W_RF: Complex): Complex {
  check(H, F_RF, W_RF);
  return matmul(W_RF, matmul(H, F_RF), { opA: 'H' });
}
