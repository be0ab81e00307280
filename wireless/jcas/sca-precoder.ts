/**
 * Fully digital JCAS precoder, the first stage of the SCA-ManOpt baseline of paper 002 (§IV, its ref. [32]):
 *   max_X  f(X) = R(X) − ω τ(X),   R = Σ_k log2(1 + |h_kᴴx_k|² / (Σ_{j≠k}|h_kᴴx_j|² + σ_n²)) (eq. (2) with F W → X),
 *          τ(X) = ‖X Xᴴ − Ψ‖_F² (eq. (3)),   s.t. ‖X‖_F² = P_BS,   X [N, K], H [K, N] with row k = h_kᴴ.
 *
 * Reconstruction: successive convex approximation as minorize–maximize, every surrogate solved in closed form (the
 * paper's ref. [32] solves SOCP surrogates with CVX; here no conic solver is needed). At the iterate X⁰, with
 * a_k = h_kᴴx⁰_k, b_k = Σ_{j≠k}|h_kᴴx⁰_j|² + σ_n², ξ = 1/ln 2:
 *   rate minorant (the WMMSE bound, tight with equal gradient at X⁰, valid for every X):
 *     log2(1 + |a|²/b) ≥ const + ξ[2 Re(a_k* h_kᴴx_k)/b_k − c_k Σ_j |h_kᴴx_j|²],  c_k = |a_k|² / (b_k(b_k + |a_k|²))
 *     → ξ[2 Re tr(Dᴴ H X) − tr(Xᴴ A X)],  D = diag(a_k/b_k),  A = Hᴴ diag(c_k) H  (concave quadratic)
 *   τ majorant (first order plus a proximal term):
 *     τ(X) ≤ τ(X⁰) + 2 Re tr(Gᴴ(X − X⁰)) + ρ‖X − X⁰‖_F²,   G = ∂τ/∂X* = 2(X⁰X⁰ᴴ − Ψ)X⁰
 *     valid for ρ ≥ 6 P_BS on the ball ‖X‖_F² ≤ P_BS (τ'' ≤ 12‖X‖₂²‖Δ‖² there, as Ψ ⪰ 0); ρ is adapted by
 *     backtracking (halved after an accepted step, doubled while τ(X) exceeds the majorant, capped at 6 P_BS), so
 *     every accepted step satisfies the majorization at the new point and f never decreases.
 *   surrogate maximization on the sphere ‖X‖_F² = P_BS, where ρ‖X − X⁰‖² = const − 2ρ Re tr(X⁰ᴴX):
 *     max 2 Re tr(Bᴴ X) − ξ tr(Xᴴ A X),  B = ξ Hᴴ D − ω G + ω ρ X⁰
 *     → X = (ξ A + ν I)⁻¹ B with the unique ν > 0 giving ‖X‖_F² = P_BS (a trust-region secular equation; A has
 *       rank K < N, so ν > 0 is the global-optimality condition), solved by bisection in the K-dimensional
 *       eigenbasis of A (SVD of diag(c)^{1/2} H) plus its orthogonal complement.
 * Stops when |Δf| ≤ tolerance·max(1, |f|) or after maxIterations. Starts from ZF scaled to ‖X‖_F² = P_BS unless
 * X0 is given.
 */
import { zeroForcing } from '../baselines/zero-forcing.js';
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';
import { frobeniusNorm2 } from '../linalg/reductions.js';
import { svd } from '../linalg/svd.js';
import { covarianceMismatch } from '../metrics/beampattern.js';
import { sumRate } from '../metrics/sum-rate.js';
import { JcasArgumentError } from './errors.js';

export interface ScaPrecoderOptions {
  /** P_BS (linear) */
  readonly power: number;
  /** σ_n²; default 1 */
  readonly noiseVariance?: number;
  /** ω ≥ 0, weight of τ; default 0.3 */
  readonly omega?: number;
  /** iteration cap; default 2000 */
  readonly maxIterations?: number;
  /** relative objective change that stops the iteration; default 1e−6 */
  readonly tolerance?: number;
  /** start [N, K]; default ZF with ‖X‖_F² = P_BS; rescaled to the sphere */
  readonly X0?: CMatrix;
}

export interface ScaPrecoderResult {
  /** [N, K], ‖X‖_F² = P_BS */
  readonly X: CMatrix;
  /** R(X) − ω τ(X) */
  readonly objective: number;
  readonly rate: number;
  readonly tau: number;
  /** the same at the start */
  readonly initialObjective: number;
  readonly iterations: number;
}

/** The JCAS objective R(X) − ω‖X Xᴴ − Ψ‖_F² (paper 002 eq. (5a) with F W → X). */
export function jcasObjective(H: CMatrix, X: CMatrix, Psi: CMatrix, noiseVariance: number, omega: number): number {
  return sumRate(H, X, noiseVariance) - omega * covarianceMismatch(X, Psi);
}

export function scaJcasPrecoder(H: CMatrix, Psi: CMatrix, options: ScaPrecoderOptions): ScaPrecoderResult {
  const op = 'scaJcasPrecoder';
  const { power: P, noiseVariance: s2 = 1, omega = 0.3, maxIterations = 2000, tolerance = 1e-6 } = options;
  const K = H.rows;
  const N = H.cols;
  if (K < 1 || K >= N) throw new JcasArgumentError(`${op}: H must be K × N with 1 ≤ K < N; got ${K}×${N}`);
  if (Psi.rows !== N || Psi.cols !== N) throw new JcasArgumentError(`${op}: Ψ must be ${N}×${N}; got ${Psi.rows}×${Psi.cols}`);
  if (!(P > 0)) throw new JcasArgumentError(`${op}: expected P_BS > 0; got ${P}`);
  if (!(s2 > 0)) throw new JcasArgumentError(`${op}: expected σ_n² > 0; got ${s2}`);
  if (!(omega >= 0)) throw new JcasArgumentError(`${op}: expected ω ≥ 0; got ${omega}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new JcasArgumentError(`${op}: maxIterations must be an integer ≥ 0; got ${maxIterations}`);
  }
  if (!(tolerance >= 0)) throw new JcasArgumentError(`${op}: expected tolerance ≥ 0; got ${tolerance}`);
  if (options.X0 && (options.X0.rows !== N || options.X0.cols !== K)) {
    throw new JcasArgumentError(`${op}: X0 must be ${N}×${K}; got ${options.X0.rows}×${options.X0.cols}`);
  }
  const xi = 1 / Math.LN2;
  const rhoMax = 6 * P;
  let X = toSphere(options.X0 ?? zeroForcing(H, P), P);
  let tau = covarianceMismatch(X, Psi);
  let rate = sumRate(H, X, s2);
  let objective = rate - omega * tau;
  const initialObjective = objective;
  let rho = rhoMax / 256;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const { B0, Hc } = rateSurrogate(H, X, s2, xi); // B0 = ξ Hᴴ D, A = Hcᴴ Hc
    const G = tauGradient(X, Psi);
    const basis = surrogateBasis(Hc);
    let next: CMatrix | undefined;
    let nextTau: number;
    for (;;) {
      const B = cmatrix(N, K);
      for (let i = 0; i < B.data.length; i++) B.data[i] = B0.data[i] - omega * G.data[i] + omega * rho * X.data[i];
      const cand = solveOnSphere(basis, B, xi, P);
      const candTau = covarianceMismatch(cand, Psi);
      let lin = 0;
      let dist = 0;
      for (let i = 0; i < cand.data.length; i++) {
        const d = cand.data[i] - X.data[i];
        lin += G.data[i] * d; // Re tr(Gᴴ Δ) over interleaved pairs
        dist += d * d;
      }
      const majorant = tau + 2 * lin + rho * dist;
      if (omega === 0 || candTau <= majorant + 1e-12 * Math.max(1, tau) || rho >= rhoMax) {
        next = cand;
        nextTau = candTau;
        break;
      }
      rho = Math.min(2 * rho, rhoMax);
    }
    rho = Math.max(rho / 2, 1e-12 * rhoMax);
    const nextRate = sumRate(H, next, s2);
    const nextObjective = nextRate - omega * nextTau;
    const change = nextObjective - objective;
    X = next;
    tau = nextTau;
    rate = nextRate;
    objective = nextObjective;
    if (Math.abs(change) <= tolerance * Math.max(1, Math.abs(objective))) break;
  }
  return { X, objective, rate, tau, initialObjective, iterations };
}

function toSphere(X: CMatrix, P: number): CMatrix {
  const s = Math.sqrt(P / frobeniusNorm2(X));
  const out = cmatrix(X.rows, X.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = s * X.data[i];
  return out;
}

/** ξ Hᴴ D (D = diag(a_k/b_k)) and Hc = diag(c_k)^{1/2} H for the rate minorant at X. */
function rateSurrogate(H: CMatrix, X: CMatrix, s2: number, xi: number): { B0: CMatrix; Hc: CMatrix } {
  const K = H.rows;
  const N = H.cols;
  const Gk = matmul(H, X); // [K, K], (k, j) = h_kᴴ x_j
  const B0 = cmatrix(N, K);
  const Hc = cmatrix(K, N);
  for (let k = 0; k < K; k++) {
    let b = s2;
    for (let j = 0; j < K; j++) if (j !== k) b += Gk.data[2 * (k * K + j)] ** 2 + Gk.data[2 * (k * K + j) + 1] ** 2;
    const ar = Gk.data[2 * (k * K + k)];
    const ai = Gk.data[2 * (k * K + k) + 1];
    const a2 = ar * ar + ai * ai;
    const c = a2 / (b * (b + a2));
    const dr = ar / b;
    const di = ai / b;
    const sc = Math.sqrt(c);
    for (let n = 0; n < N; n++) {
      // column k of Hᴴ D is conj(row k of H)·d_k
      const hr = H.data[2 * (k * N + n)];
      const hi = -H.data[2 * (k * N + n) + 1];
      B0.data[2 * (n * K + k)] = xi * (hr * dr - hi * di);
      B0.data[2 * (n * K + k) + 1] = xi * (hr * di + hi * dr);
      Hc.data[2 * (k * N + n)] = sc * H.data[2 * (k * N + n)];
      Hc.data[2 * (k * N + n) + 1] = sc * H.data[2 * (k * N + n) + 1];
    }
  }
  return { B0, Hc };
}

/** ∂τ/∂X* = 2 (X Xᴴ − Ψ) X = 2 (X (Xᴴ X) − Ψ X), [N, K]. */
function tauGradient(X: CMatrix, Psi: CMatrix): CMatrix {
  const XtX = matmul(X, X, 'H', 'N');
  const a = matmul(X, XtX);
  const b = matmul(Psi, X);
  const out = cmatrix(X.rows, X.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = 2 * (a.data[i] - b.data[i]);
  return out;
}

interface SurrogateBasis {
  /** [N, K] orthonormal eigenvectors of A = Hcᴴ Hc with non-zero eigenvalues */
  readonly V: CMatrix;
  /** eigenvalues s_i² of A */
  readonly lambda: Float64Array;
}

function surrogateBasis(Hc: CMatrix): SurrogateBasis {
  const { S, V } = svd(Hc); // Hc = U S Vᴴ, V [N, K]
  return { V, lambda: Float64Array.from(S, (s) => s * s) };
}

/**
 * argmax_{‖X‖² = P} 2 Re tr(Bᴴ X) − ξ tr(Xᴴ A X) = (ξA + νI)⁻¹ B: with B = V Y + B⊥ (Y = Vᴴ B),
 * X(ν) = V diag(1/(ξλ_i + ν)) Y + B⊥/ν, ‖X(ν)‖² = Σ_i ‖y_i‖²/(ξλ_i + ν)² + ‖B⊥‖²/ν², decreasing in ν.
 */
function solveOnSphere(basis: SurrogateBasis, B: CMatrix, xi: number, P: number): CMatrix {
  const { V, lambda } = basis;
  const N = B.rows;
  const K = B.cols;
  const r = lambda.length;
  const Y = matmul(V, B, 'H', 'N'); // [r, K]
  const yNorm2 = new Float64Array(r);
  let yTotal = 0;
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < K; k++) yNorm2[i] += Y.data[2 * (i * K + k)] ** 2 + Y.data[2 * (i * K + k) + 1] ** 2;
    yTotal += yNorm2[i];
  }
  const perp2 = Math.max(0, frobeniusNorm2(B) - yTotal);
  const norm2 = (nu: number): number => {
    let s = perp2 / (nu * nu);
    for (let i = 0; i < r; i++) s += yNorm2[i] / (xi * lambda[i] + nu) ** 2;
    return s;
  };
  // ‖X(ν)‖² ≤ ‖B‖²/ν² and ≥ ‖B⊥‖²/ν²: the root lies in [‖B⊥‖/√P, ‖B‖/√P].
  let hi = Math.sqrt(frobeniusNorm2(B) / P);
  let lo = Math.max(Math.sqrt(perp2 / P), hi * 1e-15);
  if (!(hi > 0)) throw new JcasArgumentError('scaJcasPrecoder: the surrogate has a zero linear term; expected B ≠ 0');
  for (let it = 0; it < 200 && hi - lo > 1e-14 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (norm2(mid) > P) lo = mid;
    else hi = mid;
  }
  const nu = 0.5 * (lo + hi);
  // X = B/ν + V diag(1/(ξλ_i + ν) − 1/ν) Y
  const Z = cmatrix(r, K);
  for (let i = 0; i < r; i++) {
    const f = 1 / (xi * lambda[i] + nu) - 1 / nu;
    for (let k = 0; k < K; k++) {
      Z.data[2 * (i * K + k)] = f * Y.data[2 * (i * K + k)];
      Z.data[2 * (i * K + k) + 1] = f * Y.data[2 * (i * K + k) + 1];
    }
  }
  const VZ = matmul(V, Z);
  const X = cmatrix(N, K);
  for (let i = 0; i < X.data.length; i++) X.data[i] = B.data[i] / nu + VZ.data[i];
  return toSphere(X, P); // removes the bisection's residual norm error (≤ 1e−14 relative)
}
