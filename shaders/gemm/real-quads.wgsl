// Batched real C = op(A) · op(B) (f32 × f32) with op(B) k-contiguous (B stored N×K: a dense layer's forward x·Wᵀ),
// for CPU-like adapters (lavapipe). Both operands are bound as vec4 arrays and read as quads of 4 consecutive k
// (op(A) = A) or of 4 consecutive rows (op(A) = Aᵀ, stored K×M), so every accumulator takes 4 multiply-adds per
// update. Needs K and every stored row length a multiple of 4 (16-byte aligned rows); engine/ops/gemm.ts falls back
// to shaders/gemm/register.wgsl otherwise.
//
// Layout (as in register.wgsl): the workgroup owns TM rows, each invocation TN columns (n = n0 + j·WG + lid); op(A)
// is loaded once per block of steps, lane l holding step l, and read by the other lanes with subgroupShuffle;
// op(B) is loaded by the lane that owns the column. The TM×TN accumulators are 4×4 blocks (mat4x4, column j = output
// column, row i = output row) and every block statement below is written out, guarded by the tile size: straight-
// line code, so that the compiler never indexes an accumulator array dynamically. (Loops over the tile, as in
// register.wgsl, stop being unrolled by Mesa beyond about 64 accumulators, and then live in per-lane scratch memory:
// 2–4× slower.) Measured on lavapipe, 2 cores (engine/ops/gemm-tiles.ts realTiles, bench/results/gemm-*.md): 32×4
// about 1.25–1.35× the register kernel's K_PAIRS path on a dense layer's forward, 1.4–1.6× on Aᵀ·Bᵀ (register kernel
// without pairs). The price is compile time: ~18 s of CPU for a 32×4 pipeline, 2–5 s for 16×4 and smaller (Mesa's
// shader cache keeps them across runs). Tried: lanes 4s..4s+3 holding quad s of rows 0..3 for op(A) = A too (as for
// Aᵀ: a vec4 per row group and lane instead of a 4×4 matrix, blocks of 2 quads): a third of the compile time but
// 0.85–1.1× the register kernel at 32×4, 1.1× at 16×4.
enable subgroups;
//! include lib/index.wgsl
//! include lib/gemm-params.wgsl

// rows per workgroup (a multiple of 4, ≤ 32), columns per invocation (4 or 8), invocations per workgroup
override TM: u32 = 32;
override TN: u32 = 4;
override WG: u32 = 64;
// op(A) = Aᵀ: A stored K×M, read as vec4 along m
override TRANS_A: bool = false;

// the tile bounds the code below is written out for: 8 row groups of 4, columns per invocation: 4 or 8
const MAX_TM: u32 = 32;
const MAX_TN: u32 = 8;
// steps of a block: lanes of a subgroup read each other's op(A) values for at most this many steps
const KB: u32 = 8;

// params.K is in elements; lda, ldb and the batch strides are in vec4s
@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

const LANES4 = vec4<u32>(0u, 1u, 2u, 3u);

// the 4×4 block of C at rows m0..m0+3 and columns c (blk[j][i] = C[m0 + i, c[j]])
fn store_block(blk: mat4x4<f32>, m0: u32, c: vec4<u32>, oc: u32) {
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + i;
    if (m < params.M) {
      for (var j = 0u; j < 4u; j++) {
        let n = c[j];
        if (n < params.N) { out[oc + m * params.ldc + n] = blk[j][i]; }
      }
    }
  }
}

// Offsets (vec4s) of row group g, rows m0 + 4g .. m0 + 4g + 3 (clamped; masked at the store): each row's start
// (op(A) = A), or the group's vec4 within a stored row (op(A) = Aᵀ, all four components the same)
fn row_group(g: u32, m0: u32, oa: u32) -> vec4<u32> {
  let last = params.M - 1u;
  if (TRANS_A) { return vec4<u32>(oa + min(m0 / 4u + g, last / 4u)); }
  return oa + min(vec4<u32>(m0 + 4u * g) + LANES4, vec4<u32>(last)) * params.lda;
}

// quad q of the 4 rows starting at `rows` (vec4 offsets) of op(B), column j = row j
fn load_b(rows: vec4<u32>, q: u32) -> mat4x4<f32> {
  return mat4x4<f32>(b[rows.x + q], b[rows.y + q], b[rows.z + q], b[rows.w + q]);
}

// op(A)·op(B) for 4 rows and 4 columns over one quad of k: t[kk][i] = op(A)[row i, k + kk], bq[j][kk] = op(B)[k + kk, col j]
fn mac(acc: ptr<function, mat4x4<f32>>, t: mat4x4<f32>, bq: mat4x4<f32>) {
  *acc += t * bq;
}

// quad q of the 4 rows at `rows` (vec4 offsets) of A (op(A) = A): column i = row i
fn load_a(rows: vec4<u32>, q: u32) -> mat4x4<f32> {
  return mat4x4<f32>(a[rows.x + q], a[rows.y + q], a[rows.z + q], a[rows.w + q]);
}

// op(A) values of one row group at a quad, t[kk][i] = op(A)[row i, k + kk], gathered from the lanes that loaded them:
// (TRANS_A) lanes 4s..4s+3 hold one k each as a vec4 of the 4 rows; (otherwise) lane s holds the quad of each row
fn rows_t(g: vec4<f32>, s: u32) -> mat4x4<f32> {
  return mat4x4<f32>(subgroupShuffle(g, 4u * s), subgroupShuffle(g, 4u * s + 1u), subgroupShuffle(g, 4u * s + 2u), subgroupShuffle(g, 4u * s + 3u));
}
fn rows_n(g: mat4x4<f32>, s: u32) -> mat4x4<f32> {
  return transpose(mat4x4<f32>(subgroupShuffle(g[0], s), subgroupShuffle(g[1], s), subgroupShuffle(g[2], s), subgroupShuffle(g[3], s)));
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

  // columns (and their op(B) row offsets, in vec4s) of this invocation: TN = 4 or 8
  let c0 = wid.y * WG * TN + LANES4 * WG + lid;
  let c1 = c0 + 4u * WG;
  let bc0 = ob + min(c0, vec4<u32>(N - 1u)) * params.ldb;
  let bc1 = ob + min(c1, vec4<u32>(N - 1u)) * params.ldb;
  let r0 = row_group(0u, m0, oa); let r1 = row_group(1u, m0, oa); let r2 = row_group(2u, m0, oa);
  let r3 = row_group(3u, m0, oa); let r4 = row_group(4u, m0, oa); let r5 = row_group(5u, m0, oa);
  let r6 = row_group(6u, m0, oa); let r7 = row_group(7u, m0, oa);

  var x00: mat4x4<f32>; var x10: mat4x4<f32>; var x20: mat4x4<f32>; var x30: mat4x4<f32>;
  var x40: mat4x4<f32>; var x50: mat4x4<f32>; var x60: mat4x4<f32>; var x70: mat4x4<f32>;
  var x01: mat4x4<f32>; var x11: mat4x4<f32>; var x21: mat4x4<f32>; var x31: mat4x4<f32>;
  var x41: mat4x4<f32>; var x51: mat4x4<f32>; var x61: mat4x4<f32>; var x71: mat4x4<f32>;

  let kb = min(sg_size, KB);
  if (TRANS_A) {
    // blocks of kb steps of k (kb/4 quads); lane l holds op(A)[rows, k0 + l] as one vec4 per row group
    for (var k0 = 0u; k0 < K; k0 += kb) {
      let ka = min(k0 + min(lane, kb - 1u), K - 1u) * params.lda;
      var g0: vec4<f32>; var g1: vec4<f32>; var g2: vec4<f32>; var g3: vec4<f32>;
      var g4: vec4<f32>; var g5: vec4<f32>; var g6: vec4<f32>; var g7: vec4<f32>;
      g0 = a[r0.x + ka];
      if (TM > 4u) { g1 = a[r1.x + ka]; }
      if (TM > 8u) { g2 = a[r2.x + ka]; }
      if (TM > 12u) { g3 = a[r3.x + ka]; }
      if (TM > 16u) { g4 = a[r4.x + ka]; }
      if (TM > 20u) { g5 = a[r5.x + ka]; }
      if (TM > 24u) { g6 = a[r6.x + ka]; }
      if (TM > 28u) { g7 = a[r7.x + ka]; }
      let quads = min(kb, K - k0) / 4u;
      for (var s = 0u; s < quads; s++) {
        let q = k0 / 4u + s;
        let b0 = load_b(bc0, q);
        var b1: mat4x4<f32>;
        if (TN > 4u) { b1 = load_b(bc1, q); }
        { let t = rows_t(g0, s); mac(&x00, t, b0); if (TN > 4u) { mac(&x01, t, b1); } }
        if (TM > 4u) { let t = rows_t(g1, s); mac(&x10, t, b0); if (TN > 4u) { mac(&x11, t, b1); } }
        if (TM > 8u) { let t = rows_t(g2, s); mac(&x20, t, b0); if (TN > 4u) { mac(&x21, t, b1); } }
        if (TM > 12u) { let t = rows_t(g3, s); mac(&x30, t, b0); if (TN > 4u) { mac(&x31, t, b1); } }
        if (TM > 16u) { let t = rows_t(g4, s); mac(&x40, t, b0); if (TN > 4u) { mac(&x41, t, b1); } }
        if (TM > 20u) { let t = rows_t(g5, s); mac(&x50, t, b0); if (TN > 4u) { mac(&x51, t, b1); } }
        if (TM > 24u) { let t = rows_t(g6, s); mac(&x60, t, b0); if (TN > 4u) { mac(&x61, t, b1); } }
        if (TM > 28u) { let t = rows_t(g7, s); mac(&x70, t, b0); if (TN > 4u) { mac(&x71, t, b1); } }
      }
    }
  } else {
    // blocks of kb quads; lane l holds quad q0 + l of each row (a mat4x4 per row group: column i = row i)
    let K4 = K / 4u;
    for (var q0 = 0u; q0 < K4; q0 += kb) {
      let qa = min(q0 + min(lane, kb - 1u), K4 - 1u);
      var g0: mat4x4<f32>; var g1: mat4x4<f32>; var g2: mat4x4<f32>; var g3: mat4x4<f32>;
      var g4: mat4x4<f32>; var g5: mat4x4<f32>; var g6: mat4x4<f32>; var g7: mat4x4<f32>;
      g0 = load_a(r0, qa);
      if (TM > 4u) { g1 = load_a(r1, qa); }
      if (TM > 8u) { g2 = load_a(r2, qa); }
      if (TM > 12u) { g3 = load_a(r3, qa); }
      if (TM > 16u) { g4 = load_a(r4, qa); }
      if (TM > 20u) { g5 = load_a(r5, qa); }
      if (TM > 24u) { g6 = load_a(r6, qa); }
      if (TM > 28u) { g7 = load_a(r7, qa); }
      let steps = min(kb, K4 - q0);
      for (var s = 0u; s < steps; s++) {
        let q = q0 + s;
        let b0 = load_b(bc0, q);
        var b1: mat4x4<f32>;
        if (TN > 4u) { b1 = load_b(bc1, q); }
        { let t = rows_n(g0, s); mac(&x00, t, b0); if (TN > 4u) { mac(&x01, t, b1); } }
        if (TM > 4u) { let t = rows_n(g1, s); mac(&x10, t, b0); if (TN > 4u) { mac(&x11, t, b1); } }
        if (TM > 8u) { let t = rows_n(g2, s); mac(&x20, t, b0); if (TN > 4u) { mac(&x21, t, b1); } }
        if (TM > 12u) { let t = rows_n(g3, s); mac(&x30, t, b0); if (TN > 4u) { mac(&x31, t, b1); } }
        if (TM > 16u) { let t = rows_n(g4, s); mac(&x40, t, b0); if (TN > 4u) { mac(&x41, t, b1); } }
        if (TM > 20u) { let t = rows_n(g5, s); mac(&x50, t, b0); if (TN > 4u) { mac(&x51, t, b1); } }
        if (TM > 24u) { let t = rows_n(g6, s); mac(&x60, t, b0); if (TN > 4u) { mac(&x61, t, b1); } }
        if (TM > 28u) { let t = rows_n(g7, s); mac(&x70, t, b0); if (TN > 4u) { mac(&x71, t, b1); } }
      }
    }
  }

  store_block(x00, m0, c0, oc);
  if (TN > 4u) { store_block(x01, m0, c1, oc); }
  if (TM > 4u) { store_block(x10, m0 + 4u, c0, oc); if (TN > 4u) { store_block(x11, m0 + 4u, c1, oc); } }
  if (TM > 8u) { store_block(x20, m0 + 8u, c0, oc); if (TN > 4u) { store_block(x21, m0 + 8u, c1, oc); } }
  if (TM > 12u) { store_block(x30, m0 + 12u, c0, oc); if (TN > 4u) { store_block(x31, m0 + 12u, c1, oc); } }
  if (TM > 16u) { store_block(x40, m0 + 16u, c0, oc); if (TN > 4u) { store_block(x41, m0 + 16u, c1, oc); } }
  if (TM > 20u) { store_block(x50, m0 + 20u, c0, oc); if (TN > 4u) { store_block(x51, m0 + 20u, c1, oc); } }
  if (TM > 24u) { store_block(x60, m0 + 24u, c0, oc); if (TN > 4u) { store_block(x61, m0 + 24u, c1, oc); } }
  if (TM > 28u) { store_block(x70, m0 + 28u, c0, oc); if (TN > 4u) { store_block(x71, m0 + 28u, c1, oc); } }
}
