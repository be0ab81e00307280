import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, tensor, type DType, type Shape } from '../../../engine/index.js';
import { matmul, planMatmul, type MatOp, type MatmulOptions } from '../../../engine/ops/gemm.js';
import { chooseTiles, gemmGrid, realTiles, registerTiles, type GemmAdapter, type GemmTilesOption } from '../../../engine/ops/gemm-tiles.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../../../engine/tensor/shape.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

const rt = useRuntime();

type C = [number, number];

interface HostMatrix {
  data: Float32Array;
  shape: number[];
  dtype: DType;
}

let seed = 1;
function host(shape: number[], dtype: DType): HostMatrix {
  return { data: randomData(sizeOf(shape) * (dtype === 'c64' ? 2 : 1), seed++), shape, dtype };
}

/** float64 reference of matmul with ops and broadcast batches; interleaved output when complex. */
function reference(A: HostMatrix, B: HostMatrix, opA: MatOp, opB: MatOp): { shape: number[]; data: Float64Array } {
  const [ra, ca] = A.shape.slice(-2);
  const [rb, cb] = B.shape.slice(-2);
  const M = opA === 'N' ? ra : ca;
  const K = opA === 'N' ? ca : ra;
  const N = opB === 'N' ? cb : rb;
  const batchA = A.shape.slice(0, -2);
  const batchB = B.shape.slice(0, -2);
  const batch = broadcastShapes('reference', batchA, batchB);
  const sa = broadcastStrides(batchA, batch);
  const sb = broadcastStrides(batchB, batch);
  const complexOut = A.dtype === 'c64' || B.dtype === 'c64';
  const nb = sizeOf(batch);
  const out = new Float64Array(nb * M * N * (complexOut ? 2 : 1));
  const get = (X: HostMatrix, i: number, conj: boolean): C =>
    X.dtype === 'c64' ? [X.data[2 * i], conj ? -X.data[2 * i + 1] : X.data[2 * i + 1]] : [X.data[i], 0];
  for (let z = 0; z < nb; z++) {
    let rest = z;
    let oa = 0;
    let ob = 0;
    for (let d = batch.length - 1; d >= 0; d--) {
      const c = rest % batch[d];
      rest = Math.floor(rest / batch[d]);
      oa += c * sa[d];
      ob += c * sb[d];
    }
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < K; k++) {
          const [xr, xi] = get(A, oa * ra * ca + (opA === 'N' ? m * ca + k : k * ca + m), opA === 'H');
          const [yr, yi] = get(B, ob * rb * cb + (opB === 'N' ? k * cb + n : n * cb + k), opB === 'H');
          re += xr * yr - xi * yi;
          im += xr * yi + xi * yr;
        }
        const o = (z * M + m) * N + n;
        if (complexOut) {
          out[2 * o] = re;
          out[2 * o + 1] = im;
        } else out[o] = re;
      }
    }
  }
  return { shape: [...batch, M, N], data: out };
}

/** Stored shape of an operand whose op(X) has `rows` × `cols`. */
const stored = (op: MatOp, rows: number, cols: number, batch: number[] = []) => [...batch, ...(op === 'N' ? [rows, cols] : [cols, rows])];

async function check(A: HostMatrix, B: HostMatrix, options: MatmulOptions = {}): Promise<void> {
  const opA = options.opA ?? 'N';
  const opB = options.opB ?? 'N';
  const ref = reference(A, B, opA, opB);
  const out = matmul(tensor(A.data, A.shape, A.dtype), tensor(B.data, B.shape, B.dtype), options);
  expect(out.shape).toEqual(ref.shape);
  expect(out.dtype).toBe(A.dtype === 'c64' || B.dtype === 'c64' ? 'c64' : 'f32');
  const K = opA === 'N' ? A.shape[A.shape.length - 1] : A.shape[A.shape.length - 2];
  expectClose(await out.read(), ref.data, { atol: 1e-5 * Math.max(1, K), rtol: 1e-4, what: `matmul ${JSON.stringify(options)}` });
}

const KINDS = ['register', 'shared'] as const;
const DTYPES: Array<[DType, DType]> = [
  ['c64', 'c64'],
  ['f32', 'f32'],
  ['f32', 'c64'],
  ['c64', 'f32'],
];
const OPS: MatOp[] = ['N', 'T', 'H'];

// (M, N, K) from {1, 3, 17, 33, 100}: every value in every position, none a tile multiple, tiny N (< 8) with
// larger M (the register kernel's transposed orientation), and single rows / columns / inner dimensions.
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [1, 3, 17],
  [3, 1, 33],
  [17, 33, 3],
  [33, 17, 100],
  [100, 3, 17],
  [3, 100, 33],
  [17, 17, 1],
  [100, 33, 33],
  [33, 100, 3],
];

// Each distinct set of flags and tile sizes compiles one pipeline (0.1–2 s on lavapipe without a warm Mesa shader
// cache), so the combinations below cover every path with few pipelines: all shapes for c64 × c64, fewer for the
// other dtype pairs, all op pairs on one shape (and on one N < 8 shape for the register kernel's Cᵀ orientation).
describe('matmul against float64', () => {
  for (const kind of KINDS) {
    describe(`tiles ${kind}`, () => {
      // Shape and dtype tests use the tiles chosen for each shape. The flag and layout tests below pin small tiles
      // for the shared kernel: its pipelines compile slowly on lavapipe (1–2 s each at 64×64), and the flags'
      // index logic does not depend on the tile sizes.
      const tiles: GemmTilesOption = kind;
      const fixed: GemmTilesOption = kind === 'register' ? kind : { kind: 'shared', BM: 16, BN: 16, BK: 4, TM: 2, TN: 2 };

      it('c64 × c64, M N K over {1, 3, 17, 33, 100}', async () => {
        for (const [M, N, K] of SHAPES) await check(host([M, K], 'c64'), host([K, N], 'c64'), { tiles });
      });

      const mixedShapes: Array<[number, number, number]> =
        kind === 'register'
          ? [
              [1, 3, 17],
              [100, 3, 17],
              [33, 100, 3],
            ]
          : [[100, 3, 17]];
      for (const [da, db] of DTYPES.slice(1)) {
        it(`${da} × ${db}`, async () => {
          for (const [M, N, K] of mixedShapes) await check(host([M, K], da), host([K, N], db), { tiles });
        });
      }

      for (const [da, db] of DTYPES) {
        it(`${da} × ${db}, every opA × opB`, async () => {
          for (const opA of OPS) {
            for (const opB of OPS) {
              // 'H' on a real operand is 'T': no new case
              if ((opA === 'H' && da === 'f32') || (opB === 'H' && db === 'f32')) continue;
              await check(host(stored(opA, 17, 3), da), host(stored(opB, 3, 33), db), { opA, opB, tiles: fixed });
            }
          }
        });
      }

      if (kind === 'register') {
        it('c64 × c64, every opA × opB, N < 8 (the kernel computes Cᵀ)', async () => {
          for (const opA of OPS) {
            for (const opB of OPS) await check(host(stored(opA, 33, 17), 'c64'), host(stored(opB, 17, 5), 'c64'), { opA, opB, tiles });
          }
        });
      }

      it('f32 × f32 read as pairs: op(B) = B with even N, and A·Bᵀ with even K', async () => {
        await check(host([2, 17, 5], 'f32'), host([2, 5, 4], 'f32'), { tiles: fixed });
        await check(host([3, 33], 'f32'), host([33, 100], 'f32'), { tiles: fixed });
        await check(host([2, 1, 5, 4], 'f32'), host([1, 3, 4, 6], 'f32'), { tiles: fixed });
        await check(host(stored('T', 17, 9), 'f32'), host([9, 2], 'f32'), { opA: 'T', tiles: fixed });
        await check(host([33, 100], 'f32'), host([17, 100], 'f32'), { opB: 'T', tiles: fixed });
        await check(host([2, 1, 5, 2], 'f32'), host([1, 3, 3, 2], 'f32'), { opB: 'H', tiles: fixed });
        await check(host([100, 4], 'f32'), host([2, 4], 'f32'), { opB: 'T', tiles: fixed });
      });

      it('real H equals T', async () => {
        const A = host([17, 3], 'f32');
        const B = host([33, 17], 'c64');
        await check(A, B, { opA: 'H', opB: 'T', tiles: fixed });
      });

      it('batch broadcasting: [2,1]×[1,3], unbatched A or B, leading ones, with ops', async () => {
        await check(host([2, 1, 17, 3], 'c64'), host([1, 3, 3, 33], 'c64'), { tiles: fixed });
        await check(host([17, 33], 'c64'), host([4, 33, 5], 'c64'), { tiles: fixed });
        await check(host([4, 3, 17], 'c64'), host([17, 100], 'f32'), { tiles: fixed });
        await check(host([1, 2, 33, 17], 'f32'), host([2, 17, 3], 'c64'), { tiles: fixed });
        await check(host(stored('H', 5, 17, [3, 1]), 'c64'), host(stored('T', 17, 9, [2]), 'c64'), { opA: 'H', opB: 'T', tiles: fixed });
        await check(host(stored('T', 33, 3, [2, 1, 2]), 'f32'), host(stored('H', 3, 2, [1, 3, 1]), 'c64'), { opA: 'T', opB: 'H', tiles: fixed });
      });
    });
  }

  it('explicit register tiles, both orientations, odd sizes', async () => {
    const A = host([2, 37, 29], 'c64');
    const B = host([2, 29, 6], 'c64');
    for (const t of [
      { kind: 'register', TM: 5, TN: 3, WG: 24, swap: false },
      { kind: 'register', TM: 16, TN: 4, WG: 8, swap: false },
      { kind: 'register', TM: 6, TN: 1, WG: 8, swap: true },
      { kind: 'register', TM: 1, TN: 2, WG: 64, swap: true },
    ] as const) {
      await check(A, B, { tiles: t });
      await check(host(stored('H', 37, 29, [2]), 'c64'), B, { opA: 'H', opB: 'N', tiles: t });
    }
  });

  it('explicit shared tiles', async () => {
    for (const t of [
      { kind: 'shared', BM: 16, BN: 32, BK: 4, TM: 2, TN: 4 },
      { kind: 'shared', BM: 64, BN: 16, BK: 16, TM: 8, TN: 2 },
    ] as const) {
      await check(host([37, 29], 'c64'), host([29, 41], 'c64'), { tiles: t });
      await check(host([29, 37], 'f32'), host([41, 29], 'c64'), { opA: 'T', opB: 'H', tiles: t });
    }
  });

  // The real vec4 kernels (shaders/gemm/real-quads.wgsl, real-cols.wgsl) need 16-byte aligned rows: every stored row
  // length a multiple of 4 (and K, for the quads). Their larger pipelines compile slowly on lavapipe (4–20 s), so the
  // numeric checks pin three tile sizes per kernel that between them switch every row- and column-group guard of the
  // WGSL off and on (TM 4 … 32, TN both values); 'auto' is checked by plan and on one dense layer.
  describe('real vec4 kernels', () => {
    const f32 = (shape: number[]) => host(shape, 'f32');
    const plan = (A: HostMatrix, B: HostMatrix, options: MatmulOptions) => planMatmul(tensor(A.data, A.shape), tensor(B.data, B.shape), options);
    // (32×4 with WG 64 is also what 'auto' runs the dense layer below with: one pipeline for both)
    const quads = [
      { kind: 'real-quads', TM: 4, TN: 4, WG: 8 },
      { kind: 'real-quads', TM: 12, TN: 8, WG: 16 },
      { kind: 'real-quads', TM: 32, TN: 4, WG: 64 },
    ] as const;
    const cols = [
      { kind: 'real-cols', TM: 4, TN: 1, WG: 8 },
      { kind: 'real-cols', TM: 12, TN: 2, WG: 8 },
      { kind: 'real-cols', TM: 32, TN: 1, WG: 16 },
    ] as const;

    it('auto picks real-quads for op(B) k-contiguous (x·Wᵀ, Aᵀ·Bᵀ) and real-cols for Aᵀ·B, for large products', () => {
      expect(plan(f32([256, 1024]), f32([512, 1024]), { opB: 'T' })).toMatchObject({ real: 'quads', pairs: 'none', tiles: { kind: 'real-quads' } });
      expect(plan(f32([128, 1024]), f32([512, 1024]), { opB: 'H' }).tiles).toMatchObject({ kind: 'real-quads', TM: 32, TN: 4, WG: 64 });
      expect(plan(f32([1024, 256]), f32([512, 1024]), { opA: 'T', opB: 'T' }).tiles.kind).toBe('real-quads');
      expect(plan(f32([256, 512]), f32([256, 1024]), { opA: 'T' })).toMatchObject({ real: 'cols', pairs: 'none', tiles: { kind: 'real-cols' } });
      expect(plan(f32([128, 256]), f32([128, 1024]), { opA: 'T' }).tiles.kind).toBe('real-cols');
      // below 2²⁶ (quads) or 2²⁵ (cols) multiply-adds the register kernel is as fast or faster
      expect(plan(f32([256, 512]), f32([256, 512]), { opB: 'T' })).toMatchObject({ real: 'quads', tiles: { kind: 'register' }, pairs: 'inner' });
      expect(plan(f32([256, 256]), f32([256, 256]), { opA: 'T' })).toMatchObject({ real: 'cols', tiles: { kind: 'register' }, pairs: 'columns' });
    });

    it('real-quads: op(A) = A and Aᵀ, M, N off the tile sizes, every tile size', async () => {
      for (const tiles of quads) {
        for (const [M, N, K] of [
          [37, 68, 20],
          [8, 41, 4],
        ])
          await check(f32([M, K]), f32([N, K]), { opB: 'T', tiles });
        await check(f32([44, 36]), f32([70, 44]), { opA: 'T', opB: 'T', tiles });
      }
      await check(f32([100, 36]), f32([1028, 36]), { opB: 'H', tiles: quads[1] });
    });

    it('real-cols: Aᵀ·B, M, N off the tile sizes, K from 1 up, every tile size', async () => {
      for (const tiles of cols) {
        for (const [M, N, K] of [
          [36, 68, 17],
          [100, 40, 3],
          [12, 36, 1],
        ])
          await check(f32([K, M]), f32([K, N]), { opA: 'T', tiles });
      }
      await check(f32([33, 8]), f32([33, 1028]), { opA: 'T', tiles: cols[1] });
    });

    it('batched and broadcast batches', async () => {
      await check(f32([3, 37, 20]), f32([3, 44, 20]), { opB: 'T', tiles: quads[1] });
      await check(f32([2, 1, 12, 8]), f32([3, 40, 8]), { opB: 'T', tiles: quads[1] });
      await check(f32([2, 9, 36]), f32([40, 36]), { opB: 'T', tiles: quads[1] });
      await check(f32([2, 20, 36]), f32([3, 1, 44, 20]), { opA: 'T', opB: 'T', tiles: quads[1] });
      await check(f32([2, 17, 12]), f32([2, 17, 40]), { opA: 'T', tiles: cols[1] });
      await check(f32([17, 12]), f32([3, 17, 40]), { opA: 'T', tiles: cols[1] });
      await check(f32([2, 1, 5, 36]), f32([1, 3, 5, 64]), { opA: 'T', tiles: cols[1] });
    });

    it('a dense layer’s three products (x·Wᵀ, gz·W, gzᵀ·x) with auto tiles: vec4 kernels for two, column pairs for gz·W', async () => {
      const x = f32([128, 1024]);
      const W = f32([512, 1024]);
      const gz = f32([128, 512]);
      expect(plan(x, W, { opB: 'T' }).tiles).toEqual(quads[2]);
      expect(plan(gz, W, {})).toMatchObject({ real: undefined, pairs: 'columns', tiles: { kind: 'register' } });
      expect(plan(gz, x, { opA: 'T' }).tiles.kind).toBe('real-cols');
      await check(x, W, { opB: 'T' });
      await check(gz, W);
      await check(gz, x, { opA: 'T' });
    });

    it('falls back to the register kernel when a row is not 16-byte aligned or K % 4 ≠ 0', async () => {
      // K % 4 ∈ {1, 2, 3} with op(B) k-contiguous: K pairs when K is even, plain reads otherwise
      for (const [K, pairs] of [
        [41, 'none'],
        [42, 'inner'],
        [43, 'none'],
      ] as const) {
        const A = f32([9, K]);
        const B = f32([36, K]);
        expect(plan(A, B, { opB: 'T' })).toMatchObject({ real: undefined, pairs, tiles: { kind: 'register' } });
        await check(A, B, { opB: 'T' });
      }
      // op(A) = Aᵀ with its stored row (M) or op(B)'s (N) not a multiple of 4
      for (const [M, N] of [
        [38, 40],
        [36, 42],
        [37, 41],
      ]) {
        const A = f32([9, M]);
        const B = f32([9, N]);
        expect(plan(A, B, { opA: 'T' })).toMatchObject({ real: undefined, tiles: { kind: 'register' } });
        await check(A, B, { opA: 'T' });
      }
      // Aᵀ·Bᵀ with M = 38
      expect(plan(f32([12, 38]), f32([40, 12]), { opA: 'T', opB: 'T' }).real).toBeUndefined();
      await check(f32([12, 38]), f32([40, 12]), { opA: 'T', opB: 'T' });
      // complex operands never use them
      const c = host([8, 12], 'c64');
      expect(planMatmul(tensor(c.data, c.shape, 'c64'), tensor(f32([40, 12]).data, [40, 12]), { opB: 'T' }).real).toBeUndefined();
    });

    it('batches beyond the per-dimension workgroup limit are split', async () => {
      const batch = rt().limits.maxComputeWorkgroupsPerDimension + 3;
      await check(f32([batch, 8, 4]), f32([32, 4]), { opB: 'T', tiles: { kind: 'real-quads', TM: 8, TN: 4, WG: 8 } });
    });
  });

  it('batches beyond the per-dimension workgroup limit are split', async () => {
    const batch = rt().limits.maxComputeWorkgroupsPerDimension + 3;
    await check(host([batch, 1, 2], 'c64'), host([2, 1], 'c64'));
  });

  it('empty and K = 0 products', async () => {
    const e = matmul(tensor([], [0, 3], 'c64'), tensor(new Float32Array(6), [3, 1], 'c64'));
    expect(e.shape).toEqual([0, 1]);
    const z = matmul(tensor([], [2, 0]), tensor([], [0, 3]));
    expect(z.shape).toEqual([2, 3]);
    expectClose(await z.read(), new Float64Array(6));
  });
});

describe('matmul errors', () => {
  const t = (shape: Shape, dtype: DType = 'f32') => tensor(new Float32Array(sizeOf(shape) * (dtype === 'c64' ? 2 : 1)), shape, dtype);

  it('names the op, both shapes and the ops', () => {
    expect(() => matmul(t([2, 3, 4]), t([5, 6]))).toThrow(new ShapeError('matmul: inner dimensions differ; A[2, 3, 4] (op N) has K=4, B[5, 6] (op N) has K=5'));
    expect(() => matmul(t([3, 4]), t([5, 4], 'c64'), { opA: 'H', opB: 'N' })).toThrow(/A\[3, 4\] \(op H\) has K=3, B\[5, 4\] \(op N\) has K=5/);
    expect(() => matmul(t([2, 3, 4]), t([3, 4, 5]))).toThrow(ShapeError);
    expect(() => matmul(t([2, 3, 4]), t([3, 4, 5]))).toThrow(
      /batch dimensions do not broadcast; A\[2, 3, 4\] \(op N\) has batch \[2\], B\[3, 4, 5\] \(op N\) has batch \[3\]/,
    );
    expect(() => matmul(t([4]), t([4, 2]))).toThrow(/matmul: operands must have rank ≥ 2; got A\[4\] \(op N\), B\[4, 2\] \(op N\)/);
  });

  it('rejects unknown dtypes, ops and tiles', () => {
    const a = t([2, 2]);
    const bad = Object.create(a, { dtype: { value: 'f16' } });
    expect(() => matmul(a, bad)).toThrow(DTypeError);
    expect(() => matmul(a, bad)).toThrow(/matmul: expected f32 or c64 operands; got f16 \[2, 2\]/);
    expect(() => matmul(a, a, { opA: 'C' as MatOp })).toThrow(/opA must be 'N', 'T' or 'H'; got "C"/);
    expect(() => matmul(a, a, { tiles: 'fast' as GemmTilesOption })).toThrow(/tiles must be/);
    expect(() => matmul(a, a, { tiles: { kind: 'register', TM: 17 } })).toThrow(/TM ≤ 16/);
    expect(() => matmul(a, a, { tiles: { kind: 'shared', BM: 48, TM: 5 } })).toThrow(/multiple of TM/);
    // the real vec4 kernels: only for the products they can read, and only their tile sizes
    const x = t([8, 36]);
    const w = t([40, 36]);
    expect(() => matmul(x, w, { opB: 'T', tiles: 'real-cols' })).toThrow(/tiles 'real-cols' needs a real × real product with op\(A\) = Aᵀ and op\(B\) = B/);
    expect(() => matmul(x, t([36, 40]), { tiles: 'real-quads' })).toThrow(/tiles 'real-quads' needs .* this product reads as none of them/);
    expect(() => matmul(t([8, 34]), t([40, 34]), { opB: 'T', tiles: 'real-quads' })).toThrow(/multiples of 4 elements \(and K a multiple of 4\)/);
    expect(() => matmul(x, w, { opB: 'T', tiles: { kind: 'real-quads', TM: 6 } })).toThrow(/TM a multiple of 4 and ≤ 32/);
    expect(() => matmul(x, w, { opB: 'T', tiles: { kind: 'real-quads', TN: 2 } })).toThrow(/expected TN 4 or 8/);
    expect(() => matmul(t([36, 8]), t([36, 40]), { opA: 'T', tiles: { kind: 'real-cols', TN: 4 } })).toThrow(/expected TN 1 or 2/);
    expect(() => matmul(x, w, { opB: 'T', tiles: { kind: 'real-quads', WG: 12 } })).toThrow(/WG a multiple of 8/);
  });
});

describe('tile choice', () => {
  const cpu: GemmAdapter = { software: true, subgroups: true, maxInvocations: 256, maxWorkgroupStorage: 16384 };
  const gpu: GemmAdapter = { software: false, subgroups: true, maxInvocations: 1024, maxWorkgroupStorage: 32768 };

  it('picks the register kernel on software adapters with subgroups, block tiling otherwise', () => {
    const p = { M: 512, N: 512, K: 512, batch: 1 };
    expect(chooseTiles(p, cpu).kind).toBe('register');
    expect(chooseTiles(p, gpu).kind).toBe('shared');
    expect(chooseTiles(p, { ...cpu, subgroups: false }).kind).toBe('shared');
    expect(() => chooseTiles(p, { ...cpu, subgroups: false }, 'register')).toThrow(/'subgroups' feature/);
  });

  it('runs lanes along M for tiny N and puts the batch in z', () => {
    const skinny = { M: 16, N: 3, K: 32, batch: 256 };
    const t = registerTiles(skinny);
    expect(t.swap).toBe(true);
    expect(gemmGrid(t, skinny)[2]).toBe(256);
    expect(registerTiles({ M: 3, N: 32, K: 16, batch: 256 }).swap).toBe(false);
  });

  it('real vec4 tiles: 32×4 (quads), 16×2 or 32×1 (cols); WG covers N; TM shrinks for parallelism', () => {
    const quads = (M: number, N: number, K: number, batch = 1) => realTiles({ M, N, K, batch, real: 'quads' }, cpu);
    const cols = (M: number, N: number, K: number, batch = 1) => realTiles({ M, N, K, batch, real: 'cols' }, cpu);
    expect(quads(256, 512, 1024)).toEqual({ kind: 'real-quads', TM: 32, TN: 4, WG: 64 });
    expect(quads(256, 96, 128)).toEqual({ kind: 'real-quads', TM: 32, TN: 4, WG: 24 });
    expect(quads(64, 128, 64)).toMatchObject({ TM: 8, WG: 32 });
    expect(quads(64, 128, 64, 16)).toMatchObject({ TM: 32 });
    expect(cols(512, 1024, 256)).toEqual({ kind: 'real-cols', TM: 16, TN: 2, WG: 64 });
    expect(cols(256, 256, 256)).toEqual({ kind: 'real-cols', TM: 32, TN: 1, WG: 64 });
    expect(cols(128, 256, 256)).toEqual({ kind: 'real-cols', TM: 16, TN: 1, WG: 64 });
    const p = { M: 256, N: 512, K: 1024, batch: 1 };
    expect(chooseTiles({ ...p, real: 'quads' }, cpu).kind).toBe('real-quads');
    expect(chooseTiles({ ...p, real: 'cols' }, cpu).kind).toBe('real-cols');
    expect(chooseTiles({ ...p, real: 'quads' }, gpu).kind).toBe('shared');
    expect(chooseTiles({ ...p, real: 'quads' }, cpu, 'register').kind).toBe('register');
    // too small for a subgroup of 4-column invocations: the register kernel
    expect(chooseTiles({ M: 16, N: 12, K: 32, batch: 256, real: 'quads' }, cpu).kind).toBe('register');
    expect(gemmGrid(quads(256, 512, 1024), p)).toEqual([8, 2, 1]);
    expect(gemmGrid(cols(512, 1024, 256), { M: 512, N: 1024, K: 256, batch: 3 })).toEqual([32, 2, 3]);
  });

  it('planMatmul reports the shapes after ops and broadcasting', () => {
    const plan = planMatmul(tensor(new Float32Array(2 * 2 * 5 * 3), [2, 1, 5, 3], 'c64'), tensor(new Float32Array(3 * 7 * 5), [3, 7, 5]), {
      opA: 'H',
      opB: 'T',
    });
    expect(plan).toMatchObject({ M: 3, N: 7, K: 5, batch: 6, outShape: [2, 3, 3, 7], outDType: 'c64', pairs: 'none' });
    const real = (shape: number[]) => tensor(new Float32Array(sizeOf(shape)), shape);
    expect(planMatmul(real([4, 3]), real([3, 6])).pairs).toBe('columns');
    expect(planMatmul(real([4, 3]), real([3, 5])).pairs).toBe('none');
    expect(planMatmul(real([4, 6]), real([5, 6]), { opB: 'T' }).pairs).toBe('inner');
    expect(planMatmul(real([4, 3]), real([5, 3]), { opB: 'T' }).pairs).toBe('none');
    expect(planMatmul(real([6, 4]), real([5, 6]), { opA: 'T', opB: 'T' }).pairs).toBe('none');
  });
});
