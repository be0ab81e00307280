/**
 * Health checks of a DL-JHPF framework, logged at every validation (what the stream collapse looks like in numbers):
 *  - beam gain: mean over streams s of |w_sᴴ H f_s|² with w_s, f_s the s-th columns of W_RF, F_RF, on the channels
 *    they were designed for and on shuffled channels (beams of channel b applied to channel b + n/2); equal values
 *    mean the analog networks ignore the channel;
 *  - σ²(H_eq): the squared singular values of H_eq = W_RFᴴ H F_RF (mean over channels, descending), beside those of H;
 *  - the rank of the end-to-end matrix E = W_BBᴴ W_RFᴴ H F_RF F_BB [N_s, N_s]: singular values ≥ 1 % of the largest
 *    (a served stream needs its own direction), averaged over channels;
 *  - BER per stream (perStreamBer), the mean BER hides a stream left at 0.5.
 */
import { svd } from '../../wireless/linalg/svd.js';
import { cmatrix, type CMatrix } from '../../wireless/linalg/cmatrix.js';
import { matmul } from '../../wireless/linalg/matmul.js';
import type { ChannelBatch } from '../../wireless/channel/types.js';
import { noGrad, tensor, tidy, type Complex } from '../../engine/index.js';
import type { JhpfFramework } from './network/framework.js';

/** Bit errors per stream: stream s owns bits [s·b, (s + 1)·b) of each N_s·b-bit vector; a logit > 0 decides 1. */
export function perStreamErrors(logits: ArrayLike<number>, bits: ArrayLike<number>, Ns: number, bitsPerSymbol = 2): number[] {
  const per = Ns * bitsPerSymbol;
  if (logits.length !== bits.length || logits.length % per !== 0) {
    throw new RangeError(`perStreamErrors: expected logits and bits of one length, a multiple of N_s·log2 M = ${per}; got ${logits.length} and ${bits.length}`);
  }
  const errors = new Array<number>(Ns).fill(0);
  for (let i = 0; i < logits.length; i++) if ((logits[i] > 0 ? 1 : 0) !== (bits[i] > 0.5 ? 1 : 0)) errors[Math.floor((i % per) / bitsPerSymbol)]++;
  return errors;
}

/** BER per stream of one batch of logits and sent bits (see perStreamErrors). */
export function perStreamBer(logits: ArrayLike<number>, bits: ArrayLike<number>, Ns: number, bitsPerSymbol = 2): number[] {
  const perStream = logits.length / Ns;
  return perStreamErrors(logits, bits, Ns, bitsPerSymbol).map((e) => e / perStream);
}

export interface HealthChecks {
  /** mean |w_sᴴ H f_s|² on the true channels and on shuffled ones */
  beamGain: number;
  beamGainShuffled: number;
  /** mean squared singular values of H_eq (descending) and of H (its top N_s), for scale */
  sigma2Heq: number[];
  sigma2H: number[];
  /** mean numerical rank of E = W_BBᴴ H_eq F_BB (σ_i ≥ 0.01 σ_1) and its mean singular values / σ_1 */
  endToEndRank: number;
  endToEndSigma: number[];
}

const M = (rows: number, cols: number, src: Float32Array, offset: number): CMatrix => cmatrix(rows, cols, src.subarray(offset, offset + 2 * rows * cols));

/** The checks on (up to) the first `count` channels of H; the framework designs in eval mode. */
export async function healthChecks(net: JhpfFramework, H: ChannelBatch, count = 256): Promise<HealthChecks> {
  const n = Math.min(count, H.shape[0]);
  if (n < 2) throw new RangeError(`healthChecks: need at least 2 channels; got ${n}`);
  const { Nr, Nt, NtRF, NrRF, Ns } = net.dims;
  const size = 2 * Nr * Nt;
  const host = H.data.subarray(0, n * size);
  const Ht = tensor(host, [n, Nr, Nt], 'c64') as Complex;
  let d;
  try {
    // the network's intermediates go with the tidy scope (soak: 50 buffers, 7.6 MB per call stayed alive before)
    const outputs = tidy(() =>
      noGrad(() => {
        const design = net.design(Ht);
        return [design.F_RF, design.W_RF, design.F_BB, design.W_BB];
      }),
    );
    d = await Promise.all(
      outputs.map(async (t) => {
        const v = (await t.read()) as Float32Array;
        t.dispose();
        return v;
      }),
    );
  } finally {
    Ht.dispose();
  }
  const [fRF, wRF, fBB, wBB] = d;
  const gain = (Hb: CMatrix, F: CMatrix, W: CMatrix) => {
    const Heq = matmul(matmul(W, Hb, 'H', 'N'), F);
    let g = 0;
    for (let s = 0; s < Math.min(NtRF, NrRF); s++) g += Heq.data[2 * (s * NtRF + s)] ** 2 + Heq.data[2 * (s * NtRF + s) + 1] ** 2;
    return { Heq, g: g / Math.min(NtRF, NrRF) };
  };
  const sumHeq = new Array<number>(Math.min(NtRF, NrRF)).fill(0);
  const sumH = new Array<number>(Ns).fill(0);
  const sumE = new Array<number>(Ns).fill(0);
  let gTrue = 0;
  let gShuf = 0;
  let rank = 0;
  for (let b = 0; b < n; b++) {
    const Hb = M(Nr, Nt, H.data, b * size);
    const F = M(Nt, NtRF, fRF, b * 2 * Nt * NtRF);
    const W = M(Nr, NrRF, wRF, b * 2 * Nr * NrRF);
    const { Heq, g } = gain(Hb, F, W);
    gTrue += g / n;
    const o = (b + Math.floor(n / 2)) % n;
    gShuf += gain(Hb, M(Nt, NtRF, fRF, o * 2 * Nt * NtRF), M(Nr, NrRF, wRF, o * 2 * Nr * NrRF)).g / n;
    svd(Heq).S.forEach((x, i) => (sumHeq[i] += (x * x) / n));
    svd(Hb)
      .S.slice(0, Ns)
      .forEach((x, i) => (sumH[i] += (x * x) / n));
    const E = matmul(matmul(M(NrRF, Ns, wBB, b * 2 * NrRF * Ns), Heq, 'H', 'N'), M(NtRF, Ns, fBB, b * 2 * NtRF * Ns));
    const S = svd(E).S;
    const top = S[0] > 0 ? S[0] : 1;
    S.forEach((x, i) => (sumE[i] += x / top / n));
    rank += S.filter((x) => S[0] > 0 && x >= 0.01 * S[0]).length / n;
  }
  return { beamGain: gTrue, beamGainShuffled: gShuf, sigma2Heq: sumHeq, sigma2H: sumH, endToEndRank: rank, endToEndSigma: sumE };
}
