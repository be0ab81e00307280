/**
 * The DL-JHPF signal flow simulator (paper 000 eqs. (3)–(5)) against an independent CPU simulation: with the fully
 * digital SVD transceiver (F = first N_s right singular vectors, W = left ones; wireless/baselines fullyDigital) in
 * place of the hybrid matrices, the GPU simulator's BER must agree with (a) a CPU Monte Carlo built from
 * wireless/modulation (Gray QPSK, AWGN) and wireless/metrics (bit errors, Wilson interval) on the same channels, and
 * (b) the exact BER of that link, mean over channels and streams of Q(√(P·S_i²/N_s)).
 */
import { describe, expect, it } from 'vitest';
import { neg, noGrad, im, re, stack, tensor, tidy, type Real, Generator } from '../../../../engine/index.js';
import { fullyDigital } from '../../../../wireless/baselines/fully-digital.js';
import { channelAt } from '../../../../wireless/channel/types.js';
import { getDatasetSpec, resolveConfig } from '../../../../wireless/dataset/registry.js';
import { matmul as cmatmul } from '../../../../wireless/linalg/matmul.js';
import { cmatrix, identity } from '../../../../wireless/linalg/cmatrix.js';
import { wilsonInterval } from '../../../../wireless/metrics/wilson-interval.js';
import { addAwgn, jhpfSnr } from '../../../../wireless/modulation/awgn.js';
import { countBitErrors, randomBits } from '../../../../wireless/modulation/bits.js';
import { qamDemodulateHard, qamModulate } from '../../../../wireless/modulation/gray-qam.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { qFunction } from '../../../../wireless/special/erfc.js';
import { CUSTOM_LAYERS } from '../../../../models/jhpf/closed-form/index.js';
import { bitErrors, drawTransmission, qpskSymbols, simulateSignalFlow } from '../../../../models/jhpf/signal-flow.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const NT = 8;
const NR = 4;
const NS = 2;
const CHANNELS = 160;
const REPEATS = 64; // symbol vectors per channel
const SNR_DB = -4;

function umiChannels() {
  const spec = getDatasetSpec('jhpf-umi');
  const data = spec.generate(resolveConfig(spec, { numTx: NT, numRx: NR }), 11, 0, CHANNELS).H as Float32Array;
  return { shape: [CHANNELS, NR, NT] as [number, number, number], data };
}

/** The fully digital link of every channel, tiled REPEATS times: host arrays for [B, …] c64 tensors. */
function digitalLink(set: ReturnType<typeof umiChannels>) {
  const B = CHANNELS * REPEATS;
  const H = new Float32Array(B * 2 * NR * NT);
  const F = new Float32Array(B * 2 * NT * NS);
  const W = new Float32Array(B * 2 * NR * NS);
  const singular: Float64Array[] = [];
  for (let c = 0; c < CHANNELS; c++) {
    const Hc = channelAt(set, c);
    const fd = fullyDigital(Hc, NS);
    singular.push(fd.singularValues);
    for (let k = 0; k < REPEATS; k++) {
      const b = k * CHANNELS + c;
      H.set(Hc.data, b * 2 * NR * NT);
      F.set(fd.F.data, b * 2 * NT * NS);
      W.set(fd.W.data, b * 2 * NR * NS);
    }
  }
  return { B, H, F, W, singular };
}

/** Exact BER of the SVD link with Gray QPSK: per stream Q(√(P S_i²/N_s)) (per-axis amplitude √P S_i/√(2N_s), noise var 1/2). */
function exactBer(singular: Float64Array[], snrDb: number): number {
  const P = jhpfSnr(snrDb).transmitPower;
  let s = 0;
  for (const S of singular) for (let i = 0; i < NS; i++) s += qFunction(Math.sqrt((P * S[i] * S[i]) / NS));
  return s / (singular.length * NS);
}

/** CPU Monte Carlo of the same link: wireless/modulation + wireless/metrics only. */
function cpuBer(set: ReturnType<typeof umiChannels>, snrDb: number, seed: number): { errors: number; bits: number } {
  const rng = new Rng(seed);
  const { transmitPower: P, noiseVariance } = jhpfSnr(snrDb);
  let errors = 0;
  let bits = 0;
  for (let c = 0; c < CHANNELS; c++) {
    const Hc = channelAt(set, c);
    const { F, W } = fullyDigital(Hc, NS);
    for (let k = 0; k < REPEATS; k++) {
      const b = randomBits(2 * NS, rng);
      const x = cmatrix(
        NS,
        1,
        qamModulate(b, 4).map((v) => v / Math.sqrt(NS)),
      ); // E[x xᴴ] = I/N_s (eq. (3))
      const clean = cmatmul(Hc, cmatmul(F, x));
      const y = cmatrix(
        NR,
        1,
        addAwgn(
          clean.data.map((v) => v * Math.sqrt(P)),
          noiseVariance,
          rng,
        ),
      );
      const r = cmatmul(W, y, 'H'); // W_BB = I
      errors += countBitErrors(b, qamDemodulateHard(r.data, 4));
      bits += b.length;
    }
  }
  return { errors, bits };
}

describe('signal flow simulator (eq. (5)) with the fully digital transceiver', () => {
  const set = umiChannels();
  const link = digitalLink(set);
  const exact = exactBer(link.singular, SNR_DB);

  for (const mode of ['fused', 'autodiff'] as const) {
    it(`${mode}: BER agrees with the CPU simulation and the exact BER (Wilson 99.9 %)`, async () => {
      const gpu = tidy(() =>
        noGrad(() => {
          const gen = new Generator(21);
          const t = drawTransmission(gen, link.B, { Nt: NT, NtRF: NS, Nr: NR, NrRF: NS, Ns: NS, subcarriers: 1 }, SNR_DB);
          const eye = tensor(Array.from({ length: link.B }, () => Array.from(identity(NS).data)).flat(), [link.B, NS, NS], 'c64');
          const r = simulateSignalFlow(
            CUSTOM_LAYERS[mode],
            {
              H: tensor(link.H, [link.B, NR, NT], 'c64'),
              F_RF: tensor(link.F, [link.B, NT, NS], 'c64'),
              F_BB: eye,
              W_RF: tensor(link.W, [link.B, NR, NS], 'c64'),
              W_BB: eye,
            },
            t,
          );
          // hard QPSK decisions: bit 1 where the axis is negative; logits in the bits' (re, im) order
          const logits = neg(stack([re(r), im(r)], 2).reshape([link.B, 2 * NS])) as Real;
          return bitErrors(logits, t.bits);
        }),
      );
      const errors = await gpu.item();
      const bits = link.B * 2 * NS;
      const cpu = cpuBer(set, SNR_DB, 5);
      const gpuCi = wilsonInterval(errors, bits, 0.999);
      const cpuCi = wilsonInterval(cpu.errors, cpu.bits, 0.999);
      expect(errors).toBeGreaterThan(100); // the test has power: enough errors on both sides
      expect(cpu.errors).toBeGreaterThan(100);
      expect(gpuCi.lower).toBeLessThanOrEqual(exact);
      expect(gpuCi.upper).toBeGreaterThanOrEqual(exact);
      expect(cpuCi.lower).toBeLessThanOrEqual(exact);
      expect(cpuCi.upper).toBeGreaterThanOrEqual(exact);
      expect(gpuCi.lower).toBeLessThanOrEqual(cpuCi.upper);
      expect(cpuCi.lower).toBeLessThanOrEqual(gpuCi.upper);
    });
  }

  it('a 3 dB higher transmit power gives a BER outside the 0 dB interval (the check can fail)', async () => {
    const lower = exactBer(link.singular, SNR_DB + 3);
    const ci = wilsonInterval(Math.round(exact * link.B * 2 * NS), link.B * 2 * NS, 0.999);
    expect(lower).toBeLessThan(ci.lower);
  });
});

describe('bits and symbols (paper 000 §III-B)', () => {
  it('bits are equiprobable, QPSK symbols have E[x xᴴ] = I/N_s and follow the Gray map of gray-qam.ts', async () => {
    const gen = new Generator(3);
    const { bits, xs, noise } = tidy(() => {
      const t = drawTransmission(gen, 4096, { Nt: 4, NtRF: 3, Nr: 5, NrRF: 3, Ns: 3, subcarriers: 1 }, 0);
      return { bits: t.bits, xs: qpskSymbols(t.bits), noise: t.noise };
    });
    const [b, x, n] = await Promise.all([bits.read(), xs.read(), noise.read()]);
    const ones = b.reduce((s, v) => s + v, 0);
    expect(b.every((v) => v === 0 || v === 1)).toBe(true);
    expect(Math.abs(ones / b.length - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / b.length));
    const expected = qamModulate(Array.from(b.subarray(0, 60)), 4).map((v) => v / Math.sqrt(3));
    for (let i = 0; i < 60; i++) expect(x[i]).toBeCloseTo(expected[i], 6);
    const power = x.reduce((s, v) => s + v * v, 0) / (x.length / 2);
    expect(power).toBeCloseTo(1 / 3, 6);
    const noisePower = n.reduce((s, v) => s + v * v, 0) / (n.length / 2);
    expect(Math.abs(noisePower - 1)).toBeLessThan(4 / Math.sqrt(n.length / 2));
  });
});
