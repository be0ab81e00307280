/**
 * The signal-flow custom layer of DL-JHPF (paper 000 eq. (5), Fig. 3), per batch element:
 *
 *   r = W_BBᴴ W_RFᴴ (√P H F_RF F_BB x + n)
 *   H [B, N_r, N_t], F_RF [B, N_t, N_t^RF], F_BB [B, N_t^RF, N_s], W_RF [B, N_r, N_r^RF], W_BB [B, N_r^RF, N_s],
 *   x [B, N_s], n [B, N_r] (constants: bits and noise) → r [B, N_s], all c64
 *
 * Closed-form VJP (PyTorch convention grad = ∂L/∂Re + j ∂L/∂Im, which is the paper's real-part form: eq. (22) is
 * Re(grad_W_BB), eq. (23) its imaginary part). With u = F_BB x, s = F_RF u, y = √P H s + n, z = W_RFᴴ y, g = grad_r:
 *   gz = W_BB g,      grad_W_BB = z gᴴ            (eqs. (21)–(23))
 *   gy = W_RF gz,     grad_W_RF = y gzᴴ           (the r terms of (29)–(30) for the combiner)
 *   gs = √P Hᴴ gy,    grad_F_RF = gs uᴴ           (the r terms of (29)–(30))
 *                     grad_F_BB = F_RFᴴ gs xᴴ     (the ∂L/∂[F_BB] that (26)–(27) start from)
 *                     grad_H    = √P gy sᴴ
 * Kernel: ../shaders/signal-flow.wgsl (three forward and three backward dispatches; s and y saved).
 */
import {
  add,
  bindShapes,
  defineCustomOp,
  defineKernel,
  dispatchEntry,
  gradOrSpare,
  matmul,
  requireConstant,
  scale,
  Tensor,
  type Complex,
} from '../../../engine/index.js';

const OP = 'jhpfSignalFlow';
const KERNEL = defineKernel(new URL('../shaders/signal-flow.wgsl', import.meta.url));

interface Attrs {
  batch: number;
  nr: number;
  nt: number;
  nrfR: number;
  nrfT: number;
  ns: number;
  sqrtP: number;
}

/** H, F_RF, F_BB, W_RF, W_BB, x, n */
type Inputs = [Complex, Complex, Complex, Complex, Complex, Complex, Complex];

interface Residuals {
  tx: Complex;
  y: Complex;
}

const op = defineCustomOp<Inputs, Complex, Residuals, Attrs>({
  name: OP,
  forward: ([H, F, FBB, W, WBB, x, n], a) => {
    const tx = Tensor.empty([a.batch, a.nt], 'c64', `${OP}:s`);
    const y = Tensor.empty([a.batch, a.nr], 'c64', `${OP}:y`);
    const r = Tensor.empty([a.batch, a.ns], 'c64', OP);
    const p = params(a);
    dispatchEntry(KERNEL, 'transmit', tx.size, { f: F, fbb: FBB, x, tx }, { ...p, n_out: tx.size });
    dispatchEntry(KERNEL, 'receive', y.size, { h: H, tx_saved: tx, noise: n, y }, { ...p, n_out: y.size });
    dispatchEntry(KERNEL, 'combine', r.size, { w: W, wbb: WBB, y_saved: y, r }, { ...p, n_out: r.size });
    return { out: r, residuals: { tx, y } };
  },
  backward: ({ tx, y }, g, { inputs: [H, F, FBB, W, WBB, x, n], attrs: a }) => {
    requireConstant(OP, { x, n });
    const spares: Tensor[] = [];
    const gWbb = gradOrSpare(WBB.requiresGrad, WBB.shape, 'c64', `${OP}:grad_W_BB`, spares);
    const gW = gradOrSpare(W.requiresGrad, W.shape, 'c64', `${OP}:grad_W_RF`, spares);
    const gF = gradOrSpare(F.requiresGrad, F.shape, 'c64', `${OP}:grad_F_RF`, spares);
    const gFbb = gradOrSpare(FBB.requiresGrad, FBB.shape, 'c64', `${OP}:grad_F_BB`, spares);
    const gH = gradOrSpare(H.requiresGrad, H.shape, 'c64', `${OP}:grad_H`, spares);
    const needGs = Boolean(gF.grad || gFbb.grad);
    const needGy = Boolean(gW.grad || gH.grad || needGs);
    const gy = Tensor.empty([a.batch, a.nr], 'c64', `${OP}:gy`);
    const gs = Tensor.empty([a.batch, a.nt], 'c64', `${OP}:gs`);
    const counts = {
      n_wbb: gWbb.grad ? WBB.size : 0,
      n_y: needGy ? gy.size : 0,
      want_w: Number(Boolean(gW.grad)),
      n_s: needGs ? gs.size : 0,
      want_f: Number(Boolean(gF.grad)),
      n_h: gH.grad ? H.size : 0,
      n_fbb: gFbb.grad ? FBB.size : 0,
    };
    const p = { ...params(a), ...counts };
    dispatchEntry(KERNEL, 'backward_rx', counts.n_wbb + counts.n_y, { w: W, wbb: WBB, y_saved: y, g, gy, grad_w: gW.binding, grad_wbb: gWbb.binding }, p);
    dispatchEntry(
      KERNEL,
      'backward_tx',
      counts.n_s + counts.n_h,
      { h: H, f: F, fbb: FBB, x, tx_saved: tx, gy_saved: gy, gs, grad_f: gF.binding, grad_h: gH.binding },
      p,
    );
    dispatchEntry(KERNEL, 'backward_bb', counts.n_fbb, { f: F, x, gs_saved: gs, grad_fbb: gFbb.binding }, p);
    [...spares, gy, gs].forEach((t) => t.dispose());
    return [gH.grad, gF.grad, gFbb.grad, gW.grad, gWbb.grad, null, null];
  },
  backwardComposite: (_res, g, { inputs: [H, F, FBB, W, WBB, x, n], attrs: a }) => {
    requireConstant(`${OP} (composite backward)`, { x, n });
    const col = (v: Complex) => v.reshape([...v.shape, 1]);
    const u = matmul(FBB, col(x)); // [B, N_t^RF, 1]
    const s = matmul(F, u); // [B, N_t, 1]
    const y = add(scale(matmul(H, s), a.sqrtP), col(n)); // [B, N_r, 1]
    const z = matmul(W, y, { opA: 'H' }); // [B, N_r^RF, 1]
    const gc = col(g);
    const gz = matmul(WBB, gc);
    const gy = matmul(W, gz);
    const gs = scale(matmul(H, gy, { opA: 'H' }), a.sqrtP);
    return [
      H.requiresGrad ? scale(matmul(gy, s, { opB: 'H' }), a.sqrtP) : null,
      F.requiresGrad ? matmul(gs, u, { opB: 'H' }) : null,
      FBB.requiresGrad ? matmul(matmul(F, gs, { opA: 'H' }), col(x), { opB: 'H' }) : null,
      W.requiresGrad ? matmul(y, gz, { opB: 'H' }) : null,
      WBB.requiresGrad ? matmul(z, gc, { opB: 'H' }) : null,
      null,
      null,
    ];
  },
});

function params(a: Attrs): Record<string, number> {
  return {
    batch: a.batch,
    nr: a.nr,
    nt: a.nt,
    nrf_r: a.nrfR,
    nrf_t: a.nrfT,
    ns: a.ns,
    sqrt_p: a.sqrtP,
    n_out: 0,
    n_wbb: 0,
    n_y: 0,
    want_w: 0,
    n_s: 0,
    want_f: 0,
    n_h: 0,
    n_fbb: 0,
  };
}

/** The matrices of eq. (5) for a batch. */
export interface SignalFlowInputs {
  H: Complex;
  F_RF: Complex;
  F_BB: Complex;
  W_RF: Complex;
  W_BB: Complex;
  /** symbol vectors [B, N_s] */
  x: Complex;
  /** receiver noise [B, N_r] */
  n: Complex;
}

function check(v: SignalFlowInputs, transmitPower: number): Attrs {
  if (!(transmitPower >= 0 && Number.isFinite(transmitPower))) {
    throw new RangeError(`${OP}: the transmit power P must be a finite number ≥ 0; got ${transmitPower}`);
  }
  const s = bindShapes(OP, {
    H: [v.H, ['B', 'N_r', 'N_t']],
    F_RF: [v.F_RF, ['B', 'N_t', 'N_t^RF']],
    F_BB: [v.F_BB, ['B', 'N_t^RF', 'N_s']],
    W_RF: [v.W_RF, ['B', 'N_r', 'N_r^RF']],
    W_BB: [v.W_BB, ['B', 'N_r^RF', 'N_s']],
    x: [v.x, ['B', 'N_s']],
    n: [v.n, ['B', 'N_r']],
  });
  return { batch: s.B, nr: s.N_r, nt: s.N_t, nrfR: s['N_r^RF'], nrfT: s['N_t^RF'], ns: s.N_s, sqrtP: Math.sqrt(transmitPower) };
}

/** Eq. (5) with the fused closed-form backward; x and n must be constants. */
export function signalFlowFused(v: SignalFlowInputs, transmitPower: number): Complex {
  return op([v.H, v.F_RF, v.F_BB, v.W_RF, v.W_BB, v.x, v.n], check(v, transmitPower));
}

/** Eq. (5) composed from batched matmuls (autodiff). */
export function signalFlowComposite(v: SignalFlowInputs, transmitPower: number): Complex {
  const a = check(v, transmitPower);
  const col = (t: Complex) => t.reshape([...t.shape, 1]);
  const s = matmul(v.F_RF, matmul(v.F_BB, col(v.x)));
  const y = add(scale(matmul(v.H, s), a.sqrtP), col(v.n));
  const r = matmul(v.W_BB, matmul(v.W_RF, y, { opA: 'H' }), { opA: 'H' });
  return r.reshape([a.batch, a.ns]);
}
