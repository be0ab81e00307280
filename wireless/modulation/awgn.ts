import type { Rng } from '../random/rng.js';

/**
 * Complex AWGN and the SNR conventions of the four papers.
 *
 * All noise here is circularly symmetric: n ~ CN(0, N_0), re and im each N(0, N_0/2).
 * Ratios: `db` values are 10·log10 of power ratios.
 */

/** Adds CN(0, noiseVariance) noise to interleaved (re, im) samples; returns a new array of the same type. */
export function addAwgn<T extends Float32Array | Float64Array>(samples: T, noiseVariance: number, rng: Rng): T {
  if (!(noiseVariance >= 0)) throw new RangeError(`addAwgn: noise variance must be ≥ 0; got ${noiseVariance}`);
  if (samples.length % 2 !== 0) throw new RangeError(`addAwgn: samples must be interleaved (re, im) pairs; got odd length ${samples.length}`);
  const out = samples.slice() as T;
  const s = Math.sqrt(noiseVariance / 2);
  for (let i = 0; i < out.length; i++) out[i] += s * rng.normal();
  return out;
}

export function dbToLinear(db: number): number {
  return 10 ** (db / 10);
}

export function linearToDb(x: number): number {
  return 10 * Math.log10(x);
}

/** Per-symbol noise variance N_0 for unit-energy symbols at a given E_s/N_0 (dB). */
export function noiseVarianceFromEsN0(esN0Db: number, symbolEnergy = 1): number {
  return symbolEnergy / dbToLinear(esN0Db);
}

/** E_s/N_0 (dB) = E_b/N_0 (dB) + 10·log10(bits per symbol). */
export function ebN0ToEsN0Db(ebN0Db: number, bitsPerSymbol: number): number {
  return ebN0Db + linearToDb(bitsPerSymbol);
}

/**
 * DL-JHPF (paper 000, eqs. (3)–(4)): y = √P H F_RF F_BB x + n, n ~ CN(0, I) (σ² = 1), E[x x^H] = I/N_s and
 * ‖F_RF F_BB‖_F² = N_s, so P is the total transmit power and SNR = P/σ² = P. The BER curves sweep this SNR.
 * @returns the transmit power P and the noise variance σ² (= 1)
 */
export function jhpfSnr(snrDb: number): { transmitPower: number; noiseVariance: number } {
  return { transmitPower: dbToLinear(snrDb), noiseVariance: 1 };
}

/**
 * UPGANet (paper 002): σ_n² = 1 and P_BS = 10^{SNR/10}, with ‖F W‖_F² = P_BS (5c).
 * @returns the BS power budget P_BS and the per-user noise variance σ_n² (= 1)
 */
export function upganetSnr(snrDb: number): { transmitPower: number; noiseVariance: number } {
  return { transmitPower: dbToLinear(snrDb), noiseVariance: 1 };
}

/**
 * HyperRNN (paper 003 eqs. (1)–(2)): pilots with unit-norm columns (‖X_l‖² = P = 1), noise
 * CN(0, N_0) with N_0 = 1/SNR (Table I: SNR = 10 dB → N_0 = 0.1).
 * @returns the per-sample noise variance N_0
 */
export function hyperrnnNoiseVariance(snrDb: number): number {
  return 1 / dbToLinear(snrDb);
}

/**
 * Probe-beam paper (paper 001, Table I): thermal noise −174 dBm/Hz over B = 100 MHz, i.e. σ² = −94 dBm, plus an
 * optional receiver noise figure (the paper states none, so the default is 0 dB).
 * @returns noise power in dBm
 */
export function thermalNoisePowerDbm(bandwidthHz = 100e6, noiseFigureDb = 0, psdDbmPerHz = -174): number {
  return psdDbmPerHz + linearToDb(bandwidthHz) + noiseFigureDb;
}

/**
 * The RSRP map g of paper 001 eq. (6e): g(x) = max(min(10·log10 x, −40), −140) with x the received power in mW,
 * i.e. the RSRP clipped to [−140, −40] dBm. A received power of 0 maps to −140 dBm.
 */
export function rsrpDbm(receivedPowerMw: number): number {
  const db = receivedPowerMw > 0 ? linearToDb(receivedPowerMw) : -Infinity;
  return Math.max(Math.min(db, -40), -140);
}
