// Linear invocation index of a 1-D launch folded into (x, y) workgroups (see grid1d in engine/device/runtime.ts).
fn linear_index(gid: vec3<u32>, nwg: vec3<u32>, wg: u32) -> u32 {
  return gid.x + gid.y * nwg.x * wg;
}

// Offset of output element `i` in an operand with broadcast strides, for shapes of rank ≤ 8 packed 4 per vec4.
fn broadcast_offset(i: u32, rank: u32, shape: array<vec4<u32>, 2>, strides: array<vec4<u32>, 2>) -> u32 {
  var rest = i;
  var off = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let dim = shape[d / 4][d % 4];
    off += (rest % dim) * strides[d / 4][d % 4];
    rest /= dim;
  }
  return off;
}
