// Batched real C = Aᵀ · B (f32 × f32; A stored K×M, B stored K×N: both m- and n-contiguous, the weight gradient
// gzᵀ·x of a dense layer) for CPU-like adapters (lavapipe). Both operands are bound as vec4 arrays: each invocation
// owns TN groups of 4 adjacent columns (n = 4·(n0 + j·WG + lid) + 0..3) and reads them as one vec4 per k; op(A) is
// read as vec4s of 4 adjacent rows, lane l holding k0 + l, and passed around the subgroup with subgroupShuffle. Needs
// M and N (the stored row lengths) multiples of 4; any K. engine/ops/gemm.ts falls back to shaders/gemm/register.wgsl
// otherwise. As in real-quads.wgsl, the accumulators are 4×4 blocks written out statement by statement (straight-line
// code, never a dynamically indexed array): blk[j][i] = C[row i, column j] of the block.
// Measured on lavapipe, 2 cores (bench/results/gemm-*.md): 32×2 (32 rows × 8 columns) 1.2–1.5× the register
// kernel's column-pair path. Tried and slower: unrolling k by 4 or 8 inside the loop, so that each accumulator takes
// several multiply-adds per update as in real-quads.wgsl (0.6–0.8×: the loaded vectors no longer fit in registers
// and every lane's load goes through the stack); reading op(B) as 4 scalars along k instead (0.6–0.9×).
enable subgroups;
//! include lib/index.wgsl
//! include lib/gemm-params.wgsl

// rows per workgroup (a multiple of 4, ≤ 32), column groups of 4 per invocation (1 or 2), invocations per workgroup
override TM: u32 = 16;
override TN: u32 = 2;
override WG: u32 = 64;

// the tile bounds the code below is written out for: 8 row groups of 4, column groups of 4 per invocation: 1 or 2
const MAX_TM: u32 = 32;
const MAX_TN: u32 = 2;
// steps of a block: lanes of a subgroup read each other's op(A) values for at most this many steps
const KB: u32 = 8;

// params.K is in elements; lda, ldb and the batch strides are in vec4s, ldc in elements
@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

// the 4×4 block of C at rows m0..m0+3 and columns n0..n0+3 (blk[j][i] = C[m0 + i, n0 + j])
fn store_block(blk: mat4x4<f32>, m0: u32, n0: u32, oc: u32) {
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + i;
    if (m < params.M) {
      for (var j = 0u; j < 4u; j++) {
        let n = n0 + j;
        if (n < params.N) { out[oc + m * params.ldc + n] = blk[j][i]; }
      }
    }
  }
}

// acc += (4 rows of op(A) at one k) ⊗ (4 columns of op(B) at the same k)
fn mac(acc: ptr<function, mat4x4<f32>>, a4: vec4<f32>, b4: vec4<f32>) {
  *acc += mat4x4<f32>(a4 * b4.x, a4 * b4.y, a4 * b4.z, a4 * b4.w);
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
  @builtin(subgroup_invocation_id) lane: u32,
  @builtin(subgroup_size) sg_size: u32,
) {
  let M = params.M;
  let N = params.N;
  let K = params.K;
  let z = wid.z + params.z0;
  let oa = broadcast_offset(z, params.batch_rank, params.batch_shape, params.batch_stride_a);
  let ob = broadcast_offset(z, params.batch_rank, params.batch_shape, params.batch_stride_b);
  let oc = z * M * N;
  let m0 = (wid.x + params.row0) * TM;

  // column groups (vec4 index along a row of B) of this invocation, and the row groups' vec4 offsets in a row of A
  let n4 = (N + 3u) / 4u;
  let c0 = wid.y * WG * TN + lid;
  let c1 = c0 + WG;
  let bc0 = ob + min(c0, n4 - 1u);
  let bc1 = ob + min(c1, n4 - 1u);
  let m4 = (M + 3u) / 4u - 1u;
  let r0 = oa + min(m0 / 4u, m4); let r1 = oa + min(m0 / 4u + 1u, m4);
  let r2 = oa + min(m0 / 4u + 2u, m4); let r3 = oa + min(m0 / 4u + 3u, m4);
  let r4 = oa + min(m0 / 4u + 4u, m4); let r5 = oa + min(m0 / 4u + 5u, m4);
  let r6 = oa + min(m0 / 4u + 6u, m4); let r7 = oa + min(m0 / 4u + 7u, m4);

  var x00: mat4x4<f32>; var x10: mat4x4<f32>; var x20: mat4x4<f32>; var x30: mat4x4<f32>;
  var x40: mat4x4<f32>; var x50: mat4x4<f32>; var x60: mat4x4<f32>; var x70: mat4x4<f32>;
  var x01: mat4x4<f32>; var x11: mat4x4<f32>; var x21: mat4x4<f32>; var x31: mat4x4<f32>;
  var x41: mat4x4<f32>; var x51: mat4x4<f32>; var x61: mat4x4<f32>; var x71: mat4x4<f32>;

  let kb = min(sg_size, KB);
  for (var k0 = 0u; k0 < K; k0 += kb) {
    // this lane's share of the op(A) block: rows of group g at k0 + lane (clamped; steps past K are never used)
    let ka = min(k0 + min(lane, kb - 1u), K - 1u) * params.lda;
    var g0: vec4<f32>; var g1: vec4<f32>; var g2: vec4<f32>; var g3: vec4<f32>;
    var g4: vec4<f32>; var g5: vec4<f32>; var g6: vec4<f32>; var g7: vec4<f32>;
    g0 = a[r0 + ka];
    if (TM > 4u) { g1 = a[r1 + ka]; }
    if (TM > 8u) { g2 = a[r2 + ka]; }
    if (TM > 12u) { g3 = a[r3 + ka]; }
    if (TM > 16u) { g4 = a[r4 + ka]; }
    if (TM > 20u) { g5 = a[r5 + ka]; }
    if (TM > 24u) { g6 = a[r6 + ka]; }
    if (TM > 28u) { g7 = a[r7 + ka]; }
    let steps = min(kb, K - k0);
    for (var s = 0u; s < steps; s++) {
      let kb_off = (k0 + s) * params.ldb;
      let b0 = b[bc0 + kb_off];
      var b1: vec4<f32>;
      if (TN > 1u) { b1 = b[bc1 + kb_off]; }
      { let t = subgroupShuffle(g0, s); mac(&x00, t, b0); if (TN > 1u) { mac(&x01, t, b1); } }
      if (TM > 4u) { let t = subgroupShuffle(g1, s); mac(&x10, t, b0); if (TN > 1u) { mac(&x11, t, b1); } }
      if (TM > 8u) { let t = subgroupShuffle(g2, s); mac(&x20, t, b0); if (TN > 1u) { mac(&x21, t, b1); } }
      if (TM > 12u) { let t = subgroupShuffle(g3, s); mac(&x30, t, b0); if (TN > 1u) { mac(&x31, t, b1); } }
      if (TM > 16u) { let t = subgroupShuffle(g4, s); mac(&x40, t, b0); if (TN > 1u) { mac(&x41, t, b1); } }
      if (TM > 20u) { let t = subgroupShuffle(g5, s); mac(&x50, t, b0); if (TN > 1u) { mac(&x51, t, b1); } }
      if (TM > 24u) { let t = subgroupShuffle(g6, s); mac(&x60, t, b0); if (TN > 1u) { mac(&x61, t, b1); } }
      if (TM > 28u) { let t = subgroupShuffle(g7, s); mac(&x70, t, b0); if (TN > 1u) { mac(&x71, t, b1); } }
    }
  }

  let n0 = 4u * c0;
  let n1 = 4u * c1;
  store_block(x00, m0, n0, oc);
  if (TN > 1u) { store_block(x01, m0, n1, oc); }
  if (TM > 4u) { store_block(x10, m0 + 4u, n0, oc); if (TN > 1u) { store_block(x11, m0 + 4u, n1, oc); } }
  if (TM > 8u) { store_block(x20, m0 + 8u, n0, oc); if (TN > 1u) { store_block(x21, m0 + 8u, n1, oc); } }
  if (TM > 12u) { store_block(x30, m0 + 12u, n0, oc); if (TN > 1u) { store_block(x31, m0 + 12u, n1, oc); } }
  if (TM > 16u) { store_block(x40, m0 + 16u, n0, oc); if (TN > 1u) { store_block(x41, m0 + 16u, n1, oc); } }
  if (TM > 20u) { store_block(x50, m0 + 20u, n0, oc); if (TN > 1u) { store_block(x51, m0 + 20u, n1, oc); } }
  if (TM > 24u) { store_block(x60, m0 + 24u, n0, oc); if (TN > 1u) { store_block(x61, m0 + 24u, n1, oc); } }
  if (TM > 28u) { store_block(x70, m0 + 28u, n0, oc); if (TN > 1u) { store_block(x71, m0 + 28u, n1, oc); } }
}
