/**
 * Tile selection for matmul: which kernel (shaders/gemm/register.wgsl, shared.wgsl, real-quads.wgsl or real-cols.wgsl)
 * and which `override` values, from the problem shape and the adapter. Pure functions, so the choice is testable and
 * printable.
 *
 * - 'register' (CPU-like adapters): no workgroup memory, TM rows × TN columns of accumulators per invocation, op(A)
 *   shared across a subgroup with subgroupShuffle. Needs the 'subgroups' feature. Measured on lavapipe (2 cores):
 *   see bench/results/.
 * - 'shared' (GPUs): 2-D block tiling, BM×BK and BK×BN tiles staged in workgroup memory, TM×TN outputs per
 *   invocation. Also the fallback for a software adapter without subgroups.
 * - 'real-quads', 'real-cols' (CPU-like adapters, f32 × f32 only): the register kernel's layout with both operands read
 *   as vec4s and the accumulators written out as 4×4 blocks, for products whose stored rows are 16-byte aligned (see
 *   RealLayout). 'auto' picks them for real products on software adapters with subgroups.
 */
import { loadShaderSource } from '../device/shader-source.js';
import { DeviceError, KernelError } from '../errors.js';

export type GemmTileKind = 'register' | 'shared' | 'real-quads' | 'real-cols';

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

/**
 * Real vec4 kernels: the workgroup owns TM rows (a multiple of 4, ≤ 32), each of its WG invocations TN column slots:
 * 'real-quads' TN = 4 or 8 columns (strided by WG), 'real-cols' TN = 1 or 2 groups of 4 adjacent columns.
 */
export interface RealTiles {
  kind: 'real-quads' | 'real-cols';
  TM: number;
  TN: number;
  WG: number;
}

export type GemmTiles = RegisterTiles | SharedTiles | RealTiles;

/** Whether tiles are for one of the real vec4 kernels. */
export function isRealTiles(t: GemmTiles): t is RealTiles {
  return t.kind === 'real-quads' || t.kind === 'real-cols';
}

/** 'auto' picks by adapter; a kind name picks that kernel with tiles chosen for the shape; an object fixes them. */
export type GemmTilesOption =
  | 'auto'
  | GemmTileKind
  | (Partial<RegisterTiles> & { kind: 'register' })
  | (Partial<SharedTiles> & { kind: 'shared' })
  | (Partial<RealTiles> & { kind: 'real-quads' | 'real-cols' });

/**
 * How a real × real product can be read by the vec4 kernels (every stored row length a multiple of 4 elements, so
 * that rows start 16-byte aligned), from engine/ops/gemm.ts:
 * - 'quads': op(B) is k-contiguous (B stored N×K, op 'T'; K a multiple of 4): real-quads, op(A) either way;
 * - 'cols': op(A) = Aᵀ and op(B) = B (m- and n-contiguous): real-cols;
 * - undefined: complex operands, rows not aligned, or op(B) = B with op(A) = A. That last product (A·B, a dense
 *   layer's input gradient gz·W) stays on the register kernel, whose column pairs ('columns' in MatmulPlan) it reads
 *   about as fast: real-quads on Cᵀ = Bᵀ·Aᵀ measured 0.7–0.8× of it on lavapipe.
 */
export type RealLayout = 'quads' | 'cols';

export interface GemmProblem {
  M: number;
  N: number;
  K: number;
  batch: number;
  /** the vec4 kernels' reading of a real × real product, when it has one */
  real?: RealLayout;
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

/** Bounds of a real vec4 kernel's tile: rows per workgroup (MAX_TM) and column slots per invocation (MAX_TN). */
export function realLimits(kind: RealTiles['kind']): { TM: number; TN: number } {
  const name = `gemm/${kind}`;
  return { TM: shaderConst(name, 'MAX_TM'), TN: shaderConst(name, 'MAX_TN') };
}

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);
const KINDS: readonly GemmTileKind[] = ['register', 'shared', 'real-quads', 'real-cols'];

/** The real vec4 kernel for a layout. */
const realKind = (layout: RealLayout): RealTiles['kind'] => (layout === 'cols' ? 'real-cols' : 'real-quads');

export function chooseTiles(p: GemmProblem, adapter: GemmAdapter, option: GemmTilesOption = 'auto'): GemmTiles {
  const cpu = adapter.software && adapter.subgroups;
  const kind: GemmTileKind =
    typeof option === 'object'
      ? option.kind
      : option !== 'auto'
        ? option
        : !cpu
          ? 'shared'
          : p.real && realWorthIt(p as GemmProblem & { real: RealLayout })
            ? realKind(p.real)
            : 'register';
  if (!KINDS.includes(kind)) {
    throw new TypeError(`matmul: tiles must be 'auto', ${KINDS.map((k) => `'${k}'`).join(', ')} or a tile object; got ${JSON.stringify(option)}`);
  }
  const fixed = typeof option === 'object' ? option : {};
  let tiles: GemmTiles;
  if (kind === 'register') tiles = { ...registerTiles(p), ...(fixed as Partial<RegisterTiles>) };
  else if (kind === 'shared') tiles = { ...sharedTiles(p, adapter), ...(fixed as Partial<SharedTiles>) };
  else {
    if (!p.real || realKind(p.real) !== kind) {
      throw new TypeError(
        `matmul: tiles '${kind}' needs a real × real product with ${
          kind === 'real-cols' ? 'op(A) = Aᵀ and op(B) = B' : "op(B) k-contiguous (op 'T' or 'H')"
        } whose stored rows are multiples of 4 elements${kind === 'real-quads' ? ' (and K a multiple of 4)' : ''}; ` +
          `this product reads as ${p.real ?? 'none of them'}; use tiles 'auto' or 'register'`,
      );
    }
    tiles = { ...realTiles(p as GemmProblem & { real: RealLayout }, adapter), ...(fixed as Partial<RealTiles>) };
  }
  validate(tiles, adapter);
  return tiles;
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

/**
 * Whether 'auto' uses a real vec4 kernel: for products of at least 2²⁶ (real-quads) or 2²⁵ (real-cols) multiply-adds
 * whose output has at least 32 columns and 8 rows. Measured on lavapipe (interleaved, raised priority): real-quads
 * 1.2× the register kernel at [256×1024]·[512×1024]ᵀ (2²⁷), 1.0× at [256×512]·[256×512]ᵀ (2²⁵), 0.8× at 2²³ and
 * below; real-cols 1.15–1.3× from 2²⁵ up, 0.9–1.0× below. Smaller products (and the models' batched skinny ones)
 * stay on the register kernel, whose tiles adapt to small dimensions.
 */
function realWorthIt(p: GemmProblem & { real: RealLayout }): boolean {
  const work = p.batch * p.M * p.N * p.K;
  return p.N >= 32 && p.M >= 8 && work >= (p.real === 'quads' ? 2 ** 26 : 2 ** 25);
}

/**
 * Real tiles. Loads dominate on lavapipe (each lane loads each component separately, about 8 instructions per value,
 * against 2 for a multiply-add on 8 lanes), so a value of op(B), which only its own lane uses, should meet many rows.
 * Measured on lavapipe, 2 cores, against the register kernel, interleaved at raised priority on a busy machine
 * (±0.1): real-quads 32×4 1.25–1.35× on [256×1024]·[512×1024]ᵀ (24×8 1.15–1.25×, 16×8 1.0–1.1×); real-cols 16×2
 * 1.2–1.3× on the weight gradients [256×512]ᵀ·[256×1024] and [256×256]ᵀ·[256×512] (32×1, 32×2: 1.05–1.4×), 32×1
 * 1.0–1.1× on [256×128]ᵀ·[256×256]. Compile times on lavapipe (CPU, once per pipeline; Mesa's shader cache keeps
 * them): real-quads 32×4 ~18 s, 16×4 ~5 s; real-cols 16×2 and 32×1 ~4 s. WG covers the columns with whole subgroups
 * of 8, at most 64; TM halves until there are 8 workgroups (both CPU threads busy, with some slack for balance).
 */
export function realTiles(p: GemmProblem & { real: RealLayout }, adapter: Pick<GemmAdapter, 'maxInvocations'>): RealTiles {
  const kind = realKind(p.real);
  const lanes = 8;
  // columns per column slot: real-quads owns single columns, real-cols groups of 4
  const slot = kind === 'real-quads' ? 1 : 4;
  const TN = kind === 'real-quads' ? 4 : p.N >= 512 ? 2 : 1;
  const WG = Math.min(64, adapter.maxInvocations, lanes * ceilDiv(ceilDiv(p.N, TN * slot), lanes));
  let TM = kind === 'real-cols' && TN === 2 ? 16 : 32;
  const groups = (tm: number) => p.batch * ceilDiv(p.M, tm) * ceilDiv(p.N, WG * TN * slot);
  while (groups(TM) < 8 && TM > 4) TM = Math.max(4, 4 * Math.floor(TM / 8));
  return { kind, TM, TN, WG };
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
      throw new DeviceError("matmul: tiles 'register' needs the WebGPU 'subgroups' feature, which this device lacks; use tiles 'shared' or 'auto'");
    }
    if (![t.TM, t.TN, t.WG].every(int)) bad('TM, TN and WG must be positive integers');
    const lim = registerLimits();
    if (t.TM > lim.TM || t.TN > lim.TN) bad(`expected TM ≤ ${lim.TM} and TN ≤ ${lim.TN}`);
    if (t.WG % lim.lanes !== 0 || t.WG > adapter.maxInvocations) bad(`expected WG a multiple of ${lim.lanes} and ≤ ${adapter.maxInvocations}`);
  } else if (isRealTiles(t)) {
    if (!adapter.subgroups) {
      throw new DeviceError(`matmul: tiles '${t.kind}' needs the WebGPU 'subgroups' feature, which this device lacks; use tiles 'shared' or 'auto'`);
    }
    if (![t.TM, t.TN, t.WG].every(int)) bad('TM, TN and WG must be positive integers');
    const lim = realLimits(t.kind);
    const tns = t.kind === 'real-quads' ? [4, 8] : [1, 2];
    if (t.TM % 4 !== 0 || t.TM > lim.TM) bad(`expected TM a multiple of 4 and ≤ ${lim.TM}`);
    if (!tns.includes(t.TN) || t.TN > lim.TN) bad(`expected TN ${tns.join(' or ')}`);
    if (t.WG % 8 !== 0 || t.WG > adapter.maxInvocations) bad(`expected WG a multiple of 8 and ≤ ${adapter.maxInvocations}`);
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
  if (isRealTiles(t)) return [ceilDiv(p.M, t.TM), ceilDiv(t.kind === 'real-cols' ? ceilDiv(p.N, 4) : p.N, t.WG * t.TN), p.batch];
  if (t.kind === 'register') {
    const rows = t.swap ? p.N : p.M;
    const cols = t.swap ? p.M : p.N;
    return [ceilDiv(rows, t.TM), ceilDiv(cols, t.WG * t.TN), p.batch];
  }
  return [ceilDiv(p.M, t.BM), ceilDiv(p.N, t.BN), p.batch];
}

export function describeTiles(t: GemmTiles): string {
  if (t.kind === 'shared') return `shared BM=${t.BM} BN=${t.BN} BK=${t.BK} TM=${t.TM} TN=${t.TN}`;
  if (t.kind === 'register') return `register TM=${t.TM} TN=${t.TN} WG=${t.WG}${t.swap ? ' (Cᵀ)' : ''}`;
  return `${t.kind} TM=${t.TM} TN=${t.TN} WG=${t.WG}`;
}
