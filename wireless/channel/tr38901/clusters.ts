/**
 * Small-scale parameters of one link, TR 38.901 §7.5 steps 5–8 and 10 (channel-models.md §2), for NLOS links:
 * cluster delays, powers, angles, ray angles with random coupling, initial phases. Writes into a preallocated
 * workspace (no per-channel allocation).
 *
 * Deviations and choices, stated:
 *  - Clusters more than 25 dB below the strongest are dropped (step 6, optional in the standard, on by default).
 *  - `maxClusters` < N keeps only the strongest clusters (paper 000's reduced 3-cluster setting); angles still use the
 *    standard N's C_φ, C_θ (the clusters are drawn as the standard's N-cluster profile, then truncated).
 *  - Kept powers are renormalized to sum to 1, so E‖H‖_F² = N_t·N_r exactly (the standard's dropped clusters carry
 *    < 25 dB·N of the power; the truncation to a few clusters does not).
 *  - Random coupling (step 8) permutes the AOA, ZOA and ZOD ray offsets of each cluster against the AOD offsets;
 *    this has the same law as permuting all four sets independently (the sum over rays is order-free).
 *  - Single polarization (step 9 skipped): the polarization matrix reduces to one initial phase Φ_{n,m} ~ U(−π, π)
 *    per ray (step 10), isotropic elements.
 *  - Wideband sub-clusters (step 11, eq. (7.5-26), Table 7.5-5): the two strongest clusters split into three
 *    sub-clusters at delays τ_n + {0, 1.28, 2.56}·c_DS; only the delays of taps change, not the narrowband (f = 0) H.
 */
import type { Rng } from '../../random/rng.js';
import { LSP } from './large-scale.js';
import { RAYS_PER_CLUSTER, RAY_OFFSETS, SUB_CLUSTER_DELAY_FACTORS, SUB_CLUSTER_RAYS } from './ray-offsets.js';
import type { ScenarioParameters } from './scenario.js';

/** Line-of-sight directions of the link [deg] (global coordinates). */
export interface LosAngles {
  aodDeg: number;
  aoaDeg: number;
  zodDeg: number;
  zoaDeg: number;
}

export interface ClusterOptions {
  /** keep at most this many (strongest) clusters */
  maxClusters: number;
  /** drop clusters 25 dB below the strongest (step 6) */
  dropWeak: boolean;
  /** split the two strongest clusters into three delayed sub-clusters (step 11) */
  subClusters: boolean;
}

/** Workspace and output of `drawClusters`; rays are stored in tap order (tap p owns rays tapStart[p]…tapStart[p+1]−1). */
export interface ClusterDraw {
  /** kept clusters */
  clusters: number;
  /** per cluster (capacity N): delay [s], power (sum 1 over kept), mean angles [deg] */
  readonly tau: Float64Array;
  readonly power: Float64Array;
  readonly aod: Float64Array;
  readonly aoa: Float64Array;
  readonly zod: Float64Array;
  readonly zoa: Float64Array;
  /** taps (clusters, or sub-clusters of the two strongest) */
  taps: number;
  readonly tapDelay: Float64Array;
  readonly tapStart: Int32Array;
  /** rays in tap order */
  rays: number;
  readonly rayAod: Float64Array;
  readonly rayZod: Float64Array;
  readonly rayAoa: Float64Array;
  readonly rayZoa: Float64Array;
  /** per-ray amplitude √(P_n/M) and initial phase Φ [rad] */
  readonly rayAmp: Float64Array;
  readonly rayPhase: Float64Array;
  /** per-ray cluster index and the ray-offset indices m (into RAY_OFFSETS) used for AOD, AOA, ZOA, ZOD */
  readonly rayCluster: Int32Array;
  readonly rayOffAod: Int32Array;
  readonly rayOffAoa: Int32Array;
  readonly rayOffZoa: Int32Array;
  readonly rayOffZod: Int32Array;
  /** scratch */
  readonly scratch: Float64Array;
  readonly index: Int32Array;
  readonly permA: Int32Array;
  readonly permZA: Int32Array;
  readonly permZD: Int32Array;
}

export function clusterDraw(maxClustersTotal: number): ClusterDraw {
  const n = maxClustersTotal;
  const r = n * RAYS_PER_CLUSTER;
  const m = RAYS_PER_CLUSTER;
  return {
    clusters: 0,
    tau: new Float64Array(n),
    power: new Float64Array(n),
    aod: new Float64Array(n),
    aoa: new Float64Array(n),
    zod: new Float64Array(n),
    zoa: new Float64Array(n),
    taps: 0,
    tapDelay: new Float64Array(n + 4),
    tapStart: new Int32Array(n + 5),
    rays: 0,
    rayAod: new Float64Array(r),
    rayZod: new Float64Array(r),
    rayAoa: new Float64Array(r),
    rayZoa: new Float64Array(r),
    rayAmp: new Float64Array(r),
    rayPhase: new Float64Array(r),
    rayCluster: new Int32Array(r),
    rayOffAod: new Int32Array(r),
    rayOffAoa: new Int32Array(r),
    rayOffZoa: new Int32Array(r),
    rayOffZod: new Int32Array(r),
    scratch: new Float64Array(n),
    index: new Int32Array(n),
    permA: new Int32Array(m),
    permZA: new Int32Array(m),
    permZD: new Int32Array(m),
  };
}

/** Steps 5–8 and 10 for one NLOS link with large-scale parameters `lsp` (see large-scale.ts). */
export function drawClusters(p: ScenarioParameters, lsp: Float64Array, los: LosAngles, rng: Rng, out: ClusterDraw, options: ClusterOptions): void {
  const N = p.numClusters;
  const ds = lsp[LSP.DS];
  const rTau = p.rTau;
  const tau = out.tau;
  const pw = out.power;

  // Step 5: τ'_n = −r_τ DS ln X_n (eq. (7.5-1)); τ_n = sort(τ'_n − min τ') (eq. (7.5-2)).
  let minTau = Infinity;
  for (let n = 0; n < N; n++) {
    const t = -rTau * ds * Math.log(1 - rng.uniform());
    tau[n] = t;
    if (t < minTau) minTau = t;
  }
  for (let n = 0; n < N; n++) tau[n] -= minTau;
  insertionSort(tau, N);

  // Step 6: P'_n = exp(−τ_n (r_τ − 1)/(r_τ DS)) · 10^{−Z_n/10}, Z_n ~ N(0, ζ²) (eq. (7.5-5)); normalize (7.5-6).
  let total = 0;
  for (let n = 0; n < N; n++) {
    const z = p.zetaDb * rng.normal();
    const v = Math.exp((-tau[n] * (rTau - 1)) / (rTau * ds)) * 10 ** (-z / 10);
    pw[n] = v;
    total += v;
  }
  let maxP = 0;
  for (let n = 0; n < N; n++) {
    pw[n] /= total;
    if (pw[n] > maxP) maxP = pw[n];
  }

  // Keep: above −25 dB (optional), then the `maxClusters` strongest; delay order is preserved.
  const idx = out.index;
  let kept = 0;
  const floor = options.dropWeak ? maxP * 10 ** -2.5 : 0;
  for (let n = 0; n < N; n++) if (pw[n] >= floor) idx[kept++] = n;
  if (kept > options.maxClusters) {
    // Select the strongest by sorting kept indices by power (descending), then restore delay order.
    sortIndexBy(idx, kept, pw, -1);
    kept = options.maxClusters;
    idx.subarray(0, kept).sort(); // index order = delay order (τ is sorted)
  }
  let keptTotal = 0;
  for (let i = 0; i < kept; i++) {
    const n = idx[i];
    tau[i] = tau[n];
    pw[i] = pw[n];
    keptTotal += pw[i];
  }
  for (let i = 0; i < kept; i++) pw[i] /= keptTotal;
  out.clusters = kept;
  maxP = 0;
  for (let i = 0; i < kept; i++) if (pw[i] > maxP) maxP = pw[i];

  // Step 7: cluster angles, eqs. (7.5-9)–(7.5-16) (NLOS: no LOS-cluster alignment term).
  const asa = lsp[LSP.ASA];
  const asd = lsp[LSP.ASD];
  const zsa = lsp[LSP.ZSA];
  const zsd = lsp[LSP.ZSD];
  for (let i = 0; i < kept; i++) {
    const lnRatio = Math.log(pw[i] / maxP); // ≤ 0
    const azScale = (2 * Math.sqrt(-lnRatio)) / (1.4 * p.cPhi);
    const zeScale = -lnRatio / p.cTheta;
    out.aoa[i] = sign(rng) * azScale * asa + (asa / 7) * rng.normal() + los.aoaDeg;
    out.aod[i] = sign(rng) * azScale * asd + (asd / 7) * rng.normal() + los.aodDeg;
    out.zoa[i] = sign(rng) * zeScale * zsa + (zsa / 7) * rng.normal() + los.zoaDeg;
    out.zod[i] = sign(rng) * zeScale * zsd + (zsd / 7) * rng.normal() + los.zodDeg + p.zodOffsetDeg;
  }

  // Strongest two clusters for sub-clustering (step 11).
  let s1 = -1;
  let s2 = -1;
  if (options.subClusters) {
    for (let i = 0; i < kept; i++) {
      if (s1 < 0 || pw[i] > pw[s1]) {
        s2 = s1;
        s1 = i;
      } else if (s2 < 0 || pw[i] > pw[s2]) {
        s2 = i;
      }
    }
  }

  // Steps 7–8 and 10: ray angles (eqs. (7.5-13), (7.5-18), (7.5-20)), coupling, initial phases.
  const M = RAYS_PER_CLUSTER;
  const { permA, permZA, permZD } = out;
  const zodRay = zodRayDeg(p);
  const alpha = RAY_OFFSETS; // local alias: module bindings can cost a getter call per access under some loaders
  let ray = 0;
  let tap = 0;
  for (let i = 0; i < kept; i++) {
    shuffle(permA, rng);
    shuffle(permZA, rng);
    shuffle(permZD, rng);
    const amp = Math.sqrt(pw[i] / M);
    const split = i === s1 || i === s2;
    const groups = split ? SUB_CLUSTER_RAYS.length : 1;
    for (let g = 0; g < groups; g++) {
      out.tapStart[tap] = ray;
      out.tapDelay[tap] = tau[i] + (split ? SUB_CLUSTER_DELAY_FACTORS[g] * p.cDS : 0);
      tap++;
      const members = split ? SUB_CLUSTER_RAYS[g] : null;
      const count = members ? members.length : M;
      for (let j = 0; j < count; j++) {
        const m = members ? members[j] : j;
        out.rayCluster[ray] = i;
        out.rayOffAod[ray] = m;
        out.rayOffAoa[ray] = permA[m];
        out.rayOffZoa[ray] = permZA[m];
        out.rayOffZod[ray] = permZD[m];
        out.rayAod[ray] = out.aod[i] + p.cASD * alpha[m];
        out.rayAoa[ray] = out.aoa[i] + p.cASA * alpha[permA[m]];
        out.rayZoa[ray] = out.zoa[i] + p.cZSA * alpha[permZA[m]];
        out.rayZod[ray] = out.zod[i] + zodRay * alpha[permZD[m]];
        out.rayAmp[ray] = amp;
        out.rayPhase[ray] = Math.PI * (2 * rng.uniform() - 1);
        ray++;
      }
    }
  }
  out.tapStart[tap] = ray;
  out.taps = tap;
  out.rays = ray;
}

/** ZOD ray spread (3/8)·10^{μ_lgZSD} [deg], TR 38.901 eq. (7.5-20). */
export function zodRayDeg(p: ScenarioParameters): number {
  return (3 / 8) * 10 ** p.mu[LSP.ZSD];
}

function sign(rng: Rng): number {
  return rng.uniform() < 0.5 ? -1 : 1;
}

/** In-place Fisher–Yates shuffle of 0..len−1. */
function shuffle(perm: Int32Array, rng: Rng): void {
  const n = perm.length;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}

function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Sorts idx[0..n) by key[idx] ascending (dir 1) or descending (dir −1); stable insertion sort, n ≤ 25. */
function sortIndexBy(idx: Int32Array, n: number, key: Float64Array, dir: 1 | -1): void {
  for (let i = 1; i < n; i++) {
    const v = idx[i];
    const kv = dir * key[v];
    let j = i - 1;
    while (j >= 0 && dir * key[idx[j]] > kv) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}
