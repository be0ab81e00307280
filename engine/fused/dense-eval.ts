/**
 * denseEval: a dense layer at inference — x·Wᵀ, Linear's bias, the activation and BatchNorm1d with its running
 * statistics — in one GEMM dispatch (the register kernel's `main_dense_eval` entry, shaders/gemm/register.wgsl), with
 * BatchNorm folded into the GEMM's epilogue instead of a second, element-wise pass over the output.
 *
 *   x [N, in] f32, W [out, in] f32, b, γ, β, μ, var [out] f32 → y [N, out] f32
 *   order 'act-first':  y = γ·(act(x·Wᵀ + b) − μ)/σ + β;   order 'norm-first':  y = act(γ·(x·Wᵀ + b − μ)/σ + β)
 *
 * Returns null when the product does not run on the register kernel (large products go to the real vec4 kernels,
 * which have no epilogue: there the GEMM dominates and the separate epilogue pass costs little) — the caller then runs
 * matmul and biasActNorm's eval kernel. Records no gradient: for inference only.
 */
import { matmulWithEpilogue } from '../ops/gemm.js';
import { shaderConstant } from '../ops/selectors.js';
import type { Real } from '../tensor/tensor.js';
import type { BiasActNormOptions } from './bias-act-norm.js';

const ACT_CONST = { none: 'DENSE_ACT_NONE', relu: 'DENSE_ACT_RELU', 'leaky-relu': 'DENSE_ACT_LEAKY_RELU' } as const;

export interface DenseEvalLayer {
  weight: Real;
  bias: Real;
  gamma: Real;
  beta: Real;
  runningMean: Real;
  runningVar: Real;
}

export function denseEval(x: Real, layer: DenseEvalLayer, o: Pick<BiasActNormOptions, 'act' | 'slope' | 'order' | 'eps'>): Real | null {
  return matmulWithEpilogue(x, layer.weight, { opB: 'T' }, () => ({
    entry: 'main_dense_eval',
    tensors: { dense_bias: layer.bias, bn_gamma: layer.gamma, bn_beta: layer.beta, bn_mean: layer.runningMean, bn_var: layer.runningVar },
    overrides: { DENSE_ACT: shaderConstant('gemm/register', ACT_CONST[o.act]), DENSE_ACT_FIRST: Number(o.order === 'act-first') },
    params: { alpha: o.slope ?? 0.01, eps: o.eps },
  }));
}
