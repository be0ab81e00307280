/**
 * The layer tables of DL-JHPF (paper 000 Table I): hidden widths per network. Table I's note, "the BN layer is added
 * after each dense layer", and §III-C, "each dense layer is with ReLU activation function and followed by a BN
 * layer", give each "Dense" row as Dense → ReLU → BatchNorm. The "Output" row is a dense layer with its own
 * activation (§III-C) and no BN: ReLU for the phases of PP-NN and CP-NN, none for the Re/Im DP-NNs and DC-NNs, a
 * sigmoid for the NN demodulator (folded into the BCE loss: the network returns the logits).
 */
import { BatchNorm1d, Linear, Module, ReLU, scale, Sequential, Tanh, type Generator, type Real, type UnaryModule } from '../../../engine/index.js';

export interface JhpfHidden {
  /** PP-NN: 2N_T N_R → … → N_T N_T^RF */
  pp: number[];
  /** CP-NN: 2N_T N_R → … → N_R N_R^RF */
  cp: number[];
  /** Re/Im DP-NN: 2N_T^RF N_R^RF → … → N_T^RF N_s */
  dp: number[];
  /** Re/Im DC-NN: 2N_T^RF N_R^RF → … → N_R^RF N_s */
  dc: number[];
  /** NN demodulator: 2N_s → … → N_s log2 M */
  demod: number[];
}

/** Table I. */
export const TABLE_ONE_HIDDEN: Readonly<JhpfHidden> = Object.freeze({
  pp: [512, 256, 128],
  cp: [512, 256, 128, 64],
  dp: [20, 40, 20],
  dc: [20, 40, 20],
  demod: [20, 50, 20],
});

/**
 * Output activation: 'relu' (the paper's phases), 'linear', or 'tanh-pi' = π·tanh(z) (the Phasor variant's phases: a
 * ReLU phase output that goes negative sits at 0 with no gradient, π·tanh covers (−π, π) and never stops learning).
 */
export type TableOutput = 'relu' | 'linear' | 'tanh-pi';

/** One network of Table I: Dense → ReLU → BN per hidden width, then the output Dense (→ ReLU for phases). */
export class TableNet extends Module implements UnaryModule<'f32'> {
  readonly layers: Sequential<'f32'>;
  private readonly tanhPi: boolean;

  constructor(inputs: number, hidden: readonly number[], outputs: number, output: TableOutput, generator: Generator) {
    super();
    const modules: UnaryModule<'f32'>[] = [];
    let width = inputs;
    for (const units of hidden) {
      modules.push(new Linear(width, units, { generator }), new ReLU(), new BatchNorm1d(units));
      width = units;
    }
    modules.push(new Linear(width, outputs, { generator }));
    if (output === 'relu') modules.push(new ReLU());
    if (output === 'tanh-pi') modules.push(new Tanh());
    this.tanhPi = output === 'tanh-pi';
    this.layers = this.registerModule('layers', new Sequential(...modules));
  }

  /** x [B, inputs] f32 → [B, outputs] f32 */
  forward(x: Real): Real {
    const y = this.layers.forward(x);
    return this.tanhPi ? scale(y, Math.PI) : y;
  }
}

export function checkHidden(op: string, h: JhpfHidden): JhpfHidden {
  for (const key of ['pp', 'cp', 'dp', 'dc', 'demod'] as const) {
    const widths = h[key];
    if (!Array.isArray(widths) || !widths.every((w) => Number.isSafeInteger(w) && w > 0)) {
      throw new RangeError(`${op}: hidden.${key} must be an array of positive integers; got ${JSON.stringify(widths)}`);
    }
  }
  return h;
}
