// Strided copy: for every index c of an iteration shape (rank ≤ 8),
//   dst[dst_base + Σ c_d·dst_stride_d] = src[src_base + Σ c_d·src_stride_d]   (conjugated when CONJ).
// Offsets and strides count elements (a complex element is two f32 words). slice, concat, stack and transpose are
// this kernel with different strides (engine/ops/layout.ts).
//! include lib/pointwise.wgsl

override COMPLEX: bool = false;
// conjugate complex elements on the way (Hermitian transpose)
override CONJ: bool = false;
override WG: u32 = 256;

struct Params {
  n: u32,
  rank: u32,
  src_base: u32,
  dst_base: u32,
  shape: array<vec4<u32>, 2>,
  src_stride: array<vec4<u32>, 2>,
  dst_stride: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn pointwise(i: u32) {
  let s = params.src_base + broadcast_offset(i, params.rank, params.shape, params.src_stride);
  let d = params.dst_base + broadcast_offset(i, params.rank, params.shape, params.dst_stride);
  if (COMPLEX) {
    dst[2u * d] = src[2u * s];
    dst[2u * d + 1u] = select(src[2u * s + 1u], -src[2u * s + 1u], CONJ);
  } else {
    dst[d] = src[s];
  }
}
