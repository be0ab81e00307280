// Batched C = op(A) · op(B) with 2-D block tiling for GPUs: each workgroup computes a BM×BN block of C, staging
// BM×BK tiles of op(A) and BK×BN tiles of op(B) in workgroup memory; each invocation accumulates TM×TN outputs in
// registers. Operands are real or complex; op = none / transpose / conjugate transpose, read through index flags.
//
// Invocation (tx, ty) owns rows ty + i·WG_Y and columns tx + j·WG_X (strided): neighbouring invocations read
// neighbouring words of the B tile (no bank conflicts) and the same word of the A tile (a broadcast). Tile loads are
// ordered so that consecutive invocations read consecutive addresses for either storage order. Out-of-range elements
// load as zero and out-of-range outputs are not stored, so any M, N, K is valid.
//! include lib/complex.wgsl
//! include lib/index.wgsl
//! include lib/gemm-operands.wgsl

override BM: u32 = 64;
override BN: u32 = 64;
override BK: u32 = 8;
override TM: u32 = 4;
override TN: u32 = 4;
// invocations per workgroup along N and M: BN / TN and BM / TM
override WG_X: u32 = 16;
override WG_Y: u32 = 16;

const MAX_T: u32 = 8;

// op(A) tile: element (m, k) at k·BM + m; op(B) tile: element (k, n) at k·BN + n
var<workgroup> a_tile: array<vec2<f32>, BK * BM>;
var<workgroup> b_tile: array<vec2<f32>, BK * BN>;

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {
  let M = params.M;
  let N = params.N;
  let K = params.K;
  let z = wid.z + params.z0;
  let oa = broadcast_offset(z, params.batch_rank, params.batch_shape, params.batch_stride_a);
  let ob = broadcast_offset(z, params.batch_rank, params.batch_shape, params.batch_stride_b);
  let oc = z * M * N;
  let m0 = (wid.x + params.row0) * BM;
  let n0 = wid.y * BN;
  let tid = local.y * WG_X + local.x;
  let threads = WG_X * WG_Y;

  var acc: array<array<vec2<f32>, MAX_T>, MAX_T>;
  for (var k0 = 0u; k0 < K; k0 += BK) {
    for (var e = tid; e < BM * BK; e += threads) {
      // consecutive e → consecutive addresses: m fastest when op(A) is stored transposed (K×M), k fastest otherwise
      let mm = select(e / BK, e % BM, TRANS_A);
      let kk = select(e % BK, e / BM, TRANS_A);
      let m = m0 + mm;
      let k = k0 + kk;
      var v = vec2<f32>(0.0);
      if (m < M && k < K) { v = load_a(oa + select(m * params.lda + k, k * params.lda + m, TRANS_A)); }
      a_tile[kk * BM + mm] = v;
    }
    for (var e = tid; e < BK * BN; e += threads) {
      let nn = select(e % BN, e / BK, TRANS_B);
      let kk = select(e / BN, e % BK, TRANS_B);
      let n = n0 + nn;
      let k = k0 + kk;
      var v = vec2<f32>(0.0);
      if (n < N && k < K) { v = load_b(ob + select(k * params.ldb + n, n * params.ldb + k, TRANS_B)); }
      b_tile[kk * BN + nn] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      var av: array<vec2<f32>, MAX_T>;
      var bv: array<vec2<f32>, MAX_T>;
      for (var i = 0u; i < TM; i++) { av[i] = a_tile[kk * BM + local.y + i * WG_Y]; }
      for (var j = 0u; j < TN; j++) { bv[j] = b_tile[kk * BN + local.x + j * WG_X]; }
      for (var i = 0u; i < TM; i++) {
        for (var j = 0u; j < TN; j++) { acc[i][j] = mac(acc[i][j], av[i], bv[j]); }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < TM; i++) {
    let m = m0 + local.y + i * WG_Y;
    for (var j = 0u; j < TN; j++) {
      let n = n0 + local.x + j * WG_X;
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
