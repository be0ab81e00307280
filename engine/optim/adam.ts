/**
 * Adam (Kingma & Ba 2015, Algorithm 1) with bias correction, matching torch.optim.Adam: `weightDecay` λ adds λ·p
 * to the gradient (L2), or with `decoupledWeightDecay` (AdamW, Loshchilov & Hutter 2019) scales p by 1 − lr·λ
 * before the update. A complex parameter is treated as its real view (PyTorch's view_as_real): m and v are kept
 * separately for the real and imaginary words, so v is not |g|².
 *
 * One dispatch of shaders/optim/adam.wgsl per parameter updates param, m and v in place.
 */
import { grid1d, runtime } from '../device/runtime.js';
import { Tensor } from '../tensor/tensor.js';
import type { PooledBuffer } from '../device/pool.js';
import { CheckpointError } from '../checkpoint/errors.js';
import { OptimizerError } from './errors.js';
import { checkLr, Optimizer, scalarNumber, type NamedParam, type OptimizerState } from './optimizer.js';

/** parameters per dispatch of shaders/optim/adam-group.wgsl (4 storage bindings each) */
const GROUP = 4;

export interface AdamOptions {
  /** learning rate (default 1e-3) */
  lr?: number;
  /** β1, β2 (default [0.9, 0.999]) */
  betas?: readonly [number, number];
  /** added to √v̂ (default 1e-8) */
  eps?: number;
  /** λ ≥ 0 (default 0; AdamW: 1e-2) */
  weightDecay?: number;
  /** true: AdamW's decoupled decay p ← p·(1 − lr·λ); false: L2, g ← g + λ·p (default false; AdamW: true) */
  decoupledWeightDecay?: boolean;
}

export class Adam extends Optimizer {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupledWeightDecay: boolean;
  private readonly m: Tensor[];
  private readonly v: Tensor[];

  constructor(params: ReadonlyArray<NamedParam>, options: AdamOptions = {}, kind = 'adam') {
    super(kind, params, options.lr ?? 1e-3);
    const [beta1, beta2] = options.betas ?? [0.9, 0.999];
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.decoupledWeightDecay = options.decoupledWeightDecay ?? false;
    this.validate();
    this.m = this.zerosLike();
    this.v = this.zerosLike();
  }

  state(): OptimizerState {
    this.assertAlive();
    const tensors: Record<string, Tensor> = {};
    this.params.forEach(({ name }, i) => {
      tensors[`m/${name}`] = this.m[i];
      tensors[`v/${name}`] = this.v[i];
    });
    return {
      tensors,
      scalars: {
        kind: this.kind,
        lr: this.lr,
        betas: [this.beta1, this.beta2],
        eps: this.eps,
        weightDecay: this.weightDecay,
        decoupledWeightDecay: this.decoupledWeightDecay,
        steps: this.stepsByName(),
      },
    };
  }

  loadState(state: { tensors: Record<string, Tensor>; scalars: Record<string, unknown> }): void {
    this.assertAlive();
    const op = `${this.kind}.loadState`;
    const s = state.scalars;
    const steps = this.checkCommon(s);
    const betas = s.betas;
    if (!Array.isArray(betas) || betas.length !== 2) throw new CheckpointError(`${op}: 'betas' must be [β1, β2]; got ${JSON.stringify(betas)}`);
    if (typeof s.decoupledWeightDecay !== 'boolean') {
      throw new CheckpointError(`${op}: 'decoupledWeightDecay' must be a boolean; got ${JSON.stringify(s.decoupledWeightDecay)}`);
    }
    const hyper = {
      beta1: betas[0] as number,
      beta2: betas[1] as number,
      eps: scalarNumber(op, s, 'eps'),
      weightDecay: scalarNumber(op, s, 'weightDecay'),
    };
    const lr = checkLr(op, scalarNumber(op, s, 'lr'));
    checkAdam(op, hyper);
    this.copyState(op, 'm/', state.tensors, this.m);
    this.copyState(op, 'v/', state.tensors, this.v);
    this.setSteps(steps);
    this.lr = lr;
    Object.assign(this, hyper);
    this.decoupledWeightDecay = s.decoupledWeightDecay;
  }

  /**
   * Groups of up to four parameters per dispatch of shaders/optim/adam-group.wgsl where the device allows 16 storage
   * buffers per stage (a DL-JHPF step: 102 parameters in 26 dispatches instead of 102); one per parameter elsewhere.
   * Parameters whose word count is a multiple of 4 go to adam-group4.wgsl, which reads and writes quads of words
   * (vec4): on lavapipe about 2× faster per word (bench: DL-JHPF's update); the rest to the word-wise kernel.
   */
  protected override apply(updates: ReadonlyArray<readonly [number, Tensor]>): void {
    if (runtime().limits.maxStorageBuffersPerShaderStage < 4 * GROUP || updates.length < 2) {
      super.apply(updates);
      return;
    }
    const quads = updates.filter(([i]) => this.params[i].param.words % 4 === 0);
    const words = updates.filter(([i]) => this.params[i].param.words % 4 !== 0);
    for (let k = 0; k < quads.length; k += GROUP) this.updateGroup(quads.slice(k, k + GROUP), 4);
    for (let k = 0; k < words.length; k += GROUP) this.updateGroup(words.slice(k, k + GROUP), 1);
  }

  /** One dispatch over up to four parameters, `width` words (1 or 4) per invocation. */
  private updateGroup(group: ReadonlyArray<readonly [number, Tensor]>, width: 1 | 4): void {
    this.validate();
    const op = `${this.kind}.step`;
    const kernel = runtime().kernel(width === 4 ? 'optim/adam-group4' : 'optim/adam-group');
    const buffers: Record<string, PooledBuffer> = {};
    const n = [0, 0, 0, 0];
    // an empty slot's bindings get distinct spare buffers (one buffer bound writable twice in a dispatch is invalid)
    const spares: Tensor[] = [];
    const spare = () => {
      const t = Tensor.empty([width], 'f32', `${op}:unused`);
      spares.push(t);
      return t;
    };
    for (let s = 0; s < GROUP; s++) {
      const u = group[s];
      const [p, g, m, v] = u ? [this.params[u[0]].param, u[1], this.m[u[0]], this.v[u[0]]] : [spare(), spare(), spare(), spare()];
      Object.assign(buffers, { [`p${s}`]: p.buffer(op), [`g${s}`]: g.buffer(op), [`m${s}`]: m.buffer(op), [`v${s}`]: v.buffer(op) });
      if (u) n[s] = p.words / width;
    }
    const [wg] = kernel.workgroupSize();
    kernel.dispatch(buffers, {
      params: {
        n,
        ...this.constantParams(),
      },
      // re-evaluated by a captured step's replays: each slot's step count and the scheduled lr
      dynamic: () => {
        const perSlot = (f: (step: number) => number) => [0, 1, 2, 3].map((s) => (group[s] ? f(this.steps[group[s][0]]) : 1));
        return {
          decay: perSlot(() => (this.decoupledWeightDecay ? 1 - this.lr * this.weightDecay : 1)),
          step_size: perSlot((t) => this.lr / (1 - this.beta1 ** t)),
          bias_correction2_sqrt: perSlot((t) => Math.sqrt(1 - this.beta2 ** t)),
        };
      },
      overrides: { DECOUPLED: Number(this.decoupledWeightDecay) },
      workgroups: grid1d(n[0] + n[1] + n[2] + n[3], wg, runtime().limits.maxComputeWorkgroupsPerDimension),
    });
    for (const t of spares) t.dispose();
  }

  protected update(i: number, grad: Tensor): void {
    this.validate();
    const param = this.params[i].param;
    const op = `${this.kind}.step`;
    const kernel = runtime().kernel('optim/adam');
    const [wg] = kernel.workgroupSize();
    kernel.dispatch(
      { param: param.buffer(op), grad: grad.buffer(op), m: this.m[i].buffer(op), v: this.v[i].buffer(op) },
      {
        params: {
          n: param.words,
          ...this.constantParams(),
        },
        // what changes from step to step (the step count, a scheduled lr): re-evaluated by a captured step's replays
        dynamic: () => {
          // scalars in float64 as PyTorch computes them in Python, rounded to float32 once in the uniform
          const step = this.steps[i];
          return {
            decay: this.decoupledWeightDecay ? 1 - this.lr * this.weightDecay : 1,
            step_size: this.lr / (1 - this.beta1 ** step),
            bias_correction2_sqrt: Math.sqrt(1 - this.beta2 ** step),
          };
        },
        overrides: { DECOUPLED: Number(this.decoupledWeightDecay) },
        workgroups: grid1d(param.words, wg, runtime().limits.maxComputeWorkgroupsPerDimension),
      },
    );
  }

  /** The uniform members both Adam kernels share that stay fixed from step to step. */
  private constantParams() {
    return {
      beta1: this.beta1,
      one_minus_beta1: 1 - this.beta1,
      beta2: this.beta2,
      one_minus_beta2: 1 - this.beta2,
      eps: this.eps,
      weight_decay: this.decoupledWeightDecay ? 0 : this.weightDecay,
    };
  }

  protected stateTensors(): Tensor[] {
    return [...this.m, ...this.v];
  }

  private validate(): void {
    checkAdam(this.kind, this);
  }
}

function checkAdam(op: string, h: { beta1: number; beta2: number; eps: number; weightDecay: number }): void {
  const bad = (what: string, value: unknown): never => {
    throw new OptimizerError(`${op}: ${what}; got ${JSON.stringify(value)}`);
  };
  for (const [k, b] of [
    ['β1', h.beta1],
    ['β2', h.beta2],
  ] as const) {
    if (!(typeof b === 'number' && b >= 0 && b < 1)) bad(`${k} must be in [0, 1)`, b);
  }
  if (!(Number.isFinite(h.eps) && h.eps >= 0)) bad('eps must be a finite number ≥ 0', h.eps);
  if (!(Number.isFinite(h.weightDecay) && h.weightDecay >= 0)) bad('weightDecay must be a finite number ≥ 0', h.weightDecay);
}

/** Adam with decoupled weight decay (torch.optim.AdamW; default weightDecay 1e-2). */
export class AdamW extends Adam {
  constructor(params: ReadonlyArray<NamedParam>, options: Omit<AdamOptions, 'decoupledWeightDecay'> = {}) {
    super(params, { weightDecay: 1e-2, ...options, decoupledWeightDecay: true }, 'adamw');
  }
}
