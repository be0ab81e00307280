/**
 * Real activation functions, written to stay finite for any finite input (sigmoid and tanh use e^{−|x|} only).
 * Kernel: shaders/activation/pointwise.wgsl; the ops' registry entries are ACTIVATION_OPS at the end of this file.
 * Softmax is in softmax.ts.
 */
import { Tensor } from '../tensor/tensor.js';
import { buffersOf, launch1d } from './launch.js';
import { noGrad } from '../autodiff/graph.js';
import { full } from '../tensor/create.js';
import { REAL, defineOps, ops, realOut, sameShapeRule, type Op, type VjpContext } from './op.js';

declare module './op.js' {
  interface OpFunctions {
    relu: typeof relu;
    sigmoid: typeof sigmoid;
    tanh: typeof tanh;
  }
}

const KERNEL = 'activation/pointwise';

function activation(op: Op, x: Tensor<'f32'>, alpha = 0): Tensor<'f32'> {
  op.check([x]);
  const out = Tensor.empty(x.shape, 'f32', op.name);
  launch1d(KERNEL, x.size, buffersOf(op.name, { x, out }), { n: x.size, alpha }, { OP: op.selector });
  return op.attach(out, [x], alpha);
}

/** max(x, 0). */
export function relu(x: Tensor<'f32'>): Tensor<'f32'> {
  return activation(ACTIVATION_OPS.relu, x);
}

/** 1 where x > 0, else 0 (not recorded: its derivative is 0 almost everywhere). */
function positiveMask(x: Tensor): Tensor<'f32'> {
  return noGrad(() => relu(ops.sign(x as Tensor<'f32'>)));
}

/** x for x ≥ 0, slope · x for x < 0. */
export function leakyRelu(x: Tensor<'f32'>, slope = 0.01): Tensor<'f32'> {
  return activation(ACTIVATION_OPS.leakyRelu, x, slope);
}

/** 1 / (1 + e^{−x}), exact to f32 rounding at ±100 (no overflow). */
export function sigmoid(x: Tensor<'f32'>): Tensor<'f32'> {
  return activation(ACTIVATION_OPS.sigmoid, x);
}

/** tanh x, ±1 (never NaN) for large |x|. */
export function tanh(x: Tensor<'f32'>): Tensor<'f32'> {
  return activation(ACTIVATION_OPS.tanh, x);
}

const activationKernel = (selector: string) => ({ shader: KERNEL, selector });
const real = ([x]: Tensor[]) => x as Tensor<'f32'>;

/** The registry entries of this family (engine/ops/op.ts). */
export const ACTIVATION_OPS = defineOps('activation', {
  relu: {
    fn: relu,
    call: (xs) => relu(real(xs)),
    kernel: activationKernel('OP_RELU'),
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // grad = g where x > 0, else 0 (0 at the kink, as PyTorch); the mask relu(sign x) is a constant for autodiff
    vjp: (g, { inputs: [x] }) => [ops.mul(g, positiveMask(x))],
  },
  leakyRelu: {
    fn: leakyRelu,
    call: (xs, { slope }: { slope?: number }) => leakyRelu(real(xs), slope),
    kernel: activationKernel('OP_LEAKY_RELU'),
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // grad = g where x > 0, slope · g elsewhere (PyTorch): the factor slope + (1 − slope) · [x > 0]
    vjp: (g, { inputs: [x], saved: slope }: VjpContext<number>) => {
      const factor = noGrad(() => ops.add(ops.scale(positiveMask(x), 1 - slope), full([], slope)));
      return [ops.mul(g, factor)];
    },
  },
  sigmoid: {
    fn: sigmoid,
    call: (xs) => sigmoid(real(xs)),
    kernel: activationKernel('OP_SIGMOID'),
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // σ′ = σ (1 − σ), from the output
    vjp: (g, { out }) => [ops.mul(g, ops.mul(out, ops.sub(full([], 1), out)))],
  },
  tanh: {
    fn: tanh,
    call: (xs) => tanh(real(xs)),
    kernel: activationKernel('OP_TANH'),
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // tanh′ = 1 − tanh², from the output
    vjp: (g, { out }) => [ops.mul(g, ops.sub(full([], 1), ops.mul(out, out)))],
  },
});
