/**
 * The test half of every registry entry, by op name: a missing op here does not compile (OpTests<OpName> requires
 * every name of engine/ops/registry.ts). One file per family, beside engine/ops/<family>.ts.
 */
import type { OpName } from '../../../../engine/index.js';
import { ACTIVATION_ROWS, SOFTMAX_ROWS } from './activation.js';
import { ELEMENTWISE_ROWS } from './elementwise.js';
import { GEMM_ROWS } from './gemm.js';
import { LAYOUT_ROWS } from './layout.js';
import { BCE_ROWS, CROSS_ENTROPY_ROWS, LOSS_POINTWISE_ROWS, MSE_ROWS } from './losses.js';
import { QUANTIZE_ROWS } from './quantize.js';
import { RANDOM_ROWS } from './random.js';
import { LINALG_SMALL_ROWS, REDUCE_ROWS } from './reduce.js';
import { SOLVE_ROWS } from './solve.js';
import type { OpTests } from './types.js';
import { UNARY_ROWS } from './unary.js';

export const OP_ROWS: OpTests<OpName> = {
  ...ELEMENTWISE_ROWS,
  ...UNARY_ROWS,
  ...ACTIVATION_ROWS,
  ...SOFTMAX_ROWS,
  ...REDUCE_ROWS,
  ...LINALG_SMALL_ROWS,
  ...LAYOUT_ROWS,
  ...GEMM_ROWS,
  ...SOLVE_ROWS,
  ...RANDOM_ROWS,
  ...QUANTIZE_ROWS,
  ...LOSS_POINTWISE_ROWS,
  ...BCE_ROWS,
  ...CROSS_ENTROPY_ROWS,
  ...MSE_ROWS,
};
