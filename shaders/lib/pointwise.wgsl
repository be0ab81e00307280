// The skeleton of a 1-D element-wise kernel: one invocation per element i < params.n, the launch folded into
// (x, y) workgroups (grid1d in engine/device/runtime.ts). The including kernel declares `override WG: u32`, a uniform
// `params` whose struct has `n: u32`, and `fn pointwise(i: u32)`, the work for element i; this file gives the
// entry point `main`.
//! include lib/index.wgsl

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  pointwise(i);
}
