// DL-JHPF equivalent channel, paper 000 eq. (14): H_eq = W_RFᴴ H F_RF per batch element, and its closed-form VJP
// (the H_eq terms of eqs. (29)–(30)). Host: models/jhpf/closed-form/equivalent-channel.ts.
//   H [B, N_r, N_t], F = F_RF [B, N_t, N_t^RF], W = W_RF [B, N_r, N_r^RF], HF = H F_RF [B, N_r, N_t^RF] (saved),
//   H_eq [B, N_r^RF, N_t^RF]; c64 interleaved (re, im).
// Gradients (PyTorch convention grad = ∂L/∂Re + j ∂L/∂Im, which is the paper's real-part form (29)–(30); G = grad_H_eq):
//   grad_W = HF Gᴴ,  grad_F = Hᴴ W G,  grad_H = W G F_RFᴴ
// The forward (HF, H_eq) is two engine GEMMs on the host. Entries: backward_rx (two index ranges: (b, r, i) for grad_W,
// (b, r, j) for W G, kept for the next entry), backward ((b, t, j) for grad_F, (b, r, t) for grad_H). A range is empty
// when the host does not want that gradient.
//! include lib/complex.wgsl
//! include lib/index.wgsl

override WG: u32 = 64;

struct Params {
  batch: u32,
  nr: u32,
  nt: u32,
  // N_r^RF and N_t^RF
  nrf_r: u32,
  nrf_t: u32,
  // invocations of the index ranges
  n_w: u32,
  n_wg: u32,
  n_f: u32,
  n_h: u32,
}

// complex tensors are bound as array<vec2<f32>> (one (re, im) pair per element)
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> h: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> f: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> w: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read> hf_saved: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read> g: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read_write> grad_w: array<vec2<f32>>;
@group(0) @binding(7) var<storage, read_write> grad_f: array<vec2<f32>>;
@group(0) @binding(8) var<storage, read_write> grad_h: array<vec2<f32>>;
// W G [B, N_r, N_t^RF]: written by backward_rx, read by backward
@group(0) @binding(9) var<storage, read_write> w_g: array<vec2<f32>>;
@group(0) @binding(10) var<storage, read> w_g_saved: array<vec2<f32>>;

fn load_h(b: u32, r: u32, t: u32) -> vec2<f32> {
  return h[(b * params.nr + r) * params.nt + t];
}

fn load_f(b: u32, t: u32, j: u32) -> vec2<f32> {
  return f[(b * params.nt + t) * params.nrf_t + j];
}

fn load_w(b: u32, r: u32, i: u32) -> vec2<f32> {
  return w[(b * params.nr + r) * params.nrf_r + i];
}

fn load_g(b: u32, i: u32, j: u32) -> vec2<f32> {
  return g[(b * params.nrf_r + i) * params.nrf_t + j];
}

fn load_hf(b: u32, r: u32, j: u32) -> vec2<f32> {
  return hf_saved[(b * params.nr + r) * params.nrf_t + j];
}

fn load_wg(b: u32, r: u32, j: u32) -> vec2<f32> {
  return w_g_saved[(b * params.nr + r) * params.nrf_t + j];
}

@compute @workgroup_size(WG)
fn backward_rx(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var e = linear_index(gid, nwg, WG);
  if (e < params.n_w) {
    // grad_W[b, r, i] = Σ_j HF[b, r, j]·conj(G[b, i, j])
    let i = e % params.nrf_r;
    let r = (e / params.nrf_r) % params.nr;
    let b = e / (params.nrf_r * params.nr);
    var acc = vec2<f32>(0.0, 0.0);
    for (var j = 0u; j < params.nrf_t; j++) {
      acc += cmulconj(load_hf(b, r, j), load_g(b, i, j));
    }
    grad_w[e] = acc;
    return;
  }
  e -= params.n_w;
  if (e < params.n_wg) {
    // (W G)[b, r, j] = Σ_i W[b, r, i]·G[b, i, j]
    let j = e % params.nrf_t;
    let r = (e / params.nrf_t) % params.nr;
    let b = e / (params.nrf_t * params.nr);
    var acc = vec2<f32>(0.0, 0.0);
    for (var i = 0u; i < params.nrf_r; i++) {
      acc += cmul(load_w(b, r, i), load_g(b, i, j));
    }
    w_g[e] = acc;
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var e = linear_index(gid, nwg, WG);
  if (e < params.n_f) {
    // grad_F[b, t, j] = Σ_r conj(H[b, r, t])·(W G)[b, r, j]
    let j = e % params.nrf_t;
    let t = (e / params.nrf_t) % params.nt;
    let b = e / (params.nrf_t * params.nt);
    var acc = vec2<f32>(0.0, 0.0);
    for (var r = 0u; r < params.nr; r++) {
      acc += cmul(cconj(load_h(b, r, t)), load_wg(b, r, j));
    }
    grad_f[e] = acc;
    return;
  }
  e -= params.n_f;
  if (e < params.n_h) {
    // grad_H[b, r, t] = Σ_j (W G)[b, r, j]·conj(F_RF[b, t, j])
    let t = e % params.nt;
    let r = (e / params.nt) % params.nr;
    let b = e / (params.nt * params.nr);
    var acc = vec2<f32>(0.0, 0.0);
    for (var j = 0u; j < params.nrf_t; j++) {
      acc += cmulconj(load_wg(b, r, j), load_f(b, t, j));
    }
    grad_h[e] = acc;
  }
}
