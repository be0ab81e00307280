// Adam / AdamW (shaders/optim/adam.wgsl's update, the same order of operations) over up to four parameters in one
// dispatch: one invocation per float32 word of the group, words [0, n0) of parameter 0, then n1 words of
// parameter 1, … . WGSL cannot index bindings, so each slot has its own four bindings (16 storage buffers: the
// launcher uses this kernel only where the device allows that many) and a switch picks the slot. Unused slots are
// bound to a spare buffer with n = 0.
//! include lib/index.wgsl

override DECOUPLED: bool = false;
override WG: u32 = 256;

struct Params {
  // words per slot
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

@group(0) @binding(0) var<storage, read_write> p0: array<f32>;
@group(0) @binding(1) var<storage, read> g0: array<f32>;
@group(0) @binding(2) var<storage, read_write> m0: array<f32>;
@group(0) @binding(3) var<storage, read_write> v0: array<f32>;
@group(0) @binding(4) var<storage, read_write> p1: array<f32>;
@group(0) @binding(5) var<storage, read> g1: array<f32>;
@group(0) @binding(6) var<storage, read_write> m1: array<f32>;
@group(0) @binding(7) var<storage, read_write> v1: array<f32>;
@group(0) @binding(8) var<storage, read_write> p2: array<f32>;
@group(0) @binding(9) var<storage, read> g2: array<f32>;
@group(0) @binding(10) var<storage, read_write> m2: array<f32>;
@group(0) @binding(11) var<storage, read_write> v2: array<f32>;
@group(0) @binding(12) var<storage, read_write> p3: array<f32>;
@group(0) @binding(13) var<storage, read> g3: array<f32>;
@group(0) @binding(14) var<storage, read_write> m3: array<f32>;
@group(0) @binding(15) var<storage, read_write> v3: array<f32>;
@group(0) @binding(16) var<uniform> params: Params;

// (p, m, v) after one step from (p, g, m, v) for slot s
fn adam(s: u32, p_in: f32, g_in: f32, m_in: f32, v_in: f32) -> vec3<f32> {
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
  return vec3<f32>(p - params.step_size[s] * mi / denom, mi, vi);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var i = linear_index(gid, nwg, WG);
  let n = params.n;
  if (i < n.x) {
    let r = adam(0u, p0[i], g0[i], m0[i], v0[i]);
    p0[i] = r.x; m0[i] = r.y; v0[i] = r.z;
    return;
  }
  i -= n.x;
  if (i < n.y) {
    let r = adam(1u, p1[i], g1[i], m1[i], v1[i]);
    p1[i] = r.x; m1[i] = r.y; v1[i] = r.z;
    return;
  }
  i -= n.y;
  if (i < n.z) {
    let r = adam(2u, p2[i], g2[i], m2[i], v2[i]);
    p2[i] = r.x; m2[i] = r.y; v2[i] = r.z;
    return;
  }
  i -= n.z;
  if (i < n.w) {
    let r = adam(3u, p3[i], g3[i], m3[i], v3[i]);
    p3[i] = r.x; m3[i] = r.y; v3[i] = r.z;
  }
}
