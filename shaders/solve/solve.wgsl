// Batched dense solves A X = B for small square A (n up to ~64), one invocation per matrix to factor and one per
// (matrix, column of B) to substitute. Matrices are row-major: A [..., n, n], B and X [..., n, m]; each operand real
// or complex (A_COMPLEX, B_COMPLEX; X is complex if either is).
//
//   cholesky_factor      A = L Lᴴ (Hermitian positive definite; reads the lower triangle of A), L into `factors`
//   cholesky_substitute  L Y = B, then Lᴴ X = Y
//   lu_factor            P A = L U with partial pivoting (Doolittle, unit L), in place in `factors`; swaps in `pivots`
//   lu_substitute        X = U⁻¹ L⁻¹ P B
//
// A factorization that breaks down (a pivot ≤ 0 for Cholesky, an exactly zero pivot column for LU) records
// info = k + 1 for its first bad pivot k, and the substitution writes NaN to that matrix's X: nothing is read back
// to the host, so the failure travels in the data. The factor scratch holds A's own batch (count = A's matrices);
// the substitution maps each output batch index to A's and B's matrices with broadcast strides (counted in matrices).
//! include lib/complex.wgsl
//! include lib/index.wgsl

override A_COMPLEX: bool = false;
override B_COMPLEX: bool = false;
override WG: u32 = 64;

struct Params {
  // invocations: A's matrices (factor) or output matrices × m (substitute)
  count: u32,
  n: u32,
  m: u32,
  rank: u32,
  batch_shape: array<vec4<u32>, 2>,
  a_stride: array<vec4<u32>, 2>,
  b_stride: array<vec4<u32>, 2>,
}

// Binding names differ from every identifier in lib/ (a, b, …): wgsl_reflect resolves names without scoping, so a
// parameter `b` would count as a use of a binding `b` and add it to an entry point's layout.
@group(0) @binding(0) var<storage, read> lhs: array<f32>;
@group(0) @binding(1) var<storage, read_write> factors: array<f32>;
@group(0) @binding(2) var<storage, read_write> pivots: array<u32>;
@group(0) @binding(3) var<storage, read_write> info: array<u32>;
@group(0) @binding(4) var<storage, read> rhs: array<f32>;
@group(0) @binding(5) var<storage, read_write> sol: array<f32>;
@group(0) @binding(6) var<uniform> params: Params;

fn ld_a(i: u32) -> vec2<f32> {
  if (A_COMPLEX) { return vec2<f32>(lhs[2u * i], lhs[2u * i + 1u]); }
  return vec2<f32>(lhs[i], 0.0);
}

// The factor scratch has A's dtype.
fn ld_f(i: u32) -> vec2<f32> {
  if (A_COMPLEX) { return vec2<f32>(factors[2u * i], factors[2u * i + 1u]); }
  return vec2<f32>(factors[i], 0.0);
}

fn st_f(i: u32, v: vec2<f32>) {
  if (A_COMPLEX) {
    factors[2u * i] = v.x;
    factors[2u * i + 1u] = v.y;
  } else {
    factors[i] = v.x;
  }
}

fn ld_b(i: u32) -> vec2<f32> {
  if (B_COMPLEX) { return vec2<f32>(rhs[2u * i], rhs[2u * i + 1u]); }
  return vec2<f32>(rhs[i], 0.0);
}

fn ld_x(i: u32) -> vec2<f32> {
  if (A_COMPLEX || B_COMPLEX) { return vec2<f32>(sol[2u * i], sol[2u * i + 1u]); }
  return vec2<f32>(sol[i], 0.0);
}

fn st_x(i: u32, v: vec2<f32>) {
  if (A_COMPLEX || B_COMPLEX) {
    sol[2u * i] = v.x;
    sol[2u * i + 1u] = v.y;
  } else {
    sol[i] = v.x;
  }
}

// |re| + |im| (LAPACK's cabs1): a pivot measure that cannot underflow the way |z|² can.
fn cabs1(v: vec2<f32>) -> f32 {
  return abs(v.x) + abs(v.y);
}

// Column c of one output matrix: where X, A's factor and B's column start.
struct Column {
  mat: u32,
  c: u32,
  x0: u32,
  f0: u32,
  b0: u32,
}

fn column(t: u32) -> Column {
  let n = params.n;
  let m = params.m;
  let out_mat = t / m;
  let c = t % m;
  let a_mat = broadcast_offset(out_mat, params.rank, params.batch_shape, params.a_stride);
  let b_mat = broadcast_offset(out_mat, params.rank, params.batch_shape, params.b_stride);
  return Column(a_mat, c, out_mat * n * m + c, a_mat * n * n, b_mat * n * m + c);
}

fn poison(col: Column) {
  // a quiet NaN; built from a runtime value because a constant NaN is a shader-creation error in WGSL
  let nan = bitcast<f32>(0x7fc00000u | (params.n & 0u));
  for (var i = 0u; i < params.n; i++) { st_x(col.x0 + i * params.m, vec2<f32>(nan, nan)); }
}

@compute @workgroup_size(WG)
fn cholesky_factor(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.count) { return; }
  let n = params.n;
  let f0 = t * n * n;
  var bad = 0u;
  for (var j = 0u; j < n; j++) {
    // L_jj² = A_jj − Σ_{k<j} |L_jk|²
    var d = ld_a(f0 + j * n + j).x;
    for (var k = 0u; k < j; k++) { d -= cabs2(ld_f(f0 + j * n + k)); }
    if (!(d > 0.0)) {
      bad = j + 1u;
      break;
    }
    let ljj = sqrt(d);
    st_f(f0 + j * n + j, vec2<f32>(ljj, 0.0));
    // L_ij = (A_ij − Σ_{k<j} L_ik conj(L_jk)) / L_jj,  i > j
    for (var i = j + 1u; i < n; i++) {
      var s = ld_a(f0 + i * n + j);
      for (var k = 0u; k < j; k++) { s -= cmulconj(ld_f(f0 + i * n + k), ld_f(f0 + j * n + k)); }
      st_f(f0 + i * n + j, s / ljj);
    }
  }
  info[t] = bad;
}

@compute @workgroup_size(WG)
fn cholesky_substitute(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.count) { return; }
  let n = params.n;
  let m = params.m;
  let col = column(t);
  if (info[col.mat] != 0u) {
    poison(col);
    return;
  }
  // L y = b
  for (var i = 0u; i < n; i++) {
    var s = ld_b(col.b0 + i * m);
    for (var k = 0u; k < i; k++) { s -= cmul(ld_f(col.f0 + i * n + k), ld_x(col.x0 + k * m)); }
    st_x(col.x0 + i * m, s / ld_f(col.f0 + i * n + i).x);
  }
  // Lᴴ x = y: (Lᴴ)_ik = conj(L_ki)
  for (var i = i32(n) - 1; i >= 0; i--) {
    let r = u32(i);
    var s = ld_x(col.x0 + r * m);
    for (var k = r + 1u; k < n; k++) { s -= cmul(cconj(ld_f(col.f0 + k * n + r)), ld_x(col.x0 + k * m)); }
    st_x(col.x0 + r * m, s / ld_f(col.f0 + r * n + r).x);
  }
}

@compute @workgroup_size(WG)
fn lu_factor(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.count) { return; }
  let n = params.n;
  let f0 = t * n * n;
  for (var i = 0u; i < n * n; i++) { st_f(f0 + i, ld_a(f0 + i)); }
  var bad = 0u;
  for (var k = 0u; k < n; k++) {
    // partial pivoting: the largest |·|₁ in column k at or below the diagonal
    var p = k;
    var best = cabs1(ld_f(f0 + k * n + k));
    for (var i = k + 1u; i < n; i++) {
      let v = cabs1(ld_f(f0 + i * n + k));
      if (v > best) {
        best = v;
        p = i;
      }
    }
    pivots[t * n + k] = p;
    if (!(best > 0.0)) {
      bad = k + 1u;
      break;
    }
    if (p != k) {
      for (var j = 0u; j < n; j++) {
        let tmp = ld_f(f0 + k * n + j);
        st_f(f0 + k * n + j, ld_f(f0 + p * n + j));
        st_f(f0 + p * n + j, tmp);
      }
    }
    let pivot = ld_f(f0 + k * n + k);
    for (var i = k + 1u; i < n; i++) {
      let l = cdiv(ld_f(f0 + i * n + k), pivot);
      st_f(f0 + i * n + k, l);
      for (var j = k + 1u; j < n; j++) {
        st_f(f0 + i * n + j, ld_f(f0 + i * n + j) - cmul(l, ld_f(f0 + k * n + j)));
      }
    }
  }
  info[t] = bad;
}

@compute @workgroup_size(WG)
fn lu_substitute(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.count) { return; }
  let n = params.n;
  let m = params.m;
  let col = column(t);
  if (info[col.mat] != 0u) {
    poison(col);
    return;
  }
  // x = P b: the factorization's row swaps, in order
  for (var i = 0u; i < n; i++) { st_x(col.x0 + i * m, ld_b(col.b0 + i * m)); }
  for (var k = 0u; k < n; k++) {
    let p = pivots[col.mat * n + k];
    if (p != k) {
      let tmp = ld_x(col.x0 + k * m);
      st_x(col.x0 + k * m, ld_x(col.x0 + p * m));
      st_x(col.x0 + p * m, tmp);
    }
  }
  // L y = P b, unit diagonal
  for (var i = 1u; i < n; i++) {
    var s = ld_x(col.x0 + i * m);
    for (var k = 0u; k < i; k++) { s -= cmul(ld_f(col.f0 + i * n + k), ld_x(col.x0 + k * m)); }
    st_x(col.x0 + i * m, s);
  }
  // U x = y
  for (var i = i32(n) - 1; i >= 0; i--) {
    let r = u32(i);
    var s = ld_x(col.x0 + r * m);
    for (var k = r + 1u; k < n; k++) { s -= cmul(ld_f(col.f0 + r * n + k), ld_x(col.x0 + k * m)); }
    st_x(col.x0 + r * m, cdiv(s, ld_f(col.f0 + r * n + r)));
  }
}
