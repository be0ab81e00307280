/**
 * Diagnostic for conventional PGA (paper 002, updates (6)–(9), as the authors' released code implements them): on a fixed seed, prints per outer
 * iteration the objective f = R − ωτ (mean over channels), R, τ, and how each half of the iteration changes f:
 *
 *   ΔF   f(F^(i+1), W^(i) rescaled to (5c)) − f(F^(i), W^(i)): the F step (6), projection (7)
 *   ΔW   f after (8)–(9) − f before: the W step
 *   fd/F the finite-difference derivative of f (as implemented, unit.ts `objective`) along ascentF, divided by
 *        2‖ascentF‖² (the engine's ∂f/∂Re X + j ∂f/∂Im X is twice the paper's ∂f/∂X*): 1 when ascentF is the paper's
 *        ∇_F f, −1 for a sign error, 0.5 or 2 for a lost/extra Wirtinger factor 2
 *   fd/W the same for the W direction ascentW (Eq. (8): ∇_W R − ω η ∇_W τ) against f; it is 1 only for the exact
 *        ∇_W R with η = 1, so it shows how far the simplified / η-weighted direction is from ∇_W f
 *   cosW cos∠(ascentW, the exact ∇_W f) per channel, mean
 *
 * Usage (one CPU core suffices):
 *   npx tsx models/upganet/experiments/diagnose-pga.ts [--snr 12] [--channels 10] [--iterations 20] [--init zf]
 *       [--mu 0.01] [--lambda 0.01] [--variant simplified|exact] [--seed 7]
 */
import { parseArgs } from 'node:util';
import {
  add,
  angle,
  div,
  frobeniusNorm,
  init,
  matmul,
  re,
  scale,
  shutdown,
  sub,
  sum,
  conj,
  mul,
  tidy,
  unitModulus,
  type Complex,
  type Real,
} from '../../../engine/index.js';
import { MultiuserMisoChannel } from '../../../wireless/channel/multiuser-miso.js';
import { solveBenchmarkCovariance } from '../../../wireless/jcas/benchmark-covariance.js';
import { ascentF, ascentW, radarMismatch, rateGradW, sumRate, tauGradW } from '../closed-form/index.js';
import { uploadChannels, uploadMatrices } from '../host.js';
import { initialPrecoders, type InitKind } from '../init.js';
import { precoderProblem, type PrecoderProblem } from '../problem.js';
import { objective } from '../unfold.js';

const { values: a } = parseArgs({
  options: {
    snr: { type: 'string', default: '12' },
    channels: { type: 'string', default: '10' },
    iterations: { type: 'string', default: '20' },
    init: { type: 'string', default: 'zf' },
    mu: { type: 'string', default: '0.01' },
    lambda: { type: 'string', default: '0.01' },
    variant: { type: 'string', default: 'simplified' },
    seed: { type: 'string', default: '7' },
  },
});
const snrDb = Number(a.snr);
const B = Number(a.channels);
const iterations = Number(a.iterations);
const mu = Number(a.mu);
const lambda = Number(a.lambda);
const variant = a.variant as 'simplified' | 'exact';
const N = 64;
const K = 4;
const NRF = 4;
const omega = 0.3;

const mean = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0) / x.length;
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

/** Per channel ‖D‖_F, [B, 1, 1]. */
const norm3 = (D: Complex) => frobeniusNorm(D).reshape([D.shape[0], 1, 1]);

/** √P X / ‖F X'‖ (the projection (9) applied to W for analog F). */
function powerNormalize(W: Complex, F: Complex, power: number): Complex {
  return div(W, scale(norm3(matmul(F, W)), 1 / Math.sqrt(power)));
}

/** Central finite difference of f along D/‖D‖ per channel, divided by 2‖D‖ (=1 when D is the paper's ∇ f). */
async function fdRatio(f: (X: Complex) => Real, X: Complex, D: Complex, h: number): Promise<number[]> {
  const [num, den] = tidy(() => {
    const u = div(D, norm3(D));
    const fp = f(add(X, scale(u, h)));
    const fm = f(sub(X, scale(u, h)));
    return [scale(sub(fp, fm), 1 / (2 * h)), scale(frobeniusNorm(D), 2)];
  });
  const n = await num.read();
  const d = await den.read();
  num.dispose();
  den.dispose();
  return Array.from(n, (v, b) => v / d[b]);
}

/** mean_b cos∠(A_b, B_b) (real inner product Re tr(Aᴴ B)). */
async function cosine(A: Complex, Bm: Complex): Promise<number> {
  const c = tidy(() => {
    const B0 = A.shape[0];
    const dot = sum(re(mul(conj(A), Bm)).reshape([B0, -1]), { axis: -1 });
    return div(dot, mul(frobeniusNorm(A), frobeniusNorm(Bm)));
  });
  const v = mean(await c.read());
  c.dispose();
  return v;
}

async function main(): Promise<void> {
  await init();
  const H = new MultiuserMisoChannel({ numAntennas: N, numUsers: K, numPaths: 10 }).generate(B, Number(a.seed));
  const psi1 = solveBenchmarkCovariance({ N }).Psi1;
  const p: PrecoderProblem = precoderProblem(uploadChannels(H), uploadMatrices([psi1]), snrDb, omega);
  let { F, W } = initialPrecoders(H, NRF, p.power, a.init as InitKind, 1);
  console.log(
    `SNR ${snrDb} dB (P_BS = ${p.power.toFixed(3)}), ${B} channels, init ${a.init}, μ = ${mu}, λ = ${lambda}, ∇_W R ${variant}, ω = ${omega}, η = 1/${N}`,
  );
  console.log('iter      f=R−ωτ        R          τ        ΔF        ΔW      fd/F    fd/W    cosW   ‖∇_F R‖  ω‖∇_F τ‖  ‖ΔW‖/‖W‖');
  const f = (Fx: Complex, Wx: Complex) => objective(p, Fx, Wx);
  const stats = async (Fx: Complex, Wx: Complex) => {
    const [o, r, t] = tidy(() => [objective(p, Fx, Wx), sumRate(p, Fx, Wx), radarMismatch(p, Fx, Wx)]);
    const out = [mean(await o.read()), mean(await r.read()), mean(await t.read())];
    for (const x of [o, r, t]) x.dispose();
    return out;
  };
  {
    let [obj, R, tau] = await stats(F, W);
    console.log(`${'0'.padStart(4)} ${f3(obj).padStart(10)} ${f3(R).padStart(10)} ${f3(tau).padStart(10)}`);
    for (let i = 1; i <= iterations; i++) {
      // F step (6) and projection (7); the objective after it is taken at W rescaled to (5c) so it is feasible
      const DF = ascentF(p, F, W, { impl: 'composite' });
      const fdF = mean(await fdRatio((X) => f(X, W), F, DF, 1e-3));
      const [gR, gT] = tidy(() => {
        const pR = { ...p, omega: 0 };
        const gr = frobeniusNorm(ascentF(pR, F, W));
        return [gr, scale(frobeniusNorm(sub(ascentF(p, F, W), ascentF(pR, F, W))), 1)];
      });
      const gRn = mean(await gR.read());
      const gTn = mean(await gT.read());
      gR.dispose();
      gT.dispose();
      const Fn = tidy(() => unitModulus(angle(add(F, scale(DF, mu)))));
      DF.dispose();
      const Wmid = powerNormalize(W, Fn, p.power);
      const [objF] = await stats(Fn, Wmid);
      Wmid.dispose();
      // W step (8) and projection (9), at (F^(i+1), W^(i))
      const DW = ascentW(p, Fn, W, { impl: 'composite', variant });
      const gradW = tidy(() => sub(rateGradW(p, Fn, W, { variant: 'exact' }), scale(tauGradW(p, Fn, W), omega)));
      const fdW = mean(await fdRatio((X) => f(Fn, X), W, DW, 1e-4));
      const cosW = await cosine(DW, gradW);
      gradW.dispose();
      const rel = tidy(() => div(scale(frobeniusNorm(DW), lambda), frobeniusNorm(W)));
      const relW = mean(await rel.read());
      rel.dispose();
      const Wn = tidy(() => powerNormalize(add(W, scale(DW, lambda)), Fn, p.power));
      DW.dispose();
      F.dispose();
      W.dispose();
      F = Fn;
      W = Wn;
      const prev = obj;
      [obj, R, tau] = await stats(F, W);
      console.log(
        `${String(i).padStart(4)} ${f3(obj).padStart(10)} ${f3(R).padStart(10)} ${f3(tau).padStart(10)} ${f3(objF - prev).padStart(9)} ${f3(obj - objF).padStart(9)} ` +
          `${f3(fdF).padStart(7)} ${f3(fdW).padStart(7)} ${f3(cosW).padStart(7)} ${f3(gRn).padStart(8)} ${f3(gTn).padStart(9)} ${f3(relW).padStart(9)}`,
      );
    }
  }
  await shutdown();
}

await main();
