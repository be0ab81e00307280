/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, matching
 * torch.optim.SGD (the momentum buffer starts as the first gradient, undamped). Complex parameters update as their
 * real view, which for these linear updates is the complex update.
 *
 * One dispatch of shaders/optim/sgd.wgsl per parameter (entry `sgd`, or `sgd_momentum` with a momentum buffer).
 */
import { grid1d, runtime } from '../device/runtime.js';
import type { PooledBuffer } from '../device/pool.js';
import type { Tensor } from '../tensor/tensor.js';
import { CheckpointError } from '../checkpoint/errors.js';
import { OptimizerError } from './errors.js';
import { checkLr, Optimizer, scalarNumber, type NamedParam, type OptimizerState } from './optimizer.js';

export interface SgdOptions {
  lr: number;
  /** μ (default 0: no momentum buffer) */
  momentum?: number;
  /** default 0 */
  dampening?: number;
  /** λ: g ← g + λ·p (default 0) */
  weightDecay?: number;
  /** requires momentum > 0 and dampening 0 (default false) */
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  readonly momentum: number;
  dampening: number;
  weightDecay: number;
  readonly nesterov: boolean;
  private readonly buffers: Tensor[];

  constructor(params: ReadonlyArray<NamedParam>, options: SgdOptions) {
    super('sgd', params, options.lr);
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.validate();
    this.buffers = this.momentum !== 0 ? this.zerosLike() : [];
  }

  state(): OptimizerState {
    this.assertAlive();
    const tensors: Record<string, Tensor> = {};
    this.buffers.forEach((b, i) => (tensors[`momentum/${this.params[i].name}`] = b));
    return {
      tensors,
      scalars: {
        kind: this.kind,
        lr: this.lr,
        momentum: this.momentum,
        dampening: this.dampening,
        weightDecay: this.weightDecay,
        nesterov: this.nesterov,
        steps: this.stepsByName(),
      },
    };
  }

  /** Restores buffers, lr, dampening, weight decay and step counts; momentum and nesterov (which decide whether
   *  buffers exist) must equal this optimizer's. */
  loadState(state: { tensors: Record<string, Tensor>; scalars: Record<string, unknown> }): void {
    this.assertAlive();
    const op = 'sgd.loadState';
    const s = state.scalars;
    const steps = this.checkCommon(s);
    if (s.momentum !== this.momentum || s.nesterov !== this.nesterov) {
      throw new CheckpointError(
        `${op}: state has momentum ${JSON.stringify(s.momentum)}, nesterov ${JSON.stringify(s.nesterov)}; ` +
          `expected ${this.momentum}, ${this.nesterov} like this optimizer`,
      );
    }
    const lr = checkLr(op, scalarNumber(op, s, 'lr'));
    const hyper = {
      momentum: this.momentum,
      nesterov: this.nesterov,
      dampening: scalarNumber(op, s, 'dampening'),
      weightDecay: scalarNumber(op, s, 'weightDecay'),
    };
    checkSgd(op, hyper);
    if (this.buffers.length) this.copyState(op, 'momentum/', state.tensors, this.buffers);
    this.setSteps(steps);
    this.lr = lr;
    this.dampening = hyper.dampening;
    this.weightDecay = hyper.weightDecay;
  }

  protected update(i: number, grad: Tensor): void {
    this.validate();
    const param = this.params[i].param;
    const op = 'sgd.step';
    const kernel = runtime().kernel('optim/sgd');
    const entry = this.momentum === 0 ? 'sgd' : 'sgd_momentum';
    const [wg] = kernel.workgroupSize({}, entry);
    const buffers: Record<string, PooledBuffer> = { param: param.buffer(op), grad: grad.buffer(op) };
    if (this.momentum !== 0) buffers.buf = this.buffers[i].buffer(op);
    kernel.dispatch(buffers, {
      entry,
      params: { n: param.words, weight_decay: this.weightDecay, momentum: this.momentum, dampening_factor: 1 - this.dampening },
      // re-evaluated by a captured step's replays: a scheduled lr, and the first step that initializes the momentum
      dynamic: () => ({ lr: this.lr, first: Number(this.steps[i] === 1) }),
      overrides: { NESTEROV: Number(this.momentum !== 0 && this.nesterov) },
      workgroups: grid1d(param.words, wg, runtime().limits.maxComputeWorkgroupsPerDimension),
    });
  }

  protected stateTensors(): Tensor[] {
    return this.buffers;
  }

  private validate(): void {
    checkSgd('sgd', this);
  }
}

function checkSgd(op: string, h: { momentum: number; dampening: number; weightDecay: number; nesterov: boolean }): void {
  const bad = (what: string, value: unknown): never => {
    throw new OptimizerError(`${op}: ${what}; got ${JSON.stringify(value)}`);
  };
  if (!(Number.isFinite(h.momentum) && h.momentum >= 0)) bad('momentum must be a finite number ≥ 0', h.momentum);
  if (!Number.isFinite(h.dampening)) bad('dampening must be a finite number', h.dampening);
  if (!(Number.isFinite(h.weightDecay) && h.weightDecay >= 0)) bad('weightDecay must be a finite number ≥ 0', h.weightDecay);
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    bad('nesterov requires momentum > 0 and dampening 0', { momentum: h.momentum, dampening: h.dampening });
  }
}
