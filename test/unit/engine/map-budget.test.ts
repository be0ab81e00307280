import { afterEach, describe, expect, it } from 'vitest';
import { AllocationError, add, compileStep, scale, tensor, tidy, type Real } from '../../../engine/index.js';
import { CHECK_EVERY, MARGIN, checkMapBudget, mapBudget } from '../../../engine/device/map-budget.js';
import { useRuntime } from '../../helpers/gpu.js';

useRuntime();

const saved = { limit: mapBudget.limit, count: mapBudget.count };
afterEach(() => Object.assign(mapBudget, saved));

/** n dispatches whose outputs all stay alive: every one needs a bind group of its own */
const chain = (x: Real, n: number) => {
  let y = x;
  for (let i = 0; i < n / 2; i++) y = add(scale(y, 0.5), x);
  return y;
};

describe('memory-map budget (vm.max_map_count)', () => {
  it('reads the cap on Linux and counts the mappings', () => {
    if (process.platform !== 'linux') return;
    expect(mapBudget.limit).toBeGreaterThan(MARGIN);
    expect(mapBudget.count()).toBeGreaterThan(10);
  });

  it('counts only every CHECK_EVERY bind groups, and refuses within MARGIN of the cap', () => {
    mapBudget.limit = 100_000;
    let counted = 0;
    mapBudget.count = () => (counted++, 100_000 - MARGIN - 1);
    for (let i = 0; i < CHECK_EVERY; i++) checkMapBudget('test');
    expect(counted).toBe(1);
    mapBudget.count = () => 100_000 - MARGIN;
    expect(() => {
      for (let i = 0; i < CHECK_EVERY; i++) checkMapBudget('bind group for k:main');
    }).toThrow(AllocationError);
    mapBudget.limit = NaN; // off Linux: never checked
    mapBudget.count = () => Infinity;
    for (let i = 0; i < 2 * CHECK_EVERY; i++) checkMapBudget('test');
  });

  it('a captured step that would pass the cap fails with one line naming it, not a crash, and the runtime goes on', async () => {
    if (process.platform !== 'linux') return;
    const at = mapBudget.count();
    // as if the process already held all but MARGIN of its mappings: the next count refuses
    mapBudget.limit = at + MARGIN;
    const x = tensor(new Float32Array(37).fill(1), [37]);
    const step = compileStep((v: Real) => chain(v, 2 * CHECK_EVERY + 2), { name: 'map-budget' });
    let message = '';
    try {
      tidy(() => step(x));
    } catch (e) {
      expect(e).toBeInstanceOf(AllocationError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^bind group for [\w/]+:\w+: the process holds \d+ memory mappings of the \d+ Linux allows \(vm\.max_map_count\)/);
    expect(message).toContain('sudo sysctl -w vm.max_map_count=262144');
    expect(message.split('\n')).toHaveLength(1);
    step.dispose();
    Object.assign(mapBudget, saved);
    expect(await add(x, x).read()).toEqual(new Float32Array(37).fill(2));
    x.dispose();
  });
});
