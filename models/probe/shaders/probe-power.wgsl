// Received probe powers of DFT-like UPA probe beams and their closed-form VJP (paper 001 eqs. (5), (7)–(11)).
// Host: models/probe/closed-form/probe-power.ts.
//   beam l has (u_l, v_l) = (sin φ_l sin θ_l, cos θ_l) (ANGLE: inputs pa = φ, pb = θ) or (pa, pb) = (u, v) (beam domain);
//   element k = m·N_v + n (m horizontal 0..N_h−1, n vertical 0..N_v−1): w_lk = e^{j(π(m u_l + n v_l) + ε_lk)}/√N,
//   ε [L, N] an optional phase noise (noise-adding training, §III-D);
//   y_bl = r_b·w_l = hᴴ w_l (r_b = row b of h: the site's hᴴ),  z_bl = a·y_bl + ν_bl,  x_bl = |z_bl|²  (a = √P/σ).
// Gradients (real parameters, ∂L/∂p; g = ∂L/∂x):
//   ∂x/∂u = 2 Re(conj(z)·a·Σ_k r_k·jπm·w_k) = −2aπ·Im(conj(z)·Σ_k m r_k w_k), ∂x/∂v likewise with n (eqs. (7)–(8):
//   ∂|z|²/∂z = [2 z_r, 2 z_i]); beam domain: ∂L/∂u_l = Σ_b g_bl ∂x_bl/∂u_l; angle domain by the chain rule of
//   eqs. (9), (11): ∂u/∂φ = cos φ sin θ, ∂u/∂θ = sin φ cos θ, ∂v/∂θ = −sin θ.
// Entries, in the order the host runs them:
//   beams:    w [L, N] c64 (saved), one invocation per (l, k)
//   forward:  one invocation per (b, l), a loop over k: x, z and ∂x/∂u, ∂x/∂v [B, L] (saved)
//   backward: one invocation per (l, parameter), a loop over b: ∂L/∂pa [L], ∂L/∂pb [L]
//! include lib/complex.wgsl
//! include lib/index.wgsl

override WG: u32 = 64;
// pa, pb are (φ, θ) when true, (u, v) when false
override ANGLE: bool = false;
// ε is bound and added to the element phases
override PHASE_NOISE: bool = false;

const PI: f32 = 3.14159265358979;

struct Params {
  batch: u32,
  probes: u32,
  // N = N_h·N_v
  antennas: u32,
  // N_v: vertical elements (the fast index of k)
  vertical: u32,
  // a = √P/σ
  amplitude: f32,
  // 1/√N
  norm: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> pa: array<f32>;
@group(0) @binding(2) var<storage, read> pb: array<f32>;
@group(0) @binding(3) var<storage, read> eps: array<f32>;
@group(0) @binding(4) var<storage, read_write> beam_out: array<vec2<f32>>;
// forward inputs: r [B, N] c64 (rows hᴴ), ν [B, L] c64; outputs x, ∂x/∂u, ∂x/∂v [B, L] f32
@group(0) @binding(5) var<storage, read> h: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read> beam_saved: array<vec2<f32>>;
@group(0) @binding(7) var<storage, read> nu: array<vec2<f32>>;
@group(0) @binding(8) var<storage, read_write> power: array<f32>;
@group(0) @binding(9) var<storage, read_write> dxdu: array<f32>;
@group(0) @binding(10) var<storage, read_write> dxdv: array<f32>;
// backward inputs: g = ∂L/∂x [B, L], the saved ∂x/∂u, ∂x/∂v; outputs ∂L/∂pa, ∂L/∂pb [L]
@group(0) @binding(11) var<storage, read> g: array<f32>;
@group(0) @binding(12) var<storage, read> dxdu_saved: array<f32>;
@group(0) @binding(13) var<storage, read> dxdv_saved: array<f32>;
@group(0) @binding(14) var<storage, read_write> grad_pa: array<f32>;
@group(0) @binding(15) var<storage, read_write> grad_pb: array<f32>;

// (u_l, v_l) of probe l
fn beam_uv(l: u32) -> vec2<f32> {
  if (ANGLE) {
    let ephi = expj_reduced(pa[l]);
    let etheta = expj_reduced(pb[l]);
    return vec2<f32>(ephi.y * etheta.y, etheta.x);
  }
  return vec2<f32>(pa[l], pb[l]);
}

@compute @workgroup_size(WG)
fn beams(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.probes * params.antennas) { return; }
  let l = t / params.antennas;
  let k = t % params.antennas;
  let uv = beam_uv(l);
  let m = f32(k / params.vertical);
  let n = f32(k % params.vertical);
  var phase = PI * (m * uv.x + n * uv.y);
  if (PHASE_NOISE) { phase += eps[t]; }
  beam_out[t] = params.norm * expj_reduced(phase);
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.batch * params.probes) { return; }
  let b = t / params.probes;
  let l = t % params.probes;
  let row = b * params.antennas;
  let col = l * params.antennas;
  var y = vec2<f32>(0.0, 0.0);
  var ym = vec2<f32>(0.0, 0.0);
  var yn = vec2<f32>(0.0, 0.0);
  for (var k = 0u; k < params.antennas; k++) {
    let p = cmul(h[row + k], beam_saved[col + k]);
    y += p;
    ym += f32(k / params.vertical) * p;
    yn += f32(k % params.vertical) * p;
  }
  let a = params.amplitude;
  let z = a * y + nu[t];
  power[t] = cabs2(z);
  // ∂x/∂u = −2aπ·Im(conj(z)·Σ m r w), ∂x/∂v = −2aπ·Im(conj(z)·Σ n r w)
  let s = -2.0 * a * PI;
  dxdu[t] = s * cmul(cconj(z), ym).y;
  dxdv[t] = s * cmul(cconj(z), yn).y;
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= 2u * params.probes) { return; }
  let l = t / 2u;
  let which = t % 2u;
  // G_u = Σ_b g ∂x/∂u, G_v = Σ_b g ∂x/∂v for probe l
  var gu = 0.0;
  var gv = 0.0;
  for (var b = 0u; b < params.batch; b++) {
    let i = b * params.probes + l;
    gu += g[i] * dxdu_saved[i];
    gv += g[i] * dxdv_saved[i];
  }
  if (ANGLE) {
    let ephi = expj_reduced(pa[l]);
    let etheta = expj_reduced(pb[l]);
    if (which == 0u) {
      // eq. (9): ∂/∂φ = ∂/∂u · cos φ sin θ
      grad_pa[l] = gu * ephi.x * etheta.y;
    } else {
      // eq. (11): ∂/∂θ = ∂/∂u · sin φ cos θ − ∂/∂v · sin θ
      grad_pb[l] = gu * ephi.y * etheta.x - gv * etheta.y;
    }
  } else {
    if (which == 0u) {
      grad_pa[l] = gu;
    } else {
      grad_pb[l] = gv;
    }
  }
}
