/** Sequential: modules applied one after another; the children are named '0', '1', … (PyTorch's naming). */
import type { Tensor } from '../tensor/tensor.js';
import { Module, ModuleError, type UnaryModule } from './module.js';

export class Sequential extends Module {
  readonly layers: readonly UnaryModule[];

  constructor(...layers: UnaryModule[]) {
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

  at(i: number): UnaryModule {
    const m = this.layers.at(i);
    if (!m) throw new RangeError(`Sequential: no layer ${i}; it has ${this.layers.length}`);
    return m;
  }

  forward(x: Tensor): Tensor {
    this.assertAlive();
    return this.layers.reduce((h, m) => m.forward(h), x);
  }
}
