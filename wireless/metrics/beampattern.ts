import { ulaSteeringMatrix } from '../array/ula.js';
import type { CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';

/**
 * Transmit beampattern and its error measures for UPGANet (paper 002, the UPGANet paper's eqs. (3)–(4) and its MSE metric).
 *
 * P(θ) = ā(θ)ᴴ R ā(θ) with ā(θ) = [e^{jπ n sin θ}]_{n=0..N−1} (unnormalized half-wavelength ULA, positive exponent,
 * θ in radians from broadside) and R the N × N transmit covariance (R = F W Wᴴ Fᴴ for the hybrid design, Ψ for the
 * benchmark). Units: the same power units as R (divide by P_BS for the normalized pattern of the MSE metric).
 */
export function beampattern(R: CMatrix, anglesRad: ArrayLike<number>): Float64Array {
  if (R.rows !== R.cols) throw new RangeError(`beampattern: R must be square; got ${R.rows}×${R.cols}`);
  const A = steeringColumns(R.rows, anglesRad);
  const Y = matmul(R, A); // column t = R ā(θ_t)
  const T = anglesRad.length;
  const out = new Float64Array(T);
  // P_t = Re Σ_n conj(ā_n) y_n (real for Hermitian R; the imaginary round-off is dropped)
  for (let n = 0; n < R.rows; n++) {
    for (let t = 0; t < T; t++) {
      const i = 2 * (n * T + t);
      out[t] += A.data[i] * Y.data[i] + A.data[i + 1] * Y.data[i + 1];
    }
  }
  return out;
}

/**
 * P(θ) of the covariance R = X Xᴴ without forming it: P(θ) = Σ_k |ā(θ)ᴴ x_k|², X = F W (N × K).
 */
export function precoderBeampattern(X: CMatrix, anglesRad: ArrayLike<number>): Float64Array {
  const G = matmul(X, steeringColumns(X.rows, anglesRad), 'H', 'N'); // [K, T], G_kt = x_kᴴ ā(θ_t)
  const T = anglesRad.length;
  const out = new Float64Array(T);
  for (let k = 0; k < X.cols; k++) {
    for (let t = 0; t < T; t++) out[t] += G.data[2 * (k * T + t)] ** 2 + G.data[2 * (k * T + t) + 1] ** 2;
  }
  return out;
}

/** [N, T] matrix of ā(θ_t) = [e^{jπ n sin θ_t}] (unnormalized, half-wavelength, positive exponent). */
function steeringColumns(n: number, anglesRad: ArrayLike<number>): CMatrix {
  return ulaSteeringMatrix(n, anglesRad, { spacing: 0.5, sign: 1, normalize: false });
}

/** Element-wise mean of equally long patterns (P̄(θ): the designed pattern averaged over test channels first). */
export function meanBeampattern(patterns: readonly ArrayLike<number>[]): Float64Array {
  if (patterns.length === 0) throw new RangeError('meanBeampattern: need at least one pattern; got 0');
  const T = patterns[0].length;
  const out = new Float64Array(T);
  patterns.forEach((p, i) => {
    if (p.length !== T) throw new RangeError(`meanBeampattern: pattern ${i} has ${p.length} angles; expected ${T}`);
    for (let t = 0; t < T; t++) out[t] += p[t] / patterns.length;
  });
  return out;
}

/**
 * Beampattern MSE in dB (the UPGANet paper's metric): 10·log10 mean_θ |P(θ) − P_ref(θ)|². For UPGANet's figure, P is the
 * designed pattern ā ᴴ F W Wᴴ Fᴴ ā / P_BS averaged over test channels (meanBeampattern) and P_ref = āᴴ Ψ ā / P_BS.
 */
export function beampatternMseDb(pattern: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (pattern.length !== reference.length || pattern.length === 0) {
    throw new RangeError(`beampatternMseDb: patterns must be non-empty and equally long; got ${pattern.length} and ${reference.length}`);
  }
  let s = 0;
  for (let t = 0; t < pattern.length; t++) {
    const d = pattern[t] - reference[t];
    s += d * d;
  }
  return 10 * Math.log10(s / pattern.length);
}

/**
 * UPGANet's desired pattern P_d(θ) (the UPGANet paper's simulation settings): 1 within ±halfWidth of any target angle, else 0.
 * @param gridDeg angle grid in degrees (default use: −90 … 90 step 1, T = 181)
 * @param targetsDeg target directions in degrees (default −60, 0, 60)
 * @param halfWidthDeg default 2
 */
export function desiredBeampattern(gridDeg: ArrayLike<number>, targetsDeg: readonly number[] = [-60, 0, 60], halfWidthDeg = 2): Float64Array {
  const out = new Float64Array(gridDeg.length);
  for (let t = 0; t < gridDeg.length; t++) {
    for (const target of targetsDeg) if (Math.abs(gridDeg[t] - target) <= halfWidthDeg + 1e-12) out[t] = 1;
  }
  return out;
}

/** The default sensing grid θ = −90°, −89°, …, 90° (T = 181), in degrees. */
export function beampatternGridDeg(stepDeg = 1, fromDeg = -90, toDeg = 90): Float64Array {
  const n = Math.floor((toDeg - fromDeg) / stepDeg + 1e-9) + 1;
  return Float64Array.from({ length: n }, (_, i) => fromDeg + i * stepDeg);
}

/** UPGANet's sensing error τ = ‖X Xᴴ − Ψ‖_F², eq. (3) (no normalization), X = F W (N × K), Ψ (N × N). */
export function covarianceMismatch(X: CMatrix, Psi: CMatrix): number {
  const N = X.rows;
  const K = X.cols;
  if (Psi.rows !== N || Psi.cols !== N) {
    throw new RangeError(`covarianceMismatch: Ψ must be ${N}×${N} for X ${N}×${K}; got ${Psi.rows}×${Psi.cols}`);
  }
  const x = X.data;
  const p = Psi.data;
  let s = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < K; k++) {
        // x_ik · conj(x_jk)
        const ar = x[2 * (i * K + k)];
        const ai = x[2 * (i * K + k) + 1];
        const br = x[2 * (j * K + k)];
        const bi = x[2 * (j * K + k) + 1];
        re += ar * br + ai * bi;
        im += ai * br - ar * bi;
      }
      const dr = re - p[2 * (i * N + j)];
      const di = im - p[2 * (i * N + j) + 1];
      s += dr * dr + di * di;
    }
  }
  return s;
}
