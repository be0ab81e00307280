/**
 * The MLP of bench/mlp.ts in jax-js: 1024 → 512 → 256 → 128 → 96, Linear → BatchNorm (training mode: batch moments,
 * biased variance to normalize, running mean/variance updated with the unbiased one, momentum 0.1, ε 1e-5, γ = 1,
 * β = 0 at start) → ReLU on the hidden layers, linear output, MSE (mean over all elements), Adam (lr 1e-3, β 0.9 /
 * 0.999, ε 1e-8, bias-corrected as torch.optim.Adam: p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)).
 *
 * The whole training step is one `jit`: forward, `valueAndGrad` (reverse mode) of the loss with the batch moments as
 * auxiliary outputs, the running-statistic updates, and the Adam update of every parameter including the step count
 * and bias corrections (kept on the device as a scalar array, so no value changes between calls and the step
 * compiles once). Inputs and outputs are pytrees (flat arrays of jax Arrays); the host loop only threads them
 * through and reads the last loss back.
 */
import type { Array as JArray } from '@jax-js/jax';
import type { JaxModule } from './jaxjs-peer.js';

export interface MlpShape {
  widths: number[];
  batch: number;
  lr: number;
  bnEps: number;
  bnMomentum: number;
}

/** Data and initial weights (ours, read back): weight [out, in] row-major, bias [out], per Linear. */
export interface MlpInit {
  x: Float32Array;
  y: Float32Array;
  layers: Array<{ w: Float32Array; b: Float32Array }>;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPS = 1e-8;

export interface JaxMlp {
  /** `n` jitted steps back to back; the last loss read back (all work done) */
  run(n: number): Promise<number>;
  /** waits until the parameters are computed */
  sync(): Promise<void>;
  /** the traced step: jaxpr equations (primitives) after flattening nested jit and simplifying */
  jaxprEquations(): number;
  dispose(): void;
}

function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
  return t;
}

export function buildJaxMlp(jax: JaxModule, s: MlpShape, init: MlpInit): JaxMlp {
  const { numpy: np, nn, tree } = jax;
  const L = s.widths.length - 1;
  const hidden = L - 1;
  const arr = (data: Float32Array, shape: number[]) => np.array(data, { shape });

  // Parameters as one flat list: per layer w [in, out], b, then γ, β on the hidden layers.
  const params: JArray[] = [];
  for (let i = 0; i < L; i++) {
    const [fin, fout] = [s.widths[i], s.widths[i + 1]];
    params.push(arr(transpose(init.layers[i].w, fout, fin), [fin, fout]), arr(init.layers[i].b, [fout]));
    if (i < hidden) params.push(np.ones([fout]), np.zeros([fout]));
  }
  const zerosLike = (ps: JArray[]) => ps.map((p) => np.zeros(p.shape));

  type Moments = { mean: JArray[]; variance: JArray[] };
  const loss = (p: JArray[], x: JArray, y: JArray): [JArray, Moments] => {
    let h = x;
    let k = 0;
    const moments: Moments = { mean: [], variance: [] };
    for (let i = 0; i < L; i++) {
      h = np.dot(h, p[k++]).add(p[k++]);
      if (i < hidden) {
        const mu = np.mean(h.ref, 0);
        const variance = np.mean(np.square(h.ref.sub(mu.ref)), 0);
        moments.mean.push(mu.ref);
        moments.variance.push(variance.ref);
        h = nn.relu(
          h
            .sub(mu)
            .div(np.sqrt(variance.add(s.bnEps)))
            .mul(p[k++])
            .add(p[k++]),
        );
      }
    }
    return [np.mean(np.square(h.sub(y))), moments];
  };

  type State = { p: JArray[]; m: JArray[]; v: JArray[]; t: JArray; runMean: JArray[]; runVar: JArray[] };
  const unbiased = s.batch / (s.batch - 1);
  const stepFn = (st: State, x: JArray, y: JArray): [JArray, State] => {
    const [[value, moments], g] = jax.valueAndGrad(loss, { hasAux: true })(tree.ref(st.p), x, y);
    const t = st.t.add(1);
    // 1 − βᵗ = 1 − exp(t ln β)
    const bc1 = np
      .exp(t.ref.mul(Math.log(BETA1)))
      .mul(-1)
      .add(1);
    const bc2 = np
      .exp(t.ref.mul(Math.log(BETA2)))
      .mul(-1)
      .add(1);
    const stepSize = np.reciprocal(bc1).mul(s.lr);
    const sqrtBc2 = np.sqrt(bc2);
    const next: State = { p: [], m: [], v: [], t, runMean: [], runVar: [] };
    st.p.forEach((p, i) => {
      const gi = g[i];
      const m = st.m[i].mul(BETA1).add(gi.ref.mul(1 - BETA1));
      const v = st.v[i].mul(BETA2).add(np.square(gi).mul(1 - BETA2));
      const denom = np.sqrt(v.ref).div(sqrtBc2.ref).add(ADAM_EPS);
      next.p.push(p.sub(m.ref.mul(stepSize.ref).div(denom)));
      next.m.push(m);
      next.v.push(v);
    });
    stepSize.dispose();
    sqrtBc2.dispose();
    for (let i = 0; i < hidden; i++) {
      next.runMean.push(st.runMean[i].mul(1 - s.bnMomentum).add(moments.mean[i].mul(s.bnMomentum)));
      next.runVar.push(st.runVar[i].mul(1 - s.bnMomentum).add(moments.variance[i].mul(s.bnMomentum * unbiased)));
    }
    return [value, next];
  };
  const step = jax.jit(stepFn);

  let state: State = {
    p: params,
    m: zerosLike(params),
    v: zerosLike(params),
    t: np.zeros([]),
    runMean: s.widths.slice(1, 1 + hidden).map((n) => np.zeros([n])),
    runVar: s.widths.slice(1, 1 + hidden).map((n) => np.ones([n])),
  };
  const x = arr(init.x, [s.batch, s.widths[0]]);
  const y = arr(init.y, [s.batch, s.widths[L]]);

  return {
    async run(n) {
      let last: JArray | null = null;
      for (let i = 0; i < n; i++) {
        last?.dispose();
        const [value, next] = step(state, x.ref, y.ref);
        last = value;
        state = next;
      }
      return (await last!.data())[0];
    },
    async sync() {
      await jax.blockUntilReady(state);
    },
    jaxprEquations() {
      const { jaxpr } = jax.makeJaxpr(stepFn)(tree.ref(state), x.ref, y.ref);
      const n = jaxpr.jaxpr.flatten().simplify().eqns.length;
      jaxpr.dispose();
      return n;
    },
    dispose() {
      tree.dispose(state);
      x.dispose();
      y.dispose();
      step.dispose();
    },
  };
}
