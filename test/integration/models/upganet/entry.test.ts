import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunContext } from '../../../../models/run/index.js';
import { upganetModel } from '../../../../models/upganet/entry.js';
import type { UpganetConfig } from '../../../../models/upganet/config.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

/** Every setting shrunk so that train + evaluate take seconds on the software adapter. */
const TINY: UpganetConfig = {
  system: { numAntennas: 16, numUsers: 2, numRf: 2, numPaths: 4, omega: 0.3, targetsDeg: [-60, 0, 60], halfWidthDeg: 2, covarianceIterations: 200 },
  snrDb: [0, 12],
  trainSnrDb: [0, 12],
  unfolding: { outer: 2, inner: [1, 2], variant: 'simplified', trainImpl: 'composite', evalImpl: 'fused' },
  training: { channels: 4, batch: 2, epochs: 1, lr: 1e-3 },
  test: { channels: 4 },
  pga: { step: 0.01, maxIterations: 4 },
  convergence: { snrDb: 12, channels: 2, inits: ['zf', 'svd', 'random'] },
  baselines: { scaChannels: 2 },
  variants: [{ name: 'swept-init', J: 2, lr: 1e-3, initialMu: 0.05, initialLambda: 0.01, note: 'a test variant' }],
};
const VARIANT = 'UPGANet (J = 2, swept-init variant)';

describe('upganet ModelEntry', () => {
  it('trains (checkpoint per J), resumes, and evaluates into a report with Fig. 2, 3a–c and the runtime table', async () => {
    const config = upganetModel.parseConfig(TINY);
    const base = mkdtempSync(join(tmpdir(), 'phasor-upganet-entry-'));
    const ctx = makeRunContext({ config, runDir: join(base, 'run'), cacheDir: join(base, 'cache') });
    const trained = await upganetModel.train(ctx);
    expect(Object.keys(trained.checkpoints)).toEqual(['J1', 'J2', 'J2-swept-init']);
    for (const path of Object.values(trained.checkpoints)) expect(existsSync(path)).toBe(true);
    expect(trained.history.J2).toHaveLength(1);
    expect(Number.isFinite(trained.history.J2[0].loss)).toBe(true);

    const resumed = await upganetModel.train({ ...ctx, resume: true });
    expect(resumed.history.J2).toEqual(trained.history.J2); // nothing left to train

    const report = await upganetModel.evaluate(ctx, trained);
    expect(report.figures.map((f) => f.id)).toEqual([
      'fig2-objective-vs-iterations',
      'fig3a-sum-rate-vs-snr',
      'fig3b-beampattern-mse-vs-snr',
      'fig3c-beampatterns',
    ]);
    const fig2 = report.figures[0];
    expect(fig2.series).toHaveLength(3 * 3 + 2); // (J = 1, J = 2, PGA) × three inits; the exact-∇_W R PGA variant and the UPGANet variant from (17)
    expect(fig2.claims!.map((c) => c.what.split(':')[0])).toEqual(['conventional PGA', 'PGA, exact ∇_W R (variant)']);
    for (const s of fig2.series) expect(s.y).toHaveLength(3);
    const fig3a = report.figures[1];
    expect(fig3a.series.map((s) => s.name)).toEqual([
      'UPGANet (J = 1)',
      'UPGANet (J = 2)',
      VARIANT,
      'conventional PGA',
      'PGA, exact ∇_W R (variant)',
      'ZF (digital, comm. only)',
      'SCA-ManOpt',
      'paper: ZF',
      'paper: SCA-ManOpt',
    ]);
    for (const s of fig3a.series.slice(0, 7)) for (const y of s.y) expect(y).toBeGreaterThan(0);
    // one look per scheme: every series styled, the same scheme alike in Fig. 3a–c and (from the proposed init) Fig. 2
    const looks = new Map<string, string>();
    for (const f of report.figures.slice(1)) {
      for (const s of f.series) {
        expect(s.style, `${f.id}: ${s.name}`).toBeDefined();
        const look = JSON.stringify(s.style);
        expect(looks.get(s.name) ?? look, s.name).toBe(look);
        looks.set(s.name, look);
      }
    }
    expect(new Set(looks.values()).size).toBe(looks.size);
    for (const s of fig2.series.filter((x) => x.name.endsWith('proposed init (17)')))
      expect(JSON.stringify(s.style)).toBe(looks.get(s.name.split(', proposed')[0]));
    expect(new Set(fig2.series.map((s) => JSON.stringify(s.style))).size).toBe(fig2.series.length);
    expect(fig3a.claims!.some((c) => c.what.startsWith(`sum rate of ${VARIANT}`))).toBe(true);
    expect(report.figures[3].series[0].x).toHaveLength(181);
    expect(fig3a.claims!.length).toBeGreaterThanOrEqual(3);
    expect(report.figures[2].claims!.length).toBe(4); // MSE of J = 2, of the variant and of PGA against the re-run, advantage over SCA-ManOpt
    expect(report.figures[3].claims!.length).toBe(2); // beams at the targets: J = 2 and its variant
    for (const f of report.figures) for (const c of f.claims ?? []) expect(c.difference, c.what).toMatch(/tolerance|rule/);
    expect(report.tables[0].rows).toHaveLength(2 + 2);
    // like with like: PGA's claims from an extra run at the re-run's I = 120, UPGANet's claims n/a at this I = 2
    const results = report.results as {
      stepSizes: Record<string, { mu: number[] }>;
      sweep: { pgaAtReference: { iterations: number; snrDb: number; point: { meanRate: number; channels: number } } };
    };
    expect(results.sweep.pgaAtReference.iterations).toBe(120);
    expect(results.sweep.pgaAtReference.snrDb).toBe(12);
    expect(results.sweep.pgaAtReference.point.channels).toBe(4);
    expect(Number.isFinite(results.sweep.pgaAtReference.point.meanRate)).toBe(true);
    const pgaRate = fig3a.claims!.find((c) => c.what.startsWith('sum rate of conventional PGA'))!;
    expect(pgaRate.what).toContain('I = 120');
    expect(typeof pgaRate.agrees).toBe('boolean');
    expect(fig3a.claims!.find((c) => c.what.startsWith('sum rate of UPGANet (J = 2) ('))!.agrees).toBeUndefined();
    expect(report.figures[3].claims!.every((c) => c.agrees === undefined)).toBe(true);
    expect(results.stepSizes['UPGANet (J = 2)'].mu).toHaveLength(4);
    expect(results.stepSizes[VARIANT].mu).toHaveLength(4);
    expect(Math.abs(results.stepSizes[VARIANT].mu[0] - 0.05)).toBeLessThan(0.01); // started at its own init
  });
});
