/** matmul's VJP: every op-flag pair, real, complex and mixed operands, batch broadcasting; finite differences. */
import { describe, it } from 'vitest';
import { matmul, type MatOp } from '../../engine/ops/gemm.js';
import { gradcheck, gradgradcheck } from '../../engine/autodiff/gradcheck.js';
import type { DType } from '../../engine/index.js';
import { expectGradcheck, hostInput } from '../helpers/gradcheck.js';
import { useRuntime } from '../helpers/gpu.js';

useRuntime();

const [M, K, N] = [3, 5, 2];
/** stored shape of an operand whose op(X) is rows×cols */
const stored = (op: MatOp, rows: number, cols: number) => (op === 'N' ? [rows, cols] : [cols, rows]);

describe('matmul backward (finite differences)', () => {
  for (const opA of ['N', 'T', 'H'] as MatOp[]) {
    for (const opB of ['N', 'T', 'H'] as MatOp[]) {
      it(`c64 op(A)=${opA} op(B)=${opB}`, async () => {
        const a = hostInput({ shape: stored(opA, M, K), dtype: 'c64' }, 11);
        const b = hostInput({ shape: stored(opB, K, N), dtype: 'c64' }, 12);
        expectGradcheck(await gradcheck((x, y) => matmul(x, y, { opA, opB }), [a, b]), `matmul ${opA}${opB}`);
      });
    }
  }

  for (const [da, db] of [['f32', 'f32'], ['f32', 'c64'], ['c64', 'f32']] as Array<[DType, DType]>) {
    it(`${da} × ${db}, op(A)=T, op(B)=H`, async () => {
      const a = hostInput({ shape: stored('T', M, K), dtype: da }, 13);
      const b = hostInput({ shape: stored('H', K, N), dtype: db }, 14);
      expectGradcheck(await gradcheck((x, y) => matmul(x, y, { opA: 'T', opB: 'H' }), [a, b]), `matmul ${da}×${db}`);
    });
  }

  it('batch broadcasting: [2, 1, M, K] × [3, K, N] and an unbatched operand', async () => {
    const a = hostInput({ shape: [2, 1, M, K], dtype: 'c64' }, 15);
    const b = hostInput({ shape: [3, K, N], dtype: 'c64' }, 16);
    expectGradcheck(await gradcheck((x, y) => matmul(x, y), [a, b]), 'batched matmul');
    expectGradcheck(await gradcheck((x, y) => matmul(x, y, { opB: 'H' }), [a, hostInput({ shape: [N, K], dtype: 'c64' }, 18)]), 'unbatched B');
  });

  it('grad of grad', async () => {
    const a = hostInput({ shape: [M, K], dtype: 'c64' }, 19);
    const b = hostInput({ shape: [K, N], dtype: 'c64' }, 20);
    expectGradcheck(await gradgradcheck((x, y) => matmul(matmul(x, y), y, { opB: 'H' }), [a, b], { eps: 2e-3 }), 'matmul second order');
  });
});
