// log-softmax over the last axis: out_i = x_i − m − log Σ_k e^{x_k − m}, m = max_k x_k (finite for any finite row).
// One invocation per row, no barriers: the rows of a classification loss are short (one entry per class).
//! include lib/index.wgsl

override WG: u32 = 64;

struct Params {
  rows: u32,
  len: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = linear_index(gid, nwg, WG);
  if (row >= params.rows) { return; }
  let base = row * params.len;
  var m = x[base];
  for (var k = 1u; k < params.len; k++) { m = max(m, x[base + k]); }
  var s = 0.0;
  for (var k = 0u; k < params.len; k++) { s += exp(x[base + k] - m); }
  // s ≥ 1 (the maximum contributes e^0): the logarithm is finite
  let lse = m + log(s);
  for (var k = 0u; k < params.len; k++) { out[base + k] = x[base + k] - lse; }
}
