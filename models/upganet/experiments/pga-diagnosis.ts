/**
 * Why does the faithful conventional PGA (paper 002, updates (6)–(9), J = 1, μ = λ = 0.01, the authors' simplified
 * ∇_W R) lower R − ωτ from the proposed init (17) at 12 dB? One factor of the iteration changed at a time, each run
 * on the same channels from the same init, in float64 on the CPU with cmatrix (independent of the engine's kernels,
 * so the 'faithful' row is also a cross-check of models/upganet/pga.ts).
 *
 * Every row is scored the same way, whatever it changed: R − ωτ of the faithful problem (σ_n² = 1, P_BS = 10^{SNR/10},
 * Ψ = P_BS·Ψ₁, ω = 0.3) at (e^{j∠F}, W rescaled to ‖F W‖_F² = P_BS), as the authors' get_sum_rate / get_beam_error
 * score their iterates (they project before measuring).
 *
 * Usage (one core, ≈ 10–30 s):
 *   npx tsx models/upganet/experiments/pga-diagnosis.ts [--channels 100] [--iterations 20] [--snr 12] [--seed 1]
 *       [--json out.json]
 * Channels: the test set of `phasor eval upganet --seed <seed>` (stream seed + 10⁶, models/upganet/data.ts).
 * Output: a markdown table (docs/results/upganet/pga-diagnosis/README.md) and optionally every trace as JSON.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MultiuserMisoChannel } from '../../../wireless/channel/multiuser-miso.js';
import { channelAt, channelRng } from '../../../wireless/channel/types.js';
import { benchmarkCovariance, jcasInitialization } from '../../../wireless/jcas/index.js';
import { cmatrix, type CMatrix } from '../../../wireless/linalg/cmatrix.js';
import { add, scale, sub, unitModulus } from '../../../wireless/linalg/elementwise.js';
import { matmul } from '../../../wireless/linalg/matmul.js';
import { frobeniusNorm, frobeniusNorm2 } from '../../../wireless/linalg/reductions.js';
import { UPGANET_PRESETS } from '../config.js';
import { TEST_SEED_OFFSET } from '../data.js';

const XI = 1 / Math.LN2;

/** One factor of the iteration; the faithful values are in FAITHFUL. */
interface Knobs {
  mu: number;
  lambda: number;
  /** multiplies every gradient: 1 = the paper's ∂f/∂X*, 2 = the engine's ∂f/∂Re X + j ∂f/∂Im X */
  gradFactor: number;
  /** sign of the W step (8) */
  wSign: 1 | -1;
  /** the step sizes' roles swapped: λ on the F step, μ on the W step */
  swapSteps: boolean;
  /** W ← √P W / ‖F^(i+1) W‖ before the W gradient (the faithful iteration takes it at (F^(i+1), W^(i))) */
  rescaleWBeforeWStep: boolean;
  /** the projection (9) rescales F (F ← √P F / ‖F W‖) instead of W; F is made unit modulus again by (7) */
  projectByF: boolean;
  /** Ψ = Ψ₁ in the iteration (not P_BS·Ψ₁) */
  psiUnscaled: boolean;
  /** μ, λ multiplied by this (e.g. 1/P_BS) */
  stepScale: number;
  /** η of (8) */
  eta: number;
  /** τ's gradient enters with this sign times −ω (1: ascent on R − ωτ) */
  tauSign: 1 | -1;
  /** the iteration in P = 1 units: ‖F W‖² = 1, σ_n² = 1/SNR, Ψ = Ψ₁ */
  unitPower: boolean;
  variant: 'simplified' | 'exact';
  /** J: F steps per outer iteration, each followed by the rescale ‖F̂ W‖_F² = P_BS of (14) (unfold.ts) */
  inner: number;
}

interface Row {
  key: string;
  factor: string;
  knobs: Partial<Knobs>;
  iterations?: number;
}

interface Problem {
  H: CMatrix; // [K, N], row k = h_kᴴ
  Psi: CMatrix;
  noise: number;
  power: number;
  omega: number;
}

const { values: a } = parseArgs({
  options: {
    channels: { type: 'string', default: '100' },
    iterations: { type: 'string', default: '20' },
    snr: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});
const c = UPGANET_PRESETS.paper;
const s = c.system;
const B = Number(a.channels);
const I = Number(a.iterations);
const snrDb = Number(a.snr);
const P = 10 ** (snrDb / 10);
const N = s.numAntennas;

const FAITHFUL: Knobs = {
  mu: c.pga.step,
  lambda: c.pga.step,
  gradFactor: 1,
  wSign: 1,
  swapSteps: false,
  rescaleWBeforeWStep: false,
  projectByF: false,
  psiUnscaled: false,
  stepScale: 1,
  eta: 1 / N,
  tauSign: 1,
  unitPower: false,
  variant: 'simplified',
  inner: 1,
};

const ROWS: Row[] = [
  { key: 'faithful', factor: 'faithful: (6)–(9), simplified ∇_W R, μ = λ = 0.01, η = 1/N, Ψ = P_BS·Ψ₁, σ² = 1', knobs: {} },
  { key: 'faithful-I120', factor: 'faithful, I = 120 (the re-run of the released code: R ≈ 17.4, MSE ≈ 7.4 dB)', knobs: {}, iterations: 120 },
  { key: 'grad-x2', factor: 'gradient convention: engine ∂/∂Re + j∂/∂Im (= 2·∂/∂X*), both steps', knobs: { gradFactor: 2 } },
  { key: 'grad-x0.5', factor: 'gradient convention: ½·∂/∂X*, both steps', knobs: { gradFactor: 0.5 } },
  { key: 'swap-steps', factor: 'λ on the F step, μ on the W step', knobs: { swapSteps: true } },
  { key: 'w-sign', factor: 'W step with the opposite sign (W − λ(…))', knobs: { wSign: -1 } },
  { key: 'w-frozen', factor: 'λ = 0 (W only rescaled): the F half alone', knobs: { lambda: 0 } },
  { key: 'rescale-w-first', factor: 'W rescaled to ‖F^(i+1) W‖² = P_BS before the W gradient', knobs: { rescaleWBeforeWStep: true } },
  { key: 'project-by-f', factor: '(9) rescales F instead of W', knobs: { projectByF: true } },
  { key: 'psi-unscaled', factor: 'Ψ = Ψ₁ in the iteration (no P_BS scaling)', knobs: { psiUnscaled: true } },
  { key: 'steps-over-P', factor: 'μ, λ divided by P_BS', knobs: { stepScale: 1 / P } },
  { key: 'steps-times-P', factor: 'μ, λ multiplied by P_BS', knobs: { stepScale: P } },
  { key: 'eta-1', factor: 'η = 1 (τ unweighted in the W step)', knobs: { eta: 1 } },
  { key: 'eta-K', factor: "η = K/N (the authors' ω/N·K read with K = users)", knobs: { eta: s.numUsers / N } },
  { key: 'eta-0', factor: 'η = 0 (no τ in the W step)', knobs: { eta: 0 } },
  { key: 'unit-power', factor: 'P = 1, σ² = 1/SNR, Ψ = Ψ₁ in the iteration (same R, τ/P_BS²)', knobs: { unitPower: true } },
  { key: 'tau-sign', factor: 'τ gradient with the opposite sign (ascent on R + ωτ)', knobs: { tauSign: -1 } },
  { key: 'exact-1e-4', factor: 'exact ∇_W R, λ = 1e−4 (our named variant)', knobs: { variant: 'exact', lambda: 1e-4 } },
  { key: 'J10', factor: 'J = 10 inner F steps (14), μ = λ = 0.01 fixed: PGA without unfolding', knobs: { inner: 10 } },
  { key: 'J20', factor: 'J = 20 inner F steps (14), μ = λ = 0.01 fixed: PGA without unfolding', knobs: { inner: 20 } },
  { key: 'J20-I120', factor: 'J = 20, μ = λ = 0.01 fixed, I = 120', knobs: { inner: 20 }, iterations: 120 },
  { key: 'exact-0.01', factor: 'exact ∇_W R, λ = 0.01', knobs: { variant: 'exact' } },
];

/** √power · W / ‖F W‖_F */
function powerNormalize(F: CMatrix, W: CMatrix, power: number): CMatrix {
  return scale(W, Math.sqrt(power) / frobeniusNorm(matmul(F, W)));
}

/** R (2) and τ (3) at X = F W. */
function rateTau(p: Problem, X: CMatrix): { R: number; tau: number } {
  const G = matmul(p.H, X);
  const K = G.rows;
  let R = 0;
  for (let k = 0; k < K; k++) {
    let signal = 0;
    let interf = p.noise;
    for (let j = 0; j < K; j++) {
      const i = 2 * (k * K + j);
      const v = G.data[i] ** 2 + G.data[i + 1] ** 2;
      if (j === k) signal = v;
      else interf += v;
    }
    R += Math.log2(1 + signal / interf);
  }
  const tau = frobeniusNorm2(sub(matmul(X, X, 'N', 'H'), p.Psi));
  return { R, tau };
}

/**
 * Z = ∂f/∂X* for f = R − sign·ω·w·τ at X (R's part exact or simplified), so that the F direction is Z Wᴴ and the W
 * direction Fᴴ Z (models/upganet/closed-form/composite.ts, in float64).
 */
function directionX(p: Problem, X: CMatrix, variant: 'simplified' | 'exact', tauWeight: number): CMatrix {
  const G = matmul(p.H, X);
  const K = G.rows;
  const D = cmatrix(K, K);
  for (let k = 0; k < K; k++) {
    let S = p.noise;
    let own = 0;
    for (let j = 0; j < K; j++) {
      const i = 2 * (k * K + j);
      const v = G.data[i] ** 2 + G.data[i + 1] ** 2;
      S += v;
      if (j === k) own = v;
    }
    const Ik = S - own;
    for (let j = 0; j < K; j++) {
      const i = 2 * (k * K + j);
      const coef = j === k ? 1 / S : variant === 'exact' ? 1 / S - 1 / Ik : 0;
      D.data[i] = G.data[i] * coef;
      D.data[i + 1] = G.data[i + 1] * coef;
    }
  }
  const ZR = scale(matmul(p.H, D, 'H'), XI);
  const EX = sub(matmul(X, matmul(X, X, 'H')), matmul(p.Psi, X));
  return sub(ZR, scale(EX, 2 * tauWeight));
}

/** Objective, R and τ per outer iteration (row 0 at the init), scored in the faithful problem. */
function runPga(
  faithful: Problem,
  iterProblem: Problem,
  F0: CMatrix,
  W0: CMatrix,
  k: Knobs,
  iterations: number,
): { obj: number[]; R: number[]; tau: number[] } {
  const score = (F: CMatrix, W: CMatrix) => {
    const Fp = unitModulus(F);
    const X = matmul(Fp, powerNormalize(Fp, W, faithful.power));
    const { R, tau } = rateTau(faithful, X);
    return { obj: R - faithful.omega * tau, R, tau };
  };
  const out = { obj: [] as number[], R: [] as number[], tau: [] as number[] };
  const push = (F: CMatrix, W: CMatrix) => {
    const v = score(F, W);
    out.obj.push(v.obj);
    out.R.push(v.R);
    out.tau.push(v.tau);
  };
  let F = F0;
  let W = k.unitPower ? scale(W0, 1 / Math.sqrt(faithful.power)) : W0;
  push(F, W);
  const muF = (k.swapSteps ? k.lambda : k.mu) * k.stepScale * k.gradFactor;
  const lamW = (k.swapSteps ? k.mu : k.lambda) * k.stepScale * k.gradFactor;
  const w = iterProblem.omega * k.tauSign;
  for (let i = 0; i < iterations; i++) {
    // (6)–(7) / (14): J F steps at (F̂, W), each rescaled to ‖F̂ W‖² = P (a no-op for J = 1), then unit modulus
    for (let j = 0; j < k.inner; j++) {
      const ZF = directionX(iterProblem, matmul(F, W), 'exact', w);
      F = add(F, scale(matmul(ZF, W, 'N', 'H'), muF));
      F = scale(F, Math.sqrt(iterProblem.power) / frobeniusNorm(matmul(F, W)));
    }
    F = unitModulus(F);
    if (k.rescaleWBeforeWStep) W = powerNormalize(F, W, iterProblem.power);
    // (8)–(9): W step at (F^(i+1), W)
    const ZW = directionX(iterProblem, matmul(F, W), k.variant, w * k.eta);
    const Wn = add(W, scale(matmul(F, ZW, 'H'), k.wSign * lamW));
    if (k.projectByF) {
      F = scale(F, Math.sqrt(iterProblem.power) / frobeniusNorm(matmul(F, Wn)));
      W = Wn;
    } else {
      W = powerNormalize(F, Wn, iterProblem.power);
    }
    push(F, W);
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : String(x));

function main(): void {
  const seed = Number(a.seed) + TEST_SEED_OFFSET;
  const Hb = new MultiuserMisoChannel({ numAntennas: N, numUsers: s.numUsers, numPaths: s.numPaths }).generate(B, seed);
  const { Psi1 } = benchmarkCovariance({ N, targetsDeg: s.targetsDeg, halfWidthDeg: s.halfWidthDeg, iterations: s.covarianceIterations });
  const chans = Array.from({ length: B }, (_, b) => {
    const H = channelAt(Hb, b);
    // init (17) exactly as models/upganet/init.ts (the random stream only matters for 'random')
    const { F, W } = jcasInitialization(H, s.numRf, P, channelRng(1, b), 'zf', s.targetsDeg);
    return { H, F, W };
  });
  const started = performance.now();
  const results: Record<string, { factor: string; iterations: number; obj: number[]; R: number[]; tau: number[]; first20?: number[] }> = {};
  for (const row of ROWS) {
    const k: Knobs = { ...FAITHFUL, ...row.knobs };
    const iters = row.iterations ?? I;
    const per = chans.map(({ H, F, W }) => {
      const faithful: Problem = { H, Psi: scale(Psi1, P), noise: 1, power: P, omega: s.omega };
      const iterProblem: Problem = k.unitPower
        ? { H, Psi: Psi1, noise: 1 / P, power: 1, omega: s.omega }
        : { ...faithful, Psi: k.psiUnscaled ? Psi1 : faithful.Psi };
      return runPga(faithful, iterProblem, F, W, k, iters);
    });
    const col = (f: (r: (typeof per)[number]) => number[], t: number, n = B) => mean(per.slice(0, n).map((r) => f(r)[t]));
    const steps = Array.from({ length: iters + 1 }, (_, t) => t);
    results[row.key] = {
      factor: row.factor,
      iterations: iters,
      obj: steps.map((t) => col((r) => r.obj, t)),
      R: steps.map((t) => col((r) => r.R, t)),
      tau: steps.map((t) => col((r) => r.tau, t)),
      first20: B > 20 ? steps.map((t) => col((r) => r.obj, t, 20)) : undefined,
    };
  }
  const seconds = (performance.now() - started) / 1000;
  const show = [0, 1, 2, 5, 10, 20];
  console.log(
    `SNR ${snrDb} dB (P_BS = ${P.toFixed(3)}), ${B} test channels of seed ${a.seed} (stream ${seed}), proposed init (17), ω = ${s.omega}, I = ${I}; ${seconds.toFixed(1)} s`,
  );
  console.log('');
  console.log(`| row | what changes (one factor) | R − ωτ at i = ${show.join(', ')} | end − start | non-decreasing | R at end | τ at end |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const [key, r] of Object.entries(results)) {
    const end = r.iterations;
    const pts = (r.iterations === I ? show : [...show, end]).filter((t) => t <= end).map((t) => f2(r.obj[t]));
    const mono = r.obj.every((v, t) => t === 0 || v >= r.obj[t - 1] - 1e-9);
    console.log(`| ${key} | ${r.factor} | ${pts.join(' → ')} | ${f2(r.obj[end] - r.obj[0])} | ${mono ? 'yes' : 'no'} | ${f2(r.R[end])} | ${f2(r.tau[end])} |`);
  }
  const f = results.faithful;
  if (f.first20) console.log(`\nfaithful on the first 20 channels (the report's Fig. 2 set): ${f2(f.first20[0])} → ${f2(f.first20[I])}`);
  if (a.json) writeFileSync(a.json, JSON.stringify({ snrDb, channels: B, seed: Number(a.seed), iterations: I, results }, null, 1));
}

main();
