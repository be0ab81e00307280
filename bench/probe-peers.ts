/**
 * The probe-beam + beam-predictor network of paper 001 (Fig. 1, Table II) written for the peers of bench/probe.ts:
 * TensorFlow.js (WebGPU backend) and jax-js (one `jit` per training step), both on real (re, im) planes.
 *
 *   angle-domain DFT-like probes (eqs. (2)–(4), (6b)):  u_l = sin φ_l sin θ_l, v_l = cos θ_l,
 *     w_lk = e^{jπ(m u_l + n v_l)}/√N, k = m·N_v + n;
 *   received powers (eq. (5) over σ²):  z = a·hᴴW + ν,  x = |z|²  (rows of h are h_bᴴ, so hᴴw_l = Σ_k h_bk w_lk);
 *   RSRP map (eq. (6e), unquantized):  g = clip(10 log10 x + σ²_dBm, −140, −40),  predictor input (g + 140)/100;
 *   predictor (Table II):  Linear(L, 200) → LeakyReLU(0.04) → Linear(200, 200) → LeakyReLU(0.04) → Linear(200, 200)
 *     → ReLU → Linear(200, N);  loss: softmax cross-entropy against the optimal DFT beam, mean over the batch;
 *   Adam (lr, β 0.9 / 0.999, ε 1e-8, bias-corrected as torch.optim.Adam) on φ, θ and the predictor.
 * The probe gradients are whatever each framework's autodiff makes of these ops (ours: the fused closed forms
 * (7)–(11)). Every implementation starts from ours' weights and gets the same channels, labels and receiver noise
 * (ours' first draw); the peers keep that noise for every step.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Array as JArray } from '@jax-js/jax';
import type { JaxModule } from './jaxjs-peer.js';
import { registerTfGradients } from './tfjs-gradients.js';

export interface ProbeShape {
  batch: number;
  /** N_h, N_v, L */
  horizontal: number;
  vertical: number;
  probes: number;
  /** hidden widths (Table II: 200, 200, 200) */
  hidden: readonly number[];
  leakySlope: number;
  /** a = √P/σ and σ² (dBm) */
  amplitude: number;
  noiseDbm: number;
  lr: number;
}

/** Inputs and ours' initial weights, read back. */
export interface ProbeInit {
  /** [B, N] interleaved c64 (rows h_bᴴ) */
  h: Float32Array;
  /** [B] optimal beam indices */
  labels: Int32Array;
  /** [B, L] interleaved c64 */
  nu: Float32Array;
  phi: Float32Array;
  theta: Float32Array;
  /** per Linear: weight [out, in], bias [out] */
  layers: Array<{ w: Float32Array; b: Float32Array }>;
}

/** One peer implementation: training steps and inference (probe layer + predictor → logits, read back). */
export interface ProbePeerModel {
  /** `n` training steps; the last loss read back (all work done); n = 0 → NaN */
  run(n: number): Promise<number>;
  /** logits of the first `rows` channels (1 or the batch), read back; returns their sum (a checksum) */
  infer(rows: number): Promise<number>;
  /** counts of the traced step (jax-js: jaxpr equations) */
  jaxprEquations?(): number;
  dispose(): void;
}

export const RSRP_LOW = -140;
export const RSRP_HIGH = -40;

export function planes(data: Float32Array): { re: Float32Array; im: Float32Array } {
  const n = data.length / 2;
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = data[2 * i];
    im[i] = data[2 * i + 1];
  }
  return { re, im };
}

export function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
  return t;
}

/** π·m and π·n of element k = m·N_v + n, [1, N] each. */
export function elementIndices(horizontal: number, vertical: number): { m: Float32Array; n: Float32Array } {
  const N = horizontal * vertical;
  return {
    m: Float32Array.from({ length: N }, (_, k) => Math.PI * Math.floor(k / vertical)),
    n: Float32Array.from({ length: N }, (_, k) => Math.PI * (k % vertical)),
  };
}

/** Gradients the probe and HyperRNN TF.js peers need beyond bench/tfjs-gradients.ts (registered once). */
export function registerExtraTfGradients(tf: typeof TF): void {
  registerTfGradients(tf);
  type T = TF.Tensor;
  const rules = [
    {
      kernelName: 'ClipByValue',
      inputsToSave: ['x'],
      gradFunc: (dy: T, [x]: T[], attrs: Record<string, unknown>) => ({
        x: () => tf.where(tf.logicalAnd(tf.greaterEqual(x, attrs.clipValueMin as number), tf.lessEqual(x, attrs.clipValueMax as number)), dy, tf.zerosLike(dy)),
      }),
    },
    {
      kernelName: 'LeakyRelu',
      inputsToSave: ['x'],
      gradFunc: (dy: T, [x]: T[], attrs: Record<string, unknown>) => ({
        x: () => tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, attrs.alpha as number))),
      }),
    },
    {
      kernelName: 'Tanh',
      outputsToSave: [true],
      gradFunc: (dy: T, [y]: T[]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.square(y))) }),
    },
    { kernelName: 'Sign', gradFunc: (dy: T) => ({ x: () => tf.zerosLike(dy) }) },
  ];
  for (const r of rules) if (!tf.getGradient(r.kernelName)) tf.registerGradient(r as unknown as TF.GradConfig);
}

export function buildProbeTf(tf: typeof TF, s: ProbeShape, init: ProbeInit): ProbePeerModel {
  registerExtraTfGradients(tf);
  type T = TF.Tensor;
  const N = s.horizontal * s.vertical;
  const L = s.probes;
  const B = s.batch;
  const h = planes(init.h);
  const nu = planes(init.nu);
  const idx = elementIndices(s.horizontal, s.vertical);
  const hr = tf.tensor2d(h.re, [B, N]);
  const hi = tf.tensor2d(h.im, [B, N]);
  const nur = tf.tensor2d(nu.re, [B, L]);
  const nui = tf.tensor2d(nu.im, [B, L]);
  const mIdx = tf.tensor2d(idx.m, [1, N]);
  const nIdx = tf.tensor2d(idx.n, [1, N]);
  const onehot = tf.oneHot(tf.tensor1d(init.labels, 'int32'), N);
  const phi = tf.variable(tf.tensor1d(init.phi));
  const theta = tf.variable(tf.tensor1d(init.theta));
  const widths = [L, ...s.hidden, N];
  const layers = init.layers.map((l, i) => ({
    w: tf.variable(tf.tensor2d(transpose(l.w, widths[i + 1], widths[i]), [widths[i], widths[i + 1]])),
    b: tf.variable(tf.tensor1d(l.b)),
  }));
  const vars = [phi, theta, ...layers.flatMap((l) => [l.w, l.b])];
  const constants = [hr, hi, nur, nui, mIdx, nIdx, onehot];
  const norm = 1 / Math.sqrt(N);

  const logits = (rows: number): T => {
    const [r, i, nr, ni] =
      rows === B
        ? [hr, hi, nur, nui]
        : [tf.slice(hr, [0, 0], [rows, N]), tf.slice(hi, [0, 0], [rows, N]), tf.slice(nur, [0, 0], [rows, L]), tf.slice(nui, [0, 0], [rows, L])];
    const u = tf.reshape(tf.mul(tf.sin(phi), tf.sin(theta)), [L, 1]);
    const v = tf.reshape(tf.cos(theta), [L, 1]);
    const phase = tf.add(tf.mul(u, mIdx), tf.mul(v, nIdx)); // [L, N]
    const wr = tf.mul(tf.cos(phase), norm);
    const wi = tf.mul(tf.sin(phase), norm);
    const mm = (a: T, b: T) => tf.matMul(a as TF.Tensor2D, b as TF.Tensor2D, false, true);
    const zr = tf.add(tf.mul(tf.sub(mm(r, wr), mm(i, wi)), s.amplitude), nr);
    const zi = tf.add(tf.mul(tf.add(mm(r, wi), mm(i, wr)), s.amplitude), ni);
    const x = tf.add(tf.square(zr), tf.square(zi));
    const g = tf.clipByValue(tf.add(tf.mul(tf.log(x), 10 / Math.LN10), s.noiseDbm), RSRP_LOW, RSRP_HIGH);
    let a: T = tf.div(tf.sub(g, RSRP_LOW), RSRP_HIGH - RSRP_LOW);
    layers.forEach((l, k) => {
      a = tf.add(tf.matMul(a as TF.Tensor2D, l.w), l.b);
      if (k < layers.length - 1) a = k < layers.length - 2 ? tf.leakyRelu(a, s.leakySlope) : tf.relu(a);
    });
    return a;
  };
  const optimizer = tf.train.adam(s.lr, 0.9, 0.999, 1e-8);
  const loss = () => tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits(B))), 1))) as TF.Scalar;
  const step = (keep: boolean) => optimizer.minimize(loss, keep, vars as unknown as TF.Variable[]);
  return {
    async run(n) {
      if (n === 0) return NaN;
      for (let k = 0; k + 1 < n; k++) step(false);
      const Lv = step(true)!;
      const value = (await Lv.data())[0];
      Lv.dispose();
      return value;
    },
    async infer(rows) {
      const out = tf.tidy(() => logits(rows));
      const data = await out.data();
      out.dispose();
      let sum = 0;
      for (const d of data) sum += d;
      return sum;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([...constants, ...vars]);
    },
  };
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPS = 1e-8;

/** Adam as torch.optim.Adam, inside a jitted step: p, m, v lists and the step count t (a device scalar). */
export function jaxAdam(
  jax: JaxModule,
  lr: number,
  p: JArray[],
  g: JArray[],
  m: JArray[],
  v: JArray[],
  t: JArray,
): { p: JArray[]; m: JArray[]; v: JArray[]; t: JArray } {
  const { numpy: np } = jax;
  const t1 = t.add(1);
  const bc1 = np
    .exp(t1.ref.mul(Math.log(BETA1)))
    .mul(-1)
    .add(1);
  const bc2 = np
    .exp(t1.ref.mul(Math.log(BETA2)))
    .mul(-1)
    .add(1);
  const stepSize = np.reciprocal(bc1).mul(lr);
  const sqrtBc2 = np.sqrt(bc2);
  const out = { p: [] as JArray[], m: [] as JArray[], v: [] as JArray[], t: t1 };
  p.forEach((pi, i) => {
    const gi = g[i];
    const mi = m[i].mul(BETA1).add(gi.ref.mul(1 - BETA1));
    const vi = v[i].mul(BETA2).add(np.square(gi).mul(1 - BETA2));
    const denom = np.sqrt(vi.ref).div(sqrtBc2.ref).add(ADAM_EPS);
    out.p.push(pi.sub(mi.ref.mul(stepSize.ref).div(denom)));
    out.m.push(mi);
    out.v.push(vi);
  });
  stepSize.dispose();
  sqrtBc2.dispose();
  return out;
}

export function buildProbeJax(jax: JaxModule, s: ProbeShape, init: ProbeInit): ProbePeerModel {
  const { numpy: np, nn, tree } = jax;
  const N = s.horizontal * s.vertical;
  const L = s.probes;
  const B = s.batch;
  const h = planes(init.h);
  const nu = planes(init.nu);
  const idx = elementIndices(s.horizontal, s.vertical);
  const arr = (data: Float32Array, shape: number[]) => np.array(data, { shape });
  const widths = [L, ...s.hidden, N];
  const params: JArray[] = [arr(init.phi, [L]), arr(init.theta, [L])];
  init.layers.forEach((l, i) => params.push(arr(transpose(l.w, widths[i + 1], widths[i]), [widths[i], widths[i + 1]]), arr(l.b, [widths[i + 1]])));
  const onehot = Float32Array.from({ length: B * N }, (_, k) => (init.labels[Math.floor(k / N)] === k % N ? 1 : 0));
  /** constants: h re/im, ν re/im, π·m, π·n, one-hot labels */
  type C = { hr: JArray; hi: JArray; nr: JArray; ni: JArray; m: JArray; n: JArray; y: JArray };
  const consts = (rows: number): C => ({
    hr: arr(h.re.subarray(0, rows * N), [rows, N]),
    hi: arr(h.im.subarray(0, rows * N), [rows, N]),
    nr: arr(nu.re.subarray(0, rows * L), [rows, L]),
    ni: arr(nu.im.subarray(0, rows * L), [rows, L]),
    m: arr(idx.m, [1, N]),
    n: arr(idx.n, [1, N]),
    y: arr(onehot.subarray(0, rows * N), [rows, N]),
  });
  const norm = 1 / Math.sqrt(N);
  const logits = (p: JArray[], c: Omit<C, 'y'>): JArray => {
    const [phi, theta] = p;
    const u = np.sin(phi).mul(np.sin(theta.ref)).reshape([L, 1]);
    const v = np.cos(theta).reshape([L, 1]);
    const phase = u.mul(c.m).add(v.mul(c.n)); // [L, N]
    const wrT = np.cos(phase.ref).mul(norm).transpose();
    const wiT = np.sin(phase).mul(norm).transpose();
    const zr = np.matmul(c.hr.ref, wrT.ref).sub(np.matmul(c.hi.ref, wiT.ref)).mul(s.amplitude).add(c.nr);
    const zi = np.matmul(c.hr, wiT).add(np.matmul(c.hi, wrT)).mul(s.amplitude).add(c.ni);
    const x = np.square(zr).add(np.square(zi));
    const g = np.clip(
      np
        .log(x)
        .mul(10 / Math.LN10)
        .add(s.noiseDbm),
      RSRP_LOW,
      RSRP_HIGH,
    );
    let a = g.sub(RSRP_LOW).div(RSRP_HIGH - RSRP_LOW);
    const nl = (p.length - 2) / 2;
    for (let k = 0; k < nl; k++) {
      a = np.matmul(a, p[2 + 2 * k]).add(p[3 + 2 * k]);
      if (k < nl - 1) a = k < nl - 2 ? nn.leakyRelu(a, s.leakySlope) : nn.relu(a);
    }
    return a;
  };
  const loss = (p: JArray[], c: C): JArray => {
    const { y, ...rest } = c;
    return nn.logSoftmax(logits(p, rest), -1).mul(y).sum(-1).mean().mul(-1);
  };
  type State = { p: JArray[]; m: JArray[]; v: JArray[]; t: JArray };
  const stepFn = (st: State, c: C): [JArray, State] => {
    const [value, g] = jax.valueAndGrad(loss)(tree.ref(st.p), c);
    return [value, jaxAdam(jax, s.lr, st.p, g, st.m, st.v, st.t)];
  };
  const step = jax.jit(stepFn);
  const inferFn = jax.jit((p: JArray[], c: Omit<C, 'y'>) => logits(p, c));
  let state: State = { p: params, m: params.map((x) => np.zeros(x.shape)), v: params.map((x) => np.zeros(x.shape)), t: np.zeros([]) };
  const train = consts(B);
  const inferConsts = new Map<number, Omit<C, 'y'>>();
  return {
    async run(n) {
      if (n === 0) return NaN;
      let last: JArray | null = null;
      for (let k = 0; k < n; k++) {
        last?.dispose();
        const [value, next] = step(state, tree.ref(train));
        last = value;
        state = next;
      }
      return (await last!.data())[0];
    },
    async infer(rows) {
      let c = inferConsts.get(rows);
      if (!c) {
        const { y, ...rest } = consts(rows);
        y.dispose();
        inferConsts.set(rows, (c = rest));
      }
      const out = inferFn(tree.ref(state.p), tree.ref(c));
      const data = await out.data();
      let sum = 0;
      for (const d of data) sum += d;
      return sum;
    },
    jaxprEquations() {
      const { jaxpr } = jax.makeJaxpr(stepFn)(tree.ref(state), tree.ref(train));
      const n = jaxpr.jaxpr.flatten().simplify().eqns.length;
      jaxpr.dispose();
      return n;
    },
    dispose() {
      tree.dispose(state);
      tree.dispose(train);
      for (const c of inferConsts.values()) tree.dispose(c);
      step.dispose();
      inferFn.dispose();
    },
  };
}
