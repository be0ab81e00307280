// Rounding to a uniform grid: out = step · round(x / step), round half to even (WGSL's round, as torch.round).
// Forward pass of the straight-through estimators in engine/ops/quantize.ts (step 1: integers; 2π/2^B: phases).
//! include lib/pointwise.wgsl

override WG: u32 = 256;

struct Params {
  n: u32,
  step: f32,
  // 1 / step, computed in float64 on the host
  inv_step: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn pointwise(i: u32) {
  out[i] = params.step * round(x[i] * params.inv_step);
}
