// UPGANet's closed-form ascent directions, one workgroup per channel (host: models/upganet/closed-form/fused.ts;
// equations: the UPGANet paper's (10)–(13) as the authors' released code implements them, derivation in models/upganet/closed-form/composite.ts). Per channel b, with
// X = F W [N, K] and f = rate_scale·R + tau_scale·τ:
//   Z = ∂f/∂X* = rate_scale·ξ·Hᴴ D + tau_scale·2·(X (Xᴴ X) − Ψ X)   (Ψ Hermitian: Ψ X is read as Ψᴴ X)  [N, K]
//     G = H X [K, K], I_k = Σ_{j≠k} |g_kj|² + σ_n², S_k = I_k + |g_kk|²,
//     D_kj = g_kj (1/S_k − [j ≠ k]/I_k)  (exact Eqs. (10)–(11)),  D_kj = [j = k] g_kk / S_k  (SIMPLIFIED ∇_W R)
//   TARGET 0: out = Z Wᴴ [N, N_RF] (∇_F f, Eqs. (10), (12));  TARGET 1: out = Fᴴ Z [N_RF, K] (∇_W f, Eqs. (11), (13))
// Phases, separated by workgroup barriers, each a loop of the WG invocations over its items:
//   1. X = F W                         (N·P items, loop over N_RF)                   → shared sx
//   2. G = H X (RATE), Xᴴ X (TAU)      (K·P items each, loop over N)                 → shared sg, sxx
//   3. D from G, row by row (RATE)     (K items, loop over K)                        → sg, in place
//   4. Z, four columns per invocation  (N·P/4 items, loop over K (+ N for Ψ X))      → shared sz
//   5. the output                      (N·N_RF or N_RF·K items)
// The K-column matrices in workgroup memory have rows of P = 4·⌈K/4⌉ entries, zero beyond K, so that phase 4 — the
// O(N²·K) product Ψ X, the only quadratic work (no N × N matrix is formed) — loads each Ψ entry once per four
// columns. Limits: N·P ≤ MAX_NK and K·P ≤ MAX_KK (host-checked).
//! include lib/complex.wgsl

override WG: u32 = 64;
// the terms present in f (a weight of 0 skips its phases)
override RATE: bool = true;
override TAU: bool = true;
// the authors' simplified ∇_W R (used with TARGET 1 only)
override SIMPLIFIED: bool = false;
// 0: ∇_F f [N, N_RF]; 1: ∇_W f [N_RF, K]
override TARGET: u32 = 0u;

const MAX_NK: u32 = 768u;
const MAX_KK: u32 = 64u;
const XI: f32 = 1.4426950408889634;

struct Params {
  batch: u32,
  users: u32,
  antennas: u32,
  chains: u32,
  // elements between the Ψ of consecutive channels: N·N, or 0 for a Ψ shared by the batch
  psi_stride: u32,
  noise: f32,
  rate_scale: f32,
  tau_scale: f32,
}

// c64 tensors, array<vec2<f32>> (lib/complex.wgsl): H [B, K, N], F [B, N, N_RF], W [B, N_RF, K], Ψ [B or 1, N, N]
@group(0) @binding(0) var<storage, read> h: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> f: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> w: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> psi: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> out: array<vec2<f32>>;
@group(0) @binding(5) var<uniform> params: Params;

var<workgroup> sx: array<vec2<f32>, MAX_NK>;
var<workgroup> sz: array<vec2<f32>, MAX_NK>;
var<workgroup> sg: array<vec2<f32>, MAX_KK>;
var<workgroup> sxx: array<vec2<f32>, MAX_KK>;

// H[b, k, n], F[b, n, r], W[b, r, j], Ψ[b, n, m] (Ψ's batch stride is 0 when it is shared)
fn h_at(b: u32, k: u32, n: u32) -> vec2<f32> {
  return h[(b * params.users + k) * params.antennas + n];
}
fn f_at(b: u32, n: u32, r: u32) -> vec2<f32> {
  return f[(b * params.antennas + n) * params.chains + r];
}
fn w_at(b: u32, r: u32, j: u32) -> vec2<f32> {
  return w[(b * params.chains + r) * params.users + j];
}
fn psi_at(b: u32, n: u32, m: u32) -> vec2<f32> {
  return psi[b * params.psi_stride + n * params.antennas + m];
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  // one workgroup per channel; a 2-D grid folds batches beyond the per-dimension limit (the test is uniform)
  let b = wid.x + wid.y * nwg.x;
  if (b >= params.batch) { return; }
  let K = params.users;
  let N = params.antennas;
  let NRF = params.chains;
  // padded row length of sx, sg, sxx, sz
  let P = 4u * ((K + 3u) / 4u);
  let zero = vec2<f32>(0.0, 0.0);

  // 1. X = F W
  for (var t = lid; t < N * P; t += WG) {
    let n = t / P;
    let j = t % P;
    var acc = zero;
    if (j < K) {
      for (var r = 0u; r < NRF; r++) { acc += cmul(f_at(b, n, r), w_at(b, r, j)); }
    }
    sx[t] = acc;
  }
  workgroupBarrier();

  // 2. G = H X (g_kj = h_kᴴ x_j) and Xᴴ X
  for (var t = lid; t < K * P; t += WG) {
    let k = t / P;
    let j = t % P;
    if (RATE) {
      var acc = zero;
      for (var n = 0u; n < N; n++) { acc += cmul(h_at(b, k, n), sx[n * P + j]); }
      sg[t] = acc;
    }
    if (TAU) {
      var acc = zero;
      for (var n = 0u; n < N; n++) { acc += cmul(cconj(sx[n * P + k]), sx[n * P + j]); }
      sxx[t] = acc;
    }
  }
  workgroupBarrier();

  // 3. D, one row k per invocation (the padding stays zero)
  if (RATE) {
    for (var k = lid; k < K; k += WG) {
      // I_k summed over j ≠ k (not S_k − |g_kk|², which loses I_k's digits when the signal dominates)
      var i = params.noise;
      for (var j = 0u; j < K; j++) { i += select(cabs2(sg[k * P + j]), 0.0, j == k); }
      let s = i + cabs2(sg[k * P + k]);
      for (var j = 0u; j < K; j++) {
        let g = sg[k * P + j];
        if (SIMPLIFIED) {
          sg[k * P + j] = select(zero, g / s, j == k);
        } else {
          sg[k * P + j] = select(g / s - g / i, g / s, j == k);
        }
      }
    }
  }
  workgroupBarrier();

  // 4. Z = rate_scale·ξ·Hᴴ D + tau_scale·2·(X (Xᴴ X) − Ψ X), columns j0 … j0 + 3 of row n per invocation;
  //    n varies fastest across invocations, so H[k, n] and Ψ[m, n] are contiguous loads and X[m, j] a broadcast
  for (var t = lid; t < N * (P / 4u); t += WG) {
    let j0 = 4u * (t / N);
    let n = t % N;
    var z0 = zero;
    var z1 = zero;
    var z2 = zero;
    var z3 = zero;
    if (RATE) {
      var a0 = zero;
      var a1 = zero;
      var a2 = zero;
      var a3 = zero;
      for (var k = 0u; k < K; k++) {
        let hc = cconj(h_at(b, k, n));
        let d = k * P + j0;
        a0 += cmul(hc, sg[d]);
        a1 += cmul(hc, sg[d + 1u]);
        a2 += cmul(hc, sg[d + 2u]);
        a3 += cmul(hc, sg[d + 3u]);
      }
      let c = params.rate_scale * XI;
      z0 = c * a0;
      z1 = c * a1;
      z2 = c * a2;
      z3 = c * a3;
    }
    if (TAU) {
      var a0 = zero;
      var a1 = zero;
      var a2 = zero;
      var a3 = zero;
      for (var i = 0u; i < K; i++) {
        let x = sx[n * P + i];
        let q = i * P + j0;
        a0 += cmul(x, sxx[q]);
        a1 += cmul(x, sxx[q + 1u]);
        a2 += cmul(x, sxx[q + 2u]);
        a3 += cmul(x, sxx[q + 3u]);
      }
      // (Ψ X)[n, j] = Σ_m conj(Ψ[m, n]) X[m, j]: Ψ is Hermitian (a covariance; Theorem 1 assumes it)
      for (var m = 0u; m < N; m++) {
        let pc = cconj(psi_at(b, m, n));
        let q = m * P + j0;
        a0 -= cmul(pc, sx[q]);
        a1 -= cmul(pc, sx[q + 1u]);
        a2 -= cmul(pc, sx[q + 2u]);
        a3 -= cmul(pc, sx[q + 3u]);
      }
      let c = 2.0 * params.tau_scale;
      z0 += c * a0;
      z1 += c * a1;
      z2 += c * a2;
      z3 += c * a3;
    }
    let o = n * P + j0;
    sz[o] = z0;
    sz[o + 1u] = z1;
    sz[o + 2u] = z2;
    sz[o + 3u] = z3;
  }
  workgroupBarrier();

  // 5. ∇_F f = Z Wᴴ or ∇_W f = Fᴴ Z
  if (TARGET == 0u) {
    for (var t = lid; t < N * NRF; t += WG) {
      let n = t / NRF;
      let r = t % NRF;
      var acc = zero;
      for (var j = 0u; j < K; j++) { acc += cmulconj(sz[n * P + j], w_at(b, r, j)); }
      out[b * N * NRF + t] = acc;
    }
  } else {
    for (var t = lid; t < NRF * K; t += WG) {
      let r = t / K;
      let j = t % K;
      var acc = zero;
      for (var n = 0u; n < N; n++) { acc += cmul(cconj(f_at(b, n, r)), sz[n * P + j]); }
      out[b * NRF * K + t] = acc;
    }
  }
}
