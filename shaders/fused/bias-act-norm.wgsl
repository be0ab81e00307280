// A dense layer's epilogue in one kernel: bias, activation and BatchNorm over the batch (torch.nn.BatchNorm1d, biased
// batch variance, running statistics with the unbiased one), forward and backward. z = x·Wᵀ comes from the GEMM.
//   ORDER_ACT_FIRST:  u = act(z + b),  y = γ·(u − μ)/σ + β          (DL-JHPF Table I: Dense → ReLU → BN)
//   otherwise:        u = z + b,       y = act(γ·(u − μ)/σ + β)     (Dense → BN → act)
// with μ, σ² the batch mean and biased variance of u per feature and σ = √(σ² + ε).
// One invocation per feature column walks the N rows (adjacent invocations read adjacent columns): the batch
// statistics and the backward's column sums need no barriers and no second dispatch.
//! include lib/index.wgsl

const ACT_NONE: u32 = 0u;
const ACT_RELU: u32 = 1u;
const ACT_LEAKY_RELU: u32 = 2u;
override ACT: u32 = ACT_RELU;
override ORDER_ACT_FIRST: bool = true;
// update running_mean / running_var in the training forward
override TRACK: bool = true;
override WG: u32 = 64;

struct Params {
  // rows (batch) and feature columns
  N: u32,
  C: u32,
  // leaky relu's slope for x < 0
  alpha: f32,
  eps: f32,
  momentum: f32,
}

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
// per feature: (μ, 1/σ) of the training batch, kept for the backward pass
@group(0) @binding(5) var<storage, read_write> saved: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(7) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(8) var<uniform> params: Params;

@group(0) @binding(9) var<storage, read> stats: array<vec2<f32>>;
@group(0) @binding(10) var<storage, read> gy: array<f32>;
@group(0) @binding(11) var<storage, read_write> gz: array<f32>;
@group(0) @binding(12) var<storage, read_write> gbias: array<f32>;
@group(0) @binding(13) var<storage, read_write> ggamma: array<f32>;
@group(0) @binding(14) var<storage, read_write> gbeta: array<f32>;

fn act(v: f32) -> f32 {
  switch (ACT) {
    case ACT_RELU: { return max(v, 0.0); }
    case ACT_LEAKY_RELU: { return select(params.alpha * v, v, v >= 0.0); }
    default: { return v; }
  }
}

// act′ from the activation's input, as PyTorch's backward: relu′(0) = 0, leaky relu′(0) = 1
fn act_grad(v: f32) -> f32 {
  switch (ACT) {
    case ACT_RELU: { return select(0.0, 1.0, v > 0.0); }
    case ACT_LEAKY_RELU: { return select(params.alpha, 1.0, v >= 0.0); }
    default: { return 1.0; }
  }
}

// u, the values BatchNorm normalizes
fn bn_input(n: u32, c: u32) -> f32 {
  let v = z[n * params.C + c] + bias[c];
  if (ORDER_ACT_FIRST) { return act(v); }
  return v;
}

fn normalized(u: f32, mean: f32, inv_std: f32, c: u32) -> f32 {
  let v = gamma[c] * (u - mean) * inv_std + beta[c];
  if (ORDER_ACT_FIRST) { return v; }
  return act(v);
}

@compute @workgroup_size(WG)
fn forward_train(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= params.C) { return; }
  let N = params.N;
  var sum = 0.0;
  for (var n = 0u; n < N; n++) { sum += bn_input(n, c); }
  let mean = sum / f32(N);
  // two passes: the variance as the mean of squared deviations (no cancellation)
  var sq = 0.0;
  for (var n = 0u; n < N; n++) {
    let d = bn_input(n, c) - mean;
    sq += d * d;
  }
  let variance = sq / f32(N);
  let inv_std = 1.0 / sqrt(variance + params.eps);
  for (var n = 0u; n < N; n++) { y[n * params.C + c] = normalized(bn_input(n, c), mean, inv_std, c); }
  saved[c] = vec2<f32>(mean, inv_std);
  if (TRACK) {
    let m = params.momentum;
    running_mean[c] = (1.0 - m) * running_mean[c] + m * mean;
    running_var[c] = (1.0 - m) * running_var[c] + m * variance * f32(N) / f32(N - 1u);
  }
}

// eval mode: the running statistics, element-wise
@compute @workgroup_size(WG)
fn forward_eval(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.N * params.C) { return; }
  let c = i % params.C;
  let v = z[i] + bias[c];
  let u = select(v, act(v), ORDER_ACT_FIRST);
  let mean = running_mean[c];
  let inv_std = 1.0 / sqrt(running_var[c] + params.eps);
  let w = gamma[c] * (u - mean) * inv_std + beta[c];
  y[i] = select(act(w), w, ORDER_ACT_FIRST);
}

// Given gy = ∂L/∂y: with x̂ = (u − μ)/σ and gv = ∂L/∂(γx̂ + β) (gy itself, or gy·act′ when the activation comes last),
//   ∂L/∂β = Σ gv,  ∂L/∂γ = Σ gv·x̂,  ∂L/∂u = γ/σ·(gv − (Σ gv + x̂·Σ gv·x̂)/N),
//   ∂L/∂z = ∂L/∂u (·act′(z + b) when the activation comes first),  ∂L/∂b = Σ ∂L/∂z.
@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= params.C) { return; }
  let N = params.N;
  let C = params.C;
  let s = stats[c];
  let mean = s.x;
  let inv_std = s.y;
  let g = gamma[c];
  var sum_gv = 0.0;
  var sum_gv_xhat = 0.0;
  for (var n = 0u; n < N; n++) {
    let i = n * C + c;
    let v = z[i] + bias[c];
    let u = select(v, act(v), ORDER_ACT_FIRST);
    let xhat = (u - mean) * inv_std;
    let gv = select(gy[i] * act_grad(g * xhat + beta[c]), gy[i], ORDER_ACT_FIRST);
    sum_gv += gv;
    sum_gv_xhat += gv * xhat;
  }
  let k = g * inv_std;
  let inv_n = 1.0 / f32(N);
  var sum_gz = 0.0;
  for (var n = 0u; n < N; n++) {
    let i = n * C + c;
    let v = z[i] + bias[c];
    let u = select(v, act(v), ORDER_ACT_FIRST);
    let xhat = (u - mean) * inv_std;
    let gv = select(gy[i] * act_grad(g * xhat + beta[c]), gy[i], ORDER_ACT_FIRST);
    let gu = k * (gv - (sum_gv + xhat * sum_gv_xhat) * inv_n);
    let gzi = select(gu, gu * act_grad(v), ORDER_ACT_FIRST);
    gz[i] = gzi;
    sum_gz += gzi;
  }
  gbias[c] = sum_gz;
  ggamma[c] = sum_gv_xhat;
  gbeta[c] = sum_gv;
}
