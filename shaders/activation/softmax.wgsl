// Softmax over the last axis of a [rows, len] row-major tensor: out = e^{x − m} / Σ e^{x − m}, m = the row max, so
// large inputs (1e4) neither overflow nor produce NaN. The max and the sum come from one pass ("online softmax":
// the running sum is rescaled by e^{m_old − m_new} when the max grows), the output from a second one.
// Two entry points, chosen by the host from the row length:
//   row_per_thread:    one invocation per row, for short rows (no barriers);
//   row_per_workgroup: one workgroup per row, (max, sum) pairs merged in a shared-memory tree, for long rows.
//! include lib/index.wgsl

// row_per_thread: rows per workgroup; row_per_workgroup: invocations per row (a power of two)
override WG: u32 = 256;
override ROW_WG: u32 = 64;

struct Params {
  rows: u32,
  len: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> partial: array<vec2<f32>, ROW_WG>;

// Adds e^{v − m} to a running (m, s) = (max, Σ e^{x − max}).
fn push(acc: vec2<f32>, v: f32) -> vec2<f32> {
  if (v > acc.x) { return vec2<f32>(v, acc.y * exp(acc.x - v) + 1.0); }
  return vec2<f32>(acc.x, acc.y + exp(v - acc.x));
}

// Merges two running (max, sum) pairs.
fn merge(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let m = max(a.x, b.x);
  return vec2<f32>(m, a.y * exp(a.x - m) + b.y * exp(b.x - m));
}

@compute @workgroup_size(WG)
fn row_per_thread(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = linear_index(gid, nwg, WG);
  if (row >= params.rows) { return; }
  let base = row * params.len;
  // start from (x₀, 0): the first push adds e⁰ = 1
  var acc = vec2<f32>(x[base], 0.0);
  for (var k = 0u; k < params.len; k++) { acc = push(acc, x[base + k]); }
  let inv = 1.0 / acc.y;
  for (var k = 0u; k < params.len; k++) { out[base + k] = exp(x[base + k] - acc.x) * inv; }
}

@compute @workgroup_size(ROW_WG)
fn row_per_workgroup(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let base = row * params.len;
  // invocations without elements hold (x₀, 0), which merges as a no-op
  var acc = vec2<f32>(x[base], 0.0);
  for (var k = lid; k < params.len; k += ROW_WG) { acc = push(acc, x[base + k]); }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = ROW_WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] = merge(partial[lid], partial[lid + s]); }
    workgroupBarrier();
  }
  let total = partial[0];
  let inv = 1.0 / total.y;
  for (var k = lid; k < params.len; k += ROW_WG) { out[base + k] = exp(x[base + k] - total.x) * inv; }
}
