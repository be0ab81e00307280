/**
 * The op registry: every public op of the engine, one entry each (engine/ops/op.ts describes an entry), gathered from
 * the families' tables. Importing this module installs the ops' functions for the VJP rules (`ops` in op.ts);
 * engine/index.ts imports it.
 *
 * Driven from it: the meta-tests that compare it with engine/index.ts's exports and with the WGSL selector constants,
 * and the generated forward-vs-float64 and finite-difference tests (test/unit/engine/registry.test.ts, with the rows of
 * test/unit/engine/op-rows/).
 */
import { ACTIVATION_OPS } from './activation.js';
import { ELEMENTWISE_OPS } from './elementwise.js';
import { GEMM_OPS } from './gemm.js';
import { LAYOUT_OPS } from './layout.js';
import { LINALG_SMALL_OPS } from './linalg-small.js';
import type { Tensor } from '../tensor/tensor.js';
import { installOpFunctions, type Op, type OpFunctions } from './op.js';
import { QUANTIZE_OPS } from './quantize.js';
import { RANDOM_OPS } from './random.js';
import { REDUCE_OPS } from './reduce.js';
import { SOFTMAX_OPS } from './softmax.js';
import { SOLVE_OPS } from './solve.js';
import { UNARY_OPS } from './unary.js';
import { BCE_OPS } from '../losses/bce.js';
import { CROSS_ENTROPY_OPS } from '../losses/cross-entropy.js';
import { MSE_OPS } from '../losses/mse.js';
import { LOSS_POINTWISE_OPS } from '../losses/pointwise.js';

/** Every registered op by name. */
export const OP_REGISTRY = {
  ...ELEMENTWISE_OPS,
  ...UNARY_OPS,
  ...ACTIVATION_OPS,
  ...SOFTMAX_OPS,
  ...REDUCE_OPS,
  ...LINALG_SMALL_OPS,
  ...LAYOUT_OPS,
  ...GEMM_OPS,
  ...SOLVE_OPS,
  ...RANDOM_OPS,
  ...QUANTIZE_OPS,
  ...LOSS_POINTWISE_OPS,
  ...BCE_OPS,
  ...CROSS_ENTROPY_OPS,
  ...MSE_OPS,
} as const;

export type OpRegistry = typeof OP_REGISTRY;
export type OpName = keyof OpRegistry;
/** The attrs an op's `call` takes (undefined for an op without any). */
export type OpAttrs<K extends OpName> = OpRegistry[K] extends { call: (inputs: Tensor[], attrs: infer A) => Tensor } ? A : never;

/** The registered functions by name, for `ops` (each family declares the ones it offers in OpFunctions). */
const functions = Object.fromEntries(Object.entries(OP_REGISTRY as Record<string, Op>).map(([name, op]) => [name, op.fn])) as {
  [K in OpName]: OpRegistry[K]['fn'];
};
installOpFunctions(functions satisfies OpFunctions);

/** The registry's entries in a stable order (family, then name). */
export function registeredOps(): Op[] {
  return Object.values(OP_REGISTRY as Record<string, Op>).sort((a, b) => a.family.localeCompare(b.family) || a.name.localeCompare(b.name));
}
