// Complex numbers as vec2<f32> (x = re, y = im). Tensors store them interleaved in array<f32>.

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
