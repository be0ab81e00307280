// out[i] = value (real, or complex value.x + j·value.y).
//! include lib/pointwise.wgsl

override OUT_COMPLEX: bool = false;
override WG: u32 = 256;

struct Params {
  n: u32,
  value: vec2<f32>,
}

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;

fn pointwise(i: u32) {
  if (OUT_COMPLEX) {
    out[2u * i] = params.value.x;
    out[2u * i + 1u] = params.value.y;
  } else {
    out[i] = params.value.x;
  }
}
