/**
 * Fixed-step sweep behind the 'swept init' UPGANet variant: the unfolded iteration of unfold.ts with constant
 * μ^(i,j) = μ, λ^(i) = λ (no training) on a small (μ, λ) grid, J inner steps, at I = 20 and I = 120 outer iterations,
 * on the first training channels of the run's seed, from the proposed init (17) of the UPGANet paper. For each point it
 * prints the training objective (the negated loss (16): mean R − ωτ over the listed training SNRs and the channels),
 * and at the highest SNR R and the beampattern MSE (reported, not used to pick). The pick per I is pickStepSizes
 * (step-pick.ts): highest objective. Test channels are never touched.
 *
 * Usage (one CPU core suffices; ~10 channels take minutes on a 2-core software adapter):
 *   npx tsx models/upganet/experiments/step-sweep.ts [--J 20] [--outer 20,120] [--mu 0.01,0.02,0.05,0.1,0.2]
 *       [--lambda 0.001,0.003,0.01] [--snr 0,6,12] [--channels 10] [--seed 1] [--cache reports/.cache]
 *       [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { init, mean, releaseDeviceGarbage, shutdown, tidy } from '../../../engine/index.js';
import { upganetSnr } from '../../../wireless/modulation/awgn.js';
import { beampatternGridDeg } from '../../../wireless/metrics/beampattern.js';
import { UPGANET_PRESETS } from '../config.js';
import { benchmarkPsi } from '../covariance.js';
import { channelRange, channelSet } from '../data.js';
import { uploadChannels, uploadMatrices } from '../host.js';
import { initialPrecoders } from '../init.js';
import { benchmarkPattern, effectivePrecoders, precoderMetrics } from '../metrics.js';
import { pga } from '../pga.js';
import { precoderProblem } from '../problem.js';
import { objective } from '../unfold.js';
import { pickStepSizes, type StepGridPoint } from './step-pick.js';

const { values: a } = parseArgs({
  options: {
    J: { type: 'string', default: '20' },
    outer: { type: 'string', default: '20,120' },
    mu: { type: 'string', default: '0.01,0.02,0.05,0.1,0.2' },
    lambda: { type: 'string', default: '0.001,0.003,0.01' },
    snr: { type: 'string', default: '0,6,12' },
    channels: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    cache: { type: 'string', default: 'reports/.cache' },
    json: { type: 'string' },
  },
});
const list = (s: string) => s.split(',').map(Number);
const J = Number(a.J);
const outers = list(a.outer!);
const mus = list(a.mu!);
const lambdas = list(a.lambda!);
const snrs = list(a.snr!);
const n = Number(a.channels);
const seed = Number(a.seed);
const c = UPGANET_PRESETS.paper;
const f3 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : String(x));

async function main(): Promise<void> {
  await init();
  const s = c.system;
  const cov = benchmarkPsi(c, a.cache!);
  const all = await channelSet(a.cache!, {
    role: 'train',
    count: c.training.channels,
    seed,
    numAntennas: s.numAntennas,
    numUsers: s.numUsers,
    numPaths: s.numPaths,
  });
  const H = channelRange(all, 0, n);
  const psi1 = uploadMatrices([cov.Psi1]);
  const gridRad = Array.from(beampatternGridDeg(), (d) => (d * Math.PI) / 180);
  const reference = benchmarkPattern(cov.Psi1, gridRad);
  const top = Math.max(...snrs);
  const points: StepGridPoint[] = [];
  const started = performance.now();
  console.log(`J = ${J}, ${n} training channels of seed ${seed}, SNRs ${snrs.join(', ')} dB, ω = ${s.omega}; objective = mean R − ωτ over SNRs and channels`);
  console.log('   I        μ        λ   objective   R@top   MSE@top (dB)   seconds');
  for (const outer of outers) {
    for (const mu of mus) {
      for (const lambda of lambdas) {
        const t0 = performance.now();
        const objs: number[] = [];
        let rate: number | undefined;
        let mseDb: number | undefined;
        for (const snrDb of snrs) {
          const { transmitPower: power, noiseVariance } = upganetSnr(snrDb);
          const { p, F0, W0 } = tidy(() => {
            const q = precoderProblem(uploadChannels(H), psi1, snrDb, s.omega);
            const i0 = initialPrecoders(H, s.numRf, power, 'zf', 1, s.targetsDeg);
            return { p: q, F0: i0.F, W0: i0.W };
          });
          const r = pga(p, F0, W0, { iterations: outer, innerSteps: J, mu, lambda, impl: c.unfolding.evalImpl, variant: c.unfolding.variant });
          const o = tidy(() => mean(objective(p, r.F, r.W)));
          objs.push(await o.item());
          if (snrDb === top) {
            const m = precoderMetrics(H, await effectivePrecoders(r.F, r.W), power, noiseVariance, gridRad, reference);
            rate = m.meanRate;
            mseDb = m.mseDb;
          }
          for (const t of [o, r.F, r.W, F0, W0, p.H, p.Psi]) t.dispose();
          await releaseDeviceGarbage();
        }
        const point: StepGridPoint = { mu, lambda, outer, objective: objs.reduce((x, y) => x + y, 0) / objs.length, rate, mseDb };
        points.push(point);
        const sec = (performance.now() - t0) / 1000;
        console.log(
          `${String(outer).padStart(4)} ${String(mu).padStart(8)} ${String(lambda).padStart(8)} ${f3(point.objective).padStart(11)} ${f3(rate).padStart(7)} ${f3(mseDb).padStart(14)} ${sec.toFixed(1).padStart(9)}`,
        );
      }
    }
  }
  const picks = outers.map((outer) => pickStepSizes(points, outer));
  for (const p of picks)
    console.log(
      `pick at I = ${p.outer} (highest objective): μ = ${p.mu}, λ = ${p.lambda} (objective ${f3(p.objective)}, R ${f3(p.rate)}, MSE ${f3(p.mseDb)} dB at ${top} dB)`,
    );
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (a.json) writeFileSync(a.json, JSON.stringify({ J, channels: n, seed, snrDb: snrs, points, picks }, null, 2) + '\n');
  psi1.dispose();
  await shutdown();
}

await main();
