import { describe, expect, it } from 'vitest';
import { runtime, tensor, type Complex } from '../../../../engine/index.js';
import { logDetRate } from '../../../../models/jhpf/closed-form/log-det-rate.js';
import { normalizePerStream } from '../../../../models/jhpf/closed-form/normalize-per-stream.js';
import { streamBarrier } from '../../../../models/jhpf/closed-form/stream-sinr.js';
import { healthChecks, perStreamBer, perStreamErrors } from '../../../../models/jhpf/health.js';
import { JhpfFramework } from '../../../../models/jhpf/network/framework.js';
import { cmatrix, identity } from '../../../../wireless/linalg/cmatrix.js';
import { add, scale } from '../../../../wireless/linalg/elementwise.js';
import { logDetHermitianPD } from '../../../../wireless/linalg/logdet.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { randomData, useRuntime } from '../../../helpers/gpu.js';

useRuntime();

describe('per-stream BER (health.ts)', () => {
  it('counts the errors of each stream on hand-made bits (N_s = 3, QPSK: bits 2s, 2s + 1 are stream s)', () => {
    // two vectors of 6 bits; logit > 0 decides 1
    const bits = [1, 0, 1, 1, 0, 0, /**/ 0, 1, 0, 0, 1, 1];
    const logits = [2, -1, -3, 4, -1, 5, /**/ -2, 3, 1, -1, -4, 2];
    // errors: v0: bit 2 (stream 1), bit 5 (stream 2); v1: bit 8 (stream 1), bit 10 (stream 2)
    expect(perStreamErrors(logits, bits, 3)).toEqual([0, 2, 2]);
    expect(perStreamBer(logits, bits, 3)).toEqual([0, 0.5, 0.5]);
    // a stream at 0.5 while the others are perfect: the mean BER hides which
    expect(perStreamBer([1, 1, 1, 1, 1, 1], [1, 1, 0, 1, 1, 1], 3)).toEqual([0, 0.5, 0]);
    expect(() => perStreamErrors([1, 2, 3], [1, 0, 1], 3)).toThrow(/multiple/);
  });
});

describe('Phasor variant layers', () => {
  it('logDetRate = ln det(I + c H_eq H_eqᴴ) of a float64 Cholesky, per sample', async () => {
    const B = 3;
    const [n, m] = [3, 3];
    const data = randomData(2 * B * n * m, 4);
    const Heq = tensor(data, [B, n, m], 'c64') as Complex;
    const c = 2.5;
    const got = (await logDetRate(Heq, c).read()) as Float32Array;
    for (let b = 0; b < B; b++) {
      const H = cmatrix(n, m, data.subarray(2 * b * n * m, 2 * (b + 1) * n * m));
      const want = logDetHermitianPD(add(identity(n), scale(matmul(H, H, 'N', 'H'), c)));
      expect(got[b]).toBeCloseTo(want, 4);
    }
  });

  it('per-stream normalization gives every column of F_RF F_BB unit power (so ‖F_RF F_BB‖_F² = N_s)', async () => {
    const [B, Nt, NtRF, Ns] = [2, 8, 3, 3];
    const F_RF = tensor(randomData(2 * B * Nt * NtRF, 7), [B, Nt, NtRF], 'c64') as Complex;
    const Fbar = tensor(randomData(2 * B * NtRF * Ns, 8), [B, NtRF, Ns], 'c64') as Complex;
    const F_BB = normalizePerStream(Fbar, F_RF);
    const fRF = (await F_RF.read()) as Float32Array;
    const fBB = (await F_BB.read()) as Float32Array;
    for (let b = 0; b < B; b++) {
      const P = matmul(
        cmatrix(Nt, NtRF, fRF.subarray(2 * b * Nt * NtRF, 2 * (b + 1) * Nt * NtRF)),
        cmatrix(NtRF, Ns, fBB.subarray(2 * b * NtRF * Ns, 2 * (b + 1) * NtRF * Ns)),
      );
      for (let s = 0; s < Ns; s++) {
        let p = 0;
        for (let t = 0; t < Nt; t++) p += P.data[2 * (t * Ns + s)] ** 2 + P.data[2 * (t * Ns + s) + 1] ** 2;
        expect(p).toBeCloseTo(1, 5);
      }
    }
  });

  it('stream barrier: −Σ_s ln(SINR_s + 0.01) by hand for separated streams; larger when two streams share a direction', async () => {
    const c64 = (rows: number, cols: number, entries: [number, number, number][]) => {
      const d = new Float32Array(2 * rows * cols);
      for (const [r, col, v] of entries) d[2 * (r * cols + col)] = v;
      return tensor(d, [1, rows, cols], 'c64') as Complex;
    };
    const I3 = () =>
      c64(3, 3, [
        [0, 0, 1],
        [1, 1, 1],
        [2, 2, 1],
      ]);
    const W_RF = c64(4, 3, [
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
    ]); // orthonormal columns: noise power 1 per stream
    const c = 10 / 3;
    const separated = (await streamBarrier(I3(), I3(), W_RF, I3(), c).read())[0];
    expect(separated).toBeCloseTo(-3 * Math.log(c + 0.01), 4);
    // streams 0 and 1 sent on one direction: stream 1 reaches no combiner of its own (SINR 0), stream 0 sees it as interference
    const shared = c64(3, 3, [
      [0, 0, 1],
      [0, 1, 1],
      [2, 2, 1],
    ]);
    const collapsed = (await streamBarrier(I3(), shared, W_RF, I3(), c).read())[0];
    expect(collapsed).toBeGreaterThan(separated + 2);
  });

  it('health checks: an untrained framework gives finite numbers, rank ≤ N_s, σ²(H_eq) descending', async () => {
    const dims = { Nt: 8, NtRF: 2, Nr: 4, NrRF: 2, Ns: 2, subcarriers: 1 };
    for (const variant of ['faithful', 'phasor'] as const) {
      const net = new JhpfFramework(dims, { seed: 3, variant, hidden: { pp: [8], cp: [8], dp: [4], dc: [4], demod: [4] } });
      const H = { shape: [6, 4, 8] as [number, number, number], data: randomData(2 * 6 * 4 * 8, 9) };
      const h = await healthChecks(net, H, 6);
      expect(Number.isFinite(h.beamGain) && Number.isFinite(h.beamGainShuffled)).toBe(true);
      expect(h.endToEndRank).toBeGreaterThanOrEqual(1);
      expect(h.endToEndRank).toBeLessThanOrEqual(2);
      expect(h.sigma2Heq[0]).toBeGreaterThanOrEqual(h.sigma2Heq[1]);
      expect(h.sigma2H).toHaveLength(2);
      // every call leaves the GPU as it found it (the soak caught 50 buffers per validation staying alive)
      const live = runtime().memory().liveBuffers;
      await healthChecks(net, H, 6);
      expect(runtime().memory().liveBuffers).toBe(live);
      net.dispose();
    }
  });
});
