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
// loads of op(B) no faster; the 8 steps unrolled by hand 2× slower (it spills); over 64 accumulators ~4× slower
// (Mesa then stops unrolling the tile loops, and the dynamically indexed accumulator array lives in per-lane scratch
// memory; real-quads.wgsl and real-cols.wgsl write their tiles out instead).
// The shuffle reads lanes 0 … min(subgroup size, 8) − 1 of the caller's own subgroup, which hold the same rows as
// every lane of the workgroup: correct for any subgroup size, given (as the launcher ensures with WG a multiple of 8,
// and as implementations lay out 1-D workgroups) that no subgroup has fewer active invocations than that.
// Edge tiles: out-of-range rows/columns are clamped for loading and masked at the store, so any M, N, K is valid.
enable subgroups;
//! include lib/complex.wgsl
//! include lib/index.wgsl
//! include lib/gemm-operands.wgsl

// rows per workgroup (shared by its invocations), columns per invocation, invocations per workgroup
override TM: u32 = 16;
override TN: u32 = 4;
override WG: u32 = 64;

const MAX_TM: u32 = 16;
const MAX_TN: u32 = 4;
// steps of k per block: lanes of a subgroup read each other's A values for at most this many steps
const KB: u32 = 8;

// One invocation's tile: rows tile_m0(wid) + i (i < TM), columns tile_col(wid, lid, j) (j < TN), accumulated into a
// function-local array the entry point owns. Passed by pointer, with the store loop's uniforms hoisted: a returned
// struct or a private variable measured ~10–25 % slower on lavapipe; this form is as fast as the single-entry kernel.
alias Acc = array<array<vec2<f32>, MAX_TN>, MAX_TM>;

fn tile_m0(wid: vec3<u32>) -> u32 { return (wid.x + params.row0) * TM; }
fn tile_col(wid: vec3<u32>, lid: u32, j: u32) -> u32 { return wid.y * WG * TN + j * WG + lid; }

fn accumulate(acc: ptr<function, Acc>, wid: vec3<u32>, lid: u32, lane: u32, sg_size: u32) {
  let M = params.M;
  let N = params.N;
  let K = params.K;
  let z = wid.z + params.z0;
  let oa = broadcast_offset(z, params.batch_rank, params.batch_shape, params.batch_stride_a);
  let ob = broadcast_offset(z, params.batch_rank, params.batch_shape, params.batch_stride_b);

  // element (m, k) of op(A) is at a_row[i] + k·a_k; element (k, n) of op(B) at b_col[j] + k·b_k
  let m0 = tile_m0(wid);
  var a_row: array<u32, MAX_TM>;
  for (var i = 0u; i < TM; i++) {
    let m = min(m0 + i, M - 1u);
    a_row[i] = oa + select(m * params.lda, m, TRANS_A);
  }
  let a_k = select(1u, params.lda, TRANS_A);
  var b_col: array<u32, MAX_TN>;
  for (var j = 0u; j < TN; j++) {
    let n = min(tile_col(wid, lid, j), N - 1u);
    b_col[j] = ob + select(n, n * params.ldb, TRANS_B);
  }
  let b_k = select(params.ldb, 1u, TRANS_B);

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
        for (var j = 0u; j < TN; j++) { (*acc)[i][j] = mac((*acc)[i][j], ai, bv[j]); }
      }
    }
  }
}

// offset of this batch's C, and the index of C[m, n] in `out` (in elements of the kernel's C: complex pairs unless real)
fn c_offset(wid: vec3<u32>) -> u32 { return (wid.z + params.z0) * params.M * params.N; }
fn c_index(oc: u32, m: u32, n: u32) -> u32 { return oc + select(m * params.ldc + n, n * params.ldc + m, TRANS_C); }

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
  @builtin(subgroup_invocation_id) lane: u32,
  @builtin(subgroup_size) sg_size: u32,
) {
  var acc: Acc;
  accumulate(&acc, wid, lid, lane, sg_size);
  let M = params.M;
  let N = params.N;
  let oc = c_offset(wid);
  let m0 = tile_m0(wid);
  for (var i = 0u; i < TM; i++) {
    let m = m0 + i;
    for (var j = 0u; j < TN; j++) {
      let n = tile_col(wid, lid, j);
      if (m < M && n < N) {
        let o = c_index(oc, m, n);
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

// ---- main_dense_eval: a dense layer at inference in one dispatch ---------------------------------------------------
// C = x·Wᵀ (real × real) followed by Linear's bias, the activation and BatchNorm1d with its running statistics,
// per output feature f (the column of C; the row of the stored Cᵀ when TRANS_C):
//   DENSE_ACT_FIRST:  y = γ·(act(c + b) − μ)/σ + β     (Dense → act → BN, DL-JHPF Table I)
//   otherwise:        y = act(γ·(c + b − μ)/σ + β)     (Dense → BN → act)
// σ = √(var + ε). The launcher (engine/fused/dense-eval.ts) passes only real x·Wᵀ (op(B) = Wᵀ: K pairs or none,
// never column pairs), so every C element is one real feature value.
const DENSE_ACT_NONE: u32 = 0u;
const DENSE_ACT_RELU: u32 = 1u;
const DENSE_ACT_LEAKY_RELU: u32 = 2u;
override DENSE_ACT: u32 = DENSE_ACT_RELU;
override DENSE_ACT_FIRST: bool = true;

@group(0) @binding(4) var<storage, read> dense_bias: array<f32>;
@group(0) @binding(5) var<storage, read> bn_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> bn_beta: array<f32>;
@group(0) @binding(7) var<storage, read> bn_mean: array<f32>;
@group(0) @binding(8) var<storage, read> bn_var: array<f32>;

fn dense_act(v: f32) -> f32 {
  switch (DENSE_ACT) {
    case DENSE_ACT_RELU: { return max(v, 0.0); }
    case DENSE_ACT_LEAKY_RELU: { return select(params.alpha * v, v, v >= 0.0); }
    default: { return v; }
  }
}

fn dense_epilogue(f: u32, c: f32) -> f32 {
  let inv_sigma = inverseSqrt(bn_var[f] + params.eps);
  if (DENSE_ACT_FIRST) {
    return bn_gamma[f] * (dense_act(c + dense_bias[f]) - bn_mean[f]) * inv_sigma + bn_beta[f];
  }
  return dense_act(bn_gamma[f] * (c + dense_bias[f] - bn_mean[f]) * inv_sigma + bn_beta[f]);
}

@compute @workgroup_size(WG)
fn main_dense_eval(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
  @builtin(subgroup_invocation_id) lane: u32,
  @builtin(subgroup_size) sg_size: u32,
) {
  var acc: Acc;
  accumulate(&acc, wid, lid, lane, sg_size);
  let M = params.M;
  let N = params.N;
  let oc = c_offset(wid);
  let m0 = tile_m0(wid);
  for (var i = 0u; i < TM; i++) {
    let m = m0 + i;
    for (var j = 0u; j < TN; j++) {
      let n = tile_col(wid, lid, j);
      if (m < M && n < N) {
        let o = c_index(oc, m, n);
        // the feature is C's column: n, or m when the kernel stores Cᵀ
        let f = select(n, m, TRANS_C);
        out[o] = dense_epilogue(f, acc[i][j].x);
      }
    }
  }
}
