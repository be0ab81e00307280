// Global-norm gradient clipping without readback (torch.nn.utils.clip_grad_norm_, norm_type 2):
//   partial_sums  (one dispatch per gradient)  partials[offset + w] = Σ grad² over workgroup w's grid-stride slice
//   finalize      (one workgroup)              norm = √Σ partials;  coef = min(1, max_norm / (norm + 1e-6))
//   apply         (one dispatch per gradient)  grad ← grad · coef, in place
// Complex gradients are summed over their re/im words, which gives Σ|z|².
//! include lib/index.wgsl

// power of two (tree reduction)
override WG: u32 = 256;

struct Params {
  // float32 words of the gradient (partial_sums, apply)
  n: u32,
  // first slot of this gradient's partial sums (partial_sums)
  offset: u32,
  // number of partial sums over all gradients (finalize)
  count: u32,
  max_norm: f32,
}

@group(0) @binding(0) var<storage, read_write> grad: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> norm: array<f32>;
@group(0) @binding(3) var<storage, read_write> coef: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

var<workgroup> scratch: array<f32, WG>;

fn reduce_scratch(lid: u32) -> f32 {
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) { scratch[lid] += scratch[lid + s]; }
    workgroupBarrier();
  }
  return scratch[0];
}

@compute @workgroup_size(WG)
fn partial_sums(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
) {
  var acc = 0.0;
  for (var j = wid.x * WG + lid; j < params.n; j += nwg.x * WG) {
    let x = grad[j];
    acc += x * x;
  }
  scratch[lid] = acc;
  workgroupBarrier();
  let total = reduce_scratch(lid);
  if (lid == 0u) { partials[params.offset + wid.x] = total; }
}

@compute @workgroup_size(WG)
fn finalize(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var j = lid; j < params.count; j += WG) {
    acc += partials[j];
  }
  scratch[lid] = acc;
  workgroupBarrier();
  let total = reduce_scratch(lid);
  if (lid == 0u) {
    let r = sqrt(total);
    norm[0] = r;
    coef[0] = min(1.0, params.max_norm / (r + 1e-6));
  }
}

@compute @workgroup_size(WG)
fn apply(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  grad[i] = grad[i] * coef[0];
}
