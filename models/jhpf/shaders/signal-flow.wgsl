// DL-JHPF signal flow simulator, paper 000 eq. (5), per batch element b:
//   u = F_BB x [N_t^RF],  s = F_RF u [N_t],  y = √P H s + n [N_r],  z = W_RFᴴ y [N_r^RF],  r = W_BBᴴ z [N_s]
// and its closed-form VJP (eqs. (21)–(23) for W_BB, the r terms of (29)–(30) for F_RF and W_RF, F_BB like (22)–(23)).
// PyTorch convention grad = ∂L/∂Re + j ∂L/∂Im, equal to the paper's real-part form; g = grad_r [B, N_s]:
//   gz = W_BB g,  grad_W_BB = z gᴴ,  gy = W_RF gz,  grad_W_RF = y gzᴴ,  gs = √P Hᴴ gy,
//   grad_F_RF = gs uᴴ,  grad_F_BB = F_RFᴴ gs xᴴ,  grad_H = √P gy sᴴ
// Host: models/jhpf/closed-form/signal-flow.ts. Forward: transmit (s, saved), receive (y, saved), combine (r).
// Backward: backward_rx (grad_W_BB; gy and the grad_W_RF rows), backward_tx (gs and the grad_F_RF rows; grad_H),
// backward_bb (grad_F_BB). Ranges are empty when the host does not want that gradient.
//! include lib/complex.wgsl
//! include lib/index.wgsl

override WG: u32 = 64;

struct Params {
  batch: u32,
  nr: u32,
  nt: u32,
  nrf_r: u32,
  nrf_t: u32,
  ns: u32,
  // √P, P the transmit power (eq. (3))
  sqrt_p: f32,
  // forward entries: invocations
  n_out: u32,
  // backward ranges and flags
  n_wbb: u32,
  n_y: u32,
  want_w: u32,
  n_s: u32,
  want_f: u32,
  n_h: u32,
  n_fbb: u32,
}

// complex tensors are bound as array<vec2<f32>> (one (re, im) pair per element)
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> h: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> f: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> fbb: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read> w: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read> wbb: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read> x: array<vec2<f32>>;
@group(0) @binding(7) var<storage, read> noise: array<vec2<f32>>;
@group(0) @binding(8) var<storage, read_write> tx: array<vec2<f32>>;
@group(0) @binding(9) var<storage, read> tx_saved: array<vec2<f32>>;
@group(0) @binding(10) var<storage, read_write> y: array<vec2<f32>>;
@group(0) @binding(11) var<storage, read> y_saved: array<vec2<f32>>;
@group(0) @binding(12) var<storage, read_write> r: array<vec2<f32>>;
@group(0) @binding(13) var<storage, read> g: array<vec2<f32>>;
@group(0) @binding(14) var<storage, read_write> gy: array<vec2<f32>>;
@group(0) @binding(15) var<storage, read> gy_saved: array<vec2<f32>>;
@group(0) @binding(16) var<storage, read_write> gs: array<vec2<f32>>;
@group(0) @binding(17) var<storage, read> gs_saved: array<vec2<f32>>;
@group(0) @binding(18) var<storage, read_write> grad_f: array<vec2<f32>>;
@group(0) @binding(19) var<storage, read_write> grad_fbb: array<vec2<f32>>;
@group(0) @binding(20) var<storage, read_write> grad_w: array<vec2<f32>>;
@group(0) @binding(21) var<storage, read_write> grad_wbb: array<vec2<f32>>;
@group(0) @binding(22) var<storage, read_write> grad_h: array<vec2<f32>>;

fn load_h(b: u32, i: u32, t: u32) -> vec2<f32> {
  return h[(b * params.nr + i) * params.nt + t];
}

fn load_f(b: u32, t: u32, j: u32) -> vec2<f32> {
  return f[(b * params.nt + t) * params.nrf_t + j];
}

fn load_fbb(b: u32, j: u32, k: u32) -> vec2<f32> {
  return fbb[(b * params.nrf_t + j) * params.ns + k];
}

fn load_w(b: u32, i: u32, l: u32) -> vec2<f32> {
  return w[(b * params.nr + i) * params.nrf_r + l];
}

fn load_wbb(b: u32, l: u32, k: u32) -> vec2<f32> {
  return wbb[(b * params.nrf_r + l) * params.ns + k];
}

fn load_x(b: u32, k: u32) -> vec2<f32> {
  return x[b * params.ns + k];
}

fn load_g(b: u32, k: u32) -> vec2<f32> {
  return g[b * params.ns + k];
}

fn load_y(b: u32, i: u32) -> vec2<f32> {
  return y_saved[b * params.nr + i];
}

fn load_tx(b: u32, t: u32) -> vec2<f32> {
  return tx_saved[b * params.nt + t];
}

fn load_gy(b: u32, i: u32) -> vec2<f32> {
  return gy_saved[b * params.nr + i];
}

fn load_gs(b: u32, t: u32) -> vec2<f32> {
  return gs_saved[b * params.nt + t];
}

// u_j = (F_BB x)_j
fn digital(b: u32, j: u32) -> vec2<f32> {
  var acc = vec2<f32>(0.0, 0.0);
  for (var k = 0u; k < params.ns; k++) {
    acc += cmul(load_fbb(b, j, k), load_x(b, k));
  }
  return acc;
}

// z_l = (W_RFᴴ y)_l
fn combined(b: u32, l: u32) -> vec2<f32> {
  var acc = vec2<f32>(0.0, 0.0);
  for (var i = 0u; i < params.nr; i++) {
    acc += cmul(cconj(load_w(b, i, l)), load_y(b, i));
  }
  return acc;
}

// gz_l = (W_BB g)_l
fn combined_grad(b: u32, l: u32) -> vec2<f32> {
  var acc = vec2<f32>(0.0, 0.0);
  for (var k = 0u; k < params.ns; k++) {
    acc += cmul(load_wbb(b, l, k), load_g(b, k));
  }
  return acc;
}

// s[b, t] = Σ_j F_RF[b, t, j]·u_j   (eq. (3) without √P)
@compute @workgroup_size(WG)
fn transmit(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = linear_index(gid, nwg, WG);
  if (e >= params.n_out) { return; }
  let t = e % params.nt;
  let b = e / params.nt;
  var acc = vec2<f32>(0.0, 0.0);
  for (var j = 0u; j < params.nrf_t; j++) {
    acc += cmul(load_f(b, t, j), digital(b, j));
  }
  tx[e] = acc;
}

// y[b, i] = √P Σ_t H[b, i, t]·s[b, t] + n[b, i]   (eq. (4))
@compute @workgroup_size(WG)
fn receive(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = linear_index(gid, nwg, WG);
  if (e >= params.n_out) { return; }
  let i = e % params.nr;
  let b = e / params.nr;
  var acc = vec2<f32>(0.0, 0.0);
  for (var t = 0u; t < params.nt; t++) {
    acc += cmul(load_h(b, i, t), load_tx(b, t));
  }
  y[e] = params.sqrt_p * acc + noise[e];
}

// r[b, k] = Σ_l conj(W_BB[b, l, k])·z_l   (eq. (5))
@compute @workgroup_size(WG)
fn combine(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = linear_index(gid, nwg, WG);
  if (e >= params.n_out) { return; }
  let k = e % params.ns;
  let b = e / params.ns;
  var acc = vec2<f32>(0.0, 0.0);
  for (var l = 0u; l < params.nrf_r; l++) {
    acc += cmul(cconj(load_wbb(b, l, k)), combined(b, l));
  }
  r[e] = acc;
}

@compute @workgroup_size(WG)
fn backward_rx(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var e = linear_index(gid, nwg, WG);
  if (e < params.n_wbb) {
    // grad_W_BB[b, l, k] = z_l·conj(g_k)   (eqs. (22)–(23))
    let k = e % params.ns;
    let l = (e / params.ns) % params.nrf_r;
    let b = e / (params.ns * params.nrf_r);
    grad_wbb[e] = cmulconj(combined(b, l), load_g(b, k));
    return;
  }
  e -= params.n_wbb;
  if (e < params.n_y) {
    // gy[b, i] = Σ_l W_RF[b, i, l]·gz_l; row i of grad_W_RF: y_i·conj(gz_l)
    let i = e % params.nr;
    let b = e / params.nr;
    let yi = load_y(b, i);
    var acc = vec2<f32>(0.0, 0.0);
    for (var l = 0u; l < params.nrf_r; l++) {
      let gz = combined_grad(b, l);
      acc += cmul(load_w(b, i, l), gz);
      if (params.want_w != 0u) {
        grad_w[e * params.nrf_r + l] = cmulconj(yi, gz);
      }
    }
    gy[e] = acc;
  }
}

@compute @workgroup_size(WG)
fn backward_tx(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var e = linear_index(gid, nwg, WG);
  if (e < params.n_s) {
    // gs[b, t] = √P Σ_i conj(H[b, i, t])·gy_i; row t of grad_F_RF: gs_t·conj(u_j)
    let t = e % params.nt;
    let b = e / params.nt;
    var acc = vec2<f32>(0.0, 0.0);
    for (var i = 0u; i < params.nr; i++) {
      acc += cmul(cconj(load_h(b, i, t)), load_gy(b, i));
    }
    acc *= params.sqrt_p;
    gs[e] = acc;
    if (params.want_f != 0u) {
      for (var j = 0u; j < params.nrf_t; j++) {
        grad_f[e * params.nrf_t + j] = cmulconj(acc, digital(b, j));
      }
    }
    return;
  }
  e -= params.n_s;
  if (e < params.n_h) {
    // grad_H[b, i, t] = √P·gy_i·conj(s_t)
    let t = e % params.nt;
    let i = (e / params.nt) % params.nr;
    let b = e / (params.nt * params.nr);
    grad_h[e] = params.sqrt_p * cmulconj(load_gy(b, i), load_tx(b, t));
  }
}

// grad_F_BB[b, j, k] = (Σ_t conj(F_RF[b, t, j])·gs_t)·conj(x_k)
@compute @workgroup_size(WG)
fn backward_bb(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = linear_index(gid, nwg, WG);
  if (e >= params.n_fbb) { return; }
  let k = e % params.ns;
  let j = (e / params.ns) % params.nrf_t;
  let b = e / (params.ns * params.nrf_t);
  var acc = vec2<f32>(0.0, 0.0);
  for (var t = 0u; t < params.nt; t++) {
    acc += cmul(cconj(load_f(b, t, j)), load_gs(b, t));
  }
  grad_fbb[e] = cmulconj(acc, load_x(b, k));
}
