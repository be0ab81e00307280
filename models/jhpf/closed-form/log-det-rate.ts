/**
 * The unsupervised objective of the Phasor variant's analog pretraining: the rate of the equivalent channel,
 *
 *   log det(I + c·H_eq H_eqᴴ),  c = P/N_s,  H_eq = W_RFᴴ H F_RF [B, N_r^RF, N_t^RF]
 *
 * (the spectral efficiency log2 det(I + (SNR/N_s) Wᴴ H F Fᴴ Hᴴ W) of the PE-AltMin baseline, in nats, with F and W the
 * analog matrices alone). Unlike the beam gain ‖H_eq‖_F², it grows only logarithmically in each eigenvalue, so it pays
 * to serve N_s independent directions rather than one. Computed by a complex Cholesky factorization unrolled over the
 * N_r^RF rows (a handful of [B]-sized engine ops, differentiated by autodiff):
 *   d_j = A_jj − Σ_{k<j} |L_jk|²,  L_ij = (A_ij − Σ_{k<j} L_ik conj(L_jk)) / √d_j,  log det A = Σ_j ln d_j.
 */
import {
  abs2,
  add,
  clampedLog,
  conj,
  div,
  matmul,
  mul,
  ones,
  re,
  scale,
  sliceAxis,
  sqrt,
  sub,
  ShapeError,
  type Complex,
  type Real,
} from '../../../engine/index.js';

/** [B] f32: ln det(I + c·H_eq H_eqᴴ) per sample. */
export function logDetRate(Heq: Complex, c: number): Real {
  if (Heq.dtype !== 'c64' || Heq.rank !== 3) throw new ShapeError(`logDetRate: expected H_eq [B, n, m] c64; got [${Heq.shape.join(', ')}] ${Heq.dtype}`);
  const [B, n] = Heq.shape;
  const G = matmul(Heq, Heq, { opB: 'H' }); // [B, n, n]
  const at = (i: number, j: number): Complex => sliceAxis(sliceAxis(G, 1, i, i + 1), 2, j, j + 1).reshape([B]);
  const L: Complex[][] = Array.from({ length: n }, () => []);
  const invSqrt: Real[] = [];
  let total: Real | null = null;
  for (let j = 0; j < n; j++) {
    let d: Real = add(scale(re(at(j, j)), c), ones([B]));
    for (let k = 0; k < j; k++) d = sub(d, abs2(L[j][k]));
    const logD = clampedLog(d);
    total = total ? add(total, logD) : logD;
    invSqrt[j] = div(ones([B]), sqrt(d));
    for (let i = j + 1; i < n; i++) {
      let a: Complex = scale(at(i, j), c);
      for (let k = 0; k < j; k++) a = sub(a, mul(L[i][k], conj(L[j][k])));
      L[i][j] = mul(a, invSqrt[j]);
    }
  }
  return total!;
}
