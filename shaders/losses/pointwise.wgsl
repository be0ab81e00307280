// Element-wise terms of the losses in engine/losses: binary cross-entropy and a clamped logarithm.
// One pipeline per OP; x and y have n elements each (the host checks the shapes; OP_CLAMPED_LOG binds x as y).
//! include lib/pointwise.wgsl

// The op, selected by name from the host (engine/ops/selectors.ts reads these constants):
//   OP_BCE_LOGITS   BCE from logits:        max(x, 0) − x·y + log(1 + e^{−|x|})            (stable for any finite x)
//   OP_BCE_PROBS    BCE from probabilities: −(y·max(log x, floor) + (1 − y)·max(log(1 − x), floor))  (PyTorch: −100)
//   OP_CLAMPED_LOG  clamped logarithm:      max(log x, floor)
const OP_BCE_LOGITS: u32 = 0u;
const OP_BCE_PROBS: u32 = 1u;
const OP_CLAMPED_LOG: u32 = 2u;
override OP: u32 = OP_BCE_LOGITS;
override WG: u32 = 256;

struct Params {
  n: u32,
  // lower bound of the logarithms of OP 1 and 2
  floor: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

// log(1 + u) for u in [0, 1]: below 1e-4 the series u − u²/2 + u³/3 (1 + u would round u away).
fn log1p_unit(u: f32) -> f32 {
  if (u < 1e-4) { return u * (1.0 - u * (0.5 - u / 3.0)); }
  return log(1.0 + u);
}

fn clamped_log(v: f32) -> f32 {
  // log 0 = −inf, and max(−inf, floor) = floor
  return max(log(v), params.floor);
}

// element i < params.n (the entry point and the bound check are lib/pointwise.wgsl's)
fn pointwise(i: u32) {
  let v = x[i];
  var r: f32;
  switch (OP) {
    case OP_BCE_LOGITS: { r = max(v, 0.0) - v * y[i] + log1p_unit(exp(-abs(v))); }
    case OP_BCE_PROBS: {
      let t = y[i];
      r = -(t * clamped_log(v) + (1.0 - t) * clamped_log(1.0 - v));
    }
    case OP_CLAMPED_LOG, default: { r = clamped_log(v); }
  }
  out[i] = r;
}
