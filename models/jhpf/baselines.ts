/**
 * The paper's baselines (paper 000 §IV, baselines 1–7) on the same channels as DL-JHPF, and their BER by the
 * run-until-N-errors evaluator (wireless/metrics/evaluate-ber.ts).
 *
 * Classical, from wireless/baselines: fully digital (SVD, paper-details §2), JDB-AltMin (SVD then PE-AltMin on each
 * side), DCJDB (DFT-codebook beam pairs, then the joint digital SVD on the effective channel), BeS (beam sweeping,
 * analog only) and HBD (hbd.ts: ref. [6]'s multi-user hybrid block diagonalization reduced to one user with N_s
 * streams — analog combiner from the phases of H's dominant left singular vectors, analog precoder the phase-only
 * matched filter to W_RFᴴ H, digital SVD on the effective channel). Learned, reconstructions of refs. [33] and [34]
 * (baselines-learned.ts, which says what each reference does differently): HBDL (an MLP trained on the HBD analog
 * phases with a phase-invariant loss, then the digital SVD) and DLDHP (an MLP from M noisy pilot measurements through
 * fixed random beams to DFT beam pairs, trained on DCJDB's pairs, then the digital SVD). The learned ones design from
 * trained networks: they must be trained first (trainLearnedBaselines) and handed over in
 * the `learned` option of designBaseline / baselineLinks; designing them without throws.
 *
 * Each baseline designs F = F_RF F_BB [N_t, N_s] and W = W_RF W_BB [N_r, N_s] from the `seen` channel (true or
 * estimated) and transmits over `truth` (eqs. (3)–(5)):
 *   r = √(P/N_s) Wᴴ H F x + Wᴴ n,   x = N_s unit-energy Gray QPSK symbols (√(1/N_s)·x has eq. (3)'s E = I/N_s), n ~ CN(0, I)
 * Detector (the paper is silent): equalization with the receiver's own view of the effective channel G = Wᴴ Ĥ F, by
 * default per-stream single-tap ê_i = r_i / G_ii (residual inter-stream interference is left in, as DL-JHPF's NN
 * demodulator also sees r alone; the paper reports the baselines above 1e−3 at 10 dB) or zero-forcing ê = G⁻¹ r, then the hard
 * Gray-QPSK decision (b_0 = [Re ê < 0], b_1 = [Im ê < 0]).
 * Simulation per link (channel, subcarrier) uses the exact Ns-dimensional equivalent
 *   ê = √(P/N_s) A x + L z,   A = E Wᴴ H F,  L = E chol(Wᴴ W),  z ~ CN(0, I_Ns)
 * (Wᴴ n and L z have the same distribution), so each symbol vector costs O(N_s²) instead of O(N_r N_t).
 *
 * OFDM (eq. (36)): analog processing is shared by the K subcarriers, digital per subcarrier. JDB-AltMin uses
 * jdbAltMinOfdm (PE-AltMin over Σ_k); DCJDB and BeS pick the beam pairs on the wideband beamspace power
 * Σ_k |C_rᴴ H[k] C_t|² (the same greedy rule as wireless/baselines/beam-pairs.ts); HBD uses hbdOfdm (the wideband
 * covariances); HBDL and DLDHP design the analog stage from subcarrier ⌊K/2⌋; fully digital is per subcarrier.
 */
import { beamSweeping, dcjdb, digitalForAnalog, fullyDigital, hbdOfdm, jdbAltMinOfdm, type CodebookBaselineOptions } from '../../wireless/baselines/index.js';
import { channelAt, channelRng, type AnyChannelBatch } from '../../wireless/channel/types.js';
import { ulaDftCodebook } from '../../wireless/codebook/index.js';
import { cholesky } from '../../wireless/linalg/cholesky.js';
import { cmatrix, type CMatrix } from '../../wireless/linalg/cmatrix.js';
import { inverse } from '../../wireless/linalg/lu.js';
import { matmul } from '../../wireless/linalg/matmul.js';
import { frobeniusNorm } from '../../wireless/linalg/reductions.js';
import { columns } from '../../wireless/linalg/slicing.js';
import { evaluateBer, type BerResult } from '../../wireless/metrics/evaluate-ber.js';
import { jhpfSnr } from '../../wireless/modulation/awgn.js';
import { Rng } from '../../wireless/random/rng.js';

export const BASELINES = ['fully-digital', 'jdb-altmin', 'dcjdb', 'bes', 'hbd', 'hbdl', 'dldhp'] as const;
export type BaselineName = (typeof BASELINES)[number];

/** The baselines that design from the channel alone (no trained network). */
export const CLASSICAL_BASELINES = ['fully-digital', 'jdb-altmin', 'dcjdb', 'bes', 'hbd'] as const satisfies readonly BaselineName[];

/** The baselines that design from a trained network (baselines-learned.ts). */
export const LEARNED_BASELINES = ['hbdl', 'dldhp'] as const satisfies readonly BaselineName[];
export type LearnedBaselineName = (typeof LEARNED_BASELINES)[number];

export const isLearnedBaseline = (b: string): b is LearnedBaselineName => (LEARNED_BASELINES as readonly string[]).includes(b);

/**
 * A trained learned baseline's analog stage for one channel H [N_r, N_t]: F_RF [N_t, N_RF], W_RF [N_r, N_RF]; `rng`
 * draws what the design itself draws (DLDHP's pilot noise). The digital stage is digitalForAnalog, as for DCJDB.
 */
export interface LearnedAnalog {
  readonly dims: BaselineDims;
  analog(H: CMatrix, rng: Rng): { F_RF: CMatrix; W_RF: CMatrix };
}

export type LearnedBaselines = Partial<Record<LearnedBaselineName, LearnedAnalog>>;

/** The baselines' detector before the hard QPSK decision (module doc): E = diag(1/G_ii) or E = G⁻¹, G = Wᴴ Ĥ F. */
export const EQUALIZERS = ['single-tap', 'zf'] as const;
export type Equalizer = (typeof EQUALIZERS)[number];

/** Display names as in the paper's legends. */
export const BASELINE_LABELS: Readonly<Record<BaselineName, string>> = {
  'fully-digital': 'Fully digital',
  'jdb-altmin': 'JDB-AltMin',
  dcjdb: 'DCJDB',
  bes: 'BeS',
  hbd: 'HBD',
  hbdl: 'HBDL',
  dldhp: 'DLDHP',
};

/** The array sizes the baselines need (structurally a subset of JhpfDims). */
export interface BaselineDims {
  Nt: number;
  NtRF: number;
  Nr: number;
  NrRF: number;
  Ns: number;
}

/** Precoder and combiner products per subcarrier ([K] lists; K = 1 narrowband). */
export interface LinearTransceiver {
  /** [K] of F[k] = F_RF F_BB[k], [N_t, N_s] */
  F: CMatrix[];
  /** [K] of W[k] = W_RF W_BB[k], [N_r, N_s] */
  W: CMatrix[];
}

/**
 * Every link's Ns-dimensional equivalent (module doc), ready for BER at any SNR.
 * A and L are [links, N_s, N_s] c128 interleaved row-major; links = channels·K, channel-major.
 */
export interface BaselineLinks {
  name: BaselineName;
  ns: number;
  links: number;
  A: Float64Array;
  L: Float64Array;
  /** wall time of producing the hybrid matrices (design only), per channel (all K subcarriers) [ms] */
  designMsPerChannel: number;
}

/**
 * Hybrid design of one baseline for one channel; `H` is the [K] list of H[k] [N_r, N_t] the transceiver sees. The
 * learned baselines use the trained networks in `learned` (none by default: they throw).
 */
export function designBaseline(name: BaselineName, H: readonly CMatrix[], dims: BaselineDims, rng: Rng, learned: LearnedBaselines = {}): LinearTransceiver {
  const { Ns, NtRF, NrRF } = dims;
  if (name === 'fully-digital') {
    const d = H.map((Hk) => fullyDigital(Hk, Ns));
    return { F: d.map((x) => x.F), W: d.map((x) => x.W) };
  }
  if (NtRF !== NrRF) {
    throw new RangeError(`designBaseline: ${name} pairs one transmit with one receive beam per RF chain; expected N_RF^T = N_RF^R, got ${NtRF} and ${NrRF}`);
  }
  if (name === 'jdb-altmin') {
    const t = jdbAltMinOfdm(H, { nRF: NtRF, ns: Ns, rng });
    return { F: t.F_BB.map((B) => matmul(t.F_RF, B)), W: t.W_BB.map((B) => matmul(t.W_RF, B)) };
  }
  if (name === 'hbd') {
    const t = hbdOfdm(H, { nRF: NtRF, ns: Ns });
    return { F: t.F_BB.map((B) => matmul(t.F_RF, B)), W: t.W_BB.map((B) => matmul(t.W_RF, B)) };
  }
  if (isLearnedBaseline(name)) {
    const net = learned[name];
    if (!net) {
      throw new RangeError(
        `designBaseline: ${name} designs from a trained network and none was given; train it (baselines-learned.ts trainLearnedBaselines) and pass it as the learned option (designBaseline, baselineLinks, the CurveBook's sources)`,
      );
    }
    const d = net.dims;
    if (d.Nt !== dims.Nt || d.Nr !== dims.Nr || d.NtRF !== NtRF || d.NrRF !== NrRF) {
      throw new RangeError(
        `designBaseline: the trained ${name} is for N_t = ${d.Nt}, N_r = ${d.Nr}, N_RF = ${d.NtRF}/${d.NrRF}; got ${dims.Nt}, ${dims.Nr}, ${NtRF}/${NrRF}`,
      );
    }
    // analog from subcarrier ⌊K/2⌋ (the networks are trained on narrowband channels), digital per subcarrier
    const { F_RF, W_RF } = net.analog(H[H.length >> 1], rng);
    const stages = H.map((Hk) => digitalForAnalog(Hk, F_RF, W_RF, Ns));
    return { F: stages.map((s) => matmul(F_RF, s.F_BB)), W: stages.map((s) => matmul(W_RF, s.W_BB)) };
  }
  const books = codebooks(dims);
  if (H.length === 1) {
    const t = (name === 'dcjdb' ? dcjdb : beamSweeping)(H[0], books);
    return { F: [matmul(t.F_RF, t.F_BB)], W: [matmul(t.W_RF, t.W_BB)] };
  }
  const pairs = widebandBeamPairs(H, books.txCodebook, books.rxCodebook, NtRF);
  const F_RF = columns(books.txCodebook, pairs.tx);
  const W_RF = columns(books.rxCodebook, pairs.rx);
  if (name === 'dcjdb') {
    const stages = H.map((Hk) => digitalForAnalog(Hk, F_RF, W_RF, Ns));
    return { F: stages.map((s) => matmul(F_RF, s.F_BB)), W: stages.map((s) => matmul(W_RF, s.W_BB)) };
  }
  // BeS: stream s on pair s (beam-sweeping.ts), ‖F‖_F² = N_s.
  const F = columns(F_RF, [...Array(Ns).keys()]);
  const c = Math.sqrt(Ns) / frobeniusNorm(F);
  for (let i = 0; i < F.data.length; i++) F.data[i] *= c;
  const W = columns(W_RF, [...Array(Ns).keys()]);
  return { F: H.map(() => F), W: H.map(() => W) };
}

const codebookCache = new Map<string, CodebookBaselineOptions>();

/** DFT codebooks with N_t and N_r beams (no oversampling), paper 000 eq. (2) steering convention. */
function codebooks(dims: BaselineDims): CodebookBaselineOptions {
  const key = `${dims.Nt}:${dims.Nr}:${dims.NtRF}:${dims.Ns}`;
  let hit = codebookCache.get(key);
  if (!hit) {
    hit = { txCodebook: ulaDftCodebook(dims.Nt).beams, rxCodebook: ulaDftCodebook(dims.Nr).beams, nRF: dims.NtRF, ns: dims.Ns };
    codebookCache.set(key, hit);
  }
  return hit;
}

/**
 * Greedy successive beam pairs on the wideband beamspace power P = Σ_k |C_rᴴ H[k] C_t|² [B_r, B_t]: chain m takes the
 * strongest pair whose beams are both unused (ties to the lowest row-major index), as greedyBeamPairs does for one H.
 */
export function widebandBeamPairs(H: readonly CMatrix[], tx: CMatrix, rx: CMatrix, nPairs: number): { tx: number[]; rx: number[] } {
  const bt = tx.cols;
  const br = rx.cols;
  const power = new Float64Array(br * bt);
  for (const Hk of H) {
    const G = matmul(rx, matmul(Hk, tx), 'H', 'N');
    for (let i = 0; i < br * bt; i++) power[i] += G.data[2 * i] ** 2 + G.data[2 * i + 1] ** 2;
  }
  const usedTx = new Uint8Array(bt);
  const usedRx = new Uint8Array(br);
  const out = { tx: [] as number[], rx: [] as number[] };
  for (let m = 0; m < nPairs; m++) {
    let best = -1;
    let bi = 0;
    let bj = 0;
    for (let i = 0; i < br; i++) {
      if (usedRx[i]) continue;
      for (let j = 0; j < bt; j++) {
        if (!usedTx[j] && power[i * bt + j] > best) {
          best = power[i * bt + j];
          bi = i;
          bj = j;
        }
      }
    }
    usedRx[bi] = 1;
    usedTx[bj] = 1;
    out.rx.push(bi);
    out.tx.push(bj);
  }
  return out;
}

/** [N_r, N_t] channel count and K of a batch. */
function batchDims(H: AnyChannelBatch): { count: number; K: number; nr: number; nt: number } {
  const s = H.shape;
  return { count: s[0], K: s.length === 4 ? s[1] : 1, nr: s[s.length - 2], nt: s[s.length - 1] };
}

/**
 * Designs `name` from `seen` for every channel and builds the link equivalents over `truth` (module doc).
 * PE-AltMin's random initial phases and DLDHP's pilot noise of channel b come from channelRng(seed, b). The learned
 * baselines use the trained networks in `o.learned`.
 */
export function baselineLinks(
  name: BaselineName,
  truth: AnyChannelBatch,
  seen: AnyChannelBatch,
  dims: BaselineDims,
  o: { seed: number; equalizer?: Equalizer; learned?: LearnedBaselines },
): BaselineLinks {
  const equalizer = o.equalizer ?? 'single-tap';
  const t = batchDims(truth);
  const s = batchDims(seen);
  if (t.count !== s.count || t.K !== s.K || t.nr !== s.nr || t.nt !== s.nt || t.nr !== dims.Nr || t.nt !== dims.Nt) {
    throw new RangeError(
      `baselineLinks: truth and seen must be the same [B, (K,) N_r, N_t] with N_r = ${dims.Nr}, N_t = ${dims.Nt}; got [${truth.shape.join(', ')}] and [${seen.shape.join(', ')}]`,
    );
  }
  const ns = dims.Ns;
  const links = t.count * t.K;
  const A = new Float64Array(2 * links * ns * ns);
  const L = new Float64Array(2 * links * ns * ns);
  let designMs = 0;
  for (let b = 0; b < t.count; b++) {
    const Hseen = [...Array(t.K).keys()].map((k) => channelAt(seen, b, k));
    const t0 = performance.now();
    const x = designBaseline(name, Hseen, dims, channelRng(o.seed, b), o.learned);
    designMs += performance.now() - t0;
    for (let k = 0; k < t.K; k++) {
      const F = x.F[k];
      const W = x.W[k];
      const Gseen = matmul(W, matmul(Hseen[k], F), 'H', 'N');
      const Gtrue = matmul(W, matmul(channelAt(truth, b, k), F), 'H', 'N');
      const E = equalizer === 'zf' ? inverse(Gseen) : singleTap(Gseen);
      const offset = 2 * (b * t.K + k) * ns * ns;
      A.set(matmul(E, Gtrue).data, offset);
      L.set(matmul(E, cholesky(matmul(W, W, 'H', 'N'))).data, offset);
    }
  }
  return { name, ns, links, A, L, designMsPerChannel: designMs / t.count };
}

/** diag(1/G_ii) [N_s, N_s]: the per-stream single-tap equalizer. */
function singleTap(G: CMatrix): CMatrix {
  const n = G.rows;
  const E = cmatrix(n, n);
  for (let i = 0; i < n; i++) {
    const gr = G.data[2 * (i * n + i)];
    const gi = G.data[2 * (i * n + i) + 1];
    const g2 = gr * gr + gi * gi;
    E.data[2 * (i * n + i)] = gr / g2;
    E.data[2 * (i * n + i) + 1] = -gi / g2;
  }
  return E;
}

export interface LinkBerOptions {
  /** stop after this many bit errors … */
  targetErrors: number;
  /** … or this many bits */
  maxBits: number;
  seed: number;
}

/**
 * BER of the links at SNR = P/σ² (jhpfSnr): each evaluator step sends one QPSK symbol vector over every link, so every
 * channel and subcarrier weighs the same whatever the stopping point.
 */
export function linkBer(links: BaselineLinks, snrDb: number, o: LinkBerOptions): Promise<BerResult> {
  const { ns, A, L } = links;
  const amp = Math.sqrt(jhpfSnr(snrDb).transmitPower / ns);
  const rng = new Rng(o.seed);
  const xr = new Float64Array(ns);
  const xi = new Float64Array(ns);
  const zr = new Float64Array(ns);
  const zi = new Float64Array(ns);
  const s = Math.SQRT1_2;
  const bitsPerStep = links.links * ns * 2;
  const step = (): { errors: number; bits: number } => {
    let errors = 0;
    let word = 0;
    let left = 0;
    for (let l = 0; l < links.links; l++) {
      for (let j = 0; j < ns; j++) {
        if (left < 2) {
          word = rng.nextUint32();
          left = 32;
        }
        // Gray QPSK: b_0 → sign of Re, b_1 → sign of Im; the two bits are kept as ±s
        xr[j] = word & 1 ? -s : s;
        xi[j] = word & 2 ? -s : s;
        word >>>= 2;
        left -= 2;
        zr[j] = s * rng.normal();
        zi[j] = s * rng.normal();
      }
      const base = 2 * l * ns * ns;
      for (let i = 0; i < ns; i++) {
        let er = 0;
        let ei = 0;
        for (let j = 0; j < ns; j++) {
          const p = base + 2 * (i * ns + j);
          er += amp * (A[p] * xr[j] - A[p + 1] * xi[j]) + L[p] * zr[j] - L[p + 1] * zi[j];
          ei += amp * (A[p] * xi[j] + A[p + 1] * xr[j]) + L[p] * zi[j] + L[p + 1] * zr[j];
        }
        if (er < 0 !== xr[i] < 0) errors++;
        if (ei < 0 !== xi[i] < 0) errors++;
      }
    }
    return { errors, bits: bitsPerStep };
  };
  return evaluateBer(step, { minErrors: o.targetErrors, maxBits: o.maxBits });
}

/** Designs and evaluates in one call: the BER of `name` at each SNR of `snrDb` over the same links. */
export async function baselineBerCurve(
  name: BaselineName,
  truth: AnyChannelBatch,
  seen: AnyChannelBatch,
  dims: BaselineDims,
  snrDb: readonly number[],
  o: LinkBerOptions & { equalizer?: Equalizer; learned?: LearnedBaselines },
): Promise<{ ber: BerResult[]; designMsPerChannel: number }> {
  const links = baselineLinks(name, truth, seen, dims, o);
  const ber: BerResult[] = [];
  for (const [i, snr] of snrDb.entries()) ber.push(await linkBer(links, snr, { ...o, seed: o.seed + 7919 * (i + 1) }));
  return { ber, designMsPerChannel: links.designMsPerChannel };
}
