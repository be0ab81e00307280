/**
 * Online inference (paper 001 Algorithm 1, §III-D) of a trained probe codebook and predictor:
 *   1. the BS probes the channel with the learned W after B-bit phase quantization (ψ_q = Δ·round(ψ/Δ), Δ = 2π/2^B,
 *      every element of every beam; `bits = null` deploys the unquantized phases);
 *   2. the UE reports the RSRPs g(|z|²) of eq. (6e), quantized to 1 dB, and the predictor f ranks the N DFT beams;
 *   3. the BS re-probes the top-5 DFT beams and receives their RSRPs (also 1 dB; ties go to the higher-ranked beam);
 *   4. it transmits on the strongest, i*.
 * The probing is simulated on the host in float64 (z = a·hᴴw + ν, ν ~ CN(0, 1) from a seeded Rng, so every scheme of a
 * run sees the same noise); only the predictor runs on the device. Top-K accuracy (metric 1 of §IV-A) is read from
 * the predictor's ranking; Algorithm 1's accuracy is P(i* = optimal beam); the rates use the true gain of i*.
 */
import { noGrad, tensor, tidy } from '../../engine/index.js';
import { upaDftCodebook } from '../../wireless/codebook/dft.js';
import { topKHits } from '../../wireless/metrics/top-k-accuracy.js';
import { Rng } from '../../wireless/random/rng.js';
import type { BeamSet } from './data.js';
import type { ProbePredictor } from './model.js';
import type { ProbeGeometry } from './probes.js';
import { predictorInput, REPROBE_TOP_K, rsrpDbm } from './system.js';

/** ψ rounded to the B-bit grid Δ·k, Δ = 2π/2^B (a copy). */
export function quantizePhases(psi: ArrayLike<number>, bits: number): Float64Array {
  if (!(Number.isInteger(bits) && bits >= 1)) throw new RangeError(`quantizePhases: bits must be a positive integer; got ${bits}`);
  const step = (2 * Math.PI) / 2 ** bits;
  return Float64Array.from(psi, (p) => step * Math.round(p / step));
}

/** W [L, N] interleaved float64: w_lk = e^{jψ_lk}/√N. */
export function beamsFromPhases(psi: ArrayLike<number>, N: number): Float64Array {
  const out = new Float64Array(2 * psi.length);
  const s = 1 / Math.sqrt(N);
  for (let i = 0; i < psi.length; i++) {
    out[2 * i] = s * Math.cos(psi[i]);
    out[2 * i + 1] = s * Math.sin(psi[i]);
  }
  return out;
}

/** hᴴ w for row b of a set and column/beam vector w (interleaved, stride-1 over k from `offset`). */
function project(set: BeamSet, b: number, w: ArrayLike<number>, offset: number, stride: number): [number, number] {
  let re = 0;
  let im = 0;
  const base = 2 * b * set.N;
  for (let k = 0; k < set.N; k++) {
    const hr = set.h[base + 2 * k];
    const hi = set.h[base + 2 * k + 1];
    const wr = w[offset + 2 * k * stride];
    const wi = w[offset + 2 * k * stride + 1];
    re += hr * wr - hi * wi;
    im += hr * wi + hi * wr;
  }
  return [re, im];
}

export interface ProbeReports {
  /** [n, L] RSRP, dBm (quantized to 1 dB when asked) */
  rsrp: Float32Array;
  /** [n, L] the predictor's inputs (./system.ts predictorInput) */
  inputs: Float32Array;
}

/** Step 2's reports of probing every drop of `set` with W [L, N] (interleaved), noise from `rng`. */
export function probeReports(set: BeamSet, W: Float64Array, amplitude: number, noiseDbm: number, rng: Rng, quantizeRsrp: boolean): ProbeReports {
  const L = W.length / (2 * set.N);
  const rsrp = new Float32Array(set.count * L);
  const inputs = new Float32Array(set.count * L);
  for (let b = 0; b < set.count; b++) {
    for (let l = 0; l < L; l++) {
      const [yr, yi] = project(set, b, W, 2 * l * set.N, 1);
      const [nr, ni] = rng.complexNormal(1);
      const x = (amplitude * yr + nr) ** 2 + (amplitude * yi + ni) ** 2;
      const g = rsrpDbm(x, noiseDbm, quantizeRsrp);
      rsrp[b * L + l] = g;
      inputs[b * L + l] = predictorInput(g);
    }
  }
  return { rsrp, inputs };
}

/** Predictor logits [n, N] for inputs [n, L] (eval mode, no graph, chunks of `chunk` drops). */
export async function predictLogits(net: ProbePredictor, inputs: Float32Array, L: number, chunk = 4096): Promise<Float32Array> {
  const n = inputs.length / L;
  const out = new Float32Array(n * net.numBeams);
  const wasTraining = net.training;
  net.eval();
  try {
    for (let first = 0; first < n; first += chunk) {
      const m = Math.min(chunk, n - first);
      const logits = noGrad(() => tidy(() => net.predictor.forward(tensor(inputs.subarray(first * L, (first + m) * L), [m, L]))));
      out.set(await logits.read(), first * net.numBeams);
      logits.dispose();
    }
  } finally {
    net.train(wasTraining);
  }
  return out;
}

/** Indices of the k largest entries of row b (descending; ties to the lower index, as topKHits ranks). */
export function topIndices(scores: ArrayLike<number>, b: number, N: number, k: number): number[] {
  const key = (i: number) => (Number.isNaN(scores[b * N + i]) ? -Infinity : scores[b * N + i]);
  const top: number[] = [];
  for (let i = 0; i < N; i++) {
    // insertion into the running top k; a later index never displaces an equal score (stable, lower index first)
    const v = key(i);
    let p = top.length;
    while (p > 0 && key(top[p - 1]) < v) p--;
    if (p < k) {
      top.splice(p, 0, i);
      if (top.length > k) top.pop();
    }
  }
  return top;
}

export interface DeploymentResult {
  /** top-K accuracy of the predictor's ranking, K = 1, 3, 5 */
  topK: Record<1 | 3 | 5, number>;
  /** the predictor's scores [n, N] */
  logits: Float32Array;
  /** Algorithm 1 with the re-probe of the top 5 */
  algorithm1: { accuracy: number; measurements: number };
  /** [n] post-beamforming SNR a²·|a_iᴴh|² (linear) of the predictor's top-1 beam, of Algorithm 1's i* and of the optimal beam */
  snr: { top1: Float64Array; algorithm1: Float64Array; optimal: Float64Array };
  /** [n] Algorithm 1's i* */
  chosen: Int32Array;
}

export interface DeployOptions {
  /** B phase bits of the deployed probes; null: unquantized */
  bits: number | null;
  amplitude: number;
  noiseDbm: number;
  /** seeds the probing and re-probing noise */
  seed: number;
  geometry: ProbeGeometry;
  /** quantize the RSRP reports to 1 dB (default true: online inference) */
  quantizeRsrp?: boolean;
}

/** The predictor's ranking only (top-K accuracy, no re-probe): the per-epoch validation of Fig. 2. */
export async function rankBeams(net: ProbePredictor, set: BeamSet, o: DeployOptions): Promise<Pick<DeploymentResult, 'topK' | 'logits'>> {
  const psi = await net.probes.elementPhases();
  return rank(net, set, o.bits === null ? psi : quantizePhases(psi, o.bits), o);
}

async function rank(net: ProbePredictor, set: BeamSet, psi: Float64Array, o: DeployOptions): Promise<Pick<DeploymentResult, 'topK' | 'logits'>> {
  const { horizontal, vertical, probes: L } = o.geometry;
  const N = horizontal * vertical;
  if (set.N !== N || psi.length !== L * N)
    throw new RangeError(`deploy: expected ψ [${L}, ${N}] for drops of N = ${N}; got ψ of ${psi.length} and N = ${set.N}`);
  const rng = new Rng(o.seed).fork('probe-noise');
  const reports = probeReports(set, beamsFromPhases(psi, N), o.amplitude, o.noiseDbm, rng, o.quantizeRsrp ?? true);
  const logits = await predictLogits(net, reports.inputs, L);
  const topK = {
    1: mean(topKHits(logits, set.bestBeam, N, 1)),
    3: mean(topKHits(logits, set.bestBeam, N, 3)),
    5: mean(topKHits(logits, set.bestBeam, N, 5)),
  };
  return { topK, logits };
}

/** Algorithm 1 on every drop of `set` with the net's current probes. */
export async function deploy(net: ProbePredictor, set: BeamSet, o: DeployOptions): Promise<DeploymentResult> {
  const psi = await net.probes.elementPhases();
  return deployPhases(net, set, o.bits === null ? psi : quantizePhases(psi, o.bits), o);
}

/** Algorithm 1 with given element phases ψ [L, N] (already quantized as deployed). */
export async function deployPhases(net: ProbePredictor, set: BeamSet, psi: Float64Array, o: DeployOptions): Promise<DeploymentResult> {
  const { topK, logits } = await rank(net, set, psi, o);
  const { horizontal, vertical, probes: L } = o.geometry;
  const r = reprobe(set, logits, o.amplitude, o.noiseDbm, new Rng(o.seed).fork('reprobe-noise'), o.quantizeRsrp ?? true, horizontal, vertical);
  return { topK, logits, ...r, algorithm1: { ...r.algorithm1, measurements: L + REPROBE_TOP_K } };
}

/** Steps 3–4 of Algorithm 1 for every drop, from the predictor's scores [n, N]; `rng` null: noiseless re-probes. */
export function reprobe(
  set: BeamSet,
  scores: ArrayLike<number>,
  amplitude: number,
  noiseDbm: number,
  rng: Rng | null,
  quantizeRsrp: boolean,
  horizontal: number,
  vertical: number,
): Pick<DeploymentResult, 'snr' | 'chosen'> & { algorithm1: { accuracy: number } } {
  const N = set.N;
  const A = dftBeams(horizontal, vertical); // [N, N] interleaved, column i = beam i
  const a2 = amplitude * amplitude;
  const chosen = new Int32Array(set.count);
  const snr = { top1: new Float64Array(set.count), algorithm1: new Float64Array(set.count), optimal: new Float64Array(set.count) };
  let hits = 0;
  for (let b = 0; b < set.count; b++) {
    const top = topIndices(scores, b, N, REPROBE_TOP_K);
    let best = top[0];
    let bestRsrp = -Infinity;
    for (const i of top) {
      const [yr, yi] = project(set, b, A, 2 * i, N);
      const [nr, ni] = rng ? rng.complexNormal(1) : [0, 0];
      const g = rsrpDbm((amplitude * yr + nr) ** 2 + (amplitude * yi + ni) ** 2, noiseDbm, quantizeRsrp);
      if (g > bestRsrp) {
        bestRsrp = g;
        best = i;
      }
    }
    chosen[b] = best;
    hits += Number(best === set.bestBeam[b]);
    snr.top1[b] = a2 * set.beamPower[b * N + top[0]];
    snr.algorithm1[b] = a2 * set.beamPower[b * N + best];
    snr.optimal[b] = a2 * set.beamPower[b * N + set.bestBeam[b]];
  }
  return { chosen, snr, algorithm1: { accuracy: hits / set.count } };
}

const codebooks = new Map<string, Float64Array>();

/** The DFT codebook's data [N, N] (cached per array size). */
function dftBeams(horizontal: number, vertical: number): Float64Array {
  const key = `${horizontal}x${vertical}`;
  let A = codebooks.get(key);
  if (!A) {
    A = upaDftCodebook(horizontal, vertical).beams.data;
    codebooks.set(key, A);
  }
  return A;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}
