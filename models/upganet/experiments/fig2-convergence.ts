/**
 * Fig. 2 (paper 002 §IV): the objective R − ωτ (averaged over channels) against the outer iteration i = 0 … I for
 * conventional PGA and UPGANet (each trained J), from three initializations: the proposed (17), SVD-based and random.
 * Every run records its trace on the device and reads it back once (unfold.ts).
 */
import { tidy, type Complex, type Real } from '../../../engine/index.js';
import type { Figure, Series } from '../../run/index.js';
import { convergenceInits } from '../config.js';
import { channelRange } from '../data.js';
import { uploadChannels } from '../host.js';
import { releaseDeviceGarbage } from '../../../engine/index.js';
import { initialPrecoders, type InitKind } from '../init.js';
import { pga } from '../pga.js';
import { precoderProblem, type PrecoderProblem } from '../problem.js';
import { PGA_LABEL, upganetLabel, type EvalContext } from './context.js';

/** One method from an initial point to its objective trace [I + 1, B]. */
type Runner = (p: PrecoderProblem, F0: Complex, W0: Complex) => Real;

export const INIT_LABELS: Record<InitKind, string> = { zf: 'proposed init (17)', svd: 'SVD-based init', random: 'random init' };

/** Mean over channels of each row of a [rows, B] trace. */
export async function meanRows(trace: Real): Promise<number[]> {
  const [rows, B] = trace.shape;
  const d = await trace.read();
  return Array.from({ length: rows }, (_, r) => {
    let s = 0;
    for (let b = 0; b < B; b++) s += d[r * B + b];
    return s / B;
  });
}

export async function fig2Convergence(e: EvalContext): Promise<{ figure: Figure; results: Record<string, unknown> }> {
  const c = e.config;
  const snrDb = c.convergence.snrDb;
  const H = channelRange(e.testH, 0, c.convergence.channels);
  const inits = convergenceInits(c);
  const bar = e.ctx.progress.start(`Fig. 2: convergence at ${snrDb} dB`, inits.length * (e.nets.length + 1), 'run');
  const series: Series[] = [];
  const traces: Record<string, number[]> = {};
  const iterations = Array.from({ length: c.unfolding.outer + 1 }, (_, i) => i);
  try {
    for (const kind of inits) {
      const runs: Array<{ label: string; run: Runner }> = [
        ...e.nets.map(({ J, net }): { label: string; run: Runner } => ({
          label: upganetLabel(J),
          run: (p, F0, W0) => net.forward(p, F0, W0, { impl: c.unfolding.evalImpl, trace: true }).trace!,
        })),
        {
          label: PGA_LABEL,
          run: (p, F0, W0) => pga(p, F0, W0, { iterations: c.unfolding.outer, mu: c.pga.step, lambda: c.pga.step, impl: c.unfolding.evalImpl, variant: c.unfolding.variant, trace: true }).trace!,
        },
      ];
      for (const { label, run } of runs) {
        const trace = tidy(() => {
          const p = precoderProblem(uploadChannels(H), e.psi1, snrDb, c.system.omega);
          const init = initialPrecoders(H, c.system.numRf, p.power, kind, e.ctx.seed, c.system.targetsDeg);
          return run(p, init.F, init.W);
        });
        const mean = await meanRows(trace);
        trace.dispose();
        await releaseDeviceGarbage();
        const name = `${label}, ${INIT_LABELS[kind]}`;
        traces[name] = mean;
        series.push({ name, x: iterations, y: mean, dashed: label === PGA_LABEL });
        bar.tick(1, { init: kind, method: label });
      }
    }
  } finally {
    bar.done();
  }
  const figure: Figure = {
    id: 'fig2-objective-vs-iterations',
    title: `Objective R − ωτ vs outer iterations at ${snrDb} dB (Fig. 2)`,
    xLabel: 'outer iteration i',
    yLabel: 'R − ωτ',
    series,
    caption: `Mean over ${H.shape[0]} test channels; ω = ${c.system.omega}; PGA with μ = λ = ${c.pga.step} (dashed); preset ${e.ctx.preset}.`,
  };
  return { figure, results: { snrDb, channels: H.shape[0], iterations: c.unfolding.outer, objective: traces } };
}
