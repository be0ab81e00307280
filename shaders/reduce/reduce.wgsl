// Strided reductions. Output o reduces n elements of x:
//   out[o] = post( ⊕_{k<n} f(x[base(o) + k·s_k]) ),  base(o) = (o / inner)·s_outer + (o % inner)·s_inner
// One layout covers an axis of a row-major [outer, n, inner] tensor (s_outer = n·inner, s_k = inner, s_inner = 1),
// all elements, the diagonals of [batch, n, n] matrices (trace: s_k = n + 1) and whole matrices (Frobenius norm).
// Two entry points, chosen by the host (engine/ops/reduce.ts) from the shape:
//   reduce_loop: one invocation per output, a serial loop summed in blocks of BLOCK (error grows ~ n/BLOCK + BLOCK,
//                not ~ n): small axes, or enough outputs to fill the device.
//   reduce_tree: one workgroup per (output, chunk of chunk_len elements); WG invocations stride through the chunk
//                (coalesced),
//                then a shared-memory tree merges them (WG must be a power of two). It writes one partial per chunk,
//                laid out [outputs, chunks]; the host reduces the partials again until one chunk remains.
//! include lib/complex.wgsl
//! include lib/index.wgsl

// The reduction and the final step, selected by name from the host (engine/ops/selectors.ts reads these constants).
// OP_MAX takes real input; OP_SUM_ABS2 sums |x|² (a real result). POST_SCALE multiplies by params.scale (mean),
// POST_SQRT takes the square root (norms); the last pass only applies it.
const OP_SUM: u32 = 0u;
const OP_MAX: u32 = 1u;
const OP_SUM_ABS2: u32 = 2u;
const POST_NONE: u32 = 0u;
const POST_SCALE: u32 = 1u;
const POST_SQRT: u32 = 2u;
override OP: u32 = OP_SUM;
override IN_COMPLEX: bool = false;
override POST: u32 = POST_NONE;
// 64: on lavapipe a workgroup's barriers cost in proportion to its size; on GPUs two warps / one wavefront
override WG: u32 = 64;
override BLOCK: u32 = 64;

// The accumulator and output are complex only for complex sums.
override ACC_COMPLEX: bool = IN_COMPLEX && OP == OP_SUM;

struct Params {
  outputs: u32,
  inner: u32,
  n: u32,
  s_outer: u32,
  s_inner: u32,
  s_k: u32,
  // reduce_tree: chunks per output and elements per chunk (reduce_loop ignores both)
  chunks: u32,
  chunk_len: u32,
  scale: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> scratch: array<vec2<f32>, WG>;

// f(x[i]) as (re, im); real values have im = 0.
fn load(i: u32) -> vec2<f32> {
  var v: vec2<f32>;
  if (IN_COMPLEX) { v = vec2<f32>(x[2u * i], x[2u * i + 1u]); } else { v = vec2<f32>(x[i], 0.0); }
  if (OP == OP_SUM_ABS2) { return vec2<f32>(cabs2(v), 0.0); }
  return v;
}

fn combine(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  if (OP == OP_MAX) { return max(a, b); }
  return a + b;
}

// The identity of ⊕: 0 for sums; for max, an element of the same reduction (max is idempotent), since WGSL has no
// −∞ constant.
fn identity(i: u32) -> vec2<f32> {
  if (OP == OP_MAX) { return load(i); }
  return vec2<f32>(0.0);
}

fn base_of(o: u32) -> u32 {
  return (o / params.inner) * params.s_outer + (o % params.inner) * params.s_inner;
}

fn store(i: u32, acc: vec2<f32>) {
  var r = acc;
  if (POST == POST_SCALE) { r = r * params.scale; }
  if (POST == POST_SQRT) { r = sqrt(r); }
  if (ACC_COMPLEX) {
    out[2u * i] = r.x;
    out[2u * i + 1u] = r.y;
  } else {
    out[i] = r.x;
  }
}

@compute @workgroup_size(WG)
fn reduce_loop(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = linear_index(gid, nwg, WG);
  if (o >= params.outputs) { return; }
  let base = base_of(o);
  let n = params.n;
  let s_k = params.s_k;
  var total = identity(base);
  var k = 0u;
  loop {
    if (k >= n) { break; }
    let end = min(k + BLOCK, n);
    var part = load(base + k * s_k);
    k++;
    for (; k < end; k++) { part = combine(part, load(base + k * s_k)); }
    total = combine(total, part);
  }
  store(o, total);
}

@compute @workgroup_size(WG)
fn reduce_tree(
  @builtin(workgroup_id) wid3: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let wid = wid3.x + wid3.y * nwg.x;
  if (wid >= params.outputs * params.chunks) { return; }
  let o = wid / params.chunks;
  let c = wid % params.chunks;
  let base = base_of(o);
  let s_k = params.s_k;
  let start = c * params.chunk_len;
  let end = min(start + params.chunk_len, params.n);
  var acc = identity(base + start * s_k);
  for (var k = start + lid; k < end; k += WG) { acc = combine(acc, load(base + k * s_k)); }
  scratch[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { scratch[lid] = combine(scratch[lid], scratch[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u) { store(wid, scratch[0]); }
}
