/**
 * Test-local channel and codebook builders (the shared array/codebook/channel modules are developed separately).
 *
 * ULA response (El Ayach et al. 2014): a(θ) = (1/√N)[e^{−jπ n sin θ}], n = 0..N−1 (half-wavelength spacing).
 * Saleh–Valenzuela (El Ayach et al. 2014): H = √(N_t N_r/(N_cl N_ray)) Σ_i Σ_l α_il a_r(φ^r_il) a_t(φ^t_il)ᴴ,
 * α_il ~ CN(0, 1), cluster means ~ U[0, 2π), ray angles = mean + Laplacian(σ), so E‖H‖_F² = N_t N_r.
 * OFDM variant (paper 000 eq. (35) shape): cluster i has delay τ_i ~ U[0, maxDelay) samples and
 * H[k] = √(N_t N_r/(N_cl N_ray)) Σ α_il e^{−j2π τ_i k/K} a_r a_tᴴ.
 * DFT codebook: column i = a(θ_i), sin θ_i = −1 + 2i/B (orthonormal for B = N).
 * UPA (paper 001's UPA model): a(u, v) = a_h(u) ⊗ a_v(v), element m·N_v + n; DFT beam (i, j) has index i·B_v + j.
 * Sector trees: level l has G_l wide beams, wide beam g = normalized sum of the fine beams in the contiguous index
 * range [g·B/G_l, (g+1)·B/G_l); for an orthonormal fine codebook an on-grid path lights exactly one beam per level.
 */
import { cmatrix, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import type { Rng } from '../../../../wireless/random/rng.js';
import type { BeamTree } from '../../../../wireless/baselines/hierarchical-search.js';

export function ulaResponse(n: number, sinTheta: number): Float64Array {
  const a = new Float64Array(2 * n);
  const s = 1 / Math.sqrt(n);
  for (let m = 0; m < n; m++) {
    a[2 * m] = s * Math.cos(Math.PI * m * sinTheta);
    a[2 * m + 1] = -s * Math.sin(Math.PI * m * sinTheta);
  }
  return a;
}

/** [N, B] ULA DFT codebook. */
export function dftCodebook(n: number, beams = n): CMatrix {
  const C = cmatrix(n, beams);
  for (let i = 0; i < beams; i++) {
    const a = ulaResponse(n, -1 + (2 * i) / beams);
    for (let m = 0; m < n; m++) {
      C.data[2 * (m * beams + i)] = a[2 * m];
      C.data[2 * (m * beams + i) + 1] = a[2 * m + 1];
    }
  }
  return C;
}

export interface SvOptions {
  clusters?: number;
  rays?: number;
  spreadDeg?: number;
  /** subcarriers K; 1 = narrowband */
  subcarriers?: number;
  /** cluster delays drawn from U[0, maxDelay) samples */
  maxDelay?: number;
}

/** [K] channels H[k] [N_r, N_t] (one for narrowband). */
export function svChannel(rng: Rng, nt: number, nr: number, options: SvOptions = {}): CMatrix[] {
  const { clusters = 5, rays = 10, spreadDeg = 10, subcarriers = 1, maxDelay = 16 } = options;
  const spread = (spreadDeg * Math.PI) / 180;
  const gamma = Math.sqrt((nt * nr) / (clusters * rays));
  const H = Array.from({ length: subcarriers }, () => cmatrix(nr, nt));
  for (let i = 0; i < clusters; i++) {
    const meanT = rng.uniformIn(0, 2 * Math.PI);
    const meanR = rng.uniformIn(0, 2 * Math.PI);
    const tau = subcarriers > 1 ? rng.uniformIn(0, maxDelay) : 0;
    for (let l = 0; l < rays; l++) {
      const [gr, gi] = rng.complexNormal(1);
      const at = ulaResponse(nt, Math.sin(meanT + rng.laplacian(spread)));
      const ar = ulaResponse(nr, Math.sin(meanR + rng.laplacian(spread)));
      for (let k = 0; k < subcarriers; k++) {
        const ph = (-2 * Math.PI * tau * k) / subcarriers;
        const cr = gamma * (gr * Math.cos(ph) - gi * Math.sin(ph));
        const ci = gamma * (gr * Math.sin(ph) + gi * Math.cos(ph));
        const d = H[k].data;
        for (let r = 0; r < nr; r++) {
          // (c · a_r[r]) then times conj(a_t[t])
          const xr = cr * ar[2 * r] - ci * ar[2 * r + 1];
          const xi = cr * ar[2 * r + 1] + ci * ar[2 * r];
          for (let t = 0; t < nt; t++) {
            const tr = at[2 * t];
            const ti = -at[2 * t + 1];
            d[2 * (r * nt + t)] += xr * tr - xi * ti;
            d[2 * (r * nt + t) + 1] += xr * ti + xi * tr;
          }
        }
      }
    }
  }
  return H;
}

/** Kronecker a_h ⊗ a_v as an [N_h·N_v] interleaved vector. */
export function kron(a: Float64Array, b: Float64Array): Float64Array {
  const na = a.length / 2;
  const nb = b.length / 2;
  const out = new Float64Array(2 * na * nb);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      out[2 * (i * nb + j)] = a[2 * i] * b[2 * j] - a[2 * i + 1] * b[2 * j + 1];
      out[2 * (i * nb + j) + 1] = a[2 * i] * b[2 * j + 1] + a[2 * i + 1] * b[2 * j];
    }
  }
  return out;
}

/** [N_h·N_v, N_h·N_v] UPA DFT codebook, beam (i, j) = a_h(−1 + 2i/N_h) ⊗ a_v(−1 + 2j/N_v) at column i·N_v + j. */
export function upaDftCodebook(nh: number, nv: number): CMatrix {
  const n = nh * nv;
  const C = cmatrix(n, n);
  for (let i = 0; i < nh; i++) {
    for (let j = 0; j < nv; j++) {
      const a = kron(ulaResponse(nh, -1 + (2 * i) / nh), ulaResponse(nv, -1 + (2 * j) / nv));
      for (let m = 0; m < n; m++) {
        C.data[2 * (m * n + i * nv + j)] = a[2 * m];
        C.data[2 * (m * n + i * nv + j) + 1] = a[2 * m + 1];
      }
    }
  }
  return C;
}

/** Beam tree over `fine` [N, B] with groupCounts[l] wide beams at level l (coarse → fine, each dividing B). */
export function sectorTree(fine: CMatrix, groupCounts: readonly number[]): BeamTree {
  const B = fine.cols;
  const N = fine.rows;
  const levels = groupCounts.map((G) => {
    if (G === B) return fine;
    const W = cmatrix(N, G);
    const size = B / G;
    for (let g = 0; g < G; g++) {
      const w = new Float64Array(2 * N);
      for (let c = g * size; c < (g + 1) * size; c++) {
        for (let m = 0; m < N; m++) {
          w[2 * m] += fine.data[2 * (m * B + c)];
          w[2 * m + 1] += fine.data[2 * (m * B + c) + 1];
        }
      }
      let norm = 0;
      for (const x of w) norm += x * x;
      norm = Math.sqrt(norm);
      for (let m = 0; m < N; m++) {
        W.data[2 * (m * G + g)] = w[2 * m] / norm;
        W.data[2 * (m * G + g) + 1] = w[2 * m + 1] / norm;
      }
    }
    return W;
  });
  const children = groupCounts.slice(0, -1).map((G, l) => {
    const ratio = groupCounts[l + 1] / G;
    return Array.from({ length: G }, (_, g) => Array.from({ length: ratio }, (_, r) => g * ratio + r));
  });
  return { levels, children };
}

/** h [N, 1] = Σ_l g_l a_l for unit-norm steering vectors a_l (interleaved) and complex gains g_l. */
export function channelVector(paths: ReadonlyArray<{ gain: readonly [number, number]; a: Float64Array }>): CMatrix {
  const n = paths[0].a.length / 2;
  const h = cmatrix(n, 1);
  for (const {
    gain: [gr, gi],
    a,
  } of paths) {
    for (let m = 0; m < n; m++) {
      h.data[2 * m] += gr * a[2 * m] - gi * a[2 * m + 1];
      h.data[2 * m + 1] += gr * a[2 * m + 1] + gi * a[2 * m];
    }
  }
  return h;
}
