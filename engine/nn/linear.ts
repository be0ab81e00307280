/**
 * Dense layers, PyTorch layout: weight [out, in], y = x Wᵀ + b over the last axis of x [..., in] → [..., out].
 *
 *   Linear          real weights (f32); x may be real or complex (a complex x gives a complex y)
 *   ComplexLinear   complex weights (c64) and bias: y = x Wᵀ + b, no conjugation (as torch.nn.Linear with
 *                   dtype=torch.cfloat); gradients follow PyTorch's convention (∂L/∂Re + j ∂L/∂Im)
 *
 * Initialization (`init`, see init.ts): 'torch-default' (default) draws W and b from U(±1/√in) as torch.nn.Linear;
 * the Kaiming and Xavier kinds draw W by their rule (gain option, default √2 for Kaiming: ReLU networks) and set
 * b = 0.
 */
import { ShapeError } from '../errors.js';
import { add } from '../ops/elementwise.js';
import { matmul } from '../ops/gemm.js';
import type { Generator } from '../ops/random.js';
import { zeros } from '../tensor/create.js';
import type { DType, Promote } from '../tensor/dtype.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { initTensor, uniformInit, type InitKind } from './init.js';
import { Module } from './module.js';

export interface LinearOptions {
  /** add a bias b [out] (default true) */
  bias?: boolean;
  /** weight initialization (default 'torch-default') */
  init?: InitKind;
  /** gain of a Kaiming or Xavier init */
  gain?: number;
  /** draws the initial weights (default: the default generator, see manualSeed) */
  generator?: Generator;
}

abstract class DenseBase<W extends DType> extends Module {
  /** W [out, in] */
  get weight(): Tensor<W> {
    return this.param('weight', this.dtype);
  }

  /** b [out], null without a bias */
  get bias(): Tensor<W> | null {
    return this.hasParam('bias') ? this.param('bias', this.dtype) : null;
  }

  protected constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    /** the dtype of W and b */
    readonly dtype: W,
    options: LinearOptions,
  ) {
    super();
    for (const [what, n] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`${this.typeName}: ${what} must be a positive integer; got ${n}`);
    }
    const kind = options.init ?? 'torch-default';
    const shape = [outFeatures, inFeatures];
    const generator = options.generator;
    this.registerParameter('weight', initTensor(kind, shape, { dtype, gain: options.gain, generator }));
    if (options.bias ?? true) {
      const b = kind === 'torch-default' ? uniformInit([outFeatures], 1 / Math.sqrt(inFeatures), { dtype, generator }) : zeros([outFeatures], dtype);
      this.registerParameter('bias', b);
    }
  }

  /** x [..., in] → [..., out], of dtype promote(x.dtype, W) */
  protected dense<D extends DType>(x: Tensor<D>): Tensor<Promote<D, W>> {
    this.assertAlive();
    const n = x.shape[x.rank - 1];
    if (x.rank === 0 || n !== this.inFeatures) {
      throw new ShapeError(`${this.typeName}: expected input [..., ${this.inFeatures}]; got ${fmt(x.shape)}. The last axis holds the features`);
    }
    const lead = x.shape.slice(0, -1);
    const y = matmul(x.reshape([-1, n]), this.weight, { opB: 'T' });
    const bias = this.bias;
    const out = bias ? add(y, bias) : y;
    return out.reshape([...lead, this.outFeatures]) as Tensor<Promote<D, W>>;
  }
}

/** y = x Wᵀ + b with real W [out, in], b [out]: y has x's dtype (a UnaryModule<'f32'> and a UnaryModule<'c64'>). */
export class Linear extends DenseBase<'f32'> {
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super(inFeatures, outFeatures, 'f32', options);
  }

  /** x [..., in] → [..., out], real for a real x, complex for a complex x. */
  forward<D extends DType>(x: Tensor<D>): Tensor<D> {
    return this.dense(x) as Tensor<D>;
  }
}

/** y = x Wᵀ + b with complex W [out, in], b [out] (c64); x real or complex, y complex. */
export class ComplexLinear extends DenseBase<'c64'> {
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super(inFeatures, outFeatures, 'c64', options);
  }

  /** x [..., in] → [..., out] c64. */
  forward(x: Tensor): Tensor<'c64'> {
    return this.dense(x);
  }
}
