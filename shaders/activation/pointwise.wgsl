// out = f(x) element-wise for the real activation functions, written to stay finite for any finite x.
//! include lib/pointwise.wgsl

// The op, selected by name from the host (engine/ops/selectors.ts reads these constants); leaky relu's negative
// slope is params.alpha.
const OP_RELU: u32 = 0u;
const OP_LEAKY_RELU: u32 = 1u;
const OP_SIGMOID: u32 = 2u;
const OP_TANH: u32 = 3u;
override OP: u32 = OP_RELU;
override WG: u32 = 256;

struct Params {
  n: u32,
  // leaky relu: the slope for x < 0; unused by the other ops
  alpha: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

// σ(x) with exp only of -|x|: 1 / (1 + e^{-x}) for x ≥ 0, e^{x} / (1 + e^{x}) for x < 0 (no overflow, no 0/0).
fn sigmoid(v: f32) -> f32 {
  let e = exp(-abs(v));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), v >= 0.0);
}

// tanh x = sign(x) (1 − e^{−2|x|}) / (1 + e^{−2|x|}): never overflows (the builtin may compute e^{2x} and return
// NaN for |x| > 44). Below |x| = 0.1 the Taylor series x − x³/3 + 2x⁵/15 − 17x⁷/315 keeps the relative error small
// (truncation < 2e-10 there) where 1 − e^{−2|x|} would cancel.
fn tanh_stable(v: f32) -> f32 {
  let a = abs(v);
  if (a < 0.1) {
    let v2 = v * v;
    return v * (1.0 + v2 * (-1.0 / 3.0 + v2 * (2.0 / 15.0 + v2 * (-17.0 / 315.0))));
  }
  let e = exp(-2.0 * a);
  return sign(v) * (1.0 - e) / (1.0 + e);
}

// element i < params.n (the entry point and the bound check are lib/pointwise.wgsl's)
fn pointwise(i: u32) {
  let v = x[i];
  var r: f32;
  switch (OP) {
    case OP_RELU: { r = max(v, 0.0); }
    case OP_LEAKY_RELU: { r = select(params.alpha * v, v, v >= 0.0); }
    case OP_SIGMOID: { r = sigmoid(v); }
    case OP_TANH, default: { r = tanh_stable(v); }
  }
  out[i] = r;
}
