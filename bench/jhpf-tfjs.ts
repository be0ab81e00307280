/**
 * DL-JHPF's training step written with TensorFlow.js ops (WebGPU backend), the peer of bench/jhpf.ts: the same network
 * (paper 000 Table I: PP-NN 2N_tN_r→512→256→128→N_tN_t^RF, CP-NN …→128→64→N_rN_r^RF, four digital NNs
 * 2N_t^RF N_r^RF→20→40→20→N^RF N_s, NN demodulator 2N_s→20→50→20→N_s log2 M; Dense → BN after every layer, ReLU
 * on hidden layers and the phase outputs, linear digital outputs, sigmoid demodulator), eqs. (10)–(17) and the signal flow (5) on real
 * (re, im) planes, BCE loss (18) and Adam. Complex products are four real batched matMuls.
 *
 * tfjs-core's Node bundle registers no gradients, so the ones this graph needs are registered here from their textbook
 * definitions (as bench/mlp.ts does); the BCE-with-logits loss carries its own gradient (σ(z) − b)/n via customGrad.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { registerTfGradients } from './tfjs-gradients.js';

type Tf = typeof TfCore;
type T = TfCore.Tensor;

export interface JhpfTfShape {
  Nt: number;
  NtRF: number;
  Nr: number;
  NrRF: number;
  Ns: number;
  batch: number;
}

/** One batch of training inputs: H [B, N_r, N_t] c64 interleaved, bits [B, 2N_s] 0/1, noise [B, N_r] c64, √P. */
export interface JhpfTfBatch {
  H: Float32Array;
  bits: Float32Array;
  noise: Float32Array;
  sqrtP: number;
}

export interface JhpfTfModel {
  /** `n` Adam steps on the batch; returns the last loss (read back, so the GPU work is done) */
  run(n: number): Promise<number>;
  /** hybrid matrices for the batch's channels (forward of the designer only), waited for */
  design(): Promise<void>;
  parameterCount: number;
  dispose(): void;
}

interface Layer {
  w: TfCore.Variable;
  b: TfCore.Variable;
  bn?: { gamma: TfCore.Variable; beta: TfCore.Variable; mean: TfCore.Variable; variance: TfCore.Variable };
}

const BN_EPS = 1e-5;
const BN_MOMENTUM = 0.1;

export function buildJhpfTf(tf: Tf, s: JhpfTfShape, data: JhpfTfBatch, lr = 1e-3, seed = 1): JhpfTfModel {
  registerTfGradients(tf);
  const vars: TfCore.Variable[] = [];
  let layerSeed = seed;
  /** Kaiming-uniform dense layers, each followed by BN (paper 000 §IV-A: "after each dense layer", as network/table-one.ts). */
  const mlp = (widths: number[]): Layer[] =>
    widths.slice(1).map((fout, i) => {
      const fin = widths[i];
      const bound = Math.sqrt(6 / fin);
      const layer: Layer = {
        w: tf.variable(tf.randomUniform([fin, fout], -bound, bound, 'float32', layerSeed++)),
        b: tf.variable(tf.zeros([fout])),
        bn: {
          gamma: tf.variable(tf.ones([fout])),
          beta: tf.variable(tf.zeros([fout])),
          mean: tf.variable(tf.zeros([fout]), false),
          variance: tf.variable(tf.ones([fout]), false),
        },
      };
      vars.push(layer.w, layer.b, layer.bn!.gamma, layer.bn!.beta);
      return layer;
    });
  /** Dense → BN → ReLU on hidden layers; the output layer ends in ReLU or nothing. */
  const forwardMlp = (layers: Layer[], x: T, training: boolean, out: 'relu' | 'linear'): T => {
    let h = x;
    layers.forEach((l, i) => {
      h = tf.add(tf.matMul(h as TfCore.Tensor2D, l.w as unknown as TfCore.Tensor2D), l.b);
      const bn = l.bn!;
      if (training) {
        const { mean, variance } = tf.moments(h, 0);
        const n = h.shape[0];
        bn.mean.assign(tf.add(tf.mul(bn.mean, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
        bn.variance.assign(tf.add(tf.mul(bn.variance, 1 - BN_MOMENTUM), tf.mul(variance, (BN_MOMENTUM * n) / (n - 1))));
        h = tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, BN_EPS)));
      } else {
        h = tf.div(tf.sub(h, bn.mean), tf.sqrt(tf.add(bn.variance, BN_EPS)));
      }
      h = tf.add(tf.mul(h, bn.gamma), bn.beta);
      if (i + 1 < layers.length || out === 'relu') h = tf.relu(h);
    });
    return h;
  };
  const { Nt, NtRF, Nr, NrRF, Ns, batch: B } = s;
  const ppnn = mlp([2 * Nt * Nr, 512, 256, 128, Nt * NtRF]);
  const cpnn = mlp([2 * Nt * Nr, 512, 256, 128, 64, Nr * NrRF]);
  const digital = (n: number) => mlp([2 * NtRF * NrRF, 20, 40, 20, n * Ns]);
  const [reDp, imDp, reDc, imDc] = [digital(NtRF), digital(NtRF), digital(NrRF), digital(NrRF)];
  const demod = mlp([2 * Ns, 20, 50, 20, 2 * Ns]);

  // constants: channel planes, the NN input vector, symbols, noise
  const planes = (v: Float32Array, shape: number[]) => {
    const re = new Float32Array(v.length / 2);
    const im = new Float32Array(v.length / 2);
    for (let i = 0; i < re.length; i++) [re[i], im[i]] = [v[2 * i], v[2 * i + 1]];
    return [tf.tensor(re, shape), tf.tensor(im, shape)];
  };
  const [Hr, Hi] = planes(data.H, [B, Nr, Nt]);
  const hVec = tf.concat([tf.reshape(Hr, [B, Nr * Nt]), tf.reshape(Hi, [B, Nr * Nt])], 1);
  const bits = tf.tensor(data.bits, [B, 2 * Ns]);
  // Gray QPSK with E[x xᴴ] = I/N_s (eq. (3)): x = ((1 − 2b_0) + j(1 − 2b_1)) / √(2 N_s)
  const sym = tf.tidy(() => tf.reshape(tf.div(tf.sub(1, tf.mul(bits, 2)), Math.sqrt(2 * Ns)), [B, Ns, 2]));
  const [xr, xi] = tf.tidy(() => tf.split(sym, 2, 2).map((t) => tf.reshape(t, [B, Ns, 1])));
  const [nr, ni] = planes(data.noise, [B, Nr, 1]);
  const constants = [Hr, Hi, hVec, bits, sym, xr, xi, nr, ni];

  /** (ar + j ai)·(br + j bi) with op(A) = Aᴴ when `ha` (matMul transposes, the sign of ai flips). */
  const cmm = (ar: T, ai: T, br: T, bi: T, ha = false): [T, T] => {
    const mm = (x: T, y: T) => tf.matMul(x as TfCore.Tensor3D, y as TfCore.Tensor3D, ha, false);
    return ha ? [tf.add(mm(ar, br), mm(ai, bi)), tf.sub(mm(ar, bi), mm(ai, br))] : [tf.sub(mm(ar, br), mm(ai, bi)), tf.add(mm(ar, bi), mm(ai, br))];
  };

  const designer = (training: boolean) => {
    // eqs. (10)–(13): phases → unit-modulus analog matrices
    const phiP = tf.reshape(forwardMlp(ppnn, hVec, training, 'relu'), [B, Nt, NtRF]);
    const phiC = tf.reshape(forwardMlp(cpnn, hVec, training, 'relu'), [B, Nr, NrRF]);
    const [Fr, Fi] = [tf.div(tf.cos(phiP), Math.sqrt(Nt)), tf.div(tf.sin(phiP), Math.sqrt(Nt))];
    const [Wr, Wi] = [tf.div(tf.cos(phiC), Math.sqrt(Nr)), tf.div(tf.sin(phiC), Math.sqrt(Nr))];
    // eq. (14): H_eq = W_RFᴴ H F_RF
    const [Tr, Ti] = cmm(Hr, Hi, Fr, Fi);
    const [Er, Ei] = cmm(Wr, Wi, Tr, Ti, true);
    const eq = tf.concat([tf.reshape(Er, [B, NtRF * NrRF]), tf.reshape(Ei, [B, NtRF * NrRF])], 1);
    // eqs. (15)–(17)
    const Wbr = tf.reshape(forwardMlp(reDc, eq, training, 'linear'), [B, NrRF, Ns]);
    const Wbi = tf.reshape(forwardMlp(imDc, eq, training, 'linear'), [B, NrRF, Ns]);
    const Fbr0 = tf.reshape(forwardMlp(reDp, eq, training, 'linear'), [B, NtRF, Ns]);
    const Fbi0 = tf.reshape(forwardMlp(imDp, eq, training, 'linear'), [B, NtRF, Ns]);
    const [Pr, Pi] = cmm(Fr, Fi, Fbr0, Fbi0);
    const norm = tf.reshape(tf.sqrt(tf.sum(tf.add(tf.square(Pr), tf.square(Pi)), [1, 2])), [B, 1, 1]);
    const c = tf.div(Math.sqrt(Ns), norm);
    return { Fr, Fi, Wr, Wi, Fbr: tf.mul(Fbr0, c), Fbi: tf.mul(Fbi0, c), Wbr, Wbi };
  };

  const bce = tf.customGrad(((z: T, b: T, save: (t: T[]) => void) => {
    save([z, b]);
    // eq. (18): the BCE summed over a sample's bits, averaged over samples; on logits,
    // max(z, 0) − z b + log(1 + e^{−|z|}) per bit
    const value = tf.div(tf.sum(tf.add(tf.sub(tf.relu(z), tf.mul(z, b)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))), z.shape[0]);
    return { value, gradFunc: (dy: T, [zs, bs]: T[]) => [tf.mul(dy, tf.div(tf.sub(tf.sigmoid(zs), bs), zs.shape[0])), tf.zerosLike(bs)] };
  }) as never) as unknown as (z: T, b: T) => T;

  const loss = () => {
    const d = designer(true);
    // eq. (5): r = W_BBᴴ W_RFᴴ (√P H F_RF F_BB x + n)
    const [ur, ui] = cmm(d.Fbr, d.Fbi, xr, xi);
    const [sr, si] = cmm(d.Fr, d.Fi, ur, ui);
    const [hr, hi] = cmm(Hr, Hi, sr, si);
    const [yr, yi] = [tf.add(tf.mul(hr, data.sqrtP), nr), tf.add(tf.mul(hi, data.sqrtP), ni)];
    const [zr, zi] = cmm(d.Wr, d.Wi, yr, yi, true);
    const [rr, ri] = cmm(d.Wbr, d.Wbi, zr, zi, true);
    const r = tf.concat([tf.reshape(rr, [B, Ns]), tf.reshape(ri, [B, Ns])], 1);
    return bce(forwardMlp(demod, r, true, 'linear'), bits) as TfCore.Scalar;
  };
  const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  const step = (keep: boolean) => optimizer.minimize(loss, keep, vars);
  return {
    async run(n) {
      for (let i = 0; i + 1 < n; i++) step(false);
      const L = step(true)!;
      const v = (await L.data())[0];
      L.dispose();
      return v;
    },
    async design() {
      const out = tf.tidy(() => {
        const d = designer(false);
        return tf.stack([tf.sum(d.Fbr), tf.sum(d.Wbr), tf.sum(d.Fr), tf.sum(d.Wr)]);
      });
      await out.data();
      out.dispose();
    },
    parameterCount: vars.reduce((n, v) => n + v.size, 0),
    dispose() {
      optimizer.dispose();
      for (const t of constants) t.dispose();
      for (const l of [...ppnn, ...cpnn, ...reDp, ...imDp, ...reDc, ...imDc, ...demod]) {
        for (const v of [l.w, l.b, l.bn?.gamma, l.bn?.beta, l.bn?.mean, l.bn?.variance]) v?.dispose();
      }
    },
  };
}
