/**
 * The op registry (engine/ops/registry.ts) drives this file. For every entry and every row of its test half
 * (test/unit/engine/op-rows/): the forward pass against the float64 reference, its dtype and shape against the entry's
 * rules; the VJP against central finite differences (against the surrogate's for a straight-through estimator), second
 * derivatives where the row asks; an op without a gradient rule throws NoGradientError when asked for one; an op that
 * takes only real tensors refuses complex ones. Then the meta-tests: the registry and engine/index.ts's exports agree,
 * every selector names a constant of its WGSL, and every entry's rows ran.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as engine from '../../../engine/index.js';
import {
  add,
  detach,
  DTypeError,
  noGrad,
  NoGradientError,
  registeredOps,
  sub,
  tensor,
  tidy,
  type Op,
  type OpName,
  type Tensor,
} from '../../../engine/index.js';
import { defineOps, ANY, sameDType, sameShapeRule } from '../../../engine/ops/op.js';
import { gradcheck, gradgradcheck, type HostTensor } from '../../../engine/autodiff/gradcheck.js';
import { loadShaderSource } from '../../../engine/device/shader-source.js';
import { shaderConstant, shaderConstants } from '../../../engine/ops/selectors.js';
import { expectGradcheck, hostInput, type InputSpec } from '../../helpers/gradcheck.js';
import { expectClose, useRuntime } from '../../helpers/gpu.js';
import { OP_ROWS } from './op-rows/index.js';
import type { HostInput, OpRow, OpTest } from './op-rows/types.js';

useRuntime();

const OPS = registeredOps();
const testOf = (op: Op) => OP_ROWS[op.name as OpName] as OpTest<unknown>;
type Row = OpRow<unknown> & { attrs?: unknown };

/** Which checks ran, per op (the meta-test at the end reads them). */
const ran = { forward: new Set<string>(), grad: new Set<string>(), noGrad: new Set<string>(), dtypes: new Set<string>() };

/** A seed per (op, row, input): rows of different ops get different data. */
function seed(op: string, row: number, input: number): number {
  let h = 17;
  for (const ch of op) h = (h * 31 + ch.charCodeAt(0)) % 100_003;
  return h + 101 * row + input + 1;
}

function hostInputs(op: Op, row: Row, i: number, specs: InputSpec[] = row.inputs): HostInput[] {
  return specs.map((spec, k) => {
    const h = hostInput(spec, seed(op.name, i, k));
    return { data: Float32Array.from(h.data), shape: h.shape, dtype: h.dtype ?? 'f32' };
  });
}

const upload = (hosts: readonly HostInput[], requireGrad = false) => hosts.map((h) => tensor(h.data, h.shape, h.dtype).requireGrad(requireGrad));

/** True when the graph behind `y` has a node of op `name` (composite losses end in their reduction's node). */
function graphHas(y: Tensor, name: string): boolean {
  const seen = new Set<Tensor>();
  const stack = [y];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t) || !t.gradNode) continue;
    seen.add(t);
    if (t.gradNode.op === name) return true;
    stack.push(...t.gradNode.inputs);
  }
  return false;
}

/** The function the finite differences differentiate: the op, or for an STE its output with the surrogate's value. */
function differentiated(op: Op, row: Row): (...xs: Tensor[]) => Tensor {
  const surrogate = row.surrogate;
  if (!surrogate) return (...xs) => op.call(xs, row.attrs);
  // value: surrogate(x) (y − y = 0 exactly); gradient: the op's VJP
  return (...xs) => {
    const y = op.call(xs, row.attrs);
    return add(sub(y, detach(y)), detach(surrogate(xs, row.attrs)));
  };
}

/** Second derivatives on small inputs: shapes of rank > 2 or with a first dimension > 8 become [2, 3]. */
const smaller = (specs: InputSpec[]) => specs.map((s) => ({ ...s, shape: s.shape.length > 2 || s.shape[0] > 8 ? [2, 3] : s.shape }));

for (const op of OPS) {
  const test = testOf(op);
  const rows = test.rows as readonly Row[];
  describe(`${op.family}.${op.name} (${op.grad === 'none' ? 'no gradient' : op.grad})`, () => {
    rows.forEach((row, i) => {
      it(`forward vs float64: ${row.variant}`, async () => {
        ran.forward.add(op.name);
        const hosts = hostInputs(op, row, i);
        const out = tidy(() => op.call(upload(hosts), row.attrs));
        const spec = {
          dtype: op.outDType(
            hosts.map((h) => h.dtype),
            row.attrs,
          ),
          shape: op.shape(
            hosts.map((h) => h.shape),
            row.attrs,
          ),
        };
        expect(out.dtype, 'output dtype (the entry’s outDType rule)').toBe(spec.dtype);
        expect(out.shape, 'output shape (the entry’s shape rule)').toEqual([...spec.shape]);
        const expected = test.reference(hosts, row.attrs, spec);
        expectClose(await out.read(), expected, { what: `${op.name} ${row.variant}`, ...row.tol });
        out.dispose();
      });

      if (op.grad !== 'none' && row.fd !== false) {
        it(`VJP vs finite differences: ${row.variant}`, async () => {
          ran.grad.add(op.name);
          const hosts = hostInputs(op, row, i);
          // the forward pass records this op's node (a composite op records its parts)
          tidy(() => {
            const y = op.call(upload(hosts, true), row.attrs);
            expect(y.requiresGrad, 'the output requires a gradient').toBe(true);
            if (op.grad === 'vjp') expect(graphHas(y, op.name), `a ${op.name} node in the graph`).toBe(true);
          });
          const report = await gradcheck(differentiated(op, row), hosts as HostTensor[], { maxElements: row.fdElements });
          expectGradcheck(report, `${op.name} ${row.variant}`);
        });
      }

      if (op.grad !== 'none' && row.gradgrad) {
        it(`second derivatives (createGraph): ${row.variant}`, async () => {
          const hosts = hostInputs(op, row, i, smaller(row.inputs));
          const report = await gradgradcheck(differentiated(op, row), hosts as HostTensor[], { eps: 2e-3 });
          expectGradcheck(report, `grad of grad: ${op.name} ${row.variant}`);
        });
      }
    });

    const first = rows[0];
    if (op.grad === 'none' && first.inputs.length > 0) {
      it('asked for a gradient, throws NoGradientError naming the op and the way out', () => {
        ran.noGrad.add(op.name);
        tidy(() => {
          const xs = upload(hostInputs(op, first, 0), true);
          expect(() => op.call(xs, first.attrs)).toThrow(NoGradientError);
          expect(() => op.call(xs, first.attrs)).toThrow(new RegExp(`^${op.name}: no gradient rule \\(.+\\).*noGrad\\(\\).*detach\\(\\)`));
          // without recording, or with detached inputs, it runs
          expect(noGrad(() => op.call(xs, first.attrs)).requiresGrad).toBe(false);
          expect(
            op.call(
              xs.map((x) => detach(x)),
              first.attrs,
            ).requiresGrad,
          ).toBe(false);
        });
      });
    }

    if (!op.dtypes.includes('c64') && first.inputs.length > 0) {
      it('refuses complex input with a DTypeError naming the op', () => {
        ran.dtypes.add(op.name);
        tidy(() => {
          const xs = upload(
            hostInputs(
              op,
              first,
              0,
              first.inputs.map((s) => ({ ...s, dtype: 'c64' as const })),
            ),
          );
          expect(() => op.call(xs, first.attrs)).toThrow(DTypeError);
          expect(() => op.call(xs, first.attrs)).toThrow(new RegExp(`^${op.name}: expected f32 input; got c64`));
        });
      });
    }
  });
}

// ---- meta-tests ---------------------------------------------------------------------------------------------------

/** Exported functions of engine/ops/** and engine/losses/** that are not ops. */
const NOT_OPS = new Set(['planMatmul', 'registeredOps']);

describe('registry meta-tests', () => {
  it('every registered op is exported from engine/index.ts under its name, as the same function', () => {
    const mismatched = OPS.filter((op) => (engine as Record<string, unknown>)[op.name] !== op.fn).map((op) => op.name);
    expect(mismatched, 'registered ops that engine/index.ts does not export as themselves').toEqual([]);
  });

  it('every op that engine/index.ts exports from engine/ops or engine/losses is registered', async () => {
    const root = join(__dirname, '../../../engine');
    const defined = new Map<unknown, string>();
    for (const dir of ['ops', 'losses']) {
      for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts'))) {
        const mod: Record<string, unknown> = await import(join(root, dir, file));
        for (const [name, value] of Object.entries(mod)) {
          const isClass = typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
          if (typeof value === 'function' && !isClass) defined.set(value, `${dir}/${file} ${name}`);
        }
      }
    }
    const registered = new Set<unknown>(OPS.map((op) => op.fn));
    const missing = Object.entries(engine)
      .filter(([name, value]) => defined.has(value) && !registered.has(value) && !NOT_OPS.has(name))
      .map(([name, value]) => `${name} (${defined.get(value)})`);
    expect(missing, 'exported ops without a registry entry').toEqual([]);
  });

  it('every selector is a constant of its WGSL; a kernel’s op constants are distinct and each is some op’s', () => {
    const problems: string[] = [];
    const used = new Map<string, Set<string>>();
    for (const op of OPS) {
      for (const k of op.kernels) {
        try {
          loadShaderSource(k.shader);
          if (k.selector) shaderConstant(k.shader, k.selector);
        } catch (e) {
          problems.push(`${op.name}: ${(e as Error).message}`);
        }
        if (k.selector) used.set(k.shader, (used.get(k.shader) ?? new Set()).add(k.selector));
      }
    }
    for (const [shader, selectors] of used) {
      const constants = [...shaderConstants(shader)].filter(([name]) => name.startsWith('OP_'));
      const values = constants.map(([, v]) => v);
      if (new Set(values).size !== values.length) problems.push(`${shader}: OP_ constants share values (${constants.map(([n, v]) => `${n}=${v}`).join(', ')})`);
      for (const [name] of constants) if (!selectors.has(name)) problems.push(`${shader}: ${name} selects no registered op`);
    }
    expect(problems).toEqual([]);
  });

  it('a missing gradient rule, or two, is refused (and does not compile)', () => {
    const base = {
      fn: function probe(x: Tensor) {
        return x;
      },
      call: ([x]: Tensor[]) => x,
      kernel: null,
      dtypes: ANY,
      outDType: sameDType,
      shape: sameShapeRule,
    };
    // @ts-expect-error neither vjp, composite nor noGrad
    expect(() => defineOps('probe', { probe: base })).toThrow(/expected exactly one of vjp, composite, noGrad/);
    // @ts-expect-error both a vjp and a noGrad reason
    expect(() => defineOps('probe', { probe: { ...base, vjp: (g: Tensor) => [g], noGrad: 'no' } })).toThrow(/exactly one of/);
    expect(() => defineOps('probe', { other: { ...base, composite: true } })).toThrow(/key must be its function's name; got probe/);
  });

  it('every entry’s rows ran: a forward row each, a finite-difference row for each differentiable op, the NoGradientError and dtype checks', () => {
    const problems: string[] = [];
    for (const op of OPS) {
      if (!ran.forward.has(op.name)) problems.push(`${op.name}: no forward row ran`);
      if (op.grad !== 'none' && !ran.grad.has(op.name)) problems.push(`${op.name}: no finite-difference row ran (every row has fd: false?)`);
      const takesTensors = testOf(op).rows[0].inputs.length > 0;
      if (op.grad === 'none' && takesTensors && !ran.noGrad.has(op.name)) problems.push(`${op.name}: the NoGradientError check did not run`);
      if (!op.dtypes.includes('c64') && takesTensors && !ran.dtypes.has(op.name)) problems.push(`${op.name}: the dtype check did not run`);
    }
    expect(problems, 'registry entries whose rows did not run').toEqual([]);
  });
});
