/**
 * The fused ascent directions: one dispatch of ../shaders/ascent.wgsl (one workgroup per channel) computes
 * ∇_F f = Z Wᴴ or ∇_W f = Fᴴ Z for f = rate·R + tau·τ, with Z = ∂f/∂X* as in ./composite.ts (paper convention).
 *
 * A custom op (engine defineCustomOp) over the inputs [H, F, W, Ψ]. Its backward recomputes the composite direction
 * (./composite.ts) from the inputs and differentiates Σ Re(conj(g)·direction) with `grad` — the VJP of the direction
 * in the engine's convention — so the fused path trains like the composite one, second derivatives included: under
 * createGraph the composite is differentiated on leaf views of the inputs (the inner sweep stops there), which are
 * then linked to the inputs by identity nodes.
 */
import {
  conj,
  defineCustomOp,
  defineKernel,
  detach,
  dispatchWorkgroups,
  enableGrad,
  grad,
  isGradEnabled,
  mul,
  re,
  attachGrad,
  ShapeError,
  sum,
  Tensor,
} from '../../../engine/index.js';
import { compositeDirection, type Weights } from './composite.js';
import type { JcasProblem, ProblemDims } from './problem.js';

const KERNEL = defineKernel(new URL('../shaders/ascent.wgsl', import.meta.url));
const OP = 'upganetAscent';
/**
 * The kernel's workgroup-memory bounds (MAX_NK, MAX_KK in ascent.wgsl) on N·P and K·P, P = 4·⌈K/4⌉ (rows padded to
 * four columns): K ≤ 8 and N ≤ 192 for K ≤ 4, N ≤ 96 for 5 ≤ K ≤ 8.
 */
export const FUSED_LIMITS = { maxRowsTimesPadded: 768, maxUsersTimesPadded: 64 } as const;

type Inputs = [Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>];

interface Attrs {
  target: 'F' | 'W';
  weights: Weights;
  dims: ProblemDims;
  noiseVariance: number;
}

const op = defineCustomOp<Inputs, Tensor<'c64'>, null, Attrs>({
  name: OP,
  forward: ([H, F, W, Psi], a) => {
    const { B, K, N, NRF, psiShared } = a.dims;
    const out = Tensor.empty(a.target === 'F' ? [B, N, NRF] : [B, NRF, K], 'c64', OP);
    // one workgroup per channel
    dispatchWorkgroups(
      KERNEL,
      undefined,
      B,
      { h: H, f: F, w: W, psi: Psi, out },
      {
        batch: B,
        users: K,
        antennas: N,
        chains: NRF,
        psi_stride: psiShared ? 0 : N * N,
        noise: a.noiseVariance,
        rate_scale: a.weights.rate,
        tau_scale: a.weights.tau,
      },
      {
        RATE: Number(a.weights.rate !== 0),
        TAU: Number(a.weights.tau !== 0),
        SIMPLIFIED: Number(a.weights.variant === 'simplified'),
        TARGET: a.target === 'F' ? 0 : 1,
      },
    );
    return { out, residuals: null };
  },
  backwardComposite: (_r, g, { inputs, attrs: a }) => {
    const recording = isGradEnabled();
    // leaf views: the inner sweep stops at them (under createGraph it would otherwise run through the inputs' history)
    const leafOf = (t: Tensor<'c64'>) => (t.requiresGrad ? detach(t).requireGrad() : t);
    const leaves = inputs.map(leafOf) as unknown as Inputs;
    const gLeaf = recording ? leafOf(g) : g;
    const wanted = leaves.filter((_, i) => inputs[i].requiresGrad);
    const grads = enableGrad(() => {
      const [H, F, W, Psi] = leaves;
      const p: JcasProblem = { H, Psi, noiseVariance: a.noiseVariance, omega: 0, eta: 0 };
      const direction = compositeDirection(p, F, W, a.target, a.weights);
      // Σ Re(conj(g)·d): its gradient with respect to the inputs is the VJP of d for the incoming gradient g
      return grad(sum(re(mul(conj(gLeaf), direction))), wanted, { createGraph: recording });
    });
    if (recording) {
      const link = (leaf: Tensor, src: Tensor) => {
        if (leaf !== src) attachGrad(`${OP}:recompute`, leaf, [src], (gg) => [gg]);
      };
      leaves.forEach((leaf, i) => link(leaf, inputs[i]));
      link(gLeaf, g);
    }
    let next = 0;
    return inputs.map((t) => (t.requiresGrad ? (grads[next++] ?? null) : null));
  },
});

/** ∇_F f [B, N, N_RF] or ∇_W f [B, N_RF, K] by the fused kernel; `dims` from problemDims. */
export function fusedDirection(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, target: 'F' | 'W', weights: Weights, dims: ProblemDims): Tensor<'c64'> {
  const { K, N } = dims;
  const P = 4 * Math.ceil(K / 4);
  if (N * P > FUSED_LIMITS.maxRowsTimesPadded || K * P > FUSED_LIMITS.maxUsersTimesPadded) {
    throw new ShapeError(
      `${OP}: the problem does not fit the kernel's workgroup memory (X = F W and Z); expected N·P ≤ ${FUSED_LIMITS.maxRowsTimesPadded} and ` +
        `K ≤ 8 (P = 4·⌈K/4⌉), got N = ${N}, K = ${K} (N·P = ${N * P}). Use { impl: 'composite' }`,
    );
  }
  return op([p.H, F, W, p.Psi], { target, weights, dims, noiseVariance: p.noiseVariance });
}
