/**
 * Tile selection for matmul: which kernel (shaders/gemm/register.wgsl or shaders/gemm/shared.wgsl) and which
 * `override` values, from the problem shape and the adapter. Pure functions, so the choice is testable and printable.
 *
 * - 'register' (CPU-like adapters): no workgroup memory, TM rows × TN columns of accumulators per invocation, op(A)
 *   shared across a subgroup with subgroupShuffle. Needs the 'subgroups' feature. Measured on lavapipe (2 cores):
 *   see bench/results/.
 * - 'shared' (GPUs): 2-D block tiling, BM×BK and BK×BN tiles staged in workgroup memory, TM×TN outputs per
 *   invocation. Also the fallback for a software adapter without subgroups.
 */
import { DeviceError } from '../errors.js';

export type GemmTileKind = 'register' | 'shared';

/** Register-blocked kernel: WG invocations own WG·TN columns (TN each) of TM rows; `swap` computes Cᵀ = op(B)ᵀ·op(A)ᵀ. */
export interface RegisterTiles {
  kind: 'register';
  TM: number;
  TN: number;
  WG: number;
  /** lanes run along M instead of N (used when N is tiny): the kernel computes Cᵀ and stores it transposed */
  swap: boolean;
}

/** Block-tiled kernel: a BM×BN block per workgroup of (BM/TM)·(BN/TN) invocations, K in steps of BK. */
export interface SharedTiles {
  kind: 'shared';
  BM: number;
  BN: number;
  BK: number;
  TM: number;
  TN: number;
}

export type GemmTiles = RegisterTiles | SharedTiles;

/** 'auto' picks by adapter; a kind name picks that kernel with tiles chosen for the shape; an object fixes them. */
export type GemmTilesOption = 'auto' | GemmTileKind | (Partial<RegisterTiles> & { kind: 'register' }) | (Partial<SharedTiles> & { kind: 'shared' });

export interface GemmProblem {
  M: number;
  N: number;
  K: number;
  batch: number;
}

export interface GemmAdapter {
  /** CPU-emulated adapter (lavapipe/llvmpipe, SwiftShader) */
  software: boolean;
  /** the device has the WebGPU 'subgroups' feature */
  subgroups: boolean;
  maxInvocations: number;
  maxWorkgroupStorage: number;
}

/** The register kernel's array bounds (MAX_TM, MAX_TN in shaders/gemm/register.wgsl). */
export const REGISTER_LIMITS = { TM: 16, TN: 4 } as const;

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

export function chooseTiles(p: GemmProblem, adapter: GemmAdapter, option: GemmTilesOption = 'auto'): GemmTiles {
  const kind: GemmTileKind =
    typeof option === 'object' ? option.kind : option === 'auto' ? (adapter.software && adapter.subgroups ? 'register' : 'shared') : option;
  if (kind !== 'register' && kind !== 'shared') {
    throw new TypeError(`matmul: tiles must be 'auto', 'register', 'shared' or a tile object; got ${JSON.stringify(option)}`);
  }
  const fixed = typeof option === 'object' ? option : {};
  const tiles = kind === 'register' ? { ...registerTiles(p), ...fixed } : { ...sharedTiles(p, adapter), ...fixed };
  validate(tiles as GemmTiles, adapter);
  return tiles as GemmTiles;
}

/**
 * Register tiles for lavapipe. Loads dominate there (each lane gathers each component separately), so the kernel
 * wants many multiply-adds per load. Large shapes: 8 rows × 4 columns per invocation, 64 invocations (16×2 measures
 * within noise of it). Narrow outputs (≤ 32 columns): a single subgroup of 8 lanes with up to 4 columns each, so that
 * op(A) is gathered once per block instead of once per subgroup. Lanes run along the larger output dimension when
 * N < 8 (`swap`), so that batched skinny products such as [16×32]·[32×3] keep the SIMD lanes busy.
 */
export function registerTiles(p: GemmProblem): RegisterTiles {
  const swap = p.N < 8 && p.M > p.N;
  const rows = Math.max(1, swap ? p.N : p.M);
  const cols = Math.max(1, swap ? p.M : p.N);
  let TM: number;
  let TN: number;
  let WG: number;
  if (cols <= 32) {
    TN = Math.max(1, ceilDiv(cols, 8));
    WG = 8;
    TM = Math.min(REGISTER_LIMITS.TM, rows);
  } else {
    TN = 4;
    WG = Math.min(64, 8 * ceilDiv(ceilDiv(cols, TN), 8));
    TM = Math.min(8, rows);
  }
  // keep both CPU threads (and then some, for load balance) busy on small unbatched products
  const groups = (tm: number) => p.batch * ceilDiv(rows, tm) * ceilDiv(cols, WG * TN);
  while (groups(TM) < 8 && TM > 2) TM = ceilDiv(TM, 2);
  return { kind: 'register', TM, TN, WG, swap };
}

/** 64×64 blocks (smaller for small M, N), BK = 8 complex steps, 4×4 outputs per invocation. */
export function sharedTiles(p: GemmProblem, adapter: Pick<GemmAdapter, 'maxInvocations' | 'maxWorkgroupStorage'>): SharedTiles {
  const block = (d: number) => (d <= 16 ? 16 : d <= 32 ? 32 : 64);
  let BM = block(p.M);
  let BN = block(p.N);
  const TM = 4;
  const TN = 4;
  const BK = 8;
  while ((BM / TM) * (BN / TN) > adapter.maxInvocations && BM > 16) BM /= 2;
  while ((BM + BN) * BK * 8 > adapter.maxWorkgroupStorage && BN > 16) BN /= 2;
  return { kind: 'shared', BM, BN, BK, TM, TN };
}

function validate(t: GemmTiles, adapter: GemmAdapter): void {
  const bad = (what: string) => {
    throw new TypeError(`matmul: invalid tiles ${JSON.stringify(t)}; ${what}`);
  };
  const int = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
  if (t.kind === 'register') {
    if (!adapter.subgroups) {
      throw new DeviceError(
        "matmul: tiles 'register' needs the WebGPU 'subgroups' feature, which this device lacks; use tiles 'shared' or 'auto'",
      );
    }
    if (![t.TM, t.TN, t.WG].every(int)) bad('TM, TN and WG must be positive integers');
    if (t.TM > REGISTER_LIMITS.TM || t.TN > REGISTER_LIMITS.TN) bad(`expected TM ≤ ${REGISTER_LIMITS.TM} and TN ≤ ${REGISTER_LIMITS.TN}`);
    if (t.WG % 8 !== 0 || t.WG > adapter.maxInvocations) bad(`expected WG a multiple of 8 and ≤ ${adapter.maxInvocations}`);
  } else {
    if (![t.BM, t.BN, t.BK, t.TM, t.TN].every(int)) bad('BM, BN, BK, TM and TN must be positive integers');
    if (t.BM % t.TM !== 0 || t.BN % t.TN !== 0) bad('expected BM a multiple of TM and BN a multiple of TN');
    if (t.TM > 8 || t.TN > 8) bad('expected TM, TN ≤ 8');
    if ((t.BM / t.TM) * (t.BN / t.TN) > adapter.maxInvocations) bad(`expected (BM/TM)·(BN/TN) ≤ ${adapter.maxInvocations} invocations`);
    if ((t.BM + t.BN) * t.BK * 8 > adapter.maxWorkgroupStorage) bad(`expected (BM + BN)·BK·8 ≤ ${adapter.maxWorkgroupStorage} bytes`);
  }
}

/**
 * Workgroup grid of a launch, before splitting at the per-dimension limit: x = row blocks (consecutive workgroups
 * share a column panel of op(B), which stays in cache), y = column blocks, z = batch.
 */
export function gemmGrid(t: GemmTiles, p: GemmProblem): [number, number, number] {
  if (t.kind === 'register') {
    const rows = t.swap ? p.N : p.M;
    const cols = t.swap ? p.M : p.N;
    return [ceilDiv(rows, t.TM), ceilDiv(cols, t.WG * t.TN), p.batch];
  }
  return [ceilDiv(p.M, t.BM), ceilDiv(p.N, t.BN), p.batch];
}

export function describeTiles(t: GemmTiles): string {
  return t.kind === 'register'
    ? `register TM=${t.TM} TN=${t.TN} WG=${t.WG}${t.swap ? ' (Cᵀ)' : ''}`
    : `shared BM=${t.BM} BN=${t.BN} BK=${t.BK} TM=${t.TM} TN=${t.TN}`;
}
