/**
 * phaseQuadraticGain(h, Φ, w, c): the batched quadratic form G_b = |h_bᴴ F_b w_b|² of a matrix with unit-modulus
 * entries F_b = c·e^{jΦ_b}, with a closed-form backward for h, Φ and w in one dispatch.
 *
 *   h  [B, N]              c64
 *   Φ  [N, M] or [B, N, M]  f32, radians; [N, M] is shared by the batch (its gradient is summed over b)
 *   w  [B, M]              c64
 *   c  real scalar: the modulus of F's entries (not differentiated)
 *   G  [B]                 f32
 *
 * Derivation (PyTorch convention: grad = ∂L/∂Re + j∂L/∂Im; gG_b = ∂L/∂G_b real). With
 * y = hᴴ F w = Σ_ij conj(h_i) F_ij w_j, a = F w, β_j = Σ_i conj(h_i) F_ij:
 *   G = |y|²                               → grad_y = 2·gG·y
 *   y holomorphic in w_j, ∂y/∂w_j = β_j     → grad_w_j = grad_y·conj(β_j) = 2·gG·y·conj(β_j)
 *   y holomorphic in F_ij, ∂y/∂F_ij = conj(h_i)·w_j
 *                                          → grad_F_ij = 2·gG·y·h_i·conj(w_j)
 *   F_ij = c·e^{jΦ_ij}, ∂F/∂Φ = j·F         → grad_Φ_ij = Im(grad_F_ij·conj(F_ij)) = −2·gG·Im(conj(y)·conj(h_i)·F_ij·w_j)
 *   conj(y) = Σ_i h_i conj(a_i) is holomorphic in h_i with derivative conj(a_i), and G = |conj(y)|²
 *                                          → grad_h_i = 2·gG·conj(y)·a_i
 * (check, N = M = 1: G = |h|²|a|², grad_h = 2·gG·|a|²·h, the |z|² rule.) The forward computes F once (N·M sin/cos
 * for a shared Φ, not B·N·M) and saves it with y; the backward reads them and evaluates no sin/cos.
 *
 * Kernel: ../shaders/phase-quadratic-gain.wgsl (entries `phases` and `forward`, then `backward`: one dispatch). The
 * backward kernel is not recorded; under createGraph the op uses `composite`, the same formulas in engine ops, so it
 * is twice differentiable.
 *
 * With c = 1/√N_t and Φ the phases of PP-NN, F is DL-JHPF's analog precoder F_RF (eqs. (10)–(13), ./phase-layer.ts)
 * and G_b the gain |h_bᴴ F_RF w_b|² of a stream sent with the digital precoder column w_b. No training path of the
 * framework uses the op; it is kept here, checked by `phasor gradcheck beamforming-gain` and
 * `beamforming-gain-per-batch` (./gradchecks.ts), as the closed-form gradient of that gain with respect to the
 * phases, which the engine (knowing nothing about radio) no longer holds.
 */
import {
  conj,
  defineCustomOp,
  defineKernel,
  dispatchEntry,
  DTypeError,
  gradOrSpare,
  im,
  mul,
  scale,
  ShapeError,
  sum,
  Tensor,
  unitModulus,
  type Complex,
  type Real,
} from '../../../engine/index.js';

const KERNEL = defineKernel(new URL('../shaders/phase-quadratic-gain.wgsl', import.meta.url));
const OP = 'phaseQuadraticGain';

type Inputs = [Complex, Real, Complex];

interface Attrs {
  c: number;
  batch: number;
  rows: number;
  cols: number;
  shared: boolean;
}

/** Saved by the forward: F = c·e^{jΦ} (Φ's shape, c64) and y [B] c64. */
interface Residuals {
  unit: Complex;
  y: Complex;
}

const op = defineCustomOp<Inputs, Real, Residuals, Attrs>({
  name: OP,
  forward: ([h, phi, w], a) => {
    const unit = Tensor.empty(phi.shape, 'c64', `${OP}:F`);
    const gain = Tensor.empty([a.batch], 'f32', OP);
    const y = Tensor.empty([a.batch], 'c64', `${OP}:y`);
    dispatch('phases', a, phi.size, { phase: phi, unit }, { n_phase: phi.size });
    dispatch('forward', a, a.batch, { h, unit_saved: unit, w, gain, y });
    return { out: gain, residuals: { unit, y } };
  },
  backward: ({ unit, y }, g, { inputs: [h, phi, w], attrs: a }) => {
    // a binding whose gradient is not wanted still needs a buffer (a spare); its index range is empty
    const spares: Tensor[] = [];
    const gH = gradOrSpare(h.requiresGrad, h.shape, 'c64', `${OP}:grad_h`, spares);
    const gPhi = gradOrSpare(phi.requiresGrad, phi.shape, 'f32', `${OP}:grad_phi`, spares);
    const gW = gradOrSpare(w.requiresGrad, w.shape, 'c64', `${OP}:grad_w`, spares);
    const counts = {
      n_phase: 0,
      n_w: gW.grad ? a.batch * a.cols : 0,
      n_h: gH.grad ? a.batch * a.rows : 0,
      // shared Φ: one invocation per entry; per-batch Φ: one per row (b, i)
      n_phi: gPhi.grad ? (a.shared ? a.rows * a.cols : a.batch * a.rows) : 0,
    };
    const grads = { grad_h: gH.binding, grad_w: gW.binding, grad_phi: gPhi.binding };
    dispatch('backward', a, counts.n_w + counts.n_h + counts.n_phi, { h, unit_saved: unit, w, g, y_saved: y, ...grads }, counts);
    // released before the GPU runs, which is safe: later uses of the buffers are queued after this dispatch
    spares.forEach((t) => t.dispose());
    return [gH.grad, gPhi.grad, gW.grad];
  },
  backwardComposite: (_y, g, { inputs, attrs }) => composite(g, inputs, attrs),
});

type Counts = { n_phase: number; n_w: number; n_h: number; n_phi: number };

function dispatch(
  entry: 'phases' | 'forward' | 'backward',
  a: Attrs,
  invocations: number,
  tensors: Record<string, Tensor>,
  counts: Partial<Counts> = {},
): void {
  const params = { batch: a.batch, rows: a.rows, cols: a.cols, c: a.c, n_phase: 0, n_w: 0, n_h: 0, n_phi: 0, ...counts };
  dispatchEntry(KERNEL, entry, invocations, tensors, params, { SHARED_PHASE: Number(a.shared) });
}

/** The backward formulas of the file comment in differentiable engine ops (createGraph), y recomputed from the inputs. */
function composite(g: Real, [h, phi, w]: Inputs, a: Attrs): Array<Tensor | null> {
  const { batch: B, rows: N, cols: M } = a;
  const F = unitModulus(phi, a.c); // [N, M] or [B, N, M]
  const hc = conj(h);
  const av = sum(mul(F, w.reshape([B, 1, M])), { axis: -1 }); // a = F w          [B, N]
  const y = sum(mul(hc, av), { axis: -1 }); //                      y = hᴴ a        [B]
  const gy = scale(mul(g, y), 2); //                                2·gG·y          [B]
  const gradW = w.requiresGrad ? mul(gy.reshape([B, 1]), conj(sum(mul(hc.reshape([B, N, 1]), F), { axis: 1 }))) : null;
  const gradH = h.requiresGrad ? mul(conj(gy).reshape([B, 1]), av) : null;
  let gradPhi: Tensor | null = null;
  if (phi.requiresGrad) {
    const gradF = mul(gy.reshape([B, 1, 1]), mul(h.reshape([B, N, 1]), conj(w).reshape([B, 1, M]))); // [B, N, M]
    const perBatch = im(mul(gradF, conj(F)));
    gradPhi = a.shared ? sum(perBatch, { axis: 0 }) : perBatch;
  }
  return [gradH, gradPhi, gradW];
}

/**
 * G_b = |h_bᴴ (c·e^{jΦ_b}) w_b|² for every batch element b, with a fused closed-form backward (see the file comment).
 * h [B, N] c64, Φ [N, M] (shared) or [B, N, M] f32, w [B, M] c64 → G [B] f32.
 */
export function phaseQuadraticGain(h: Complex, phi: Real, w: Complex, c = 1): Real {
  const expect = `expected h [B, N] c64, Φ [N, M] or [B, N, M] f32, w [B, M] c64`;
  const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;
  const got = `got h ${fmt(h.shape)}, Φ ${fmt(phi.shape)}, w ${fmt(w.shape)}`;
  for (const [name, t, dtype] of [
    ['h', h, 'c64'],
    ['Φ', phi, 'f32'],
    ['w', w, 'c64'],
  ] as const) {
    if (t.dtype !== dtype) throw new DTypeError(`${OP}: expected ${dtype} ${name}; got ${t.dtype} ${fmt(t.shape)}`);
  }
  if (h.rank !== 2 || w.rank !== 2 || (phi.rank !== 2 && phi.rank !== 3)) throw new ShapeError(`${OP}: ${expect}; ${got}`);
  const [B, N] = h.shape;
  const M = w.shape[1];
  const shared = phi.rank === 2;
  const phiOk = shared ? phi.shape[0] === N && phi.shape[1] === M : phi.shape[0] === B && phi.shape[1] === N && phi.shape[2] === M;
  if (w.shape[0] !== B || !phiOk) {
    throw new ShapeError(`${OP}: ${expect} with one B, N and M; ${got}. A per-batch Φ must be [${B}, ${N}, ${M}], a shared one [${N}, ${M}]`);
  }
  if (!Number.isFinite(c)) throw new RangeError(`${OP}: the modulus c must be a finite number; got ${c}`);
  if (B === 0) return Tensor.empty([0], 'f32', OP);
  return op([h, phi, w], { c, batch: B, rows: N, cols: M, shared });
}
