// DL-JHPF digital-precoder normalization, paper 000 eq. (17): F_BB = c·F̄_BB/‖F_RF F̄_BB‖_F with c = √N_s, per batch
// element, and its closed-form VJP (eqs. (24)–(27) in complex form). Host: models/jhpf/closed-form/normalize-precoder.ts.
//   bar = F̄_BB [B, N_t^RF, N_s], f = F_RF [B, N_t, N_t^RF], A = F_RF F̄_BB [B, N_t, N_s] (saved), s_b = ‖A_b‖_F.
// Gradients (PyTorch convention = the paper's real-part form; G = grad_F_BB, ρ_b = Re Σ conj(G_b)·F̄_b, κ_b = c·ρ_b/s_b³):
//   grad_F̄_BB = (c/s)·G − κ·F_RFᴴ A,   grad_F_RF = −κ·A F̄_BBᴴ
// Entries: mix (A), norm (s per batch element, saved), forward (F_BB); backward: kappa (κ per batch element), then
// backward (one dispatch, two index ranges: (b, j, k) for grad_F̄_BB, (b, t, j) for grad_F_RF).
//! include lib/complex.wgsl
//! include lib/index.wgsl

override WG: u32 = 64;

struct Params {
  batch: u32,
  nt: u32,
  // N_t^RF
  nrf: u32,
  ns: u32,
  // the target norm √N_s
  c: f32,
  n: u32,
  n_bar: u32,
  n_f: u32,
}

// complex tensors are bound as array<vec2<f32>> (one (re, im) pair per element)
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> bar: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> f: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> a: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read> a_saved: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> out: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read> g: array<vec2<f32>>;
@group(0) @binding(7) var<storage, read_write> grad_bar: array<vec2<f32>>;
@group(0) @binding(8) var<storage, read_write> grad_f: array<vec2<f32>>;
// per batch element: s (norm writes it, the others read the saved copy) and κ (kappa writes it, backward reads it)
@group(0) @binding(9) var<storage, read_write> norms: array<f32>;
@group(0) @binding(10) var<storage, read> norms_saved: array<f32>;
@group(0) @binding(11) var<storage, read_write> kappas: array<f32>;
@group(0) @binding(12) var<storage, read> kappas_saved: array<f32>;

fn load_bar(b: u32, j: u32, k: u32) -> vec2<f32> {
  return bar[(b * params.nrf + j) * params.ns + k];
}

fn load_f(b: u32, t: u32, j: u32) -> vec2<f32> {
  return f[(b * params.nt + t) * params.nrf + j];
}

fn load_a(b: u32, t: u32, k: u32) -> vec2<f32> {
  return a_saved[(b * params.nt + t) * params.ns + k];
}

fn load_g(b: u32, j: u32, k: u32) -> vec2<f32> {
  return g[(b * params.nrf + j) * params.ns + k];
}

// A[b, t, k] = Σ_j F_RF[b, t, j]·F̄_BB[b, j, k]
@compute @workgroup_size(WG)
fn mix(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = linear_index(gid, nwg, WG);
  if (e >= params.n) { return; }
  let k = e % params.ns;
  let t = (e / params.ns) % params.nt;
  let b = e / (params.ns * params.nt);
  var acc = vec2<f32>(0.0, 0.0);
  for (var j = 0u; j < params.nrf; j++) {
    acc += cmul(load_f(b, t, j), load_bar(b, j, k));
  }
  a[e] = acc;
}

// s_b = ‖A_b‖_F = ‖F_RF F̄_BB‖_F, one invocation per batch element
@compute @workgroup_size(WG)
fn norm(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = linear_index(gid, nwg, WG);
  if (b >= params.batch) { return; }
  var s2 = 0.0;
  for (var t = 0u; t < params.nt; t++) {
    for (var k = 0u; k < params.ns; k++) {
      s2 += cabs2(load_a(b, t, k));
    }
  }
  norms[b] = sqrt(s2);
}

// F_BB[b, j, k] = c·F̄_BB[b, j, k]/s_b   (eq. (17))
@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = linear_index(gid, nwg, WG);
  if (e >= params.n) { return; }
  let b = e / (params.nrf * params.ns);
  let v = (params.c / norms_saved[b]) * bar[e];
  out[e] = v;
}

// κ_b = c·Re⟨G_b, F̄_b⟩/s_b³, one invocation per batch element
@compute @workgroup_size(WG)
fn kappa(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = linear_index(gid, nwg, WG);
  if (b >= params.batch) { return; }
  var rho = 0.0;
  for (var j = 0u; j < params.nrf; j++) {
    for (var k = 0u; k < params.ns; k++) {
      let gj = load_g(b, j, k);
      let fj = load_bar(b, j, k);
      rho += gj.x * fj.x + gj.y * fj.y;
    }
  }
  let s = norms_saved[b];
  kappas[b] = params.c * rho / (s * s * s);
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var e = linear_index(gid, nwg, WG);
  if (e < params.n_bar) {
    // grad_F̄[b, j, k] = (c/s)·G[b, j, k] − κ·Σ_t conj(F_RF[b, t, j])·A[b, t, k]
    let k = e % params.ns;
    let j = (e / params.ns) % params.nrf;
    let b = e / (params.ns * params.nrf);
    var fa = vec2<f32>(0.0, 0.0);
    for (var t = 0u; t < params.nt; t++) {
      fa += cmul(cconj(load_f(b, t, j)), load_a(b, t, k));
    }
    let v = (params.c / norms_saved[b]) * load_g(b, j, k) - kappas_saved[b] * fa;
    grad_bar[e] = v;
    return;
  }
  e -= params.n_bar;
  if (e < params.n_f) {
    // grad_F_RF[b, t, j] = −κ·Σ_k A[b, t, k]·conj(F̄[b, j, k])
    let j = e % params.nrf;
    let t = (e / params.nrf) % params.nt;
    let b = e / (params.nrf * params.nt);
    var ab = vec2<f32>(0.0, 0.0);
    for (var k = 0u; k < params.ns; k++) {
      ab += cmulconj(load_a(b, t, k), load_bar(b, j, k));
    }
    let v = -kappas_saved[b] * ab;
    grad_f[e] = v;
  }
}
