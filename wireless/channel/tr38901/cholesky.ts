/**
 * Lower Cholesky factor of a small real symmetric positive-definite matrix (row-major [n, n]), used to correlate the
 * large-scale parameters (TR 38.901 §7.5 step 4): s = L z, z ~ N(0, I), gives E[s sᵀ] = C.
 */
export function cholesky(c: ArrayLike<number>, n: number): Float64Array {
  if (c.length !== n * n) throw new RangeError(`cholesky: matrix must have n² = ${n * n} entries; got ${c.length}`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = c[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`cholesky: matrix is not positive definite; pivot ${i} is ${s}`);
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}
