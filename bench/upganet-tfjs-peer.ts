/**
 * UPGANet's unrolled PGA (paper 002, Eqs. (14)–(16); paper-details §1) in TensorFlow.js on its WebGPU backend: the
 * peer of bench/upganet.ts. TF.js's WebGPU matMul takes no complex64, so complex tensors are (re, im) planes and
 * complex products are four real batched matMuls (bench/tfjs-peer.ts '4m'). The ascent directions are the same
 * closed forms as bench/upganet_torch.py (∂/∂X*; simplified ∇_W R):
 *   A = H F W,  S_k = Σ_j |A_kj|² + σ²,  I_k = S_k − |A_kk|²,  C_kj = A_kj/S_k − [j≠k] A_kj/I_k
 *   ∇_F R = ξ Hᴴ C Wᴴ,   ∇_F τ = 2 (X XᴴX − Ψ X) Wᴴ,   ∇_W R = ξ (H F)ᴴ diag(A_kk/S_k),   ∇_W τ = 2 Fᴴ (X XᴴX − Ψ X)
 * A training step differentiates loss (16) through all of it with tf.train.adam; the tfjs-core Node bundle registers
 * no gradients, so those of the kernels used here are registered from their textbook definitions.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { registerTfGradients } from './tfjs-gradients.js';

type T = TF.Tensor;
interface Cx {
  re: T;
  im: T;
}

export interface UpganetTfInputs {
  B: number;
  K: number;
  N: number;
  M: number;
  power: number;
  noise: number;
  omega: number;
  /** interleaved complex64: H [B, K, N], Ψ = P·Ψ₁ [N, N], F0 [B, N, M], W0 [B, M, K] */
  H: Float32Array;
  Psi: Float32Array;
  F0: Float32Array;
  W0: Float32Array;
}

export interface UpganetTf {
  /** I outer layers with J inner steps and step sizes 0.01; resolves with the mean objective R − ωτ after reading F back */
  infer(I: number, J: number): Promise<number>;
  /** one Adam step of loss (16) on μ [I, J], λ [I] (kept across calls for the same (I, J)); resolves with the loss */
  trainStep(I: number, J: number): Promise<number>;
  dispose(): void;
}

const XI = 1 / Math.LN2;

export async function createUpganetTf(x: UpganetTfInputs): Promise<UpganetTf> {
  const tf = await import('@tensorflow/tfjs-core');
  registerTfGradients(tf);
  const planes = (data: Float32Array, shape: number[]): Cx => {
    const n = data.length / 2;
    const re = new Float32Array(n);
    const im = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      re[i] = data[2 * i];
      im[i] = data[2 * i + 1];
    }
    return { re: tf.tensor(re, shape), im: tf.tensor(im, shape) };
  };
  const { B, K, N, M } = x;
  const H = planes(x.H, [B, K, N]);
  const psi2 = planes(x.Psi, [N, N]);
  // Ψ tiled over the batch once: plain batched products, no broadcast in the gradients
  const Psi = { re: tf.tile(tf.reshape(psi2.re, [1, N, N]), [B, 1, 1]), im: tf.tile(tf.reshape(psi2.im, [1, N, N]), [B, 1, 1]) };
  const F0 = planes(x.F0, [B, N, M]);
  const W0 = planes(x.W0, [B, M, K]);
  const offDiag = tf.sub(tf.ones([K, K]), tf.eye(K));
  const eye = tf.eye(K);
  const constants = [H.re, H.im, psi2.re, psi2.im, Psi.re, Psi.im, F0.re, F0.im, W0.re, W0.im, offDiag, eye];

  // complex helpers on planes; h = conjugate transpose of that operand
  const mm = (a: Cx, b: Cx, ha = false, hb = false): Cx => {
    const sa = ha ? -1 : 1;
    const sb = hb ? -1 : 1;
    const p = (u: T, v: T) => tf.matMul(u, v, ha, hb);
    const rr = p(a.re, b.re);
    const ii = p(a.im, b.im);
    const ri = p(a.re, b.im);
    const ir = p(a.im, b.re);
    return { re: sa * sb > 0 ? tf.sub(rr, ii) : tf.add(rr, ii), im: tf.add(sb > 0 ? ri : tf.neg(ri), sa > 0 ? ir : tf.neg(ir)) };
  };
  const add = (a: Cx, b: Cx): Cx => ({ re: tf.add(a.re, b.re), im: tf.add(a.im, b.im) });
  const sub = (a: Cx, b: Cx): Cx => ({ re: tf.sub(a.re, b.re), im: tf.sub(a.im, b.im) });
  const scale = (a: Cx, s: T | number): Cx => ({ re: tf.mul(a.re, s), im: tf.mul(a.im, s) });
  const abs2 = (a: Cx): T => tf.add(tf.square(a.re), tf.square(a.im));
  const frob = (a: Cx): T => tf.sqrt(tf.sum(abs2(a), [1, 2]));

  const powers = (A: Cx) => {
    const p = abs2(A); // [B, K, K]
    const S = tf.add(tf.sum(p, 2), x.noise);
    const I = tf.sub(S, tf.sum(tf.mul(p, eye), 2));
    return { S, I };
  };
  const tauCore = (X: Cx): Cx => sub(mm(X, mm(X, X, true)), mm(Psi, X)); // X XᴴX − Ψ X
  const ascentF = (F: Cx, W: Cx): Cx => {
    const A = mm(mm(H, F), W);
    const { S, I } = powers(A);
    const C = sub(scale(A, tf.reshape(tf.reciprocal(S), [B, K, 1])), scale(scale(A, offDiag), tf.reshape(tf.reciprocal(I), [B, K, 1])));
    const gradR = scale(mm(mm(H, C, true), W, false, true), XI);
    const gradT = scale(mm(tauCore(mm(F, W)), W, false, true), 2);
    return sub(gradR, scale(gradT, x.omega));
  };
  const ascentW = (F: Cx, W: Cx): Cx => {
    const G = mm(H, F);
    const A = mm(G, W);
    const { S } = powers(A);
    const d = tf.reshape(tf.div(tf.sum(tf.mul(A.re, eye), 2), S), [B, 1, K]);
    const dI = tf.reshape(tf.div(tf.sum(tf.mul(A.im, eye), 2), S), [B, 1, K]);
    const Gh: Cx = { re: tf.transpose(G.re, [0, 2, 1]), im: tf.neg(tf.transpose(G.im, [0, 2, 1])) };
    const gradR = scale({ re: tf.sub(tf.mul(Gh.re, d), tf.mul(Gh.im, dI)), im: tf.add(tf.mul(Gh.re, dI), tf.mul(Gh.im, d)) }, XI);
    const gradT = scale(mm(F, tauCore(mm(F, W)), true), 2);
    return sub(gradR, scale(gradT, x.omega / N));
  };
  const normalize = (Xn: Cx, F: Cx, W: Cx): Cx => scale(Xn, tf.reshape(tf.div(Math.sqrt(x.power), frob(mm(F, W))), [B, 1, 1]));
  const outer = (F: Cx, W: Cx, mu: (j: number) => T | number, lambda: T | number, J: number): { F: Cx; W: Cx } => {
    let Fh = F;
    for (let j = 0; j < J; j++) {
      Fh = add(Fh, scale(ascentF(Fh, W), mu(j)));
      Fh = normalize(Fh, Fh, W);
    }
    const mag = tf.sqrt(abs2(Fh));
    const Fn = { re: tf.div(Fh.re, mag), im: tf.div(Fh.im, mag) };
    const Wh = add(W, scale(ascentW(Fn, W), lambda));
    return { F: Fn, W: normalize(Wh, Fn, Wh) };
  };
  const objective = (F: Cx, W: Cx): T => {
    const X = mm(F, W);
    const { S, I } = powers(mm(H, X));
    const R = tf.mul(tf.sum(tf.sub(tf.log(S), tf.log(I)), 1), XI);
    const E = sub(mm(X, X, false, true), Psi);
    return tf.sub(R, tf.mul(tf.sum(abs2(E), [1, 2]), x.omega));
  };

  const trained = new Map<string, { mu: TF.Variable; lambda: TF.Variable; opt: TF.AdamOptimizer }>();
  return {
    async infer(I, J) {
      let F = F0;
      let W = W0;
      for (let i = 0; i < I; i++) {
        const next = tf.tidy(() => {
          const r = outer(F, W, () => 0.01, 0.01, J);
          return [r.F.re, r.F.im, r.W.re, r.W.im];
        });
        if (F !== F0) tf.dispose([F.re, F.im, W.re, W.im]);
        F = { re: next[0], im: next[1] };
        W = { re: next[2], im: next[3] };
      }
      const obj = tf.tidy(() => tf.mean(objective(F, W)));
      const value = (await obj.data())[0];
      tf.dispose([obj, F.re, F.im, W.re, W.im]);
      return value;
    },
    async trainStep(I, J) {
      const key = `${I}x${J}`;
      let s = trained.get(key);
      if (!s) {
        s = { mu: tf.variable(tf.fill([I, J], 0.01)), lambda: tf.variable(tf.fill([I], 0.01)), opt: tf.train.adam(1e-3, 0.9, 0.999, 1e-8) };
        trained.set(key, s);
      }
      const { mu, lambda, opt } = s;
      const loss = opt.minimize(
        () => {
          let F = F0;
          let W = W0;
          for (let i = 0; i < I; i++) {
            ({ F, W } = outer(F, W, (j) => tf.reshape(tf.slice(mu, [i, j], [1, 1]), []), tf.reshape(tf.slice(lambda, [i], [1]), []), J));
          }
          return tf.neg(tf.mean(objective(F, W))) as TF.Scalar; // Eq. (16)
        },
        true,
        [mu, lambda],
      )!;
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    },
    dispose() {
      tf.dispose(constants);
      for (const s of trained.values()) {
        s.mu.dispose();
        s.lambda.dispose();
        s.opt.dispose();
      }
      trained.clear();
    },
  };
}
