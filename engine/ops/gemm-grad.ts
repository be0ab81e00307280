/**
 * VJP of C = op(A)·op(B) (PyTorch convention): with Ã = op(A), B̃ = op(B), grad_Ã = g·B̃ᴴ and grad_B̃ = Ãᴴ·g, mapped
 * back through each op with the GEMM's own op flags, so no transpose is materialized. The only op the flags cannot
 * express is a conjugate without transpose (needed when an operand was used with 'T'); it costs one conj.
 * Batch broadcasting is undone by summing (gradFor), and a real operand receives the real part.
 */
import { gradFor, cj } from '../autodiff/unbroadcast.js';
import type { Tensor } from '../tensor/tensor.js';
import { matmul, type MatOp } from './gemm.js';

/** op(X)ᴴ expressed as a flag on X, or null when it is conj(X) (no flag for that). */
function adjointFlag(op: MatOp): MatOp | null {
  return op === 'N' ? 'H' : op === 'H' ? 'N' : null;
}

export function matmulVjp(a: Tensor, b: Tensor, opA: MatOp, opB: MatOp, g: Tensor): [Tensor, Tensor] {
  // grad_A
  let gA: Tensor;
  if (opA === 'N') {
    const f = adjointFlag(opB);
    gA = f ? matmul(g, b, { opB: f }) : matmul(g, cj(b)); // g·op(B)ᴴ
  } else if (opA === 'H') {
    gA = matmul(b, g, { opA: opB, opB: 'H' }); // (g·op(B)ᴴ)ᴴ = op(B)·gᴴ
  } else {
    gA = cj(matmul(b, g, { opA: opB, opB: 'H' })); // (g·op(B)ᴴ)ᵀ = conj(op(B)·gᴴ)
  }
  // grad_B
  let gB: Tensor;
  if (opB === 'N') {
    const f = adjointFlag(opA);
    gB = f ? matmul(a, g, { opA: f }) : matmul(cj(a), g); // op(A)ᴴ·g
  } else if (opB === 'H') {
    gB = matmul(g, a, { opA: 'H', opB: opA }); // (op(A)ᴴ·g)ᴴ = gᴴ·op(A)
  } else {
    gB = cj(matmul(g, a, { opA: 'H', opB: opA })); // (op(A)ᴴ·g)ᵀ = conj(gᴴ·op(A))
  }
  return [gradFor(gA, a), gradFor(gB, b)];
}
