// Counter-based random numbers: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011; constants and round function as in Random123's philox.h). Invocation i turns the 128-bit counter
// `params.counter + i` and the 64-bit key `params.key` (the seed) into 4 words, so the stream depends only on
// (seed, counter), never on the launch geometry. Words and uniforms are bit-identical on every device; normals go
// through log/sin/cos and so can differ across devices within WGSL's accuracy bounds.
//
// Entry points: `draw_bits` (raw words, for known-answer tests), `draw_uniform` (a + b·U[0, 1)) and `draw_normal`
// (a + b·N(0, 1), Box–Muller on word pairs). Each writes `params.n` values, 4 per invocation.
//
// The Philox function lives here rather than in an include: listKernels() treats every .wgsl outside lib/ as a
// kernel with an entry point. Move `philox4x32_10` to lib/philox.wgsl if another family needs it.
//! include lib/index.wgsl

override WG: u32 = 64;

struct Params {
  n: u32,
  key: vec2<u32>,
  counter: vec4<u32>,
  a: f32,
  b: f32,
  // draw_uniform: the largest float32 below `high`, so that rounding of a + b·u cannot reach `high`
  upper: f32,
}

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read_write> words: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u; // golden ratio
const PHILOX_W1: u32 = 0xBB67AE85u; // sqrt(3) - 1

// High 32 bits of the 64-bit product a·b (WGSL has no 64-bit integers): four 16×16-bit partial products.
fn mulhi32(a: u32, b: u32) -> u32 {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return ah * bh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

// Philox4x32 with 10 rounds; the key is bumped by the Weyl constants between rounds.
fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) {
      k += vec2<u32>(PHILOX_W0, PHILOX_W1);
    }
    let hi0 = mulhi32(PHILOX_M0, c.x);
    let lo0 = PHILOX_M0 * c.x;
    let hi1 = mulhi32(PHILOX_M1, c.z);
    let lo1 = PHILOX_M1 * c.z;
    c = vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
  }
  return c;
}

// 128-bit counter + i, carries propagated.
fn counter_add(base: vec4<u32>, i: u32) -> vec4<u32> {
  let x = base.x + i;
  let y = base.y + select(0u, 1u, x < i);
  let z = base.z + select(0u, 1u, y < base.y);
  let w = base.w + select(0u, 1u, z < base.z);
  return vec4<u32>(x, y, z, w);
}

// 24 high bits → [0, 1) with spacing 2⁻²⁴ (every value exactly representable in f32).
fn to_unit(x: u32) -> f32 {
  return f32(x >> 8u) * (1.0 / 16777216.0);
}

fn philox_block(gid: vec3<u32>, nwg: vec3<u32>) -> vec4<u32> {
  return philox4x32_10(counter_add(params.counter, linear_index(gid, nwg, WG)), params.key);
}

@compute @workgroup_size(WG)
fn draw_bits(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let base = 4u * linear_index(gid, nwg, WG);
  if (base >= params.n) { return; }
  let r = philox_block(gid, nwg);
  for (var w = 0u; w < 4u; w++) {
    if (base + w < params.n) { words[base + w] = r[w]; }
  }
}

@compute @workgroup_size(WG)
fn draw_uniform(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let base = 4u * linear_index(gid, nwg, WG);
  if (base >= params.n) { return; }
  let r = philox_block(gid, nwg);
  for (var w = 0u; w < 4u; w++) {
    if (base + w < params.n) { out[base + w] = min(params.a + params.b * to_unit(r[w]), params.upper); }
  }
}

// Box–Muller: (u1, u2) → √(−2 ln u1)·(cos θ, sin θ), θ = 2π·u2 − π (kept in [−π, π), where WGSL's sin/cos
// accuracy is specified). u1 ∈ (0, 1] so the logarithm is finite.
@compute @workgroup_size(WG)
fn draw_normal(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let base = 4u * linear_index(gid, nwg, WG);
  if (base >= params.n) { return; }
  let r = philox_block(gid, nwg);
  var z: array<f32, 4>;
  for (var p = 0u; p < 2u; p++) {
    let u1 = (f32(r[2u * p] >> 8u) + 1.0) * (1.0 / 16777216.0);
    let theta = 6.283185307179586 * to_unit(r[2u * p + 1u]) - 3.141592653589793;
    let radius = sqrt(-2.0 * log(u1));
    z[2u * p] = radius * cos(theta);
    z[2u * p + 1u] = radius * sin(theta);
  }
  for (var w = 0u; w < 4u; w++) {
    if (base + w < params.n) { out[base + w] = params.a + params.b * z[w]; }
  }
}
