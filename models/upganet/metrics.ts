/**
 * The figures' metrics on the CPU in float64 (wireless/metrics), from effective precoders X = F W (or a fully
 * digital X) per channel:
 *   sum rate R, Eq. (2), averaged over channels (Fig. 3a)
 *   beampattern P(θ) = ā(θ)ᴴ X Xᴴ ā(θ) / P_BS, averaged over channels first (P̄), and its MSE against the benchmark
 *   P_bm(θ) = ā(θ)ᴴ Ψ ā(θ) / P_BS = ā(θ)ᴴ Ψ₁ ā(θ): 10·log10 mean_θ |P_bm − P̄|² (as the authors' released code computes it; Fig. 3b, 3c)
 */
import { matmul, type Complex } from '../../engine/index.js';
import { channelAt, type ChannelBatch } from '../../wireless/channel/types.js';
import type { CMatrix } from '../../wireless/linalg/cmatrix.js';
import { beampattern, beampatternMseDb, meanBeampattern, precoderBeampattern } from '../../wireless/metrics/beampattern.js';
import { sumRate } from '../../wireless/metrics/sum-rate.js';
import { readMatrices } from './host.js';

export interface PrecoderMetrics {
  /** per channel R (bit/s/Hz) */
  rates: number[];
  /** mean over channels */
  meanRate: number;
  /** P̄(θ) on the grid */
  pattern: number[];
  /** 10·log10 mean_θ |P_bm − P̄|² */
  mseDb: number;
}

/** X = F W per channel, read back as float64 matrices. */
export async function effectivePrecoders(F: Complex, W: Complex): Promise<CMatrix[]> {
  const X = matmul(F, W);
  try {
    return await readMatrices(X);
  } finally {
    X.dispose();
  }
}

/** The benchmark pattern P_bm(θ) = ā(θ)ᴴ Ψ₁ ā(θ) on `gridRad`. */
export function benchmarkPattern(psi1: CMatrix, gridRad: readonly number[]): number[] {
  return Array.from(beampattern(psi1, gridRad));
}

/** Rates and the mean pattern of precoders Xs (X_b for channel b of H) at power P_BS. */
export function precoderMetrics(
  H: ChannelBatch,
  Xs: readonly CMatrix[],
  power: number,
  noiseVariance: number,
  gridRad: readonly number[],
  reference: readonly number[],
): PrecoderMetrics {
  if (Xs.length === 0 || Xs.length > H.shape[0]) throw new RangeError(`precoderMetrics: expected 1 … ${H.shape[0]} precoders; got ${Xs.length}`);
  const rates = Xs.map((X, b) => sumRate(channelAt(H, b), X, noiseVariance));
  const patterns = Xs.map((X) => precoderBeampattern(X, gridRad).map((v) => v / power));
  const pattern = meanBeampattern(patterns);
  return {
    rates,
    meanRate: rates.reduce((a, b) => a + b, 0) / rates.length,
    pattern: Array.from(pattern),
    mseDb: beampatternMseDb(pattern, reference),
  };
}
