// Batched quadratic gain of a unit-modulus matrix, and its closed-form VJP (host: models/jhpf/closed-form/phase-quadratic-gain.ts):
//   F_b = c·e^{jΦ_b}  [N, M] (Φ shared by the batch, or one Φ_b per batch element),
//   y_b = h_bᴴ F_b w_b = Σ_i conj(h_bi) Σ_j F_bij w_bj,   G_b = |y_b|².
// Gradients (PyTorch convention, gG_b the real gradient of G_b; a_bi = (F_b w_b)_i, β_bj = (h_bᴴ F_b)_j):
//   grad_w_bj = 2·gG_b·y_b·conj(β_bj)
//   grad_h_bi = 2·gG_b·conj(y_b)·a_bi
//   grad_Φ_bij = Im(grad_F_bij·conj(F_bij)), grad_F_bij = 2·gG_b·y_b·h_bi·conj(w_bj)   (summed over b if Φ is shared)
// Entries, in the order the host runs them:
//   phases:   F = c·e^{jΦ}, one invocation per entry of Φ (shared Φ: N·M sin/cos in all, not B·N·M); F is saved
//   forward:  one invocation per batch element, a serial loop over N·M; writes G and saves y
//   backward: one dispatch whose invocations cover three index ranges in turn: (b, j) for grad_w (loop over i),
//             (b, i) for grad_h (loop over j), then (i, j) for shared Φ (loop over b) or rows (b, i) of a per-batch Φ
//             (loop over j).
//             A range is empty when the host does not want that gradient. It reads the saved F: no sin/cos.
//! include lib/complex.wgsl
//! include lib/index.wgsl

override WG: u32 = 64;
// Φ is [N, M], shared by every batch element; else [B, N, M]
override SHARED_PHASE: bool = true;

struct Params {
  batch: u32,
  rows: u32,
  cols: u32,
  // the modulus c of F's entries (phases only)
  c: f32,
  // phases: entries of Φ; backward: invocations of each range (0: gradient not wanted)
  n_phase: u32,
  n_w: u32,
  n_h: u32,
  n_phi: u32,
}

// c64 tensors are array<vec2<f32>> (lib/complex.wgsl)
@group(0) @binding(0) var<storage, read> phase: array<f32>;
@group(0) @binding(1) var<storage, read_write> unit: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> h: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read> unit_saved: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read> w: array<vec2<f32>>;
// forward outputs: G [B] f32 and y [B] c64
@group(0) @binding(6) var<storage, read_write> gain: array<f32>;
@group(0) @binding(7) var<storage, read_write> y: array<vec2<f32>>;
// backward inputs: gG [B] f32, the saved y [B] c64; outputs grad_h [B, N], grad_w [B, M] c64, grad_phi (Φ's shape) f32
@group(0) @binding(8) var<storage, read> g: array<f32>;
@group(0) @binding(9) var<storage, read> y_saved: array<vec2<f32>>;
@group(0) @binding(10) var<storage, read_write> grad_h: array<vec2<f32>>;
@group(0) @binding(11) var<storage, read_write> grad_w: array<vec2<f32>>;
@group(0) @binding(12) var<storage, read_write> grad_phi: array<f32>;


// e^{jφ} with φ reduced to [-π, π] first (Cody–Waite, as elementwise/unary.wgsl): GPU sin/cos are accurate only there.
@compute @workgroup_size(WG)
fn phases(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let k = linear_index(gid, nwg, WG);
  if (k >= params.n_phase) { return; }
  unit[k] = params.c * expj_reduced(phase[k]);
}

fn load_h(b: u32, i: u32) -> vec2<f32> {
  return h[b * params.rows + i];
}

fn load_w(b: u32, j: u32) -> vec2<f32> {
  return w[b * params.cols + j];
}

// F_b[i, j] from the saved F (batch b is ignored when Φ is shared)
fn load_f(b: u32, i: u32, j: u32) -> vec2<f32> {
  var k = i * params.cols + j;
  if (!SHARED_PHASE) { k += b * params.rows * params.cols; }
  return unit_saved[k];
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = linear_index(gid, nwg, WG);
  if (b >= params.batch) { return; }
  var acc = vec2<f32>(0.0, 0.0);
  for (var i = 0u; i < params.rows; i++) {
    var a = vec2<f32>(0.0, 0.0);
    for (var j = 0u; j < params.cols; j++) {
      a += cmul(load_f(b, i, j), load_w(b, j));
    }
    acc += cmul(cconj(load_h(b, i)), a);
  }
  gain[b] = cabs2(acc);
  y[b] = acc;
}

// 2·gG_b·y_b
fn scaled_y(b: u32) -> vec2<f32> {
  return 2.0 * g[b] * y_saved[b];
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var t = linear_index(gid, nwg, WG);
  if (t < params.n_w) {
    // grad_w[b, j] = 2·gG·y·conj(β_j), β_j = Σ_i conj(h_i)·F_ij
    let b = t / params.cols;
    let j = t % params.cols;
    var beta = vec2<f32>(0.0, 0.0);
    for (var i = 0u; i < params.rows; i++) {
      beta += cmul(cconj(load_h(b, i)), load_f(b, i, j));
    }
    grad_w[t] = cmulconj(scaled_y(b), beta);
    return;
  }
  t -= params.n_w;
  if (t < params.n_h) {
    // grad_h[b, i] = 2·gG·conj(y)·a_i, a_i = Σ_j F_ij·w_j
    let b = t / params.rows;
    let i = t % params.rows;
    var a = vec2<f32>(0.0, 0.0);
    for (var j = 0u; j < params.cols; j++) {
      a += cmul(load_f(b, i, j), load_w(b, j));
    }
    grad_h[t] = cmul(cconj(scaled_y(b)), a);
    return;
  }
  t -= params.n_h;
  if (t < params.n_phi) {
    // grad_Φ[i, j] = Im(conj(F_ij)·Σ_b 2·gG_b·y_b·h_bi·conj(w_bj))
    if (SHARED_PHASE) {
      // one invocation per (i, j), a loop over the batch (F_ij is common to it)
      let i = t / params.cols;
      let j = t % params.cols;
      var acc = vec2<f32>(0.0, 0.0);
      for (var b = 0u; b < params.batch; b++) {
        acc += cmulconj(cmul(scaled_y(b), load_h(b, i)), load_w(b, j));
      }
      grad_phi[t] = cmulconj(acc, load_f(0u, i, j)).y;
    } else {
      // one invocation per row (b, i), a loop over j: the index arithmetic (integer division is scalar on CPU
      // adapters) and 2·gG·y·h_bi are shared by the row
      let b = t / params.rows;
      let i = t % params.rows;
      let yh = cmul(scaled_y(b), load_h(b, i));
      let row = t * params.cols;
      for (var j = 0u; j < params.cols; j++) {
        grad_phi[row + j] = cmulconj(cmulconj(yh, load_w(b, j)), load_f(b, i, j)).y;
      }
    }
  }
}
