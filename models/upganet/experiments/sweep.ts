/**
 * The SNR sweep behind Fig. 3 (paper 002 §IV): at every SNR of the config, on the test channels, the precoders of
 * UPGANet (each trained J), conventional PGA (J = 1, μ = λ fixed, I iterations) and its named exact-∇_W R variant
 * (pga-schemes.ts), fully digital ZF (communications
 * only) and SCA-ManOpt (first `baselines.scaChannels` channels), all from the proposed initialization (17) where one
 * is needed; then rate and beampattern metrics (metrics.ts). Fig. 3a, 3b and 3c are views of this one sweep.
 *
 * Conventional PGA runs once more at the highest SNR with the reference re-run's I (RERUN_12DB.iterations, 120) when
 * the config's I differs: the like-for-like side of the claims against the re-run's PGA numbers (Fig. 3a/3b). It has
 * no training and costs about I_ref / I times one PGA point. The figures keep the config's I.
 */
import { tidy } from '../../../engine/index.js';
import { zeroForcing } from '../../../wireless/baselines/zero-forcing.js';
import { channelAt } from '../../../wireless/channel/types.js';
import { scaManOpt } from '../../../wireless/jcas/index.js';
import type { CMatrix } from '../../../wireless/linalg/cmatrix.js';
import { matmul as hostMatmul } from '../../../wireless/linalg/matmul.js';
import { upganetSnr } from '../../../wireless/modulation/awgn.js';
import { scale as hostScale } from '../../../wireless/linalg/elementwise.js';
import { channelRange } from '../data.js';
import { uploadChannels } from '../host.js';
import { releaseDeviceGarbage } from '../../../engine/index.js';
import { initialPrecoders } from '../init.js';
import { effectivePrecoders, precoderMetrics, type PrecoderMetrics } from '../metrics.js';
import { pga } from '../pga.js';
import { precoderProblem } from '../problem.js';
import type { UnfoldResult } from '../unfold.js';
import { PGA_LABEL, SCA_LABEL, ZF_LABEL, type EvalContext } from './context.js';
import { pgaSchemes } from './pga-schemes.js';
import { RERUN_12DB } from './paper-reference.js';

export interface MethodPoint extends PrecoderMetrics {
  /** channels averaged */
  channels: number;
  /** R and MSE on the first `baselines.scaChannels` channels only: like-for-like with SCA-ManOpt */
  common: { meanRate: number; mseDb: number };
  /** wall seconds for the precoders of all channels */
  seconds: number;
}

export interface SweepResult {
  snrDb: number[];
  /** method label → one point per SNR */
  methods: Record<string, MethodPoint[]>;
  /**
   * conventional PGA at the highest SNR with the reference re-run's iteration count (RERUN_12DB.iterations), from
   * the same problem and init as its curve; the curve's own point when the config's I already equals it
   */
  pgaAtReference: { iterations: number; snrDb: number; point: MethodPoint };
}

/** Runs every method at every SNR (progress: one tick per method and SNR). */
export async function snrSweep(e: EvalContext): Promise<SweepResult> {
  const c = e.config;
  const schemes = pgaSchemes(c);
  const labels = [...e.nets.map((n) => n.label), PGA_LABEL, schemes.exact.label, ZF_LABEL, SCA_LABEL];
  const methods: Record<string, MethodPoint[]> = Object.fromEntries(labels.map((l) => [l, []]));
  const top = Math.max(...c.snrDb);
  const refIterations = RERUN_12DB.iterations;
  const extraPga = c.unfolding.outer !== refIterations;
  let pgaAtReference: SweepResult['pgaAtReference'] | undefined;
  const bar = e.ctx.progress.start('Fig. 3: methods × SNR', labels.length * c.snrDb.length + (extraPga ? 1 : 0), 'run');
  try {
    for (const snrDb of c.snrDb) {
      const { transmitPower: power, noiseVariance } = upganetSnr(snrDb);
      const metrics = (Xs: CMatrix[]) => {
        const all = precoderMetrics(e.testH, Xs, power, noiseVariance, e.gridRad, e.reference);
        const sub =
          Xs.length === c.baselines.scaChannels
            ? all
            : precoderMetrics(e.testH, Xs.slice(0, c.baselines.scaChannels), power, noiseVariance, e.gridRad, e.reference);
        return { ...all, common: { meanRate: sub.meanRate, mseDb: sub.mseDb } };
      };
      // one problem and one proposed initialization (17) per SNR, shared by every unfolded method
      const { p, F0, W0 } = tidy(() => {
        const q = precoderProblem(uploadChannels(e.testH), e.psi1, snrDb, c.system.omega);
        const init = initialPrecoders(e.testH, c.system.numRf, power, 'zf', 1, c.system.targetsDeg);
        return { p: q, F0: init.F, W0: init.W };
      });
      const measure = async (run: () => UnfoldResult): Promise<MethodPoint> => {
        const t0 = performance.now();
        const { F, W } = run();
        const Xs = await effectivePrecoders(F, W);
        const seconds = (performance.now() - t0) / 1000;
        F.dispose();
        W.dispose();
        await releaseDeviceGarbage();
        return { ...metrics(Xs), channels: Xs.length, seconds };
      };
      const unfolded = async (label: string, run: () => UnfoldResult) => {
        methods[label].push(await measure(run));
        bar.tick(1, { snr: snrDb, method: label });
      };
      try {
        for (const { label, net } of e.nets) await unfolded(label, () => net.forward(p, F0, W0, { impl: c.unfolding.evalImpl }));
        for (const s of [schemes.conventional, schemes.exact]) await unfolded(s.label, () => pga(p, F0, W0, s.options(c.unfolding.outer)));
        if (snrDb === top) {
          const point = extraPga ? await measure(() => pga(p, F0, W0, schemes.conventional.options(refIterations))) : methods[PGA_LABEL].at(-1)!;
          pgaAtReference = { iterations: refIterations, snrDb, point };
          if (extraPga) bar.tick(1, { snr: snrDb, method: `${PGA_LABEL}, I = ${refIterations}` });
        }
      } finally {
        for (const t of [p.H, p.Psi, F0, W0]) t.dispose();
      }
      let t0 = performance.now();
      const zf = Array.from({ length: e.testH.shape[0] }, (_, b) => zeroForcing(channelAt(e.testH, b), power));
      methods[ZF_LABEL].push({ ...metrics(zf), channels: zf.length, seconds: (performance.now() - t0) / 1000 });
      bar.tick(1, { snr: snrDb, method: ZF_LABEL });
      t0 = performance.now();
      const scaH = channelRange(e.testH, 0, c.baselines.scaChannels);
      const psi = hostScale(e.psi1Host, power);
      const sca = Array.from({ length: c.baselines.scaChannels }, (_, b) => {
        const r = scaManOpt(channelAt(scaH, b), psi, { power, noiseVariance, omega: c.system.omega, nRF: c.system.numRf });
        return hostMatmul(r.F, r.W);
      });
      methods[SCA_LABEL].push({ ...metrics(sca), channels: sca.length, seconds: (performance.now() - t0) / 1000 });
      bar.tick(1, { snr: snrDb, method: SCA_LABEL });
    }
  } finally {
    bar.done();
  }
  return { snrDb: [...c.snrDb], methods, pgaAtReference: pgaAtReference! };
}
