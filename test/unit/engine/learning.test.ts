/**
 * End-to-end learning with engine/nn, engine/losses and engine/optim (integration checks of the training stack):
 *
 *  (a) a unit-modulus beamformer w = e^{jφ}/√N (N = 16) trained with Adam on a fixed random channel h reaches
 *      |hᴴw|² ≥ 99 % of the equal-gain optimum (Σ|h_i|)²/N (attained at φ_i = arg h_i);
 *  (b) an MLP demodulator (DL-JHPF Table I, paper 000: Dense 20/50/20 ReLU with BN, per-bit sigmoid outputs, BCE)
 *      on Gray QPSK in AWGN at E_b/N_0 = 6 dB reaches the theoretical BER Q(√(2E_b/N_0)) within the Wilson 95 %
 *      interval of ≥ 2·10⁵ test bits, and makes at most 10 % more errors than the ML (sign) detector on the same samples.
 *
 * SNR definition for (b): unit-energy QPSK symbols x = ((1 − 2b_0) + j(1 − 2b_1))/√2 (E_s = 1, E_b = E_s/2),
 * y = x + n with n ~ CN(0, N_0), N_0 = E_s / (E_s/N_0) and E_s/N_0 = E_b/N_0 · 2 (so each real axis has noise
 * variance N_0/2 and the per-bit SNR is d²/σ² = (1/2)/(N_0/2) = 2E_b/N_0).
 * Data are drawn on the host with the wireless/ helpers (test files may import any layer).
 */
import { describe, expect, it } from 'vitest';
import { abs2, Adam, backward, complexTensor, Generator, scale, tensor, tidy, unitModulus, type Tensor } from '../../../engine/index.js';
import { matmul } from '../../../engine/ops/gemm.js';
import { mlp } from '../../../engine/nn/index.js';
import { bceWithLogits } from '../../../engine/losses/index.js';
import { Rng } from '../../../wireless/random/rng.js';
import { qamModulate } from '../../../wireless/modulation/gray-qam.js';
import { addAwgn, ebN0ToEsN0Db, noiseVarianceFromEsN0 } from '../../../wireless/modulation/awgn.js';
import { qFunction } from '../../../wireless/special/erfc.js';
import { wilsonInterval } from '../../../wireless/metrics/wilson-interval.js';
import { useRuntime } from '../../helpers/gpu.js';

useRuntime();

describe('learning', () => {
  it('(a) unit-modulus beamformer, N = 16, Adam: |hᴴw|² ≥ 99 % of (Σ|h_i|)²/N', async () => {
    const N = 16;
    const rng = new Rng(2024);
    const hRe: number[] = [];
    const hIm: number[] = [];
    for (let i = 0; i < N; i++) {
      const [a, b] = rng.complexNormal(1);
      hRe.push(a);
      hIm.push(b);
    }
    const hF32 = (i: number) => Math.hypot(Math.fround(hRe[i]), Math.fround(hIm[i]));
    const optimum = Array.from({ length: N }, (_, i) => hF32(i)).reduce((s, v) => s + v, 0) ** 2 / N;

    const h = complexTensor(hRe, hIm, [N, 1]);
    const phi = new Generator(5).uniform([N], { low: -Math.PI, high: Math.PI }).requireGrad();
    const opt = new Adam([{ name: 'phi', param: phi }], { lr: 0.05 });
    // gain(φ) = |hᴴ w|², w = e^{jφ}/√N
    const gain = () => abs2(matmul(h, unitModulus(phi, 1 / Math.sqrt(N)).reshape([N, 1]), { opA: 'H' })).reshape([]);
    const initial = await tidy(() => gain()).item();
    for (let step = 0; step < 300; step++) {
      tidy(() => {
        // maximize the normalized gain
        const grads = backward(scale(gain(), -1 / optimum));
        opt.step(grads);
      });
    }
    const final = await tidy(() => gain()).item();
    console.log(`beamformer: initial ${(initial / optimum).toFixed(4)}, final ${(final / optimum).toFixed(5)} of the optimum ${optimum.toFixed(4)}`);
    expect(final / optimum).toBeGreaterThanOrEqual(0.99);
    expect(final / optimum).toBeLessThanOrEqual(1 + 1e-5);
    opt.dispose();
    h.dispose();
    phi.dispose();
  });

  it('(b) MLP QPSK demodulator at Eb/N0 = 6 dB reaches Q(√(2Eb/N0)) within the Wilson 95 % interval (2·10⁵ test bits)', async () => {
    const ebN0Db = 6;
    const n0 = noiseVarianceFromEsN0(ebN0ToEsN0Db(ebN0Db, 2));
    const theory = qFunction(Math.sqrt(2 * 10 ** (ebN0Db / 10)));
    const rng = new Rng(7);
    /** n symbols: the received samples [n, 2] (Re, Im) and their bits [n, 2] (b_0, b_1) */
    const batch = (n: number) => {
      const bits = new Uint8Array(2 * n);
      for (let i = 0; i < bits.length; i++) bits[i] = rng.uniform() < 0.5 ? 1 : 0;
      const y = addAwgn(qamModulate(bits, 4), n0, rng);
      return { y: Float32Array.from(y), bits };
    };

    const model = mlp(
      [
        { units: 20, bn: true, act: 'relu' },
        { units: 50, bn: true, act: 'relu' },
        { units: 20, bn: true, act: 'relu' },
        { units: 2 }, // logits; σ(·) gives the per-bit probabilities
      ],
      { in: 2, generator: new Generator(1) },
    );
    const opt = new Adam(model.namedParameters(), { lr: 1e-2 });
    // 300 steps of 256 fresh symbols (~8 s on lavapipe); the learning rate drops tenfold for the last third
    const steps = 300;
    const B = 256;
    let lastLoss = NaN;
    for (let step = 0; step < steps; step++) {
      if (step === 200) opt.lr = 1e-3;
      const { y, bits } = batch(B);
      const loss = tidy(() => {
        const L = bceWithLogits(model.forward(tensor(y, [B, 2])) as Tensor<'f32'>, tensor(Float32Array.from(bits), [B, 2]));
        opt.step(backward(L));
        return L;
      });
      if (step % 100 === 99 || step === steps - 1) lastLoss = await loss.item();
      loss.dispose();
    }

    model.eval();
    const testSymbols = 100_000;
    const chunk = 25_000;
    let errors = 0;
    let mlErrors = 0;
    for (let done = 0; done < testSymbols; done += chunk) {
      const { y, bits } = batch(chunk);
      const logits = tidy(() => model.forward(tensor(y, [chunk, 2])));
      const out = await logits.read();
      logits.dispose();
      for (let i = 0; i < out.length; i++) {
        if ((out[i] > 0 ? 1 : 0) !== bits[i]) errors++;
        // the ML decision for Gray QPSK: bit 1 ⇔ negative component
        if ((y[i] < 0 ? 1 : 0) !== bits[i]) mlErrors++;
      }
    }
    const bitsTested = 2 * testSymbols;
    const ci = wilsonInterval(errors, bitsTested);
    console.log(
      `QPSK demodulator at Eb/N0 = ${ebN0Db} dB: final train BCE ${lastLoss.toFixed(4)}; BER ${ci.estimate.toExponential(3)} ` +
        `(${errors}/${bitsTested}), Wilson 95 % [${ci.lower.toExponential(3)}, ${ci.upper.toExponential(3)}]; theory ` +
        `Q(√(2Eb/N0)) = ${theory.toExponential(3)}; ML detector on the same samples ${(mlErrors / bitsTested).toExponential(3)}`,
    );
    expect(theory).toBeGreaterThanOrEqual(ci.lower);
    expect(theory).toBeLessThanOrEqual(ci.upper);
    // sharper, on the same noise samples: at most 10 % more errors than the optimal (sign) detector
    expect(errors).toBeLessThanOrEqual(1.1 * mlErrors);
    opt.dispose();
    model.dispose();
  });
});
