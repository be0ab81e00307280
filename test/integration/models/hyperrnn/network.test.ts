/**
 * HyperRNN's building blocks against float64 references and finite differences: the straight-through sign, the
 * hypernetwork's column scaling of the estimation RNN (eqs. (4)–(6)), back-propagation through time over 4 slots,
 * and the pilots' power constraint after every captured training step.
 */
import { describe, expect, it } from 'vitest';
import { Generator, backward, functionalCall, gradcheck, tensor, sum, mul, tidy, type Real, type Tensor } from '../../../../engine/index.js';
import { HyperNetwork, ModulatedRnn, Pilots, SlotPicker, normalizeColumns, quantize, type CsiScheme } from '../../../../models/hyperrnn/network.js';
import { FddSampler, fddChannel } from '../../../../models/hyperrnn/channels.js';
import { HYPERRNN_PRESETS, parseHyperrnnConfig } from '../../../../models/hyperrnn/config.js';
import { buildScheme, schemeLoss } from '../../../../models/hyperrnn/train.js';
import { Adam, compileStep } from '../../../../engine/index.js';
import { randomData, useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const relu = (x: number) => Math.max(0, x);

/** y = W x for W [rows, cols] row-major (float64). */
function matVec(W: Float32Array, rows: number, cols: number, x: ArrayLike<number>): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let s = 0;
    for (let c = 0; c < cols; c++) s += W[r * cols + c] * x[c];
    return s;
  });
}

/** W diag(ω) as an explicit matrix: column c of W scaled by ω_c (float64). */
function columnScaled(W: Float32Array, rows: number, cols: number, omega: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = W[r * cols + c] * omega[c];
  return out;
}

describe('quantize: the straight-through sign of the B-bit feedback', () => {
  it('forward is the exact sign; backward is a·(1 − tanh²(a·u)) with the slope a given as a tensor', async () => {
    const u = tensor([-2, -0.3, -1e-4, 1e-4, 0.25, 1.7], [6]).requireGrad() as Real;
    const a = 2.5;
    const slope = tensor([a], [1]) as Real;
    const q = quantize(u, slope);
    expect(Array.from(await q.read())).toEqual([-1, -1, -1, 1, 1, 1]);
    const g = backward(sum(mul(q, tensor([1, 2, 3, 4, 5, 6], [6]) as Real))).get(u)!;
    const host = [-2, -0.3, -1e-4, 1e-4, 0.25, 1.7];
    const expected = host.map((x, i) => (i + 1) * a * (1 - Math.tanh(a * x) ** 2));
    const got = await g.read();
    expected.forEach((e, i) => expect(got[i]).toBeCloseTo(e, 4));
    // test time: the sign only, no slope
    expect(Array.from(await quantize(u, null).read())).toEqual([-1, -1, -1, 1, 1, 1]);
  });
});

describe('ModulatedRnn: the estimation RNN column-scaled by ω_t (eqs. (4)–(5))', () => {
  it('equals s_t = ReLU(W̄_A diag(ω_A) q_t + W̄_C diag(ω_C) s_{t−1} + b_A), ĥ_t = W̄_B diag(ω_B) s_t + b_B in float64', async () => {
    const [B, T, bits, units, out] = [3, 4, 5, 6, 7];
    const rnn = new ModulatedRnn(bits, units, out, new Generator(3));
    const slots = new SlotPicker(T);
    const qH = randomData(B * T * bits, 1).map(Math.sign);
    const wAH = randomData(B * T * bits, 2);
    const wBH = randomData(B * T * units, 3);
    const wCH = randomData(B * T * units, 4);
    const est = rnn.forward(
      tensor(qH, [B, T, bits]) as Real,
      tensor(wAH, [B, T, bits]) as Real,
      tensor(wBH, [B, T, units]) as Real,
      tensor(wCH, [B, T, units]) as Real,
      slots,
    );
    expect(est.shape).toEqual([B, T, out]);
    const got = await est.read();
    const [WA, WC, WB, bA, bB] = await Promise.all([rnn.WA, rnn.WC, rnn.WB, rnn.bA, rnn.bB].map((t) => t.read()));
    let worst = 0;
    for (let b = 0; b < B; b++) {
      let s = new Array(units).fill(0);
      for (let t = 0; t < T; t++) {
        const at = (x: Float32Array, w: number) => x.subarray((b * T + t) * w, (b * T + t + 1) * w);
        const inA = matVec(columnScaled(WA, units, bits, at(wAH, bits)), units, bits, at(qH, bits));
        const rec = matVec(columnScaled(WC, units, units, at(wCH, units)), units, units, s);
        s = inA.map((v, i) => relu(v + rec[i] + bA[i]));
        const h = matVec(columnScaled(WB, out, units, at(wBH, units)), out, units, s).map((v, i) => v + bB[i]);
        h.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[(b * T + t) * out + i]))));
      }
    }
    expect(worst).toBeLessThan(1e-5);
    rnn.dispose();
    slots.dispose();
  });
});

describe('HyperNetwork (6a)–(6b)', () => {
  it('runs the RNNCell recursion slot by slot and splits ω_t into [ω_A, ω_B, ω_C] (bias omegaBias)', async () => {
    const [B, T, Lul, units, bits, rnnUnits] = [2, 3, 2, 8, 3, 4];
    const hyper = new HyperNetwork(Lul, units, bits, rnnUnits, 1, new Generator(5));
    const slots = new SlotPicker(T);
    const y = randomData(B * T * 2 * Lul, 7);
    const { omegaA, omegaB, omegaC } = hyper.forward(tensor(y, [B, T, 2 * Lul]) as Real, slots);
    // reference: the engine's RNNCell stepped slot by slot, then the heads
    let state: Tensor | undefined;
    for (let t = 0; t < T; t++) {
      const x = new Float32Array(B * 2 * Lul);
      for (let b = 0; b < B; b++) x.set(y.subarray((b * T + t) * 2 * Lul, (b * T + t + 1) * 2 * Lul), b * 2 * Lul);
      state = hyper.cell.forward(tensor(x, [B, 2 * Lul]), state);
      for (const [head, omega, rows] of [
        [hyper.heads.A, omegaA, bits],
        [hyper.heads.B, omegaB, rnnUnits],
        [hyper.heads.C, omegaC, rnnUnits],
      ] as const) {
        const expected = await head.forward(state as Real).read();
        const all = await omega.read();
        for (let b = 0; b < B; b++) {
          for (let i = 0; i < rows; i++) expect(all[(b * T + t) * rows + i]).toBeCloseTo(expected[b * rows + i], 5);
        }
      }
    }
    expect(Array.from(await hyper.heads.B.bias!.read())).toEqual([1, 1, 1, 1]);
    hyper.dispose();
    slots.dispose();
  });
});

describe('back-propagation through time', () => {
  it('gradients of the hypernetwork and the estimation RNN over 4 slots agree with finite differences', async () => {
    const [B, T, Lul, units, bits, rnnUnits, out] = [2, 4, 1, 5, 3, 4, 6];
    const g = new Generator(11);
    const hyper = new HyperNetwork(Lul, units, bits, rnnUnits, 1, g);
    const rnn = new ModulatedRnn(bits, rnnUnits, out, g);
    const slots = new SlotPicker(T);
    const q = tensor(randomData(B * T * bits, 12).map(Math.sign), [B, T, bits]) as Real;
    const Whh = await hyper.cell.weightHh.read();
    const WC = await rnn.WC.read();
    const WA = await rnn.WA.read();
    const fn = (yul: Tensor, whh: Tensor, wc: Tensor, wa: Tensor) =>
      functionalCall(hyper, { 'cell.weight_hh': whh }, () =>
        functionalCall(rnn, { W_C: wc, W_A: wa }, () => {
          const w = hyper.forward(yul as Real, slots);
          return rnn.forward(q, w.omegaA, w.omegaB, w.omegaC, slots);
        }),
      );
    const report = await gradcheck(
      fn,
      [
        { data: randomData(B * T * 2 * Lul, 13), shape: [B, T, 2 * Lul] },
        { data: Whh, shape: [units, units] },
        { data: WC, shape: [rnnUnits, rnnUnits] },
        { data: WA, shape: [rnnUnits, bits] },
      ],
      { eps: 1e-3, tolerance: 1e-2 },
    );
    expect(report.ok, JSON.stringify(report.inputs.map((i) => [i.maxAbsError, i.worst]))).toBe(true);
    // the recursion really carries gradient back: the slot-1 input influences later slots
    const y0 = tensor(randomData(B * T * 2 * Lul, 13), [B, T, 2 * Lul]).requireGrad() as Real;
    const gLast = tidy(() => {
      const w = hyper.forward(y0, slots);
      const est = rnn.forward(q, w.omegaA, w.omegaB, w.omegaC, slots);
      return backward(sum(slots.pick(est, T - 1))).get(y0)!;
    });
    const gy = await gLast.read();
    const slot0 = Array.from({ length: B }, (_, b) => Math.abs(gy[b * T * 2 * Lul]) + Math.abs(gy[b * T * 2 * Lul + 1]));
    expect(Math.max(...slot0)).toBeGreaterThan(0);
    for (const m of [hyper, rnn]) m.dispose();
    slots.dispose();
  });
});

describe('Pilots: ‖X_l‖² = P (7b)–(7c)', () => {
  it('holds at construction and after every captured training step, for the DL and UL pilots', async () => {
    const c = parseHyperrnnConfig({
      ...HYPERRNN_PRESETS.quick,
      system: { ...HYPERRNN_PRESETS.quick.system, numAntennas: 8, numSlots: 3, evalSlot: 3, pilotPower: 2 },
      networks: { encoder: [8], dnnEstimator: [8], hyperUnits: 8, rnnUnits: 4, omegaBias: 1 },
    });
    const setting = { paths: 2, rhoDl: 0.9, rhoUl: 0.9 };
    for (const kind of ['hyperrnn', 'dldnn'] as const) {
      const net: CsiScheme = buildScheme(c, { kind, bits: 4, ulPilots: 3, setting, name: 'p' }, 1);
      const pilots = net.namedParameters().filter((p) => p.name.endsWith('pilots.X'));
      expect(pilots.length).toBe(kind === 'hyperrnn' ? 2 : 1);
      const sampler = new FddSampler(fddChannel(c, setting, kind === 'dldnn' ? 1 : 3));
      const data = new Generator(2);
      const opt = new Adam(net.namedParameters(), { lr: 0.05 }); // large steps: the constraint must be re-imposed
      const step = compileStep((slope: Real) => {
        const loss = schemeLoss(net, sampler, data, 8, slope);
        opt.step(backward(loss));
        net.projectPilots();
        return loss;
      });
      const slope = tensor([1], [1]) as Real;
      const norms = async () => {
        const out: number[] = [];
        for (const { param } of pilots) {
          const x = await param.read();
          const [M, L] = param.shape;
          for (let l = 0; l < L; l++) {
            let s = 0;
            for (let m = 0; m < M; m++) s += x[2 * (m * L + l)] ** 2 + x[2 * (m * L + l) + 1] ** 2;
            out.push(s);
          }
        }
        return out;
      };
      for (const n of await norms()) expect(n).toBeCloseTo(2, 5);
      const before = await pilots[0].param.read();
      for (let i = 0; i < 5; i++) {
        await step(slope).item();
        for (const n of await norms()) expect(n).toBeCloseTo(2, 5);
      }
      expect(step.stats.replays).toBeGreaterThan(0);
      const after = await pilots[0].param.read();
      expect(after.some((v, i) => Math.abs(v - before[i]) > 1e-3)).toBe(true); // the pilots were trained
      step.dispose();
      opt.dispose();
      sampler.dispose();
      net.dispose();
    }
  });

  it('normalizeColumns scales each column to ‖X_l‖² = P', async () => {
    const X = tensor(randomData(2 * 5 * 3, 9), [5, 3], 'c64');
    const Y = await normalizeColumns(X as never, 4).read();
    for (let l = 0; l < 3; l++) {
      let s = 0;
      for (let m = 0; m < 5; m++) s += Y[2 * (m * 3 + l)] ** 2 + Y[2 * (m * 3 + l) + 1] ** 2;
      expect(s).toBeCloseTo(4, 5);
    }
    const p = new Pilots(6, 2, 1, new Generator(1));
    expect(p.X.shape).toEqual([6, 2]);
    p.dispose();
  });
});
