import { describe, expect, it } from 'vitest';
import { ulaSteering } from '../../../../wireless/array/ula.js';
import { zeroForcing } from '../../../../wireless/baselines/zero-forcing.js';
import { MultiuserMisoChannel } from '../../../../wireless/channel/multiuser-miso.js';
import { JcasArgumentError } from '../../../../wireless/jcas/errors.js';
import { jcasInitialization, type JcasInitKind } from '../../../../wireless/jcas/initialization.js';
import { cmatrix, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm2 } from '../../../../wireless/linalg/reductions.js';
import { svd } from '../../../../wireless/linalg/svd.js';
import { sumRate } from '../../../../wireless/metrics/sum-rate.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { modulusDeviation } from '../baselines/helpers.js';

function channels(count: number, N: number, K: number): CMatrix[] {
  const batch = new MultiuserMisoChannel({ numAntennas: N, numUsers: K }).generate(count, 3);
  return Array.from({ length: count }, (_, b) => cmatrix(K, N, batch.data.subarray(2 * b * K * N, 2 * (b + 1) * K * N)));
}

/** max over n of |F[n, col] − e^{j∠v_n}|. */
function phaseDeviation(F: CMatrix, col: number, v: ArrayLike<number>): number {
  let d = 0;
  for (let n = 0; n < F.rows; n++) {
    const r = Math.hypot(v[2 * n], v[2 * n + 1]);
    const i = 2 * (n * F.cols + col);
    d = Math.max(d, Math.hypot(F.data[i] - v[2 * n] / r, F.data[i + 1] - v[2 * n + 1] / r));
  }
  return d;
}

describe('jcasInitialization (paper 002 eq. (17) and the alternatives of its Fig. 2)', () => {
  const N = 16;
  const K = 2;
  const P = 10 ** 0.6;
  const [H] = channels(1, N, K);

  for (const kind of ['zf', 'svd', 'random'] as JcasInitKind[]) {
    it(`${kind}: F [N, N_RF] unit modulus, W [N_RF, K], ‖F W‖_F² = P_BS`, () => {
      const { F, W } = jcasInitialization(H, 4, P, new Rng(1), kind);
      expect([F.rows, F.cols, W.rows, W.cols]).toEqual([N, 4, 4, K]);
      expect(modulusDeviation(F, 1)).toBeLessThan(1e-14);
      expect(frobeniusNorm2(matmul(F, W))).toBeCloseTo(P, 10);
    });
  }

  it('zf: F columns are the phases of h_k, then of ā(θ_t) for the first N_RF − K targets; W is the LS fit to X_ZF', () => {
    const { F, W } = jcasInitialization(H, 3, P);
    for (let k = 0; k < K; k++) {
      const hk = new Float64Array(2 * N); // h_k = conj(row k of H)
      for (let n = 0; n < N; n++) [hk[2 * n], hk[2 * n + 1]] = [H.data[2 * (k * N + n)], -H.data[2 * (k * N + n) + 1]];
      expect(phaseDeviation(F, k, hk)).toBeLessThan(1e-14);
    }
    const a = ulaSteering(N, (-60 * Math.PI) / 180, { spacing: 0.5, sign: 1, normalize: false });
    expect(phaseDeviation(F, 2, a)).toBeLessThan(1e-14);
    // W ∝ F^† X_ZF (least squares): the normal equations Fᴴ X_ZF = c·Fᴴ F W hold for one real c > 0.
    const A = matmul(F, zeroForcing(H, P), 'H', 'N');
    const B = matmul(F, matmul(F, W), 'H', 'N');
    const c = Math.sqrt(frobeniusNorm2(A) / frobeniusNorm2(B));
    const r = cmatrix(A.rows, A.cols);
    for (let i = 0; i < r.data.length; i++) r.data[i] = A.data[i] - c * B.data[i];
    expect(Math.sqrt(frobeniusNorm2(r))).toBeLessThan(1e-10 * Math.sqrt(frobeniusNorm2(A)));
  });

  it('svd: the first K columns are the phases of the principal right singular vectors of H', () => {
    const { F } = jcasInitialization(H, 3, P, undefined, 'svd');
    const { V } = svd(H);
    for (let k = 0; k < K; k++) {
      const v = new Float64Array(2 * N);
      for (let n = 0; n < N; n++) [v[2 * n], v[2 * n + 1]] = [V.data[2 * (n * K + k)], V.data[2 * (n * K + k) + 1]];
      expect(phaseDeviation(F, k, v)).toBeLessThan(1e-14);
    }
  });

  it('random: reproducible from the rng, W zero-forces the effective channel H F', () => {
    const a = jcasInitialization(H, 4, P, new Rng(9), 'random');
    const b = jcasInitialization(H, 4, P, new Rng(9), 'random');
    expect(Array.from(a.F.data)).toEqual(Array.from(b.F.data));
    const G = matmul(H, matmul(a.F, a.W)); // diagonal
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < K; j++) if (j !== k) expect(Math.hypot(G.data[2 * (k * K + j)], G.data[2 * (k * K + j) + 1])).toBeLessThan(1e-10);
    }
  });

  it('the ZF-based start has a higher sum rate than random phases on average (N = 64, K = N_RF = 4)', () => {
    const Hs = channels(8, 64, 4);
    const rate = (kind: JcasInitKind) =>
      Hs.reduce((s, h, b) => {
        const { F, W } = jcasInitialization(h, 4, P, new Rng(b), kind);
        return s + sumRate(h, matmul(F, W), 1) / Hs.length;
      }, 0);
    expect(rate('zf')).toBeGreaterThan(rate('random') + 1);
  });

  it('rejects bad arguments with the expected and actual values', () => {
    expect(() => jcasInitialization(H, 1, P)).toThrow(/N_RF must be an integer in \[K, N\] = \[2, 16\]; got 1/);
    expect(() => jcasInitialization(H, 6, P)).toThrow(/N_RF − K = 4 columns need as many target angles; got 3/);
    expect(() => jcasInitialization(H, 2, 0)).toThrow(JcasArgumentError);
    expect(() => jcasInitialization(H, 2, P, undefined, 'random')).toThrow(/expected an rng, got none/);
    expect(() => jcasInitialization(H, 2, P, undefined, 'foo' as JcasInitKind)).toThrow(/kind must be/);
  });
});
