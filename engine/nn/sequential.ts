/**
 * Sequential: modules applied one after another; the children are named '0', '1', … (PyTorch's naming). Every layer
 * maps dtype D to D (Sequential<'f32'> for real layer tables: Linear, BatchNorm1d, activations); a chain that changes
 * dtype is a Sequential<DType>.
 */
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module, ModuleError, type UnaryModule } from './module.js';
import { fusedRun } from './fused-epilogue.js';

export class Sequential<D extends DType = DType> extends Module implements UnaryModule<D> {
  readonly layers: readonly UnaryModule<D>[];

  constructor(...layers: UnaryModule<D>[]) {
    super();
    layers.forEach((m, i) => {
      if (typeof (m as Partial<UnaryModule>)?.forward !== 'function') {
        throw new ModuleError(`Sequential: layer ${i} has no forward(x) method; got ${String(m)}`);
      }
      this.registerModule(String(i), m);
    });
    this.layers = Object.freeze([...layers]);
  }

  get length(): number {
    return this.layers.length;
  }

  at(i: number): UnaryModule<D> {
    const m = this.layers.at(i);
    if (!m) throw new RangeError(`Sequential: no layer ${i}; it has ${this.layers.length}`);
    return m;
  }

  /** Applies the layers in order; Linear → act → BatchNorm1d runs (either order) go through one fused epilogue. */
  forward(x: Tensor<D>): Tensor<D> {
    this.assertAlive();
    let h: Tensor<D> = x;
    for (let i = 0; i < this.layers.length;) {
      const fused = fusedRun(this.layers, i, h);
      if (fused) {
        h = fused.y as Tensor<D>;
        i += fused.consumed;
      } else h = this.layers[i++].forward(h);
    }
    return h;
  }
}
