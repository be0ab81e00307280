import { describe, expect, it } from 'vitest';
import { baselineLinks, designBaseline, LEARNED_BASELINES, type BaselineDims } from '../../../../models/jhpf/baselines.js';
import { phaseInvariantLoss, prepareLearnedBaselines, trainDldhp, trainHbdl, trainLearnedBaselines } from '../../../../models/jhpf/baselines-learned.js';
import { parseJhpfConfig } from '../../../../models/jhpf/config.js';
import { greedyBeamPairs } from '../../../../wireless/baselines/beam-pairs.js';
import { batchFromMatrices, channelAt, type ChannelBatch } from '../../../../wireless/channel/types.js';
import { ulaDftCodebook } from '../../../../wireless/codebook/index.js';
import { cmatrix, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const dims: BaselineDims = { Nt: 8, NtRF: 2, Nr: 4, NrRF: 2, Ns: 2 };

/** ULA response (1/√N) e^{−jπ n s}, s = sin θ. */
function ula(n: number, s: number): Float64Array {
  const a = new Float64Array(2 * n);
  for (let m = 0; m < n; m++) {
    a[2 * m] = Math.cos(Math.PI * m * s) / Math.sqrt(n);
    a[2 * m + 1] = -Math.sin(Math.PI * m * s) / Math.sqrt(n);
  }
  return a;
}

/**
 * Fixed-geometry channels (as the DL-JHPF sets: one geometry, fading gains): H = √(N_t N_r / P) Σ_p α_p a_r(s_p) a_t(s_p')ᴴ,
 * α_p ~ CN(0, 1), with P paths at fixed angles.
 */
function fixedGeometry(count: number, rng: Rng): ChannelBatch {
  const paths = [
    [-0.6, 0.3],
    [0.1, -0.45],
    [0.7, 0.8],
    [-0.2, -0.9],
  ];
  const mats: CMatrix[] = [];
  for (let c = 0; c < count; c++) {
    const H = cmatrix(dims.Nr, dims.Nt);
    const g = Math.sqrt((dims.Nt * dims.Nr) / paths.length);
    for (const [sr, st] of paths) {
      const [ar, at] = [ula(dims.Nr, sr), ula(dims.Nt, st)];
      const [gr, gi] = rng.complexNormal();
      for (let r = 0; r < dims.Nr; r++) {
        for (let t = 0; t < dims.Nt; t++) {
          // α a_r[r] conj(a_t[t])
          const xr = ar[2 * r] * at[2 * t] + ar[2 * r + 1] * at[2 * t + 1];
          const xi = ar[2 * r + 1] * at[2 * t] - ar[2 * r] * at[2 * t + 1];
          H.data[2 * (r * dims.Nt + t)] += g * (gr * xr - gi * xi);
          H.data[2 * (r * dims.Nt + t) + 1] += g * (gr * xi + gi * xr);
        }
      }
    }
    mats.push(H);
  }
  return batchFromMatrices(mats);
}

describe('learned baselines (HBDL, DLDHP)', () => {
  const train = fixedGeometry(256, new Rng(1));
  const test = fixedGeometry(64, new Rng(2));

  it('phase-invariant loss: 0 for the label up to a per-column phase, 1 for orthogonal columns', () => {
    const t = cmatrix(2, 1, [1, 0, 0, 1]);
    const rotated = cmatrix(2, 1, [0, 1, -1, 0]); // j·t
    expect(phaseInvariantLoss(rotated, t)).toBeCloseTo(0, 12);
    expect(phaseInvariantLoss(cmatrix(2, 1, [0, 1, 1, 0]), t)).toBeCloseTo(1, 12); // [j, 1]ᴴ[1, j] = −j + j = 0
  });

  it('HBDL: the supervised loss falls, and the analog phases then match the HBD labels better than at initialization', async () => {
    const o = { batchSize: 32, lr: 3e-3, seed: 3, traceEvery: 10 };
    const init = await trainHbdl(train, dims, { ...o, steps: 0 });
    const trained = await trainHbdl(train, dims, { ...o, steps: 150 });
    const tr = trained.trace;
    expect(tr.length).toBe(15);
    const head = (tr[0].loss + tr[1].loss) / 2;
    const tail = (tr.at(-1)!.loss + tr.at(-2)!.loss) / 2;
    expect(tail).toBeLessThan(head - 0.05);
    const before = init.designer.labelLoss(test);
    const after = trained.designer.labelLoss(test);
    expect(after).toBeLessThan(before - 0.1);
    // the design is unit modulus / √N at both ends
    const { F_RF, W_RF } = trained.designer.analog(channelAt(test, 0));
    for (const [m, n] of [
      [F_RF, dims.Nt],
      [W_RF, dims.Nr],
    ] as const) {
      for (let i = 0; i < m.data.length; i += 2) expect(Math.hypot(m.data[i], m.data[i + 1])).toBeCloseTo(1 / Math.sqrt(n), 6);
    }
  }, 60_000);

  it('DLDHP: after a short training on a tiny codebook the predicted beam pairs beat chance', async () => {
    const o = { batchSize: 32, lr: 3e-3, seed: 4, pilots: 16, pilotSnrDb: 20, traceEvery: 25 };
    const init = await trainDldhp(train, dims, { ...o, steps: 0 });
    const trained = await trainDldhp(train, dims, { ...o, steps: 200 });
    expect(trained.trace.at(-1)!.loss).toBeLessThan(trained.trace[0].loss);
    // chance: a pair drawn from the 32 of the 4 × 8 codebooks is one of the N_RF = 2 chosen ones with p = 1/16
    const chance = dims.NtRF / (dims.Nt * dims.Nr);
    const before = init.designer.pairAccuracy(test, new Rng(5));
    const after = trained.designer.pairAccuracy(test, new Rng(5));
    expect(after).toBeGreaterThan(4 * chance);
    expect(after).toBeGreaterThan(before);
    // its analog stage is the predicted DFT columns, distinct at each end
    const { F_RF } = trained.designer.analog(channelAt(test, 0), new Rng(6));
    const tx = ulaDftCodebook(dims.Nt).beams;
    const cols = [0, 1].map((c) =>
      [...Array(dims.Nt).keys()].findIndex(
        (b) => Math.abs(F_RF.data[2 * c] - tx.data[2 * b]) < 1e-9 && Math.abs(F_RF.data[2 * (dims.NtRF + c)] - tx.data[2 * (dims.Nt + b)]) < 1e-9,
      ),
    );
    expect(cols.every((c) => c >= 0)).toBe(true);
    expect(greedyBeamPairs(channelAt(test, 0), tx, ulaDftCodebook(dims.Nr).beams, 2).tx).toHaveLength(2);
  }, 60_000);

  it('baselineLinks: the learned baselines throw until trained ones are given, then design like the others', async () => {
    const H = fixedGeometry(4, new Rng(7));
    for (const b of LEARNED_BASELINES) expect(() => baselineLinks(b, H, H, dims, { seed: 1 })).toThrow(/designs from a trained network/);
    const { learned, traces } = await trainLearnedBaselines(['hbdl', 'dldhp'], train, dims, {
      hbdlSteps: 4,
      dldhpSteps: 4,
      batchSize: 16,
      lr: 1e-3,
      dldhpPilots: 8,
      dldhpPilotSnrDb: 10,
      seed: 2,
    });
    expect(Object.keys(traces).sort()).toEqual(['dldhp', 'hbdl']);
    for (const b of LEARNED_BASELINES) {
      const links = baselineLinks(b, H, H, dims, { seed: 1, learned });
      expect(links.links).toBe(4);
      expect(links.A.every(Number.isFinite)).toBe(true);
      // OFDM: one analog design, K digital stages
      const x = designBaseline(b, [channelAt(H, 0), channelAt(H, 1), channelAt(H, 2)], dims, new Rng(1), learned);
      expect(x.F).toHaveLength(3);
    }
    // a designer trained for other arrays is refused
    const other = { hbdl: { dims: { ...dims, Nr: 8 }, analog: learned.hbdl!.analog.bind(learned.hbdl) } };
    expect(() => baselineLinks('hbdl', H, H, dims, { seed: 1, learned: other })).toThrow(/the trained hbdl is for N_t = 8, N_r = 8/);
  }, 60_000);

  it('prepareLearnedBaselines trains and returns only the learned baselines the config lists, loading the training set only then', async () => {
    let loads = 0;
    const load = () => {
      loads++;
      return Promise.resolve(train);
    };
    const c = parseJhpfConfig({ dims, evaluate: { baselines: ['hbd', 'hbdl'] }, baselines: { hbdlSteps: 2, dldhpSteps: 2, batchSize: 8 } });
    const { learned, traces } = await prepareLearnedBaselines(c, load, 1);
    expect(Object.keys(traces)).toEqual(['hbdl']);
    expect(Object.keys(learned)).toEqual(['hbdl']);
    expect(baselineLinks('hbdl', fixedGeometry(2, new Rng(3)), fixedGeometry(2, new Rng(3)), dims, { seed: 1, learned }).links).toBe(2);
    expect(await prepareLearnedBaselines(parseJhpfConfig({ dims, evaluate: { baselines: ['hbd'] } }), load, 1)).toEqual({ learned: {}, traces: {} });
    expect(loads).toBe(1);
    expect(() => parseJhpfConfig({ baselines: { hbdlSteps: 0 } })).toThrow(/jhpf\.baselines\.hbdlSteps/);
    expect(() => parseJhpfConfig({ baselines: { lr: 0 } })).toThrow(/jhpf\.baselines\.lr: expected > 0/);
  }, 60_000);
});
