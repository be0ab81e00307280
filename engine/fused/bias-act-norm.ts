/**
 * biasActNorm: a dense layer's epilogue — bias, activation and BatchNorm1d — as one kernel forward and one backward
 * (shaders/fused/bias-act-norm.wgsl), in place of the ≈ 10 element-wise and reduction ops of the composition and
 * their ≈ 25 backward ops. `Sequential` uses it for Linear → act → BatchNorm1d and Linear → BatchNorm1d → act.
 *
 *   z [N, C] f32 (x·Wᵀ from the GEMM), b, γ, β [C] f32 → y [N, C] f32
 *   order 'act-first':  y = γ·(act(z + b) − μ)/σ + β;   order 'norm-first':  y = act(γ·(z + b − μ)/σ + β)
 *
 * Training mode uses the batch statistics (biased variance, σ = √(σ² + ε)) and updates the running statistics in the
 * same kernel (unbiased variance, as torch.nn.BatchNorm1d); eval mode reads the running statistics. The backward
 * kernel gives ∂L/∂z, ∂L/∂b, ∂L/∂γ and ∂L/∂β from the saved (μ, 1/σ); it runs without recording, so the op is not
 * differentiable twice (createGraph throws CustomOpGradError; the composition is).
 */
import { defineCustomOp } from '../autodiff/custom-op.js';
import { runtime, grid1d } from '../device/runtime.js';
import { ShapeError } from '../errors.js';
import { fmt } from '../tensor/shape.js';
import { Tensor, type Real } from '../tensor/tensor.js';

const KERNEL = 'fused/bias-act-norm';
const ACT = { none: 0, relu: 1, 'leaky-relu': 2 } as const;

export interface BiasActNormOptions {
  act: keyof typeof ACT;
  /** leaky relu's slope for x < 0 */
  slope?: number;
  order: 'act-first' | 'norm-first';
  eps: number;
  momentum: number;
  training: boolean;
  /** [C], updated in place in training mode; required in eval mode */
  runningMean: Real | null;
  runningVar: Real | null;
}

/** Storage buffers the backward entry binds: the fused path needs an adapter that allows them. */
export const BIAS_ACT_NORM_BINDINGS = 10;

/** Whether the fused kernel can serve these options on this device (else use the composition). */
export function biasActNormAvailable(o: Pick<BiasActNormOptions, 'act'>): boolean {
  return o.act in ACT && runtime().limits.maxStorageBuffersPerShaderStage >= BIAS_ACT_NORM_BINDINGS;
}

function overrides(o: BiasActNormOptions) {
  return { ACT: ACT[o.act], ORDER_ACT_FIRST: Number(o.order === 'act-first'), TRACK: Number(o.runningMean !== null) };
}

function params(o: BiasActNormOptions, N: number, C: number) {
  return { N, C, alpha: o.slope ?? 0.01, eps: o.eps, momentum: o.momentum };
}

/** Running statistics, or 1-element spares when the layer keeps none (TRACK = 0 never touches them). */
function runningBuffers(o: BiasActNormOptions, spares: Tensor[]) {
  const spare = () => {
    const t = Tensor.empty([1], 'f32', 'biasActNorm:unused');
    spares.push(t);
    return t.buffer();
  };
  return {
    running_mean: o.runningMean ? o.runningMean.buffer('biasActNorm') : spare(),
    running_var: o.runningVar ? o.runningVar.buffer('biasActNorm') : spare(),
  };
}

const trainOp = defineCustomOp<[Real, Real, Real, Real], Real, Tensor, BiasActNormOptions>({
  name: 'biasActNorm',
  forward: ([z, bias, gamma, beta], o) => {
    const [N, C] = z.shape;
    const y = Tensor.empty([N, C], 'f32', 'biasActNorm');
    const saved = Tensor.empty([C, 2], 'f32', 'biasActNorm:saved');
    const spares: Tensor[] = [];
    const k = runtime().kernel(KERNEL);
    const [wg] = k.workgroupSize({}, 'forward_train');
    k.dispatch(
      { z: z.buffer(), bias: bias.buffer(), gamma: gamma.buffer(), beta: beta.buffer(), y: y.buffer(), saved: saved.buffer(), ...runningBuffers(o, spares) },
      { entry: 'forward_train', params: params(o, N, C), overrides: overrides(o), workgroups: [Math.ceil(C / wg)] },
    );
    for (const t of spares) t.dispose();
    return { out: y, residuals: saved };
  },
  backward: (saved, gy, { inputs: [z, bias, gamma, beta], attrs: o }) => {
    const [N, C] = z.shape;
    const gz = Tensor.empty([N, C], 'f32', 'biasActNorm:grad_z');
    const [gb, gg, gbeta] = ['bias', 'gamma', 'beta'].map((n) => Tensor.empty([C], 'f32', `biasActNorm:grad_${n}`));
    const k = runtime().kernel(KERNEL);
    const [wg] = k.workgroupSize({}, 'backward');
    k.dispatch(
      {
        z: z.buffer(),
        bias: bias.buffer(),
        gamma: gamma.buffer(),
        beta: beta.buffer(),
        stats: saved.buffer(),
        gy: gy.buffer('biasActNorm backward'),
        gz: gz.buffer(),
        gbias: gb.buffer(),
        ggamma: gg.buffer(),
        gbeta: gbeta.buffer(),
      },
      { entry: 'backward', params: params(o, N, C), overrides: overrides(o), workgroups: [Math.ceil(C / wg)] },
    );
    return [gz, gb, gg, gbeta];
  },
});

/**
 * y = BN(act(z + b)) or act(BN(z + b)) for z [N, C]; training mode needs N ≥ 2, eval mode the running statistics.
 * Eval mode is one element-wise kernel and records no gradient: use the composition to differentiate through it.
 */
export function biasActNorm(z: Real, bias: Real, gamma: Real, beta: Real, o: BiasActNormOptions): Real {
  const [N, C] = z.shape;
  const ok = z.rank === 2 && [bias, gamma, beta].every((t) => t.rank === 1 && t.shape[0] === C);
  if (!ok || z.dtype !== 'f32') {
    throw new ShapeError(
      `biasActNorm: expected z [N, C] and b, γ, β [C], all f32; got z ${fmt(z.shape)} ${z.dtype}, b ${fmt(bias.shape)}, γ ${fmt(gamma.shape)}, β ${fmt(beta.shape)}`,
    );
  }
  if (o.training) {
    if (N < 2) throw new ShapeError(`biasActNorm: expected more than 1 value per feature in training mode; got z ${fmt(z.shape)}`);
    return trainOp([z, bias, gamma, beta], o);
  }
  if (!o.runningMean || !o.runningVar) throw new ShapeError('biasActNorm: eval mode needs the running statistics');
  const y = Tensor.empty([N, C], 'f32', 'biasActNorm');
  const rt = runtime();
  const k = rt.kernel(KERNEL);
  const [wg] = k.workgroupSize({}, 'forward_eval');
  k.dispatch(
    {
      z: z.buffer(),
      bias: bias.buffer(),
      gamma: gamma.buffer(),
      beta: beta.buffer(),
      y: y.buffer(),
      running_mean: o.runningMean.buffer(),
      running_var: o.runningVar.buffer(),
    },
    { entry: 'forward_eval', params: params(o, N, C), overrides: overrides(o), workgroups: grid1d(N * C, wg, rt.limits.maxComputeWorkgroupsPerDimension) },
  );
  return y;
}
