// Batched C = op(A) · op(B), register-blocked for CPU-like adapters (lavapipe/llvmpipe): no workgroup memory and no
// barriers. Operands are real or complex; op = none / transpose / conjugate transpose, read through index flags.
//
// Why this layout: llvmpipe runs 8 invocations as the lanes of one SIMD register and loads storage buffers lane by lane,
// with a bounds check per lane and component (~8 instructions each; even a uniform address is loaded per lane, since
// Mesa 25.0 only scalarizes constant ones). Loads, not arithmetic, bound the kernel, so it minimises loads per complex
// multiply-add:
//  - each invocation owns TN columns (n = n0 + j·WG + lid) and the workgroup's TM rows: TM·TN complex accumulators;
//  - the TM values of op(A) needed at step k are the same for every lane of a subgroup, so lane l loads A[m, k0 + l]
//    once per block of 8 steps and the others read it with subgroupShuffle (one vpermd on llvmpipe) instead of
//    each loading it again;
//  - op(B)[k, n] is loaded by the one lane that owns column n.
// Per k step a subgroup issues TM/8 + TN vector gathers for 8·TM·TN complex multiply-adds. Workgroups along x walk
// row blocks, so consecutive ones reuse the same column panel of op(B) from cache; the batch is z.
// Measured alternatives (lavapipe, 2 cores; see bench/gemm.ts): no shuffle (every lane loads A) ~2× slower; vec4
// loads of op(B) no faster; the 8 steps unrolled by hand 2× slower (it spills); over 64 accumulators ~4× slower.
// The shuffle reads lanes 0 … min(subgroup size, 8) − 1 of the caller's own subgroup, which hold the same rows as
// every lane of the workgroup: correct for any subgroup size, given (as the launcher ensures with WG a multiple of 8,
// and as implementations lay out 1-D workgroups) that no subgroup has fewer active invocations than that.
// Edge tiles: out-of-range rows/columns are clamped for loading and masked at the store, so any M, N, K is valid.
enable subgroups;
//! include lib/complex.wgsl
//! include lib/index.wgsl

override A_COMPLEX: bool = true;
override B_COMPLEX: bool = true;
// op(A)[m, k] = A[k, m] (stored K×M) when TRANS_A; likewise op(B)[k, n] = B[n, k] when TRANS_B
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override CONJ_A: bool = false;
override CONJ_B: bool = false;
// real × real with k stored contiguously in both operands, read as pairs along k: A and B are bound as vec2 arrays
// of (x[2t], x[2t+1]) and each step accumulates x·y = two real multiply-adds (K is halved by the launcher)
override K_PAIRS: bool = false;
// store C[m, n] at n·ldc + m (the launcher computes Cᵀ = op(B)ᵀ·op(A)ᵀ this way when N is tiny and M is not)
override TRANS_C: bool = false;
// rows per workgroup (shared by its invocations), columns per invocation, invocations per workgroup
override TM: u32 = 16;
override TN: u32 = 4;
override WG: u32 = 64;

const MAX_TM: u32 = 16;
const MAX_TN: u32 = 4;
// steps of k per block: lanes of a subgroup read each other's A values for at most this many steps
const KB: u32 = 8;

struct Params {
  M: u32,
  N: u32,
  K: u32,
  // leading dimension (elements) of the stored A, B and C matrices
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
}

// Inputs are bound as vec2 arrays: a complex element is one load; a real element is half of one.
@group(0) @binding(0) var<storage, read> a: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn load_a(i: u32) -> vec2<f32> {
  if (A_COMPLEX) {
    let v = a[i];
    if (CONJ_A) { return cconj(v); }
    return v;
  }
  let v = a[i >> 1u];
  return vec2<f32>(select(v.x, v.y, (i & 1u) == 1u), 0.0);
}

fn load_b(i: u32) -> vec2<f32> {
  if (B_COMPLEX) {
    let v = b[i];
    if (CONJ_B) { return cconj(v); }
    return v;
  }
  let v = b[i >> 1u];
  return vec2<f32>(select(v.x, v.y, (i & 1u) == 1u), 0.0);
}

// acc + x·y, skipping the products with a zero imaginary part of a real operand
fn mac(acc: vec2<f32>, x: vec2<f32>, y: vec2<f32>) -> vec2<f32> {
  if (K_PAIRS) { return vec2<f32>(fma(x.x, y.x, fma(x.y, y.y, acc.x)), 0.0); }
  if (A_COMPLEX && B_COMPLEX) {
    return vec2<f32>(fma(x.x, y.x, fma(-x.y, y.y, acc.x)), fma(x.x, y.y, fma(x.y, y.x, acc.y)));
  }
  if (A_COMPLEX) { return fma(x, vec2<f32>(y.x), acc); }
  if (B_COMPLEX) { return fma(vec2<f32>(x.x), y, acc); }
  return vec2<f32>(fma(x.x, y.x, acc.x), 0.0);
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

  // element (m, k) of op(A) is at a_row[i] + k·a_k; element (k, n) of op(B) at b_col[j] + k·b_k
  let m0 = (wid.x + params.row0) * TM;
  var a_row: array<u32, MAX_TM>;
  for (var i = 0u; i < TM; i++) {
    let m = min(m0 + i, M - 1u);
    a_row[i] = oa + select(m * params.lda, m, TRANS_A);
  }
  let a_k = select(1u, params.lda, TRANS_A);
  var col: array<u32, MAX_TN>;
  var b_col: array<u32, MAX_TN>;
  for (var j = 0u; j < TN; j++) {
    col[j] = wid.y * WG * TN + j * WG + lid;
    let n = min(col[j], N - 1u);
    b_col[j] = ob + select(n, n * params.ldb, TRANS_B);
  }
  let b_k = select(params.ldb, 1u, TRANS_B);

  var acc: array<array<vec2<f32>, MAX_TN>, MAX_TM>;
  let kb = min(sg_size, KB);
  for (var k0 = 0u; k0 < K; k0 += kb) {
    // this lane's share of the A block: A[m_i, k0 + lane] (clamped; steps past K are never used)
    let ka = min(k0 + min(lane, kb - 1u), K - 1u) * a_k;
    var a_blk: array<vec2<f32>, MAX_TM>;
    for (var i = 0u; i < TM; i++) { a_blk[i] = load_a(a_row[i] + ka); }
    let steps = min(kb, K - k0);
    for (var s = 0u; s < steps; s++) {
      let kb_off = (k0 + s) * b_k;
      var bv: array<vec2<f32>, MAX_TN>;
      for (var j = 0u; j < TN; j++) { bv[j] = load_b(b_col[j] + kb_off); }
      for (var i = 0u; i < TM; i++) {
        let ai = subgroupShuffle(a_blk[i], s);
        for (var j = 0u; j < TN; j++) { acc[i][j] = mac(acc[i][j], ai, bv[j]); }
      }
    }
  }

  for (var i = 0u; i < TM; i++) {
    let m = m0 + i;
    for (var j = 0u; j < TN; j++) {
      let n = col[j];
      if (m < M && n < N) {
        let o = oc + select(m * params.ldc + n, n * params.ldc + m, TRANS_C);
        if ((A_COMPLEX || B_COMPLEX) && !K_PAIRS) {
          out[2u * o] = acc[i][j].x;
          out[2u * o + 1u] = acc[i][j].y;
        } else {
          out[o] = acc[i][j].x;
        }
      }
    }
  }
}
