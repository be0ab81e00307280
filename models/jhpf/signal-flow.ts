/**
 * The signal flow simulator of DL-JHPF (paper 000 §III-B, eqs. (3)–(5)): bits X_b → QPSK symbols x with
 * E[x xᴴ] = I/N_s, transmit power P from the SNR (wireless/modulation jhpfSnr: σ² = 1, P = 10^{SNR/10}), AWGN n with
 * CN(0, 1) entries, and r = W_BBᴴ W_RFᴴ(√P H F_RF F_BB x + n) through the custom layer of eq. (5) (fused or autodiff).
 * Everything is drawn on the GPU from a seeded Generator; nothing is read back.
 *
 * Per-sample SNRs (a training range [lo, hi] dB, uniform in dB) fold √P into the symbols, √P·(F_RF F_BB x) =
 * F_RF F_BB (√P x): exact, since x is a constant of the graph.
 */
import { concat, defineKernel, dispatchEntry, exp, im, mul, re, scale, sum, Tensor, type Complex, type Generator, type Real } from '../../engine/index.js';
import { jhpfSnr } from '../../wireless/modulation/awgn.js';
import type { CustomLayers } from './closed-form/index.js';
import { JHPF_BITS_PER_SYMBOL, type JhpfDims } from './network/dims.js';

const KERNEL = defineKernel(new URL('./shaders/bits.wgsl', import.meta.url));

/** An SNR in dB, or a range [lo, hi] dB drawn uniformly (in dB) per sample. */
export type SnrSpec = number | readonly [number, number];

/** Equiprobable 0/1 bits as f32 of `shape` (the last axis N_s·log2 M). */
export function drawBits(gen: Generator, shape: number[]): Real {
  const u = gen.uniform(shape);
  const bits = Tensor.empty(shape, 'f32', 'jhpfBits');
  dispatchEntry(KERNEL, 'threshold', u.size, { uniforms: u, bits }, { n: u.size, scale: 0 });
  u.dispose();
  return bits;
}

/** QPSK symbols [..., N_s] c64 of bits [..., N_s·2] (Gray map of gray-qam.ts, E[x xᴴ] = I/N_s, eq. (3)). */
export function qpskSymbols(bits: Real): Complex {
  const last = bits.shape[bits.rank - 1];
  if (bits.dtype !== 'f32' || last % JHPF_BITS_PER_SYMBOL !== 0) {
    throw new RangeError(`qpskSymbols: expected bits [..., N_s·2] f32; got [${bits.shape.join(', ')}] ${bits.dtype}`);
  }
  const ns = last / JHPF_BITS_PER_SYMBOL;
  const x = Tensor.empty([...bits.shape.slice(0, -1), ns], 'c64', 'jhpfQpsk');
  dispatchEntry(KERNEL, 'qpsk', bits.size, { sent: bits, symbols: x }, { n: bits.size, scale: 1 / Math.sqrt(2 * ns) });
  return x;
}

/** The number of hard-decision bit errors (eq. (19)): a [] f32 tensor, exact up to 2²⁴ bits. */
export function bitErrors(logits: Real, bits: Real): Real {
  if (logits.size !== bits.size) {
    throw new RangeError(`bitErrors: expected logits and bits of one size; got [${logits.shape.join(', ')}] and [${bits.shape.join(', ')}]`);
  }
  const errors = Tensor.empty([logits.size], 'f32', 'jhpfBitErrors');
  dispatchEntry(KERNEL, 'mismatch', logits.size, { logits, sent: bits, errors }, { n: logits.size, scale: 0 });
  return sum(errors);
}

/** √P per sample [B, 1] f32 for an SNR range, or the scalar √P of a fixed SNR (jhpfSnr). */
export function drawAmplitude(gen: Generator, batch: number, snrDb: SnrSpec): Real | number {
  if (typeof snrDb === 'number') return Math.sqrt(jhpfSnr(snrDb).transmitPower);
  const [lo, hi] = snrDb;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi))
    throw new RangeError(`drawAmplitude: expected an SNR range [lo, hi] with lo ≤ hi; got [${lo}, ${hi}]`);
  // √P = 10^{SNR/20} = e^{SNR·ln10/20}
  return exp(scale(gen.uniform([batch, 1], { low: lo, high: hi }), Math.LN10 / 20));
}

/** One batch of transmissions: the bits X_b, the symbols scaled by √P, and the receiver noise. */
export interface Transmission {
  /** X_b [B, N_s·2] f32 */
  bits: Real;
  /** √P·x [B, N_s] c64 */
  xScaled: Complex;
  /** n [B, N_r] c64, CN(0, σ² = 1) */
  noise: Complex;
}

/** Draws bits, symbols and noise for `batch` samples at `snrDb` (eqs. (3)–(4)). */
export function drawTransmission(gen: Generator, batch: number, dims: JhpfDims, snrDb: SnrSpec): Transmission {
  const bits = drawBits(gen, [batch, dims.Ns * JHPF_BITS_PER_SYMBOL]);
  const x = qpskSymbols(bits);
  const amplitude = drawAmplitude(gen, batch, snrDb);
  const xScaled = typeof amplitude === 'number' ? scale(x, amplitude) : mul(x, amplitude);
  const noise = gen.complexNormal([batch, dims.Nr], { variance: jhpfSnr(0).noiseVariance });
  return { bits, xScaled, noise };
}

/** The hybrid matrices of one batch and the channel they transmit over (all [B, …] c64). */
export interface LinkMatrices {
  H: Complex;
  F_RF: Complex;
  F_BB: Complex;
  W_RF: Complex;
  W_BB: Complex;
}

/** r [B, N_s] of eq. (5) through the chosen custom layer. */
export function simulateSignalFlow(layers: CustomLayers, m: LinkMatrices, t: Transmission): Complex {
  return layers.signalFlow({ ...m, x: t.xScaled, n: t.noise }, 1);
}

/** [Re r, Im r] [B, 2N_s]: the NN demodulator's input ("real and imaginary stacking", §III-C). */
export function stackReIm(z: Complex): Real {
  const B = z.shape[0];
  const flat = z.reshape([B, z.size / B]);
  return concat([re(flat), im(flat)], 1);
}
