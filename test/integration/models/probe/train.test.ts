/**
 * A short end-to-end training on a fixed seed (the quick preset's data and Table II predictor, 8 epochs): learned
 * beam-domain probes beat the fixed uniform probes on validation top-3 accuracy by more than two standard errors, the
 * probes move away from their uniform initialization, and the fused closed-form gradients train exactly like autodiff.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbeConfig, PROBE_PRESETS } from '../../../../models/probe/config.js';
import { loadSplit } from '../../../../models/probe/data.js';
import { uniformProbes } from '../../../../models/probe/probes.js';
import { trainProbe } from '../../../../models/probe/train.js';
import { makeRunContext } from '../../../../models/run/index.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

function context(overrides: object) {
  const config = parseProbeConfig({ ...PROBE_PRESETS.quick, ...overrides });
  const base = mkdtempSync(join(tmpdir(), 'phasor-probe-train-'));
  return makeRunContext({ config, seed: 1, runDir: join(base, 'run'), cacheDir: join(base, 'cache') });
}

describe('probe training', () => {
  it('learned beam-domain probes beat uniform probes on top-3 after a short training', { timeout: 600_000 }, async () => {
    const ctx = context({ data: { ...PROBE_PRESETS.quick.data, validation: 1024 }, training: { ...PROBE_PRESETS.quick.training, epochs: 8 } });
    const data = { train: await loadSplit(ctx, 'train'), validation: await loadSplit(ctx, 'validation') };
    const uniform = await trainProbe(ctx, 'uniform', 'original', data);
    const beam = await trainProbe(ctx, 'beam', 'original', data);
    try {
      const u = uniform.history.at(-1)!.top3;
      const b = beam.history.at(-1)!.top3;
      const n = data.validation.count;
      const se = Math.hypot(Math.sqrt((u * (1 - u)) / n), Math.sqrt((b * (1 - b)) / n));
      expect(b - u, `beam ${b} vs uniform ${u}`).toBeGreaterThan(2 * se);
      const learned = (await beam.net.probes.beamVariables())!;
      const init = uniformProbes({ horizontal: 16, vertical: 8, probes: 8 });
      const moved = Math.max(...learned.u.map((x, l) => Math.hypot(x - init.u[l], learned.v[l] - init.v[l])));
      expect(moved).toBeGreaterThan(0.02);
    } finally {
      uniform.net.dispose();
      beam.net.dispose();
    }
  });

  it('fused closed-form and autodiff gradients give the same training (angle domain, 1 epoch)', { timeout: 600_000 }, async () => {
    const small = { data: { train: 512, validation: 128, test: 64 }, training: { ...PROBE_PRESETS.quick.training, epochs: 1, batch: 128 } };
    const a = context({ ...small, training: { ...small.training, gradients: 'fused' } });
    const b = context({ ...small, training: { ...small.training, gradients: 'autodiff' } });
    const data = { train: await loadSplit(a, 'train'), validation: await loadSplit(a, 'validation') };
    const fused = await trainProbe(a, 'angle', 'noise', data);
    const auto = await trainProbe(b, 'angle', 'noise', data);
    try {
      const [pf, pa] = [await fused.net.probes.elementPhases(), await auto.net.probes.elementPhases()];
      let worst = 0;
      pf.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - pa[i]))));
      expect(worst).toBeLessThan(1e-3);
      expect(Math.abs(fused.history[0].loss - auto.history[0].loss)).toBeLessThan(1e-3);
    } finally {
      fused.net.dispose();
      auto.net.dispose();
    }
  });
});
