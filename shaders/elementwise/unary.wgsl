// out = f(x) element-wise: complex parts, moduli and phases, and real unary functions.
// One pipeline per OP × (input, output) dtype pair; the host (engine/ops/unary.ts) decides which pairs are valid.
//! include lib/complex.wgsl
//! include lib/pointwise.wgsl

// The op, selected by name from the host (engine/ops/selectors.ts reads these constants). Unit modulus is
// alpha · e^{jx} (real x → complex).
const OP_COPY: u32 = 0u;
const OP_RE: u32 = 1u;
const OP_IM: u32 = 2u;
const OP_CONJ: u32 = 3u;
const OP_ABS: u32 = 4u;
const OP_ABS2: u32 = 5u;
const OP_ANGLE: u32 = 6u;
const OP_NEG: u32 = 7u;
const OP_EXP: u32 = 8u;
const OP_SQRT: u32 = 9u;
const OP_SIGN: u32 = 10u;
const OP_UNIT_MODULUS: u32 = 11u;
override OP: u32 = OP_COPY;
override IN_COMPLEX: bool = false;
override OUT_COMPLEX: bool = false;
override WG: u32 = 256;

struct Params {
  n: u32,
  // the op's real scalar argument (unit modulus: the modulus c); unused by the other ops
  alpha: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

const PI: f32 = 3.14159265358979;

fn load(i: u32) -> vec2<f32> {
  if (IN_COMPLEX) { return vec2<f32>(x[2u * i], x[2u * i + 1u]); }
  return vec2<f32>(x[i], 0.0);
}

// |z| without overflow of re² + im² for |z| up to the f32 range.
fn cabs(z: vec2<f32>) -> f32 {
  let m = max(abs(z.x), abs(z.y));
  if (m == 0.0) { return 0.0; }
  let s = z / m;
  return m * sqrt(dot(s, s));
}

// atan t for t in [0, 1]: Cephes atanf (argument reduction at tan(π/8), degree-9 odd polynomial; relative error
// ≈ 2e-7). The builtin atan2 may be much coarser (WGSL allows 4096 ULP; lavapipe's errs by 3e-6 at atan2(1, 1)).
fn atan_unit(t: f32) -> f32 {
  var base = 0.0;
  var u = t;
  if (t > 0.41421356) {
    base = PI / 4.0;
    u = (t - 1.0) / (t + 1.0);
  }
  let z = u * u;
  return base + (((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * u + u;
}

// arg z in (-π, π]; arg 0 = 0. The ratio min/max ≤ 1 never overflows.
fn carg(z: vec2<f32>) -> f32 {
  let ax = abs(z.x);
  let ay = abs(z.y);
  let m = max(ax, ay);
  if (m == 0.0) { return 0.0; }
  var r = atan_unit(min(ax, ay) / m);
  if (ay > ax) { r = PI / 2.0 - r; }
  if (z.x < 0.0) { r = PI - r; }
  return select(r, -r, z.y < 0.0);
}

// element i < params.n (the entry point and the bound check are lib/pointwise.wgsl's)
fn pointwise(i: u32) {
  let z = load(i);
  var r: vec2<f32>;
  switch (OP) {
    case OP_COPY: { r = z; }
    case OP_RE: { r = vec2<f32>(z.x, 0.0); }
    case OP_IM: { r = vec2<f32>(z.y, 0.0); }
    case OP_CONJ: { r = cconj(z); }
    case OP_ABS: {
      if (IN_COMPLEX) { r = vec2<f32>(cabs(z), 0.0); } else { r = vec2<f32>(abs(z.x), 0.0); }
    }
    case OP_ABS2: { r = vec2<f32>(cabs2(z), 0.0); }
    case OP_ANGLE: {
      // a real number's phase is 0 or π (negative)
      if (IN_COMPLEX) { r = vec2<f32>(carg(z), 0.0); } else { r = vec2<f32>(select(0.0, PI, z.x < 0.0), 0.0); }
    }
    case OP_NEG: { r = -z; }
    case OP_EXP: {
      // e^{x + jy} = e^x (cos y + j sin y)
      if (IN_COMPLEX) { r = exp(z.x) * expj_reduced(z.y); } else { r = vec2<f32>(exp(z.x), 0.0); }
    }
    case OP_SQRT: { r = vec2<f32>(sqrt(z.x), 0.0); }
    case OP_SIGN: { r = vec2<f32>(sign(z.x), 0.0); }
    case OP_UNIT_MODULUS, default: { r = params.alpha * expj_reduced(z.x); }
  }
  if (OUT_COMPLEX) {
    out[2u * i] = r.x;
    out[2u * i + 1u] = r.y;
  } else {
    out[i] = r.x;
  }
}
