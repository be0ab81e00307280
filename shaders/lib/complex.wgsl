// Complex numbers as vec2<f32> (x = re, y = im), and the storage convention of every kernel:
//   - a binding that always holds complex data (c64) is `array<vec2<f32>>`: element i is z = x[i], stored x[i] = z
//     (the same bytes as the engine's interleaved re/im words; no index doubling, one load per element);
//   - a binding that holds real or complex data by an override (copy, fill, solve, gram, elementwise, reduce) is
//     `array<f32>`, a complex element i in words 2i (re) and 2i + 1 (im), read and written through the kernel's own
//     load/store helpers that branch on the override (a shared helper would take a pointer to storage, which core
//     WGSL does not allow as a parameter);
//   - word-level kernels that treat c64 as its real view (the optimizers, the QPSK mapper) stay `array<f32>`.

fn cmul(za: vec2<f32>, zb: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(za.x * zb.x - za.y * zb.y, za.x * zb.y + za.y * zb.x);
}

// za · conj(zb)
fn cmulconj(za: vec2<f32>, zb: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(za.x * zb.x + za.y * zb.y, za.y * zb.x - za.x * zb.y);
}

fn cconj(za: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(za.x, -za.y);
}

fn cdiv(za: vec2<f32>, zb: vec2<f32>) -> vec2<f32> {
  // Smith's algorithm: avoids overflow of |zb|² for large zb.
  if (abs(zb.x) >= abs(zb.y)) {
    let r = zb.y / zb.x;
    let d = zb.x + zb.y * r;
    return vec2<f32>((za.x + za.y * r) / d, (za.y - za.x * r) / d);
  }
  let r = zb.x / zb.y;
  let d = zb.x * r + zb.y;
  return vec2<f32>((za.x * r + za.y) / d, (za.y * r - za.x) / d);
}

fn cabs2(za: vec2<f32>) -> f32 {
  return za.x * za.x + za.y * za.y;
}

// e^{jφ}
fn cexpj(phi: f32) -> vec2<f32> {
  return vec2<f32>(cos(phi), sin(phi));
}

// e^{jφ} with φ first reduced to [-π, π]: GPU sin/cos are only accurate on that range (WGSL: 2^-11 absolute there).
// Cody–Waite reduction: 2π = C1 + C2 with C1 = 6.28125 exact in 8 bits, so k·C1 is exact (and φ − k·C1 nearly) for
// |k| < 2^16 and the reduced phase errs by ~|k|·1e-10 instead of |k|·2e-7 with a single f32 2π.
fn expj_reduced(phi: f32) -> vec2<f32> {
  let k = round(phi * 0.15915494309189535);
  return cexpj((phi - k * 6.28125) - k * 1.9353071795864769e-3);
}
