/** Activation functions as modules (no parameters), for `Sequential` and `mlp`: real in, real out (UnaryModule<'f32'>). */
import { leakyRelu, relu, sigmoid, tanh } from '../ops/activation.js';
import type { Tensor } from '../tensor/tensor.js';
import { requireDType } from '../ops/launch.js';
import { Module } from './module.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor<'f32'> {
    requireDType('ReLU', x, 'f32');
    return relu(x as Tensor<'f32'>);
  }
}

export class LeakyReLU extends Module {
  /** @param slope multiplier for x < 0 (default 0.01, as PyTorch) */
  constructor(readonly slope = 0.01) {
    super();
    if (!Number.isFinite(slope)) throw new RangeError(`LeakyReLU: slope must be finite; got ${slope}`);
  }

  forward(x: Tensor): Tensor<'f32'> {
    requireDType('LeakyReLU', x, 'f32');
    return leakyRelu(x as Tensor<'f32'>, this.slope);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor<'f32'> {
    requireDType('Sigmoid', x, 'f32');
    return sigmoid(x as Tensor<'f32'>);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor<'f32'> {
    requireDType('Tanh', x, 'f32');
    return tanh(x as Tensor<'f32'>);
  }
}

/** x unchanged (the identity layer, e.g. where a table row has no activation). */
export class Identity extends Module {
  forward<T extends Tensor>(x: T): T {
    return x;
  }
}
