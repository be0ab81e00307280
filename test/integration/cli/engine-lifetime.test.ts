import { afterEach, describe, expect, it } from 'vitest';
import { init, runtime, shutdown } from '../../../engine/index.js';
import { engineLifetime, withEngine } from '../../../cli/run-model.js';

afterEach(async () => {
  engineLifetime.endsWithProcess = false;
  await shutdown();
});

// The CLI's own process (bin/phasor.js → cli/main.ts, device left to the OS) is exercised end to end by process.test.ts:
// a training in a child process, interrupted and resumed, exit statuses, locks released and byte-identical checkpoints.
describe('engine lifetime of a CLI command', () => {
  it('a command that ends its process leaves the device to the OS; any other caller gets it shut down', async () => {
    engineLifetime.endsWithProcess = true;
    const kept = await withEngine(async (rt) => rt);
    expect(kept.isDestroyed).toBe(false);
    expect(runtime()).toBe(kept); // the next command of the same process reuses it
    engineLifetime.endsWithProcess = false;
    const closed = await withEngine(async (rt) => rt);
    expect(closed).toBe(kept);
    expect(closed.isDestroyed).toBe(true);
    await init(); // a fresh one for afterEach's shutdown
  });
});
