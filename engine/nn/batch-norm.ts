/**
 * Batch normalization over the batch axis (Ioffe & Szegedy 2015), as torch.nn.BatchNorm1d:
 *
 *   input [N, C] or [N, C, L]; statistics per feature c over N (and L)
 *   training:  y = γ (x − μ_B) / √(σ²_B + ε) + β, σ²_B the biased batch variance; then
 *              running_mean ← (1 − m)·running_mean + m·μ_B,  running_var ← (1 − m)·running_var + m·σ²_B·n/(n − 1)
 *              (n = N·L values per feature: the unbiased variance, as PyTorch)
 *   eval:      y = γ (x − running_mean) / √(running_var + ε) + β
 *
 * The gradients through the batch statistics come from autodiff of the composition (they equal PyTorch's closed
 * form). The running statistics are buffers updated in place, outside autodiff; PyTorch's num_batches_tracked
 * counter is not kept (it only matters for momentum = None, the cumulative average, which is not offered).
 * DL-JHPF (paper 000, §IV-A) puts a BN layer after each dense layer.
 */
import { noGrad } from '../autodiff/graph.js';
import { ShapeError } from '../errors.js';
import { add, div, mul, scale, sub } from '../ops/elementwise.js';
import { requireDType } from '../ops/launch.js';
import { mean } from '../ops/reduce.js';
import { sqrt } from '../ops/unary.js';
import { full, ones, zeros } from '../tensor/create.js';
import { tidy } from '../tensor/scope.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assignInPlace, Module } from './module.js';

export interface BatchNormOptions {
  /** weight m of the newest batch in the running statistics (default 0.1) */
  momentum?: number;
  /** added to the variance (default 1e-5) */
  eps?: number;
  /** learn γ (weight, init 1) and β (bias, init 0) (default true) */
  affine?: boolean;
  /** keep running statistics for eval mode (default true); without them eval mode also uses batch statistics */
  trackRunningStats?: boolean;
}

export class BatchNorm1d extends Module {
  readonly momentum: number;
  readonly eps: number;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  /** γ [C] (null without `affine`) */
  get weight(): Tensor<'f32'> | null {
    return this.affine ? this.param('weight', 'f32') : null;
  }

  /** β [C] */
  get bias(): Tensor<'f32'> | null {
    return this.affine ? this.param('bias', 'f32') : null;
  }

  /** [C] (null without `trackRunningStats`) */
  get runningMean(): Tensor<'f32'> | null {
    return this.trackRunningStats ? this.buffer('running_mean', 'f32') : null;
  }

  get runningVar(): Tensor<'f32'> | null {
    return this.trackRunningStats ? this.buffer('running_var', 'f32') : null;
  }

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    if (!(Number.isInteger(numFeatures) && numFeatures > 0)) {
      throw new RangeError(`BatchNorm1d: numFeatures must be a positive integer; got ${numFeatures}`);
    }
    this.momentum = options.momentum ?? 0.1;
    this.eps = options.eps ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`BatchNorm1d: momentum must be in [0, 1]; got ${this.momentum}`);
    if (!(this.eps >= 0 && Number.isFinite(this.eps))) throw new RangeError(`BatchNorm1d: eps must be a finite number ≥ 0; got ${this.eps}`);
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    if (this.affine) {
      this.registerParameter('weight', ones([numFeatures], 'f32'));
      this.registerParameter('bias', zeros([numFeatures], 'f32'));
    }
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], 'f32'));
      this.registerBuffer('running_var', ones([numFeatures], 'f32'));
    }
  }

  /** x [N, C] or [N, C, L] f32 → same shape (a UnaryModule<'f32'>). */
  forward(x: Tensor): Tensor<'f32'> {
    this.assertAlive();
    requireDType('BatchNorm1d', x, 'f32');
    return this.normalize(x as Tensor<'f32'>);
  }

  private normalize(x: Tensor<'f32'>): Tensor<'f32'> {
    const C = this.numFeatures;
    if ((x.rank !== 2 && x.rank !== 3) || x.shape[1] !== C) {
      throw new ShapeError(`BatchNorm1d: expected input [N, ${C}] or [N, ${C}, L]; got ${fmt(x.shape)}`);
    }
    // per-feature vectors [C] broadcast against x as [C] ([N, C]) or [C, 1] ([N, C, L])
    const perFeature = x.rank === 2 ? [C] : [C, 1];
    const stats = (t: Tensor<'f32'>): Tensor<'f32'> => {
      const m = mean(t, { axis: 0, keepdims: true });
      return x.rank === 3 ? mean(m, { axis: 2, keepdims: true }) : m;
    };
    let mu: Tensor<'f32'>;
    let variance: Tensor<'f32'>;
    const useBatch = this.training || !this.trackRunningStats;
    if (useBatch) {
      const n = x.size / C;
      if (this.training && n < 2) {
        throw new ShapeError(`BatchNorm1d: expected more than 1 value per feature in training mode; got input ${fmt(x.shape)}`);
      }
      mu = stats(x);
      const centred = sub(x, mu);
      variance = stats(mul(centred, centred));
      if (this.training && this.trackRunningStats) this.updateRunning(mu, variance, n);
      return this.scaleShift(div(centred, sqrt(add(variance, full([], this.eps)))), perFeature);
    }
    mu = this.runningMean!.reshape(perFeature);
    variance = this.runningVar!.reshape(perFeature);
    return this.scaleShift(div(sub(x, mu), sqrt(add(variance, full([], this.eps)))), perFeature);
  }

  private scaleShift(xhat: Tensor<'f32'>, perFeature: number[]): Tensor<'f32'> {
    const [w, b] = [this.weight, this.bias];
    if (!w || !b) return xhat;
    return add(mul(xhat, w.reshape(perFeature)), b.reshape(perFeature));
  }

  /** running ← (1 − m)·running + m·batch (the variance made unbiased), in place, not recorded. */
  private updateRunning(mu: Tensor<'f32'>, variance: Tensor<'f32'>, n: number): void {
    const m = this.momentum;
    const C = this.numFeatures;
    noGrad(() =>
      tidy(() => {
        const rm = this.runningMean!;
        const rv = this.runningVar!;
        assignInPlace('BatchNorm1d', rm, add(scale(rm, 1 - m), scale(mu.reshape([C]), m)));
        assignInPlace('BatchNorm1d', rv, add(scale(rv, 1 - m), scale(variance.reshape([C]), (m * n) / (n - 1))));
      }),
    );
  }
}
