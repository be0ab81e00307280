/**
 * A multilayer perceptron from a layer table like the papers' (e.g. DL-JHPF Table I, paper 000: Dense 512 ReLU,
 * Dense 256 ReLU, …, "the BN layer is added after each dense layer"):
 *
 *   const ppNN = mlp([
 *     { units: 512, bn: true, act: 'relu' },
 *     { units: 256, bn: true, act: 'relu' },
 *     { units: 128, bn: true, act: 'relu' },
 *     { units: 96 },                                   // output: linear
 *   ], { in: 2 * N_T * N_R });
 *
 * Each row becomes Linear → BatchNorm1d (if `bn`) → activation (if `act`), all in one Sequential named `layers`, so
 * the parameters are `layers.0.weight`, `layers.1.running_mean`, … (the indices count every module, as PyTorch's).
 */
import type { Generator } from '../ops/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { LeakyReLU, ReLU, Sigmoid, Tanh } from './activation.js';
import { BatchNorm1d, type BatchNormOptions } from './batch-norm.js';
import type { InitKind } from './init.js';
import { Linear } from './linear.js';
import { Module, type UnaryModule } from './module.js';
import { Sequential } from './sequential.js';

export type ActivationName = 'relu' | 'leaky-relu' | 'sigmoid' | 'tanh';

export interface LayerSpec {
  /** output features of the dense layer */
  units: number;
  /** BatchNorm1d after the dense layer (default false) */
  bn?: boolean;
  /** activation after it (default none: linear) */
  act?: ActivationName;
  /** the dense layer's bias (default true) */
  bias?: boolean;
  /** weight initialization of the dense layer (default: the builder's) */
  init?: InitKind;
}

export interface MlpOptions {
  /** input features */
  in: number;
  /** weight initialization of every dense layer without its own (default 'torch-default') */
  init?: InitKind;
  /** options of every BatchNorm1d */
  batchNorm?: BatchNormOptions;
  /** LeakyReLU slope (default 0.01) */
  leakySlope?: number;
  /** draws every initial weight (default: the default generator) */
  generator?: Generator;
}

export class MLP extends Module implements UnaryModule<'f32'> {
  readonly layers: Sequential<'f32'>;

  constructor(
    readonly spec: readonly LayerSpec[],
    options: MlpOptions,
  ) {
    super();
    if (!(Number.isInteger(options.in) && options.in > 0)) throw new RangeError(`mlp: 'in' must be a positive integer; got ${options.in}`);
    if (spec.length === 0) throw new RangeError('mlp: expected at least one layer row; got none');
    const modules: UnaryModule<'f32'>[] = [];
    let width = options.in;
    spec.forEach((row, i) => {
      if (!(Number.isInteger(row.units) && row.units > 0)) throw new RangeError(`mlp: row ${i}: units must be a positive integer; got ${row.units}`);
      modules.push(new Linear(width, row.units, { bias: row.bias, init: row.init ?? options.init, generator: options.generator }));
      if (row.bn) modules.push(new BatchNorm1d(row.units, options.batchNorm));
      if (row.act) modules.push(activation(row.act, options.leakySlope, i));
      width = row.units;
    });
    this.layers = this.registerModule('layers', new Sequential(...modules));
  }

  /** x [N, in] → [N, units of the last row], f32. */
  forward(x: Tensor<'f32'>): Tensor<'f32'> {
    return this.layers.forward(x);
  }
}

/** Builds an MLP from a layer table. */
export function mlp(spec: readonly LayerSpec[], options: MlpOptions): MLP {
  return new MLP(spec, options);
}

function activation(name: ActivationName, slope: number | undefined, row: number): UnaryModule<'f32'> {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'leaky-relu':
      return new LeakyReLU(slope);
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    default:
      throw new RangeError(`mlp: row ${row}: unknown activation ${JSON.stringify(name)}; expected relu, leaky-relu, sigmoid or tanh`);
  }
}
