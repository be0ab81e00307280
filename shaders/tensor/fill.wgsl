// out[i] = value (real, or complex value.x + j·value.y).
//! include lib/index.wgsl

override OUT_COMPLEX: bool = false;
override WG: u32 = 256;

struct Params {
  n: u32,
  value: vec2<f32>,
}

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  if (OUT_COMPLEX) {
    out[2u * i] = params.value.x;
    out[2u * i + 1u] = params.value.y;
  } else {
    out[i] = params.value.x;
  }
}
