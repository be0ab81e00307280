// The launch parameters every GEMM kernel shares (shaders/gemm/*.wgsl; filled by engine/ops/gemm.ts).
struct Params {
  M: u32,
  N: u32,
  K: u32,
  // leading dimension of the stored A, B and C matrices, in the units the kernel binds them as (elements, or vec4s
  // for the real vec4 kernels)
  lda: u32,
  ldb: u32,
  ldc: u32,
  // first row block (x) and batch (z) of this dispatch: launches over the workgroup-count limit are split
  row0: u32,
  z0: u32,
  batch_rank: u32,
  batch_shape: array<vec4<u32>, 2>,
  batch_stride_a: array<vec4<u32>, 2>,
  batch_stride_b: array<vec4<u32>, 2>,
  // the dense-layer epilogue (register.wgsl main_dense_eval): leaky relu's slope and BatchNorm's ε
  alpha: f32,
  eps: f32,
}
