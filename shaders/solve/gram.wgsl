// Gram matrices of a batch of [r, k] or [k, r] matrices, for normal equations (pinv):
//   SIDE 0: G = Aᴴ A, A [..., r, k] → G [..., k, k],  G_ij = Σ_l conj(A_li) A_lj
//   SIDE 1: G = A Aᴴ, A [..., k, r] → G [..., k, k],  G_ij = Σ_l A_il conj(A_jl)
// One invocation per element of G; both triangles are written (G_ji is computed as the exact conjugate of G_ij).
//! include lib/complex.wgsl
//! include lib/index.wgsl

override COMPLEX: bool = false;
override SIDE: u32 = 0;
override WG: u32 = 64;

struct Params {
  // elements of G: matrices · k · k
  n: u32,
  k: u32,
  r: u32,
}

// not `a`: wgsl_reflect would take lib/complex.wgsl's parameter names for uses of the binding
@group(0) @binding(0) var<storage, read> mats: array<f32>;
@group(0) @binding(1) var<storage, read_write> gram: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn ld_a(i: u32) -> vec2<f32> {
  if (COMPLEX) { return vec2<f32>(mats[2u * i], mats[2u * i + 1u]); }
  return vec2<f32>(mats[i], 0.0);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.n) { return; }
  let k = params.k;
  let r = params.r;
  let mat = t / (k * k);
  let i = (t / k) % k;
  let j = t % k;
  let a0 = mat * k * r;
  var s = vec2<f32>(0.0, 0.0);
  for (var l = 0u; l < r; l++) {
    if (SIDE == 0u) {
      s += cmul(cconj(ld_a(a0 + l * k + i)), ld_a(a0 + l * k + j));
    } else {
      s += cmulconj(ld_a(a0 + i * r + l), ld_a(a0 + j * r + l));
    }
  }
  if (COMPLEX) {
    gram[2u * t] = s.x;
    gram[2u * t + 1u] = s.y;
  } else {
    gram[t] = s.x;
  }
}
