// DL-JHPF bits (paper 000 §III-B–C): equiprobable bits from uniform draws, and hard-decision bit errors of the NN
// demodulator (eq. (19): X̂_b,bin = 1 where the sigmoid output is ≥ 0.5, i.e. where the logit is ≥ 0).
// QPSK (paper 000 §IV-A) with the Gray map of wireless/modulation/gray-qam.ts: bits (b_0, b_1) of a symbol →
// ((1 − 2b_0) + j(1 − 2b_1))·scale, scale = 1/√(2N_s) so that E[x xᴴ] = I/N_s (eq. (3)). Bits [..., N_s·2] f32 are
// laid out as the (re, im) pairs of the symbols [..., N_s] c64. Host: models/jhpf/signal-flow.ts.
//! include lib/index.wgsl

override WG: u32 = 256;

struct Params {
  n: u32,
  // qpsk: the symbol scale
  scale: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
// threshold: uniforms u ∈ [0, 1) → bits (u ≥ 0.5)
@group(0) @binding(1) var<storage, read> uniforms: array<f32>;
@group(0) @binding(2) var<storage, read_write> bits: array<f32>;
// errors: logits and the sent bits → 1 where the hard decision differs from the bit, else 0
@group(0) @binding(3) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read> sent: array<f32>;
@group(0) @binding(5) var<storage, read_write> errors: array<f32>;
// qpsk: bits → symbols (c64 interleaved)
@group(0) @binding(6) var<storage, read_write> symbols: array<f32>;

@compute @workgroup_size(WG)
fn threshold(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  bits[i] = select(0.0, 1.0, uniforms[i] >= 0.5);
}

@compute @workgroup_size(WG)
fn mismatch(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  errors[i] = select(0.0, 1.0, (logits[i] >= 0.0) != (sent[i] >= 0.5));
}

// one invocation per real component: symbols[i] = (1 − 2·bits[i])·scale (i even: re, odd: im)
@compute @workgroup_size(WG)
fn qpsk(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  symbols[i] = (1.0 - 2.0 * sent[i]) * params.scale;
}
