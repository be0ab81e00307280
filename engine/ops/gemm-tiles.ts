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
import { loadShaderSource } from '../device/shader-source.js';
import { DeviceError, KernelError } from '../errors.js';

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

const constants = new Map<string, number>();

/** A `const NAME: u32 = value;` of a kernel's WGSL (array bounds and block sizes live there, not in TS). */
function shaderConst(kernel: string, name: string): number {
  const key = `${kernel}:${name}`;
  let v = constants.get(key);
  if (v === undefined) {
    const m = new RegExp(`const\\s+${name}\\s*:\\s*u32\\s*=\\s*(\\d+)`).exec(loadShaderSource(kernel));
    if (!m) throw new KernelError(`kernel ${kernel}: expected a 'const ${name}: u32 = …;' declaration`);
    constants.set(key, (v = Number(m[1])));
  }
  return v;
}

/** Bounds of the register kernel: accumulator array (MAX_TM × MAX_TN) and lanes sharing op(A) (KB). */
export function registerLimits(): { TM: number; TN: number; lanes: number } {
  return { TM: shaderConst('gemm/register', 'MAX_TM'), TN: shaderConst('gemm/register', 'MAX_TN'), lanes: shaderConst('gemm/register', 'KB') };
}

/** Bound of the shared kernel's per-invocation accumulator array (MAX_T × MAX_T). */
export function sharedLimit(): number {
  return shaderConst('gemm/shared', 'MAX_T');
}

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
 * wants many multiply-adds per load. Large shapes: 16 rows × 4 columns per invocation, 64 invocations — 64 complex
 * accumulators, more than the 32 vector registers hold, but the spills cost less than the loads they save. Measured
 * (CPU time, 512³ and 1024³): 8×4 and 16×2 ≈ 20–30 % slower; 24×4, 32×4 and 16×8 ~4× slower (the accumulators no
 * longer stay in registers at all). Narrow outputs (≤ 32 columns): one subgroup of 8 lanes with up to 4 columns each,
 * so that op(A) is gathered once per block instead of once per subgroup. Lanes run along the larger output dimension
 * when N < 8 (`swap`), so that batched skinny products such as [16×32]·[32×3] keep the SIMD lanes busy.
 */
export function registerTiles(p: GemmProblem): RegisterTiles {
  const { TM: maxTM, TN: maxTN, lanes } = registerLimits();
  const swap = p.N < lanes && p.M > p.N;
  const rows = Math.max(1, swap ? p.N : p.M);
  const cols = Math.max(1, swap ? p.M : p.N);
  const TN = cols <= lanes * maxTN ? ceilDiv(cols, lanes) : maxTN;
  // enough whole subgroups (of `lanes`) to cover the columns, at most 64 invocations
  const WG = cols <= lanes * maxTN ? lanes : Math.min(64, lanes * ceilDiv(ceilDiv(cols, TN), lanes));
  let TM = Math.min(maxTM, rows);
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
    const lim = registerLimits();
    if (t.TM > lim.TM || t.TN > lim.TN) bad(`expected TM ≤ ${lim.TM} and TN ≤ ${lim.TN}`);
    if (t.WG % lim.lanes !== 0 || t.WG > adapter.maxInvocations) bad(`expected WG a multiple of ${lim.lanes} and ≤ ${adapter.maxInvocations}`);
  } else {
    if (![t.BM, t.BN, t.BK, t.TM, t.TN].every(int)) bad('BM, BN, BK, TM and TN must be positive integers');
    if (t.BM % t.TM !== 0 || t.BN % t.TN !== 0) bad('expected BM a multiple of TM and BN a multiple of TN');
    if (t.TM > sharedLimit() || t.TN > sharedLimit()) bad(`expected TM, TN ≤ ${sharedLimit()}`);
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
