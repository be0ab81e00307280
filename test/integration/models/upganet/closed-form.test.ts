/**
 * UPGANet's objectives and closed-form gradients (models/upganet/closed-form/, the UPGANet paper's (2), (3), (10)–(13)): R and τ against
 * the float64 metrics of wireless/; every gradient piece, composite and fused, against half the engine's autodiff
 * gradient (the paper's ∂f/∂X* is half of ∂f/∂Re X + j ∂f/∂Im X) and against Eqs. (10)–(13) evaluated literally in
 * float64 (traces, V̄_k, H̄_k); the authors' simplified ∇_W R against its formula; fused == composite; and
 * differentiation through unrolled steps F + μ·ascentF against finite differences, for both implementations.
 */
import { describe, expect, it } from 'vitest';
import { add, grad, mul, scale, sliceAxis, ShapeError, sum, tensor, tidy, type Tensor } from '../../../../engine/index.js';
import { gradcheck } from '../../../../engine/autodiff/gradcheck.js';
import {
  ascentF,
  ascentW,
  radarMismatch,
  rateGradF,
  rateGradW,
  sumRate,
  tauGradF,
  tauGradW,
  type GradientImpl,
  type JcasProblem,
} from '../../../../models/upganet/closed-form/index.js';
import { MultiuserMisoChannel } from '../../../../wireless/channel/multiuser-miso.js';
import { cmatrix, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { add as cadd, scale as cscale, sub as csub } from '../../../../wireless/linalg/elementwise.js';
import { matmul as cmatmul } from '../../../../wireless/linalg/matmul.js';
import { trace as ctrace } from '../../../../wireless/linalg/reductions.js';
import { conjTranspose } from '../../../../wireless/linalg/transpose.js';
import { covarianceMismatch } from '../../../../wireless/metrics/beampattern.js';
import { sumRate as sumRate64 } from '../../../../wireless/metrics/sum-rate.js';
import { expectClose, randomData, useRuntime } from '../../../helpers/gpu.js';
import { expectGradcheck } from '../../../helpers/gradcheck.js';

useRuntime();

type C = Tensor<'c64'>;
const XI = 1 / Math.LN2;
const IMPLS: GradientImpl[] = ['composite', 'fused'];

interface Case {
  B: number;
  N: number;
  NRF: number;
  K: number;
  /** Ψ [B, N, N] per channel instead of [1, N, N] shared */
  psiPerChannel: boolean;
  /** P_BS = ‖F W‖_F² = tr Ψ (σ_n² = 1) */
  power: number;
  seed: number;
}

/** Host data of one problem (float32 values; the float64 references read exactly these). */
interface Host {
  c: Case;
  H: Float32Array;
  F: Float32Array;
  W: Float32Array;
  Psi: Float32Array;
  noise: number;
}

const CASES: Case[] = [
  { B: 3, N: 16, NRF: 4, K: 4, psiPerChannel: false, power: 4, seed: 11 },
  // no dimension a multiple of a tile or of the workgroup size; K = 5 exercises the kernel's padding to 8 columns
  { B: 2, N: 13, NRF: 3, K: 5, psiPerChannel: true, power: 4, seed: 12 },
  // the paper's size at 12 dB
  { B: 2, N: 64, NRF: 4, K: 4, psiPerChannel: false, power: 10 ** 1.2, seed: 13 },
];

/** The matrix at batch b of a [B, rows, cols] interleaved array, float64. */
function at(data: Float32Array, b: number, rows: number, cols: number): CMatrix {
  const n = 2 * rows * cols;
  return cmatrix(rows, cols, data.subarray(b * n, (b + 1) * n));
}

/** Ψ = P·U Uᴴ / tr(U Uᴴ), Hermitian PSD with trace P (the benchmark covariance's trace is P_BS). */
function hermitian(N: number, seed: number, power: number): Float32Array {
  const U = cmatrix(N, N, randomData(2 * N * N, seed));
  const P = cmatmul(U, U, 'N', 'H');
  return Float32Array.from(cscale(P, power / ctrace(P)[0]).data);
}

/**
 * UPGANet-like iterates at P_BS = c.power: H from the paper's channel (wireless/channel/multiuser-miso.ts), F with
 * unit-modulus entries (after projection (7)), W scaled so that ‖F W‖_F² = P_BS (projection (9)), Ψ of trace P_BS.
 */
function makeHost(c: Case): Host {
  const { B, N, NRF, K, power } = c;
  const H = new MultiuserMisoChannel({ numAntennas: N, numUsers: K }).generate(B, c.seed).data;
  const phases = randomData(B * N * NRF, c.seed + 1);
  const F = new Float32Array(2 * B * N * NRF);
  phases.forEach((p, i) => {
    F[2 * i] = Math.cos(Math.PI * p);
    F[2 * i + 1] = Math.sin(Math.PI * p);
  });
  const W = randomData(2 * B * NRF * K, c.seed + 2);
  for (let b = 0; b < B; b++) {
    const X = cmatmul(at(F, b, N, NRF), at(W, b, NRF, K));
    let norm2 = 0;
    for (const v of X.data) norm2 += v * v;
    const s = Math.sqrt(power / norm2);
    for (let i = 2 * b * NRF * K; i < 2 * (b + 1) * NRF * K; i++) W[i] *= s;
  }
  const psiCount = c.psiPerChannel ? B : 1;
  const Psi = new Float32Array(2 * psiCount * N * N);
  for (let b = 0; b < psiCount; b++) Psi.set(hermitian(N, c.seed + 3 + b, power), 2 * b * N * N);
  return { c, H, F, W, Psi, noise: 1 };
}

function upload(h: Host, omega = 0.3): { p: JcasProblem; F: C; W: C } {
  const { B, N, NRF, K, psiPerChannel } = h.c;
  const p: JcasProblem = {
    H: tensor(h.H, [B, K, N], 'c64'),
    Psi: tensor(h.Psi, [psiPerChannel ? B : 1, N, N], 'c64'),
    noiseVariance: h.noise,
    omega,
    eta: 1 / N,
  };
  return { p, F: tensor(h.F, [B, N, NRF], 'c64'), W: tensor(h.W, [B, NRF, K], 'c64') };
}

/** h_k (N × 1) from row k of H (which holds h_kᴴ). */
function userColumn(Hb: CMatrix, k: number): CMatrix {
  const out = cmatrix(Hb.cols, 1);
  for (let n = 0; n < Hb.cols; n++) {
    out.data[2 * n] = Hb.data[2 * (k * Hb.cols + n)];
    out.data[2 * n + 1] = -Hb.data[2 * (k * Hb.cols + n) + 1];
  }
  return out;
}

/** W with column k zeroed (W̄_k). */
function withoutColumn(W: CMatrix, k: number): CMatrix {
  const out = cmatrix(W.rows, W.cols, W.data);
  for (let r = 0; r < W.rows; r++) out.data.fill(0, 2 * (r * W.cols + k), 2 * (r * W.cols + k) + 2);
  return out;
}

/** The product op(m_1)·m_2^{op}·… of float64 matrices ('H': conjugate transpose). */
const mm = (first: [CMatrix, 'N' | 'H'], ...rest: Array<[CMatrix, 'N' | 'H']>): CMatrix =>
  rest.reduce((acc, [m, op]) => cmatmul(acc, m, 'N', op), first[1] === 'H' ? conjTranspose(first[0]) : first[0]);

/** Eqs. (10)–(13) and the simplified ∇_W R, evaluated literally in float64 for channel b (paper convention ∂/∂X*). */
function paperGradients(h: Host, b: number) {
  const { N, NRF, K, psiPerChannel } = h.c;
  const Hb = at(h.H, b, K, N);
  const F = at(h.F, b, N, NRF);
  const W = at(h.W, b, NRF, K);
  const Psi = at(h.Psi, psiPerChannel ? b : 0, N, N);
  const s2 = h.noise;
  const V = mm([W, 'N'], [W, 'H']);
  let rateF = cmatrix(N, NRF);
  let rateW = cmatrix(NRF, K);
  const simplified = cmatrix(NRF, K);
  for (let k = 0; k < K; k++) {
    const hk = userColumn(Hb, k);
    const Ht = mm([hk, 'N'], [hk, 'H']); // H̃_k
    const Wk = withoutColumn(W, k);
    const Vk = mm([Wk, 'N'], [Wk, 'H']); // V̄_k
    const Hbar = mm([F, 'H'], [Ht, 'N'], [F, 'N']); // H̄_k = Fᴴ H̃_k F
    const t = ctrace(mm([F, 'N'], [V, 'N'], [F, 'H'], [Ht, 'N']))[0] + s2;
    const tk = ctrace(mm([F, 'N'], [Vk, 'N'], [F, 'H'], [Ht, 'N']))[0] + s2;
    rateF = cadd(rateF, csub(cscale(mm([Ht, 'N'], [F, 'N'], [V, 'N']), XI / t), cscale(mm([Ht, 'N'], [F, 'N'], [Vk, 'N']), XI / tk)));
    const u = ctrace(mm([W, 'N'], [W, 'H'], [Hbar, 'N']))[0] + s2;
    const uk = ctrace(mm([Wk, 'N'], [Wk, 'H'], [Hbar, 'N']))[0] + s2;
    rateW = cadd(rateW, csub(cscale(mm([Hbar, 'N'], [W, 'N']), XI / u), cscale(mm([Hbar, 'N'], [Wk, 'N']), XI / uk)));
    // simplified, column k: ξ H̄_k w_k / (Σ_j |h_kᴴ F w_j|² + σ_n²)
    const col = mm([Hbar, 'N'], [W, 'N']);
    for (let r = 0; r < NRF; r++) {
      simplified.data[2 * (r * K + k)] = (XI * col.data[2 * (r * K + k)]) / u;
      simplified.data[2 * (r * K + k) + 1] = (XI * col.data[2 * (r * K + k) + 1]) / u;
    }
  }
  const E = csub(mm([F, 'N'], [W, 'N'], [W, 'H'], [F, 'H']), Psi);
  const tauF = cscale(mm([E, 'N'], [F, 'N'], [W, 'N'], [W, 'H']), 2); // Eq. (12)
  const tauW = cscale(mm([F, 'H'], [E, 'N'], [F, 'N'], [W, 'N']), 2); // Eq. (13)
  return { rateF, rateW, simplified, tauF, tauW };
}

type PaperPiece = keyof ReturnType<typeof paperGradients>;

/** All channels' float64 piece, concatenated like the [B, …] tensor. */
function paperBatch(h: Host, piece: PaperPiece): Float64Array {
  const parts = Array.from({ length: h.c.B }, (_, b) => paperGradients(h, b)[piece].data);
  const out = new Float64Array(parts.reduce((n, d) => n + d.length, 0));
  let o = 0;
  for (const d of parts) {
    out.set(d, o);
    o += d.length;
  }
  return out;
}

async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.read()));
  ts.forEach((t) => t.dispose());
  return out;
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** Element-wise within 1e-4 of the reference's largest magnitude (float32 rounding of sums of products). */
function expectRelClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rel = 1e-4): void {
  expectClose(actual, expected, { atol: rel * maxAbs(expected), rtol: 0, what });
}

const caseName = (c: Case) => `B=${c.B} N=${c.N} N_RF=${c.NRF} K=${c.K}${c.psiPerChannel ? ', Ψ per channel' : ''}`;

describe('objectives R (Eq. (2)) and τ (Eq. (3))', () => {
  for (const c of CASES) {
    it(`match wireless/metrics sumRate and covarianceMismatch in float64 (${caseName(c)})`, async () => {
      const h = makeHost(c);
      const [R, T] = await readAll(
        tidy(() => {
          const { p, F, W } = upload(h);
          return [sumRate(p, F, W), radarMismatch(p, F, W)];
        }),
      );
      const R64 = new Float64Array(c.B);
      const T64 = new Float64Array(c.B);
      for (let b = 0; b < c.B; b++) {
        const X = cmatmul(at(h.F, b, c.N, c.NRF), at(h.W, b, c.NRF, c.K));
        R64[b] = sumRate64(at(h.H, b, c.K, c.N), X, h.noise);
        T64[b] = covarianceMismatch(X, at(h.Psi, c.psiPerChannel ? b : 0, c.N, c.N));
      }
      expect(R.length).toBe(c.B);
      expectClose(R, R64, { atol: 1e-4, rtol: 1e-4, what: 'R' });
      expectClose(T, T64, { atol: 1e-4, rtol: 1e-4, what: 'τ' });
      // non-trivial values: the check can fail
      expect(Math.min(...R64)).toBeGreaterThan(0.1);
    });
  }
});

describe('closed-form gradients: half of autodiff, and Eqs. (10)–(13) in float64', () => {
  const pieces = [
    { name: '∇_F R, Eq. (10)', paper: 'rateF', objective: 'R', wrt: 0, fn: (p: JcasProblem, F: C, W: C, impl: GradientImpl) => rateGradF(p, F, W, { impl }) },
    {
      name: '∇_W R exact, Eq. (11)',
      paper: 'rateW',
      objective: 'R',
      wrt: 1,
      fn: (p: JcasProblem, F: C, W: C, impl: GradientImpl) => rateGradW(p, F, W, { impl, variant: 'exact' }),
    },
    { name: '∇_F τ, Eq. (12)', paper: 'tauF', objective: 'τ', wrt: 0, fn: (p: JcasProblem, F: C, W: C, impl: GradientImpl) => tauGradF(p, F, W, { impl }) },
    { name: '∇_W τ, Eq. (13)', paper: 'tauW', objective: 'τ', wrt: 1, fn: (p: JcasProblem, F: C, W: C, impl: GradientImpl) => tauGradW(p, F, W, { impl }) },
  ] as const;

  for (const c of CASES) {
    it(`every piece, composite and fused (${caseName(c)})`, async () => {
      const h = makeHost(c);
      const tensors = tidy(() => {
        const { p, F, W } = upload(h);
        F.requireGrad();
        W.requireGrad();
        const autodiff = {
          R: grad(sum(sumRate(p, F, W)), [F, W]) as C[],
          τ: grad(sum(radarMismatch(p, F, W)), [F, W]) as C[],
        };
        const out: Tensor[] = [];
        for (const piece of pieces) {
          // the paper's ∂f/∂X* is half of the engine's ∂f/∂Re X + j ∂f/∂Im X
          out.push(scale(autodiff[piece.objective][piece.wrt], 0.5));
          for (const impl of IMPLS) out.push(piece.fn(p, F, W, impl));
        }
        return out;
      });
      const values = await readAll(tensors);
      pieces.forEach((piece, i) => {
        const [halfAutodiff, composite, fused] = values.slice(3 * i, 3 * i + 3);
        const paper = paperBatch(h, piece.paper);
        expect(maxAbs(paper), `${piece.name}: a non-zero reference`).toBeGreaterThan(1e-3);
        expectRelClose(halfAutodiff, paper, `${piece.name}: ½ autodiff vs the equation in float64`);
        expectRelClose(composite, halfAutodiff, `${piece.name}: composite vs ½ autodiff`);
        expectRelClose(fused, halfAutodiff, `${piece.name}: fused vs ½ autodiff`);
        expectRelClose(composite, paper, `${piece.name}: composite vs float64`);
        expectRelClose(fused, paper, `${piece.name}: fused vs float64`);
      });
    });
  }

  it("the authors' simplified ∇_W R equals its formula ξ H̄_k w_k / (Σ_j |h_kᴴ F w_j|² + σ_n²), and differs from Eq. (11)", async () => {
    for (const c of CASES.slice(0, 2)) {
      const h = makeHost(c);
      const [composite, fused] = await readAll(
        tidy(() => {
          const { p, F, W } = upload(h);
          return IMPLS.map((impl) => rateGradW(p, F, W, { impl, variant: 'simplified' }));
        }),
      );
      const formula = paperBatch(h, 'simplified');
      expectRelClose(composite, formula, `simplified composite (${caseName(c)})`);
      expectRelClose(fused, formula, `simplified fused (${caseName(c)})`);
      const exact = paperBatch(h, 'rateW');
      let diff = 0;
      exact.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - formula[i]))));
      expect(diff / maxAbs(exact)).toBeGreaterThan(1e-2);
    }
  });
});

describe('ascent directions (Eqs. (6), (8)): fused == composite', () => {
  for (const c of CASES) {
    it(`ascentF, ascentW exact and simplified, ω = 0.3, η = 1/N (${caseName(c)})`, async () => {
      const h = makeHost(c);
      const values = await readAll(
        tidy(() => {
          const { p, F, W } = upload(h);
          return IMPLS.flatMap((impl) => [
            ascentF(p, F, W, { impl }),
            ascentW(p, F, W, { impl, variant: 'exact' }),
            ascentW(p, F, W, { impl, variant: 'simplified' }),
          ]);
        }),
      );
      ['ascentF', 'ascentW exact', 'ascentW simplified'].forEach((what, i) => expectRelClose(values[3 + i], values[i], `${what}: fused vs composite`));
      // ascentF = ∇_F R − ω ∇_F τ from the float64 pieces
      const [rateF, tauF] = [paperBatch(h, 'rateF'), paperBatch(h, 'tauF')];
      expectRelClose(
        values[0],
        rateF.map((v, i) => v - 0.3 * tauF[i]),
        'ascentF vs float64 Eqs. (10), (12)',
      );
      const [rateW, tauW] = [paperBatch(h, 'rateW'), paperBatch(h, 'tauW')];
      expectRelClose(
        values[1],
        rateW.map((v, i) => v - (0.3 / c.N) * tauW[i]),
        'ascentW vs float64 Eqs. (11), (13)',
      );
    });
  }
});

describe('differentiating through unrolled steps (UPGANet trains μ, λ through them)', () => {
  const c = CASES[1];
  const h = makeHost(c);

  /** L(μ₁, μ₂) = R − ω τ after F₁ = F + μ₁·ascentF(F, W), F₂ = F₁ + μ₂·ascentF(F₁, W), then W' = W + λ·ascentW(F₂, W). */
  const unrolled =
    (impl: GradientImpl) =>
    (mu: Tensor): Tensor => {
      const { p, F, W } = upload(h);
      const step = (i: number) => sliceAxis(mu, 0, i, i + 1).reshape([1, 1, 1]);
      const F1 = add(F, mul(ascentF(p, F, W, { impl }), step(0)));
      const F2 = add(F1, mul(ascentF(p, F1, W, { impl }), step(1)));
      const W1 = add(W, mul(ascentW(p, F2, W, { impl, variant: 'exact' }), step(2)));
      return sum(add(sumRate(p, F2, W1), scale(radarMismatch(p, F2, W1), -p.omega)));
    };
  const mu = { data: [0.004, 0.003, 0.002], shape: [3] };

  for (const impl of IMPLS) {
    it(`autodiff w.r.t. the step sizes matches finite differences (${impl})`, async () => {
      const report = await gradcheck(unrolled(impl), [mu], { eps: 1e-3, tolerance: 1e-2 });
      expectGradcheck(report, `d/dμ through ascentF/ascentW (${impl})`);
    });
  }

  it('gradients of gradients (createGraph) agree between fused and composite', async () => {
    const values = await readAll(
      tidy(() =>
        IMPLS.flatMap((impl) => {
          const { p, F, W } = upload(h);
          F.requireGrad();
          const m = tensor(mu.data, mu.shape).requireGrad();
          const step = sliceAxis(m, 0, 0, 1).reshape([1, 1, 1]);
          const loss = sum(sumRate(p, add(F, mul(ascentF(p, F, W, { impl }), step)), W));
          const [gm] = grad(loss, [m], { createGraph: true });
          const [gF] = grad(sum(gm!), [F]);
          return [gm!, gF!];
        }),
      ),
    );
    expectRelClose(values[2], values[0], 'dL/dμ: fused vs composite');
    expectRelClose(values[3], values[1], 'd²L/dμ dF: fused vs composite', 1e-3);
    expect(maxAbs(values[1])).toBeGreaterThan(1e-3);
  });
});

describe('argument checks', () => {
  it('names the op and the shapes', () => {
    tidy(() => {
      const { p, F, W } = upload(makeHost(CASES[0]));
      expect(() => ascentF(p, W, F)).toThrow(ShapeError);
      expect(() => ascentF(p, W, F)).toThrow(/ascentF: the shapes do not match; expected H \[B, K, N\], F \[B, N, N_RF\].*got H \[3, 4, 16\], F \[3, 4, 4\]/);
      expect(() => sumRate({ ...p, noiseVariance: 0 }, F, W)).toThrow(/sumRate: invalid noise variance; expected a finite σ_n² > 0, got 0/);
      expect(() => rateGradW(p, F, W, { variant: 'approximate' as 'exact' })).toThrow(
        /rateGradW: unknown ∇_W R variant; expected 'exact' or 'simplified', got "approximate"/,
      );
      expect(() => tauGradF(p, F, W, { impl: 'gpu' as GradientImpl })).toThrow(/tauGradF: unknown impl; expected 'composite' or 'fused', got "gpu"/);
    });
  });

  it('the fused kernel refuses problems beyond its workgroup memory and names the fallback', () => {
    tidy(() => {
      const N = 200;
      const K = 4;
      const p: JcasProblem = {
        H: tensor(new Float32Array(2 * K * N), [1, K, N], 'c64'),
        Psi: tensor(new Float32Array(2 * N * N), [1, N, N], 'c64'),
        noiseVariance: 1,
        omega: 0.3,
        eta: 1 / N,
      };
      const F = tensor(new Float32Array(2 * N * 4), [1, N, 4], 'c64');
      const W = tensor(new Float32Array(2 * 4 * K), [1, 4, K], 'c64');
      expect(() => ascentF(p, F, W, { impl: 'fused' })).toThrow(/N·P ≤ 768.*got N = 200, K = 4 \(N·P = 800\). Use \{ impl: 'composite' \}/);
    });
  });
});
