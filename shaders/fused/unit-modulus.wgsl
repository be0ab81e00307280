// s = c·e^{jφ} (real φ → complex s of modulus |c|) and its closed-form VJP in one dispatch each.
//   forward:   s[i] = c·e^{jφ[i]}
//   backward:  grad_φ[i] = Im(g[i]·conj(s[i]))          (∂s/∂φ = j·s; PyTorch's convention, see README)
// Host: engine/fused/unit-modulus.ts.
//! include lib/complex.wgsl
//! include lib/index.wgsl

override WG: u32 = 256;

struct Params {
  n: u32,
  // the modulus c (forward only)
  c: f32,
}

@group(0) @binding(0) var<storage, read> phase: array<f32>;
@group(0) @binding(1) var<storage, read_write> s: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: Params;
// backward: g and the saved s (c64), the real gradient of φ
@group(0) @binding(3) var<storage, read> g: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read> saved: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> grad_phi: array<f32>;


// e^{jφ} with φ reduced to [-π, π] first (Cody–Waite, 2π = 6.28125 + 1.9353e-3), as elementwise/unary.wgsl does:
// GPU sin/cos are accurate only on that range.
@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  s[i] = params.c * expj_reduced(phase[i]);
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  grad_phi[i] = cmulconj(g[i], saved[i]).y;
}
