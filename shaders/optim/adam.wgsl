// Fused Adam / AdamW step, in place: one invocation per float32 word of the parameter, updating param, m and v.
// A complex parameter is updated as its real view (PyTorch: view_as_real), so m and v hold separate re/im moments.
// Order of operations follows torch.optim.Adam (_single_tensor_adam, torch 1.13):
//   L2:      g ← g + λ·p                      (Adam weight_decay)     decoupled: p ← p·(1 − lr·λ)   (AdamW)
//   m ← β1·m + (1 − β1)·g    v ← β2·v + (1 − β2)·g²
//   p ← p − step_size · m / (√v / √(1 − β2^t) + ε),   step_size = lr / (1 − β1^t)
//! include lib/pointwise.wgsl

// true: decoupled weight decay (AdamW); false: L2 penalty added to the gradient
override DECOUPLED: bool = false;
override WG: u32 = 256;

struct Params {
  n: u32,
  beta1: f32,
  one_minus_beta1: f32,
  beta2: f32,
  one_minus_beta2: f32,
  eps: f32,
  // λ, for the L2 form
  weight_decay: f32,
  // 1 − lr·λ, for the decoupled form
  decay: f32,
  step_size: f32,
  bias_correction2_sqrt: f32,
}

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

fn pointwise(i: u32) {
  var p = param[i];
  var g = grad[i];
  if (DECOUPLED) {
    p = p * params.decay;
  } else {
    g = g + params.weight_decay * p;
  }
  let mi = m[i] * params.beta1 + g * params.one_minus_beta1;
  let vi = v[i] * params.beta2 + params.one_minus_beta2 * g * g;
  m[i] = mi;
  v[i] = vi;
  let denom = sqrt(vi) / params.bias_correction2_sqrt + params.eps;
  param[i] = p - params.step_size * mi / denom;
}
