// The body of shaders/optim/adam-group.wgsl (T = f32: one invocation per word) and adam-group4.wgsl (T = vec4<f32>:
// one invocation per four words, for parameters whose word count is a multiple of 4). Adam / AdamW with the same
// order of operations as shaders/optim/adam.wgsl, over up to four parameters in one dispatch: elements [0, n0) of
// parameter 0, then n1 elements of parameter 1, … (elements are words or quads of words). WGSL cannot index bindings,
// so each slot has its own four bindings (16 storage buffers: the launcher uses these kernels only where the device
// allows that many) and a branch picks the slot. Unused slots are bound to a spare buffer with n = 0.
// The including file declares `alias T`.
//! include lib/index.wgsl

override DECOUPLED: bool = false;
override WG: u32 = 256;

struct Params {
  // elements (words, or quads of words) per slot
  n: vec4<u32>,
  beta1: f32,
  one_minus_beta1: f32,
  beta2: f32,
  one_minus_beta2: f32,
  eps: f32,
  weight_decay: f32,
  // per slot: 1 − lr·λ, lr / (1 − β1^t), √(1 − β2^t) (t: the slot's own step count)
  decay: vec4<f32>,
  step_size: vec4<f32>,
  bias_correction2_sqrt: vec4<f32>,
}

@group(0) @binding(0) var<storage, read_write> p0: array<T>;
@group(0) @binding(1) var<storage, read> g0: array<T>;
@group(0) @binding(2) var<storage, read_write> m0: array<T>;
@group(0) @binding(3) var<storage, read_write> v0: array<T>;
@group(0) @binding(4) var<storage, read_write> p1: array<T>;
@group(0) @binding(5) var<storage, read> g1: array<T>;
@group(0) @binding(6) var<storage, read_write> m1: array<T>;
@group(0) @binding(7) var<storage, read_write> v1: array<T>;
@group(0) @binding(8) var<storage, read_write> p2: array<T>;
@group(0) @binding(9) var<storage, read> g2: array<T>;
@group(0) @binding(10) var<storage, read_write> m2: array<T>;
@group(0) @binding(11) var<storage, read_write> v2: array<T>;
@group(0) @binding(12) var<storage, read_write> p3: array<T>;
@group(0) @binding(13) var<storage, read> g3: array<T>;
@group(0) @binding(14) var<storage, read_write> m3: array<T>;
@group(0) @binding(15) var<storage, read_write> v3: array<T>;
@group(0) @binding(16) var<uniform> params: Params;

struct Update {
  p: T,
  m: T,
  v: T,
}

// (p, m, v) after one step from (p, g, m, v) for slot s
fn adam(s: u32, p_in: T, g_in: T, m_in: T, v_in: T) -> Update {
  var p = p_in;
  var g = g_in;
  if (DECOUPLED) {
    p = p * params.decay[s];
  } else {
    g = g + params.weight_decay * p;
  }
  let mi = m_in * params.beta1 + g * params.one_minus_beta1;
  let vi = v_in * params.beta2 + params.one_minus_beta2 * g * g;
  let denom = sqrt(vi) / params.bias_correction2_sqrt[s] + params.eps;
  return Update(p - params.step_size[s] * mi / denom, mi, vi);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var i = linear_index(gid, nwg, WG);
  let n = params.n;
  if (i < n.x) {
    let r = adam(0u, p0[i], g0[i], m0[i], v0[i]);
    p0[i] = r.p; m0[i] = r.m; v0[i] = r.v;
    return;
  }
  i -= n.x;
  if (i < n.y) {
    let r = adam(1u, p1[i], g1[i], m1[i], v1[i]);
    p1[i] = r.p; m1[i] = r.m; v1[i] = r.v;
    return;
  }
  i -= n.y;
  if (i < n.z) {
    let r = adam(2u, p2[i], g2[i], m2[i], v2[i]);
    p2[i] = r.p; m2[i] = r.m; v2[i] = r.v;
    return;
  }
  i -= n.z;
  if (i < n.w) {
    let r = adam(3u, p3[i], g3[i], m3[i], v3[i]);
    p3[i] = r.p; m3[i] = r.m; v3[i] = r.v;
  }
}
