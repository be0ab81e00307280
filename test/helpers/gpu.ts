/** Test helpers: one runtime per test file, float64 references and tolerant comparison. */
import { afterAll, beforeAll, expect } from 'vitest';
import { init, shutdown, type Runtime } from '../../engine/index.js';

/** Creates the runtime before the file's tests and destroys it after; returns a getter. */
export function useRuntime(): () => Runtime {
  let rt: Runtime | undefined;
  beforeAll(async () => {
    rt = await init();
  });
  afterAll(async () => {
    await shutdown();
  });
  return () => rt!;
}

/** Deterministic pseudo-random floats in [-1, 1) (Park–Miller), for test inputs. */
export function randomData(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 48271) % 2147483647 || 1;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    out[i] = (s / 2147483647) * 2 - 1;
  }
  return out;
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise, reporting the worst index. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol = 1e-5, rtol = 1e-4, what = 'values' }: { atol?: number; rtol?: number; what?: string } = {},
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const tol = atol + rtol * Math.abs(expected[i]);
    const err = Math.abs(actual[i] - expected[i]);
    const excess = Number.isNaN(actual[i]) !== Number.isNaN(expected[i]) ? Infinity : err - tol;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    expect.fail(`${what}: index ${worst}: got ${actual[worst]}, expected ${expected[worst]} (atol ${atol}, rtol ${rtol})`);
  }
}
