// out = a ∘ b elementwise with NumPy broadcasting; each operand real or complex (mixed real×complex allowed).
//! include lib/complex.wgsl
//! include lib/pointwise.wgsl

// The op, selected by name from the host (engine/ops/selectors.ts reads these constants): complex(a, b) = a + j·b
// takes two real operands.
const OP_ADD: u32 = 0u;
const OP_SUB: u32 = 1u;
const OP_MUL: u32 = 2u;
const OP_DIV: u32 = 3u;
const OP_COMPLEX: u32 = 4u;
override OP: u32 = OP_ADD;
override A_COMPLEX: bool = false;
override B_COMPLEX: bool = false;
override OUT_COMPLEX: bool = false;
// 1 when a, b and out have the same shape: no index arithmetic
override SAME_SHAPE: bool = false;
override WG: u32 = 256;

struct Params {
  n: u32,
  rank: u32,
  shape: array<vec4<u32>, 2>,
  stride_a: array<vec4<u32>, 2>,
  stride_b: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn load_a(i: u32) -> vec2<f32> {
  if (A_COMPLEX) { return vec2<f32>(a[2u * i], a[2u * i + 1u]); }
  return vec2<f32>(a[i], 0.0);
}

fn load_b(i: u32) -> vec2<f32> {
  if (B_COMPLEX) { return vec2<f32>(b[2u * i], b[2u * i + 1u]); }
  return vec2<f32>(b[i], 0.0);
}

// element i < params.n (the entry point and the bound check are lib/pointwise.wgsl's)
fn pointwise(i: u32) {
  var ia = i;
  var ib = i;
  if (!SAME_SHAPE) {
    ia = broadcast_offset(i, params.rank, params.shape, params.stride_a);
    ib = broadcast_offset(i, params.rank, params.shape, params.stride_b);
  }
  let x = load_a(ia);
  let y = load_b(ib);
  var r: vec2<f32>;
  switch (OP) {
    case OP_ADD: { r = x + y; }
    case OP_SUB: { r = x - y; }
    case OP_MUL: { r = cmul(x, y); }
    case OP_DIV: {
      if (B_COMPLEX) { r = cdiv(x, y); } else { r = x / y.x; }
    }
    case OP_COMPLEX, default: { r = vec2<f32>(x.x, y.x); }
  }
  if (OUT_COMPLEX) {
    out[2u * i] = r.x;
    out[2u * i + 1u] = r.y;
  } else {
    out[i] = r.x;
  }
}
