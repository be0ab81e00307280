// The operand interface both GEMM kernels share (shaders/gemm/register.wgsl, shaders/gemm/shared.wgsl):
// dtype/op flags, the launch parameters, the bindings, and loads and complex multiply-adds that honour the flags.
// engine/ops/gemm.ts fills these for either kernel.

override A_COMPLEX: bool = true;
override B_COMPLEX: bool = true;
// op(A)[m, k] = A[k, m] (stored K×M) when TRANS_A; likewise op(B)[k, n] = B[n, k] when TRANS_B
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override CONJ_A: bool = false;
override CONJ_B: bool = false;
// real × real with k stored contiguously in both operands, read as pairs along k: A and B are bound as vec2 arrays
// of (x[2t], x[2t+1]) and each step accumulates x·y = two real multiply-adds (K is halved by the launcher)
override K_PAIRS: bool = false;
// store C[m, n] at n·ldc + m (the launcher computes Cᵀ = op(B)ᵀ·op(A)ᵀ this way when N is tiny and M is not)
override TRANS_C: bool = false;

//! include lib/gemm-params.wgsl

// Inputs are bound as vec2 arrays: a complex element is one load; a real element is half of one.
@group(0) @binding(0) var<storage, read> a: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn load_a(i: u32) -> vec2<f32> {
  if (A_COMPLEX) {
    let v = a[i];
    if (CONJ_A) { return cconj(v); }
    return v;
  }
  let v = a[i >> 1u];
  return vec2<f32>(select(v.x, v.y, (i & 1u) == 1u), 0.0);
}

fn load_b(i: u32) -> vec2<f32> {
  if (B_COMPLEX) {
    let v = b[i];
    if (CONJ_B) { return cconj(v); }
    return v;
  }
  let v = b[i >> 1u];
  return vec2<f32>(select(v.x, v.y, (i & 1u) == 1u), 0.0);
}

// acc + x·y, skipping the products with a zero imaginary part of a real operand
fn mac(acc: vec2<f32>, x: vec2<f32>, y: vec2<f32>) -> vec2<f32> {
  if (K_PAIRS) { return vec2<f32>(fma(x.x, y.x, fma(x.y, y.y, acc.x)), 0.0); }
  if (A_COMPLEX && B_COMPLEX) {
    return vec2<f32>(fma(x.x, y.x, fma(-x.y, y.y, acc.x)), fma(x.x, y.y, fma(x.y, y.x, acc.y)));
  }
  if (A_COMPLEX) { return fma(x, vec2<f32>(y.x), acc); }
  if (B_COMPLEX) { return fma(vec2<f32>(x.x), y, acc); }
  return vec2<f32>(fma(x.x, y.x, acc.x), 0.0);
}
