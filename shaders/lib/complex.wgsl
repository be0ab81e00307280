// Complex numbers as vec2<f32> (x = re, y = im). Tensors store them interleaved in array<f32>.

fn cmul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

// a · conj(b)
fn cmulconj(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x + a.y * b.y, a.y * b.x - a.x * b.y);
}

fn cconj(a: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x, -a.y);
}

fn cdiv(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  // Smith's algorithm: avoids overflow of |b|² for large b.
  if (abs(b.x) >= abs(b.y)) {
    let r = b.y / b.x;
    let d = b.x + b.y * r;
    return vec2<f32>((a.x + a.y * r) / d, (a.y - a.x * r) / d);
  }
  let r = b.x / b.y;
  let d = b.x * r + b.y;
  return vec2<f32>((a.x * r + a.y) / d, (a.y * r - a.x) / d);
}

fn cabs2(a: vec2<f32>) -> f32 {
  return a.x * a.x + a.y * a.y;
}

// e^{jφ}
fn cexpj(phi: f32) -> vec2<f32> {
  return vec2<f32>(cos(phi), sin(phi));
}
