/**
 * HyperRNN (paper 003 §IV, Fig. 3) written for the peers of bench/hyperrnn.ts: TensorFlow.js (WebGPU backend) and
 * jax-js (one `jit` per training step), on real (re, im) planes; the same network as models/hyperrnn/network.ts:
 *
 *   y^dl = (h^dl)ᴴ X^dl + n, y^ul = (h^ul)ᴴ X^ul + n  (eqs. (1)–(2); per sequence and slot);
 *   f^Q: BatchNorm(2L_dl) → [Dense → ReLU → BatchNorm] per hidden width → Dense B;  q = sign(a·u) with the surrogate
 *        gradient a·(1 − tanh²(a·u)) (tanh(a·u) + stop_gradient(sign(a·u) − tanh(a·u)); TF.js: customGrad);
 *   hypernetwork (6a)–(6b): s^H_t = ReLU(W_ih ȳ^ul_t + b_ih + b_hh + W_hh s^H_{t−1}), ω_{A,B,C} = heads(s^H_t);
 *   estimation RNN (4)–(5): s_t = ReLU(W̄_A (ω_A ⊙ q_t) + b_A + W̄_C (ω_C ⊙ s_{t−1})), ĥ_t = W̄_B (ω_B ⊙ s_t) + b_B;
 *   loss: MSE between ĥ and [Re h^dl, Im h^dl] over batch, slots and 2M entries (7a);
 *   Adam (torch.optim.Adam's update; complex pilots as their real and imaginary parts), then every pilot column
 *   projected back onto ‖X_l‖² = P (7b)–(7c).
 * BatchNorm uses the batch moments (training mode); the peers do not keep running statistics (they do not enter the
 * training loss). Every implementation gets ours' initial weights and the channels and noise of ours' first step; the
 * peers keep those for every step.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Array as JArray } from '@jax-js/jax';
import type { JaxModule } from './jaxjs-peer.js';
import { jaxAdam, planes, registerExtraTfGradients } from './probe-peers.js';

export interface HyperrnnShape {
  batch: number;
  /** T */
  slots: number;
  /** M */
  antennas: number;
  dlPilots: number;
  ulPilots: number;
  bits: number;
  encoder: readonly number[];
  hyperUnits: number;
  rnnUnits: number;
  pilotPower: number;
  slope: number;
  lr: number;
}

/** Ours' data of the first step and initial parameters (name → values; c64 interleaved), read back. */
export interface HyperrnnInit {
  /** [B, T, M] c64 */
  hDl: Float32Array;
  hUl: Float32Array;
  /** [B, T, L_dl], [B, T, L_ul] c64 */
  nDl: Float32Array;
  nUl: Float32Array;
  params: Record<string, Float32Array>;
}

export interface HyperrnnPeerModel {
  /** `n` training steps; the last loss read back; n = 0 → NaN */
  run(n: number): Promise<number>;
  jaxprEquations?(): number;
  dispose(): void;
}

export const BN_EPS = 1e-5;

/** Parameter names in the peers' order, with shapes (complex pilots: one entry, split into re/im planes by the peers). */
export function parameterList(s: HyperrnnShape): Array<{ name: string; shape: number[]; complex?: boolean }> {
  const M = s.antennas;
  const out: Array<{ name: string; shape: number[]; complex?: boolean }> = [
    { name: 'dl_pilots.X', shape: [M, s.dlPilots], complex: true },
    { name: 'ul_pilots.X', shape: [M, s.ulPilots], complex: true },
    { name: 'encoder.0.weight', shape: [2 * s.dlPilots] },
    { name: 'encoder.0.bias', shape: [2 * s.dlPilots] },
  ];
  let width = 2 * s.dlPilots;
  s.encoder.forEach((units, i) => {
    out.push({ name: `encoder.${3 * i + 1}.weight`, shape: [units, width] }, { name: `encoder.${3 * i + 1}.bias`, shape: [units] });
    out.push({ name: `encoder.${3 * i + 3}.weight`, shape: [units] }, { name: `encoder.${3 * i + 3}.bias`, shape: [units] });
    width = units;
  });
  const last = 3 * s.encoder.length + 1;
  out.push({ name: `encoder.${last}.weight`, shape: [s.bits, width] }, { name: `encoder.${last}.bias`, shape: [s.bits] });
  const H = s.hyperUnits;
  const E = s.rnnUnits;
  out.push(
    { name: 'hyper.cell.weight_ih', shape: [H, 2 * s.ulPilots] },
    { name: 'hyper.cell.weight_hh', shape: [H, H] },
    { name: 'hyper.cell.bias_ih', shape: [H] },
    { name: 'hyper.cell.bias_hh', shape: [H] },
    { name: 'hyper.head_A.weight', shape: [s.bits, H] },
    { name: 'hyper.head_A.bias', shape: [s.bits] },
    { name: 'hyper.head_B.weight', shape: [E, H] },
    { name: 'hyper.head_B.bias', shape: [E] },
    { name: 'hyper.head_C.weight', shape: [E, H] },
    { name: 'hyper.head_C.bias', shape: [E] },
    { name: 'estimator.W_A', shape: [E, s.bits] },
    { name: 'estimator.W_C', shape: [E, E] },
    { name: 'estimator.W_B', shape: [2 * M, E] },
    { name: 'estimator.b_A', shape: [E] },
    { name: 'estimator.b_B', shape: [2 * M] },
  );
  return out;
}

/**
 * The network on real planes for any array library with these few operations (TF.js and jax-js differ only in
 * them and in jax-js's ownership rules, which `use` hides: it returns a handle that may be consumed once more).
 */
interface Ops<T> {
  mm(a: T, b: T, transposeB: boolean): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  scale(a: T, s: number): T;
  relu(a: T): T;
  reshape(a: T, shape: number[]): T;
  concat(xs: T[], axis: number): T;
  /** [B, T, X] → slot t as [B, X] */
  slot(a: T, t: number): T;
  /** batch-norm with the batch moments over axis 0 */
  bn(x: T, gamma: T, beta: T): T;
  ste(u: T, slope: number): T;
  mseLoss(a: T, b: T): T;
  /** another reference to `a` (jax-js: a.ref; TF.js: a) */
  use(a: T): T;
}

interface Planes<T> {
  dlRe: T;
  dlIm: T;
  ulRe: T;
  ulIm: T;
  nDlRe: T;
  nDlIm: T;
  nUlRe: T;
  nUlIm: T;
}

/** p: parameters by name (complex pilots as `${name}.re` / `.im`); d: the data planes, [B·T, ·]. */
function hyperLoss<T>(o: Ops<T>, s: HyperrnnShape, p: Record<string, T>, d: Planes<T>): T {
  const { batch: B, slots: T } = s;
  const u = o.use;
  const receive = (hr: T, hi: T, xr: T, xi: T, nr: T, ni: T): T => {
    // (conj h)·X: re = hr·xr + hi·xi, im = hr·xi − hi·xr
    const re = o.add(o.add(o.mm(u(hr), u(xr), false), o.mm(u(hi), u(xi), false)), nr);
    const im = o.add(o.sub(o.mm(hr, xi, false), o.mm(hi, xr, false)), ni);
    return o.concat([re, im], 1);
  };
  const target = o.concat([u(d.dlRe), u(d.dlIm)], 1);
  let a = receive(d.dlRe, d.dlIm, p['dl_pilots.X.re'], p['dl_pilots.X.im'], d.nDlRe, d.nDlIm);
  a = o.bn(a, p['encoder.0.weight'], p['encoder.0.bias']);
  s.encoder.forEach((_, i) => {
    a = o.relu(o.add(o.mm(a, p[`encoder.${3 * i + 1}.weight`], true), p[`encoder.${3 * i + 1}.bias`]));
    a = o.bn(a, p[`encoder.${3 * i + 3}.weight`], p[`encoder.${3 * i + 3}.bias`]);
  });
  const last = 3 * s.encoder.length + 1;
  const q = o.ste(o.add(o.mm(a, p[`encoder.${last}.weight`], true), p[`encoder.${last}.bias`]), s.slope); // [BT, bits]
  const yul = receive(d.ulRe, d.ulIm, p['ul_pilots.X.re'], p['ul_pilots.X.im'], d.nUlRe, d.nUlIm); // [BT, 2L_ul]
  const recur = (drive: T, width: number, next: (prev: T, t: number) => T): T => {
    const d3 = o.reshape(drive, [B, T, width]);
    const states: T[] = [];
    for (let t = 0; t < T; t++) {
      const dt = o.slot(t + 1 < T ? u(d3) : d3, t);
      states.push(o.relu(t === 0 ? dt : o.add(dt, next(u(states[t - 1]), t))));
    }
    return o.reshape(
      o.concat(
        states.map((x) => o.reshape(x, [B, 1, width])),
        1,
      ),
      [B * T, width],
    );
  };
  const H = s.hyperUnits;
  const E = s.rnnUnits;
  const hyperDrive = o.add(o.add(o.mm(yul, p['hyper.cell.weight_ih'], true), p['hyper.cell.bias_ih']), p['hyper.cell.bias_hh']);
  const whh = p['hyper.cell.weight_hh'];
  const SH = recur(hyperDrive, H, (prev, t) => o.mm(prev, t + 1 < T ? u(whh) : whh, true));
  const head = (k: string, x: T) => o.add(o.mm(x, p[`hyper.head_${k}.weight`], true), p[`hyper.head_${k}.bias`]);
  const omegaA = head('A', u(SH));
  const omegaB = head('B', u(SH));
  const omegaC = o.reshape(head('C', SH), [B, T, E]);
  const drive = o.add(o.mm(o.mul(q, omegaA), p['estimator.W_A'], true), p['estimator.b_A']);
  const wc = p['estimator.W_C'];
  // slot 0 has no W̄_C term: ω_C of slots 1 … T−1 are read
  const S = recur(drive, E, (prev, t) => o.mm(o.mul(prev, o.slot(t + 1 < T ? u(omegaC) : omegaC, t)), t + 1 < T ? u(wc) : wc, true));
  const out = o.add(o.mm(o.mul(S, omegaB), p['estimator.W_B'], true), p['estimator.b_B']);
  return o.mseLoss(out, target);
}

function dataPlanes(s: HyperrnnShape, x: HyperrnnInit) {
  const BT = s.batch * s.slots;
  const dl = planes(x.hDl);
  const ul = planes(x.hUl);
  const nDl = planes(x.nDl);
  const nUl = planes(x.nUl);
  return {
    shapes: { h: [BT, s.antennas], nDl: [BT, s.dlPilots], nUl: [BT, s.ulPilots] },
    dl,
    ul,
    nDl,
    nUl,
  };
}

/** Parameters as flat planes in parameterList order (complex: re then im). */
function parameterPlanes(s: HyperrnnShape, x: HyperrnnInit): Array<{ name: string; shape: number[]; data: Float32Array }> {
  const out: Array<{ name: string; shape: number[]; data: Float32Array }> = [];
  for (const e of parameterList(s)) {
    const data = x.params[e.name];
    if (!data) throw new Error(`hyperrnn peer: ours has no parameter ${e.name}`);
    if (e.complex) {
      const { re, im } = planes(data);
      out.push({ name: `${e.name}.re`, shape: e.shape, data: re }, { name: `${e.name}.im`, shape: e.shape, data: im });
    } else out.push({ name: e.name, shape: e.shape, data });
  }
  return out;
}

export function buildHyperrnnTf(tf: typeof TF, s: HyperrnnShape, x: HyperrnnInit): HyperrnnPeerModel {
  registerExtraTfGradients(tf);
  type T = TF.Tensor;
  const dp = dataPlanes(s, x);
  const d: Planes<T> = {
    dlRe: tf.tensor(dp.dl.re, dp.shapes.h),
    dlIm: tf.tensor(dp.dl.im, dp.shapes.h),
    ulRe: tf.tensor(dp.ul.re, dp.shapes.h),
    ulIm: tf.tensor(dp.ul.im, dp.shapes.h),
    nDlRe: tf.tensor(dp.nDl.re, dp.shapes.nDl),
    nDlIm: tf.tensor(dp.nDl.im, dp.shapes.nDl),
    nUlRe: tf.tensor(dp.nUl.re, dp.shapes.nUl),
    nUlIm: tf.tensor(dp.nUl.im, dp.shapes.nUl),
  };
  const vars: Record<string, TF.Variable> = {};
  for (const e of parameterPlanes(s, x)) vars[e.name] = tf.variable(tf.tensor(e.data, e.shape), true, e.name.replace(/[^\w]/g, '_'));
  const ste = tf.customGrad(((z: T, save: TF.GradSaveFunc) => {
    save([z]);
    return { value: tf.sign(z), gradFunc: (dy: T, [zz]: T[]) => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(zz)))) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (z: T) => T;
  const o: Ops<T> = {
    mm: (a, b, tb) => tf.matMul(a as TF.Tensor2D, b as TF.Tensor2D, false, tb),
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    scale: (a, k) => tf.mul(a, k),
    relu: (a) => tf.relu(a),
    reshape: (a, shape) => tf.reshape(a, shape),
    concat: (xs, axis) => tf.concat(xs, axis),
    slot: (a, t) => {
      const [b, , w] = a.shape as [number, number, number];
      return tf.reshape(tf.slice(a, [0, t, 0], [b, 1, w]), [b, w]);
    },
    bn: (z, gamma, beta) => {
      const { mean, variance } = tf.moments(z, 0);
      return tf.add(tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPS))), gamma), beta);
    },
    ste: (u, slope) => ste(tf.mul(u, slope)),
    mseLoss: (a, b) => tf.mean(tf.square(tf.sub(a, b))),
    use: (a) => a,
  };
  const optimizer = tf.train.adam(s.lr, 0.9, 0.999, 1e-8);
  const varList = Object.values(vars);
  const project = (name: string) => {
    tf.tidy(() => {
      const re = vars[`${name}.re`];
      const im = vars[`${name}.im`];
      const k = tf.div(Math.sqrt(s.pilotPower), tf.sqrt(tf.sum(tf.add(tf.square(re), tf.square(im)), 0, true)));
      re.assign(tf.mul(re, k));
      im.assign(tf.mul(im, k));
    });
  };
  const step = (keep: boolean) => {
    const L = optimizer.minimize(() => hyperLoss(o, s, vars as Record<string, T>, d) as TF.Scalar, keep, varList);
    project('dl_pilots.X');
    project('ul_pilots.X');
    return L;
  };
  return {
    async run(n) {
      if (n === 0) return NaN;
      for (let k = 0; k + 1 < n; k++) step(false);
      const L = step(true)!;
      const v = (await L.data())[0];
      L.dispose();
      return v;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([...Object.values(d), ...varList]);
    },
  };
}

export function buildHyperrnnJax(jax: JaxModule, s: HyperrnnShape, x: HyperrnnInit): HyperrnnPeerModel {
  const { numpy: np, nn, lax, tree } = jax;
  type J = JArray;
  const dp = dataPlanes(s, x);
  const arr = (data: Float32Array, shape: number[]) => np.array(data, { shape });
  const data: Planes<J> = {
    dlRe: arr(dp.dl.re, dp.shapes.h),
    dlIm: arr(dp.dl.im, dp.shapes.h),
    ulRe: arr(dp.ul.re, dp.shapes.h),
    ulIm: arr(dp.ul.im, dp.shapes.h),
    nDlRe: arr(dp.nDl.re, dp.shapes.nDl),
    nDlIm: arr(dp.nDl.im, dp.shapes.nDl),
    nUlRe: arr(dp.nUl.re, dp.shapes.nUl),
    nUlIm: arr(dp.nUl.im, dp.shapes.nUl),
  };
  const list = parameterPlanes(s, x);
  const names = list.map((e) => e.name);
  const params = list.map((e) => arr(e.data, e.shape));
  const o: Ops<J> = {
    mm: (a, b, tb) => np.matmul(a, tb ? b.transpose() : b),
    add: (a, b) => a.add(b),
    sub: (a, b) => a.sub(b),
    mul: (a, b) => a.mul(b),
    scale: (a, k) => a.mul(k),
    relu: (a) => nn.relu(a),
    reshape: (a, shape) => a.reshape(shape),
    concat: (xs, axis) => np.concatenate(xs, axis),
    slot: (a, t) => a.slice([], t),
    bn: (z, gamma, beta) => {
      const mu = np.mean(z.ref, 0);
      const centred = z.sub(mu);
      const variance = np.mean(np.square(centred.ref), 0);
      return centred
        .div(np.sqrt(variance.add(BN_EPS)))
        .mul(gamma)
        .add(beta);
    },
    ste: (u, slope) => {
      const z = u.mul(slope);
      const t = np.tanh(z.ref);
      return t.ref.add(lax.stopGradient(np.sign(z).sub(t)));
    },
    mseLoss: (a, b) => np.mean(np.square(a.sub(b))),
    use: (a) => a.ref,
  };
  const byName = (ps: J[]) => Object.fromEntries(names.map((n, i) => [n, ps[i]]));
  const loss = (ps: J[], d: Planes<J>) => hyperLoss(o, s, byName(ps), d);
  const pilotIndex = ['dl_pilots.X', 'ul_pilots.X'].map((n) => [names.indexOf(`${n}.re`), names.indexOf(`${n}.im`)]);
  type State = { p: J[]; m: J[]; v: J[]; t: J };
  const stepFn = (st: State, d: Planes<J>): [J, State] => {
    const [value, g] = jax.valueAndGrad(loss)(tree.ref(st.p), d);
    const next = jaxAdam(jax, s.lr, st.p, g, st.m, st.v, st.t);
    for (const [ir, ii] of pilotIndex) {
      const re = next.p[ir];
      const im = next.p[ii];
      const k = np.sqrt(np.square(re.ref).add(np.square(im.ref)).sum(0, { keepdims: true })).div(Math.sqrt(s.pilotPower));
      next.p[ir] = re.div(k.ref);
      next.p[ii] = im.div(k);
    }
    return [value, next];
  };
  const step = jax.jit(stepFn);
  let state: State = { p: params, m: params.map((p) => np.zeros(p.shape)), v: params.map((p) => np.zeros(p.shape)), t: np.zeros([]) };
  return {
    async run(n) {
      if (n === 0) return NaN;
      let last: J | null = null;
      for (let k = 0; k < n; k++) {
        last?.dispose();
        const [value, next] = step(state, tree.ref(data));
        last = value;
        state = next;
      }
      return (await last!.data())[0];
    },
    jaxprEquations() {
      const { jaxpr } = jax.makeJaxpr(stepFn)(tree.ref(state), tree.ref(data));
      const n = jaxpr.jaxpr.flatten().simplify().eqns.length;
      jaxpr.dispose();
      return n;
    },
    dispose() {
      tree.dispose(state);
      tree.dispose(data);
      step.dispose();
    },
  };
}
