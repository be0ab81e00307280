// Fused SGD step, in place: one invocation per float32 word of the parameter (complex parameters as their real view;
// every operation is linear, so this equals the complex update). Follows torch.optim.SGD (torch 1.13):
//   d ← g + λ·p
//   momentum: buf ← d on the first step, else μ·buf + (1 − dampening)·d;  d ← d + μ·buf (Nesterov) or buf
//   p ← p − lr·d
//! include lib/index.wgsl

override NESTEROV: bool = false;
override WG: u32 = 256;

struct Params {
  n: u32,
  lr: f32,
  weight_decay: f32,
  momentum: f32,
  // 1 − dampening
  dampening_factor: f32,
  // 1 on a parameter's first step: the momentum buffer starts as d
  first: u32,
}

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> buf: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

// without momentum: binds param and grad only
@compute @workgroup_size(WG)
fn sgd(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  let p = param[i];
  let d = grad[i] + params.weight_decay * p;
  param[i] = p - params.lr * d;
}

@compute @workgroup_size(WG)
fn sgd_momentum(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  let p = param[i];
  var d = grad[i] + params.weight_decay * p;
  var b = d;
  if (params.first == 0u) {
    b = params.momentum * buf[i] + params.dampening_factor * d;
  }
  buf[i] = b;
  if (NESTEROV) {
    d = d + params.momentum * b;
  } else {
    d = b;
  }
  param[i] = p - params.lr * d;
}
