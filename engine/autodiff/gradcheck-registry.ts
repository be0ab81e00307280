/**
 * Named gradient checks for closed-form (fused) backward passes: `phasor gradcheck <name|all>`.
 *
 * A check is a scalar loss written twice over the same inputs:
 *   fused(xs)      with the fused op under test (a custom op with a hand-written VJP, engine/fused/)
 *   composite(xs)  the same function composed from primitive ops (unary, elementwise, matmul, reduce), whose
 *                  gradient is plain autodiff
 * `runGradcheck` computes the gradients of every non-constant input three ways and compares each pair:
 *   (a) fused     the closed-form backward
 *   (b) autodiff  reverse mode through the composite
 *   (c) FD        central finite differences of each function's own forward, by `gradcheck` (./gradcheck.ts:
 *                 real and imaginary parts perturbed separately, the loss summed on the host in float64)
 * Errors per element follow gradcheck.ts: abs = |u − v|, rel = |u − v| / max(|u|, |v|, 1) (absolute below 1); a pair
 * reports the maxima over all inputs. It also compares the two forward losses, and times forward + backward of (a)
 * against (b): the median over `repeats` runs, each ended by a GPU sync, on the check's timing inputs (larger than
 * the accuracy inputs, which finite differences must keep small), after warm-up runs that compile the pipelines.
 *
 * Models register their own checks with `registerGradcheck` (at module load; the CLI lists what is registered).
 * The check of engine/fused/ is registered below: unit-modulus.
 */
import { complex, scale, sub } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { abs2, exp } from '../ops/unary.js';
import { runtime } from '../device/runtime.js';
import { unitModulusFused } from '../fused/unit-modulus.js';
import { tensor, zeros } from '../tensor/create.js';
import { wordsPer, type DType } from '../tensor/dtype.js';
import { tidy } from '../tensor/scope.js';
import { fmt, sizeOf, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { ShapeError } from '../errors.js';
import { grad } from './backward.js';
import { gradcheck, type HostTensor } from './gradcheck.js';

/** A named host input. Constants (data, targets) are uploaded as they are: not differentiated, not perturbed. */
export interface GradcheckInput extends HostTensor {
  name: string;
  constant?: boolean;
}

export interface GradcheckSpec {
  /** kebab-case, unique */
  name: string;
  /** one line: the function and the op under test */
  description: string;
  /** the accuracy inputs (small: finite differences evaluate the loss twice per real component) */
  makeInputs(seed: number): GradcheckInput[];
  /** inputs for the timing (default: makeInputs) */
  makeTimingInputs?(seed: number): GradcheckInput[];
  /** scalar f32 loss through the fused op; `xs` in the order of makeInputs, constants included */
  fused(xs: Tensor[]): Tensor;
  /** the same scalar loss composed from primitive ops */
  composite(xs: Tensor[]): Tensor;
  /** accepted max rel error of fused vs autodiff (default 1e-4) and of either against FD (default 1e-2) */
  tolerance?: { analytic?: number; fd?: number };
  /**
   * finite-difference step (default 1e-2). Larger than gradcheck's own default: the loss is one f32 scalar read
   * back, whose rounding (≈ 6e-8·|L|) divided by 2ε is the quotient's noise; the truncation error ε²·|L‴|/6 stays
   * below it for smooth losses of inputs of order one.
   */
  eps?: number;
}

export interface RunOptions {
  /** seed of the inputs and of gradcheck's weights (default 1) */
  seed?: number;
  /** timed runs of each of (a) and (b) (default 20; 0 skips the timing) */
  repeats?: number;
}

export type PairName = 'fused-autodiff' | 'fused-fd' | 'autodiff-fd';

export interface PairReport {
  pair: PairName;
  /** 'fused vs autodiff', … */
  label: string;
  maxAbsError: number;
  maxRelError: number;
  tolerance: number;
  ok: boolean;
  /** per differentiated input */
  inputs: Array<{ name: string; maxAbsError: number; maxRelError: number }>;
}

export interface InputSummary {
  name: string;
  shape: Shape;
  dtype: DType;
  constant: boolean;
}

export interface GradcheckResult {
  name: string;
  description: string;
  seed: number;
  ok: boolean;
  inputs: InputSummary[];
  /** both forward losses and their relative difference (tolerance: the analytic one) */
  loss: { fused: number; composite: number; relError: number; ok: boolean };
  pairs: PairReport[];
  /** forward + backward, median ms; null when repeats = 0 */
  timing: { repeats: number; fusedMs: number; autodiffMs: number; ratio: number; inputs: InputSummary[] } | null;
}

const registry = new Map<string, GradcheckSpec>();

/** Adds a check; a second check of the same name throws unless `replace` is set. */
export function registerGradcheck(spec: GradcheckSpec, { replace = false }: { replace?: boolean } = {}): void {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(spec.name)) {
    throw new TypeError(`registerGradcheck: expected a kebab-case name; got ${JSON.stringify(spec.name)}`);
  }
  if (registry.has(spec.name) && !replace) {
    throw new TypeError(`registerGradcheck: '${spec.name}' is already registered; pass { replace: true } to replace it`);
  }
  registry.set(spec.name, spec);
}

/** The registered checks, by name. */
export function listGradchecks(): GradcheckSpec[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function getGradcheck(name: string): GradcheckSpec {
  const spec = registry.get(name);
  if (!spec) {
    throw new TypeError(
      `gradcheck: no check named '${name}'; registered: ${
        listGradchecks()
          .map((s) => s.name)
          .join(', ') || 'none'
      }`,
    );
  }
  return spec;
}

/** Runs one registered check (the runtime must be initialized). */
export async function runGradcheck(name: string, options: RunOptions = {}): Promise<GradcheckResult> {
  const spec = getGradcheck(name);
  const seed = options.seed ?? 1;
  const repeats = options.repeats ?? 20;
  const tolAnalytic = spec.tolerance?.analytic ?? 1e-4;
  const tolFd = spec.tolerance?.fd ?? 1e-2;
  const hosts = validate(spec, spec.makeInputs(seed));
  const vars = hosts.map((h, i) => i).filter((i) => !hosts[i].constant);
  const names = vars.map((i) => hosts[i].name);

  // (a) and (b) at the same inputs, and both losses
  const analytic = tidy(() => {
    const xs = upload(hosts);
    const wrt = vars.map((i) => xs[i]);
    const out: Tensor[] = [];
    for (const fn of [spec.fused, spec.composite]) {
      const loss = checkLoss(spec.name, fn === spec.fused ? 'fused' : 'composite', fn(xs));
      out.push(loss, ...grad(loss, wrt).map((g, k) => g ?? zeros(wrt[k].shape, wrt[k].dtype)));
    }
    return out;
  });
  const values = await Promise.all(analytic.map((t) => t.read()));
  analytic.forEach((t) => t.dispose());
  const per = vars.length + 1;
  const [lossF, lossC] = [values[0][0], values[per][0]];
  const gradsF = values.slice(1, per);
  const gradsC = values.slice(per + 1);

  const pairs: PairReport[] = [
    pairFrom(
      'fused-autodiff',
      'fused vs autodiff',
      tolAnalytic,
      names.map((n, k) => ({ name: n, ...compare(gradsF[k], gradsC[k]) })),
    ),
  ];
  // (c): gradcheck differentiates L' = r·f(xs) for a weight r drawn from its seed; f/r is handed to it so that its
  // errors are those of f's own gradient.
  const r = await gradcheckWeight(seed);
  for (const [pair, label, fn] of [
    ['fused-fd', 'fused vs FD', spec.fused],
    ['autodiff-fd', 'autodiff vs FD', spec.composite],
  ] as const) {
    const report = await gradcheck(
      (...vs: Tensor[]) => {
        const xs = uploadConstants(hosts, vs);
        return scale(checkLoss(spec.name, label, fn(xs)), 1 / r);
      },
      vars.map((i) => hosts[i]),
      { eps: spec.eps ?? 1e-2, tolerance: tolFd, seed },
    );
    pairs.push(
      pairFrom(
        pair,
        label,
        tolFd,
        report.inputs.map((x, k) => ({ name: names[k], maxAbsError: x.maxAbsError, maxRelError: x.maxRelError })),
      ),
    );
  }

  const lossRel = Math.abs(lossF - lossC) / Math.max(Math.abs(lossF), Math.abs(lossC), 1);
  const loss = { fused: lossF, composite: lossC, relError: lossRel, ok: lossRel <= tolAnalytic };
  const timing = repeats > 0 ? await time(spec, seed, repeats) : null;
  return {
    name: spec.name,
    description: spec.description,
    seed,
    ok: loss.ok && pairs.every((p) => p.ok),
    inputs: hosts.map(summary),
    loss,
    pairs,
    timing,
  };
}

function validate(spec: GradcheckSpec, hosts: GradcheckInput[]): GradcheckInput[] {
  hosts.forEach((h, i) => {
    const dtype = h.dtype ?? 'f32';
    const words = sizeOf(h.shape) * wordsPer(dtype);
    if (h.data.length !== words) {
      throw new ShapeError(`gradcheck ${spec.name}: input ${i} '${h.name}' ${fmt(h.shape)} ${dtype} needs ${words} values; got ${h.data.length}`);
    }
  });
  if (hosts.every((h) => h.constant)) throw new TypeError(`gradcheck ${spec.name}: every input is constant; nothing to differentiate`);
  return hosts;
}

function upload(hosts: readonly GradcheckInput[]): Tensor[] {
  return hosts.map((h) => {
    const t = tensor(h.data, h.shape, h.dtype ?? 'f32');
    return h.constant ? t : t.requireGrad();
  });
}

/** All inputs in order: the given variables, and the constants uploaded. */
function uploadConstants(hosts: readonly GradcheckInput[], vars: readonly Tensor[]): Tensor[] {
  let k = 0;
  return hosts.map((h) => (h.constant ? tensor(h.data, h.shape, h.dtype ?? 'f32') : vars[k++]));
}

function checkLoss(name: string, which: string, loss: Tensor): Tensor {
  if (loss.dtype !== 'f32' || loss.size !== 1) {
    throw new ShapeError(`gradcheck ${name}: the ${which} loss must be a real scalar; got ${fmt(loss.shape)} ${loss.dtype}`);
  }
  if (!loss.requiresGrad) {
    throw new TypeError(
      `gradcheck ${name}: the ${which} loss was not recorded from the inputs; an op on the path has no gradient rule, or the loss ignores them`,
    );
  }
  return loss;
}

function compare(u: Float32Array, v: Float32Array): { maxAbsError: number; maxRelError: number } {
  let maxAbsError = 0;
  let maxRelError = 0;
  for (let i = 0; i < u.length; i++) {
    const abs = Math.abs(u[i] - v[i]);
    const rel = Number.isNaN(abs) ? Infinity : abs / Math.max(Math.abs(u[i]), Math.abs(v[i]), 1);
    maxAbsError = Math.max(maxAbsError, Number.isNaN(abs) ? Infinity : abs);
    maxRelError = Math.max(maxRelError, rel);
  }
  return { maxAbsError, maxRelError };
}

function pairFrom(pair: PairName, label: string, tolerance: number, inputs: PairReport['inputs']): PairReport {
  const maxAbsError = Math.max(0, ...inputs.map((x) => x.maxAbsError));
  const maxRelError = Math.max(0, ...inputs.map((x) => x.maxRelError));
  return { pair, label, maxAbsError, maxRelError, tolerance, ok: maxRelError <= tolerance, inputs };
}

/** The weight r of gradcheck's loss r·y for a scalar y and this seed: the gradient it reports for y = x. */
async function gradcheckWeight(seed: number): Promise<number> {
  const report = await gradcheck((x) => x, [{ data: [0], shape: [1] }], { seed });
  const r = report.inputs[0].worst?.analytic ?? 0;
  if (!(Math.abs(r) > 0)) throw new Error(`gradcheck: could not read the loss weight for seed ${seed}`);
  return r;
}

function summary(h: GradcheckInput): InputSummary {
  return { name: h.name, shape: h.shape, dtype: h.dtype ?? 'f32', constant: Boolean(h.constant) };
}

async function time(spec: GradcheckSpec, seed: number, repeats: number): Promise<NonNullable<GradcheckResult['timing']>> {
  const hosts = validate(spec, (spec.makeTimingInputs ?? spec.makeInputs)(seed));
  const rt = runtime();
  const xs = upload(hosts);
  const wrt = xs.filter((_, i) => !hosts[i].constant);
  try {
    const once = (fn: (xs: Tensor[]) => Tensor) =>
      tidy(() => {
        grad(fn(xs), wrt);
      });
    const timed = async (fn: (xs: Tensor[]) => Tensor) => {
      const t0 = performance.now();
      once(fn);
      await rt.sync();
      return performance.now() - t0;
    };
    // warm-up: pipeline compilation, pool growth
    for (let i = 0; i < 3; i++) {
      once(spec.fused);
      once(spec.composite);
    }
    await rt.sync();
    const fused: number[] = [];
    const autodiff: number[] = [];
    // interleaved, so that drifts of the machine affect both alike
    for (let i = 0; i < repeats; i++) {
      fused.push(await timed(spec.fused));
      autodiff.push(await timed(spec.composite));
    }
    const fusedMs = median(fused);
    const autodiffMs = median(autodiff);
    return { repeats, fusedMs, autodiffMs, ratio: autodiffMs / fusedMs, inputs: hosts.map(summary) };
  } finally {
    xs.forEach((t) => t.dispose());
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---- the checks of engine/fused/ ---------------------------------------------------------------------------------

/** Deterministic values in [−amplitude, amplitude) (mulberry32): the inputs of registered checks. */
export function gradcheckValues(n: number, seed: number, amplitude = 1): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 0x9e3779b1) >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * amplitude;
  }
  return out;
}

const real = (name: string, shape: Shape, seed: number, amplitude = 1, constant = false): GradcheckInput => ({
  name,
  shape,
  dtype: 'f32',
  data: gradcheckValues(sizeOf(shape), seed, amplitude),
  constant,
});
const cplx = (name: string, shape: Shape, seed: number, amplitude = 1, constant = false): GradcheckInput => ({
  name,
  shape,
  dtype: 'c64',
  data: gradcheckValues(2 * sizeOf(shape), seed, amplitude),
  constant,
});

const UNIT_MODULUS_C = 1.5;

// L = Σ |c·e^{jφ} − t|², t a constant target; phases up to ±4 rad exercise the range reduction
registerGradcheck({
  name: 'unit-modulus',
  description: 'L = Σ|c·e^{jφ} − t|²: unitModulusFused (one-kernel backward) vs exp(jφ)·c composed',
  makeInputs: (seed) => [real('phi', [6, 5], seed, 4), cplx('t', [6, 5], seed + 1, 1.5, true)],
  makeTimingInputs: (seed) => [real('phi', [256, 256], seed, 4), cplx('t', [256, 256], seed + 1, 1.5, true)],
  fused: ([phi, t]) => sum(abs2(sub(unitModulusFused(phi as Tensor<'f32'>, UNIT_MODULUS_C), t))),
  composite: ([phi, t]) => {
    const p = phi as Tensor<'f32'>;
    return sum(abs2(sub(scale(exp(complex(zeros(p.shape), p)), UNIT_MODULUS_C), t)));
  },
});
