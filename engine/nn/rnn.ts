/**
 * Elman recurrent cell, as torch.nn.RNNCell (PyTorch names and layout):
 *
 *   h′ = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh),  act = ReLU (default, HyperRNN, paper 003) or tanh
 *   x [B, input], h [B, hidden] → h′ [B, hidden];  weight_ih [hidden, input], weight_hh [hidden, hidden]
 *
 * Initialization as PyTorch: every weight and bias from U(±1/√hidden) (seeded through the generator).
 */
import { ShapeError } from '../errors.js';
import { add } from '../ops/elementwise.js';
import { matmul } from '../ops/gemm.js';
import type { Generator } from '../ops/random.js';
import { relu, tanh } from '../ops/activation.js';
import { sliceAxis, stack } from '../ops/layout.js';
import { zeros } from '../tensor/create.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { uniformInit } from './init.js';
import { Module } from './module.js';

export interface RnnCellOptions {
  /** 'relu' (default) or 'tanh' */
  nonlinearity?: 'relu' | 'tanh';
  /** biases b_ih and b_hh (default true) */
  bias?: boolean;
  generator?: Generator;
}

export class RNNCell extends Module {
  readonly nonlinearity: 'relu' | 'tanh';

  /** W_ih [hidden, input] */
  get weightIh(): Tensor<'f32'> {
    return this.param('weight_ih', 'f32');
  }

  /** W_hh [hidden, hidden] */
  get weightHh(): Tensor<'f32'> {
    return this.param('weight_hh', 'f32');
  }

  get biasIh(): Tensor<'f32'> | null {
    return this.hasParam('bias_ih') ? this.param('bias_ih', 'f32') : null;
  }

  get biasHh(): Tensor<'f32'> | null {
    return this.hasParam('bias_hh') ? this.param('bias_hh', 'f32') : null;
  }

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RnnCellOptions = {},
  ) {
    super();
    for (const [what, n] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
    ] as const) {
      if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`RNNCell: ${what} must be a positive integer; got ${n}`);
    }
    this.nonlinearity = options.nonlinearity ?? 'relu';
    if (this.nonlinearity !== 'relu' && this.nonlinearity !== 'tanh') {
      throw new RangeError(`RNNCell: nonlinearity must be 'relu' or 'tanh'; got ${JSON.stringify(this.nonlinearity)}`);
    }
    const bound = 1 / Math.sqrt(hiddenSize);
    const draw = (shape: number[]) => uniformInit(shape, bound, { generator: options.generator });
    // PyTorch's registration order: weight_ih, weight_hh, bias_ih, bias_hh
    this.registerParameter('weight_ih', draw([hiddenSize, inputSize]));
    this.registerParameter('weight_hh', draw([hiddenSize, hiddenSize]));
    if (options.bias ?? true) {
      this.registerParameter('bias_ih', draw([hiddenSize]));
      this.registerParameter('bias_hh', draw([hiddenSize]));
    }
  }

  /** One step: x [B, input], h [B, hidden] (zeros when omitted) → h′ [B, hidden], all f32. */
  forward(x: Tensor, h?: Tensor): Tensor<'f32'> {
    this.assertAlive();
    if (x.rank !== 2 || x.shape[1] !== this.inputSize) {
      throw new ShapeError(`RNNCell: expected input [B, ${this.inputSize}]; got ${fmt(x.shape)}`);
    }
    const B = x.shape[0];
    if (h && (h.rank !== 2 || h.shape[0] !== B || h.shape[1] !== this.hiddenSize)) {
      throw new ShapeError(`RNNCell: expected hidden state [${B}, ${this.hiddenSize}] for input ${fmt(x.shape)}; got ${fmt(h.shape)}`);
    }
    const [bih, bhh] = [this.biasIh, this.biasHh];
    let pre: Tensor = matmul(x, this.weightIh, { opB: 'T' });
    if (bih) pre = add(pre, bih);
    if (h) pre = add(pre, matmul(h, this.weightHh, { opB: 'T' }));
    if (bhh) pre = add(pre, bhh);
    if (pre.dtype !== 'f32') throw new ShapeError(`RNNCell: expected real inputs; got ${x.dtype} and ${h?.dtype ?? 'no'} hidden state`);
    return this.nonlinearity === 'relu' ? relu(pre as Tensor<'f32'>) : tanh(pre as Tensor<'f32'>);
  }

  /**
   * Unrolls over time: xs [T, B, input], h0 [B, hidden] (zeros when omitted) → the hidden states [T, B, hidden] and
   * the last one (as torch.nn.RNN with one layer).
   */
  forwardSequence(xs: Tensor, h0?: Tensor): { outputs: Tensor<'f32'>; h: Tensor<'f32'> } {
    if (xs.rank !== 3 || xs.shape[2] !== this.inputSize) {
      throw new ShapeError(`RNNCell.forwardSequence: expected inputs [T, B, ${this.inputSize}]; got ${fmt(xs.shape)}`);
    }
    const [T, B] = xs.shape;
    if (T === 0) throw new ShapeError(`RNNCell.forwardSequence: expected at least one time step; got ${fmt(xs.shape)}`);
    let h: Tensor | undefined = h0;
    const outs: Tensor<'f32'>[] = [];
    for (let t = 0; t < T; t++) outs.push((h = this.forward(sliceAxis(xs, 0, t, t + 1).reshape([B, this.inputSize]), h)));
    return { outputs: stack(outs, 0), h: outs[T - 1] };
  }
}

/** zeros([B, hidden]): an explicit initial hidden state. */
export function initialHidden(cell: RNNCell, batch: number): Tensor<'f32'> {
  return zeros([batch, cell.hiddenSize]);
}
