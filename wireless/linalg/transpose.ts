/** Transposes of a CMatrix: Aᵀ and the conjugate (Hermitian) transpose Aᴴ. */
import { cmatrix, type CMatrix } from './cmatrix.js';

/** Aᵀ: [cols, rows]. */
export function transpose(a: CMatrix): CMatrix {
  return transposeImpl(a, 1);
}

/** Aᴴ = (A*)ᵀ: [cols, rows]. */
export function conjTranspose(a: CMatrix): CMatrix {
  return transposeImpl(a, -1);
}

function transposeImpl(a: CMatrix, imSign: 1 | -1): CMatrix {
  const out = cmatrix(a.cols, a.rows);
  for (let r = 0; r < a.rows; r++) {
    for (let c = 0; c < a.cols; c++) {
      const src = 2 * (r * a.cols + c);
      const dst = 2 * (c * a.rows + r);
      out.data[dst] = a.data[src];
      out.data[dst + 1] = imSign * a.data[src + 1];
    }
  }
  return out;
}
