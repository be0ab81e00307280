/**
 * Layer fusion for `Sequential`: a run Linear → activation → BatchNorm1d (DL-JHPF's Table I order) or
 * Linear → BatchNorm1d → activation (the `mlp` builder's) becomes one GEMM plus one fused epilogue kernel
 * (engine/fused/bias-act-norm.ts) instead of a dozen element-wise and reduction dispatches forward and two dozen
 * backward; at inference, one GEMM whose epilogue applies the bias, the activation and the folded BatchNorm
 * (engine/fused/dense-eval.ts) when the product runs on the register kernel (DL-JHPF design at batch 1: 195 → 138
 * dispatches, 8.1 → 6.0 ms; scratch measurement in the commit). The modules, their parameters and their state dicts
 * stay as they are; only the execution changes.
 *
 * Used when the input is a real [N, in] matrix, the Linear has a bias, the BatchNorm1d is affine and the activation
 * is ReLU or LeakyReLU; in eval mode only when nothing asks for a gradient (the eval kernel records none). The fused
 * backward is first-order: differentiating a fused run twice (createGraph) throws CustomOpGradError — turn fusion
 * off for that. `setFusion(false)` turns it off everywhere (also for A/B measurements).
 */
import { isGradEnabled } from '../autodiff/graph.js';
import { biasActNorm, biasActNormAvailable, type BiasActNormOptions } from '../fused/bias-act-norm.js';
import { denseEval } from '../fused/dense-eval.js';
import { matmul } from '../ops/gemm.js';
import type { Tensor } from '../tensor/tensor.js';
import { LeakyReLU, ReLU } from './activation.js';
import { BatchNorm1d } from './batch-norm.js';
import { Linear } from './linear.js';
import type { UnaryModule } from './module.js';

let enabled = true;

/** Turns layer fusion on or off for every Sequential (default on); returns the previous setting. */
export function setFusion(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

type Act = BiasActNormOptions['act'];

function activationOf(m: UnaryModule): { act: Act; slope?: number } | null {
  if (m instanceof ReLU) return { act: 'relu' };
  if (m instanceof LeakyReLU) return { act: 'leaky-relu', slope: m.slope };
  return null;
}

/**
 * If layers[i] starts a fusable run, applies it to x and returns the output and the number of layers consumed;
 * else null (the caller runs layers[i] alone).
 */
export function fusedRun(layers: readonly UnaryModule[], i: number, x: Tensor): { y: Tensor; consumed: number } | null {
  if (!enabled || i + 2 >= layers.length) return null;
  const linear = layers[i];
  if (!(linear instanceof Linear) || x.dtype !== 'f32' || x.rank !== 2 || !linear.bias) return null;
  const second = layers[i + 1];
  const third = layers[i + 2];
  let bn: BatchNorm1d;
  let activation: { act: Act; slope?: number } | null;
  let order: BiasActNormOptions['order'];
  if (second instanceof BatchNorm1d) {
    bn = second;
    activation = activationOf(third);
    order = 'norm-first';
  } else if (third instanceof BatchNorm1d) {
    bn = third;
    activation = activationOf(second);
    order = 'act-first';
  } else return null;
  if (!activation || !bn.affine || !biasActNormAvailable(activation)) return null;
  // batch statistics in training mode, and in eval mode for a layer that keeps no running statistics
  const training = bn.training || !bn.trackRunningStats;
  const running = bn.trackRunningStats ? { runningMean: bn.runningMean, runningVar: bn.runningVar } : { runningMean: null, runningVar: null };
  if (!training && isGradEnabled() && [x, linear.weight, linear.bias, bn.weight!, bn.bias!].some((t) => t.requiresGrad)) return null;
  if (!training) {
    // inference: BatchNorm folded into the GEMM's epilogue, one dispatch (when the product runs on the register kernel)
    const layer = { weight: linear.weight, bias: linear.bias, gamma: bn.weight!, beta: bn.bias!, runningMean: bn.runningMean!, runningVar: bn.runningVar! };
    const y = denseEval(x as Tensor<'f32'>, layer, { ...activation, order, eps: bn.eps });
    if (y) return { y, consumed: 3 };
  }
  const z = matmul(x as Tensor<'f32'>, linear.weight, { opB: 'T' });
  const y = biasActNorm(z, linear.bias, bn.weight!, bn.bias!, {
    ...activation,
    order,
    eps: bn.eps,
    momentum: bn.momentum,
    training,
    ...running,
  });
  return { y, consumed: 3 };
}
