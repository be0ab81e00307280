/**
 * The DL-JHPF framework (paper 000 §III-B, Table I): layer sizes, the constraints of the designed matrices
 * ((7)–(9)), the OFDM design shapes and unified analog processing (§III-F), fused vs autodiff custom layers, and
 * a checkpoint round trip.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complexNormal, loadCheckpoint, matmul, saveCheckpoint, sliceAxis, tidy, type Complex, type Tensor } from '../../../../engine/index.js';
import { JHPF_PAPER_DIMS, type JhpfDims } from '../../../../models/jhpf/network/dims.js';
import { JhpfFramework } from '../../../../models/jhpf/network/framework.js';
import { TABLE_ONE_HIDDEN } from '../../../../models/jhpf/network/table-one.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const SMALL: JhpfDims = { Nt: 8, NtRF: 3, Nr: 4, NrRF: 2, Ns: 2, subcarriers: 1 };
const B = 5;

/** Weights and biases of every row, and BN's γ, β after each hidden ("Dense") row of a Table I network. */
function tableCount(inputs: number, hidden: number[], outputs: number): number {
  let n = 0;
  let w = inputs;
  for (const u of hidden) {
    n += (w + 1) * u + 2 * u;
    w = u;
  }
  return n + (w + 1) * outputs;
}

async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  return Promise.all(ts.map((t) => t.read()));
}

describe('JhpfFramework', () => {
  it('has the Table I networks at the paper dimensions (Dense → ReLU → BN rows, then the output row)', () => {
    const net = new JhpfFramework(JHPF_PAPER_DIMS, { seed: 1 });
    const { Nt, NtRF, Nr, NrRF, Ns } = JHPF_PAPER_DIMS;
    const h = TABLE_ONE_HIDDEN;
    const expected =
      tableCount(2 * Nt * Nr, h.pp, Nt * NtRF) +
      tableCount(2 * Nt * Nr, h.cp, Nr * NrRF) +
      2 * tableCount(2 * NtRF * NrRF, h.dp, NtRF * Ns) +
      2 * tableCount(2 * NtRF * NrRF, h.dc, NrRF * Ns) +
      tableCount(2 * Ns, h.demod, 2 * Ns);
    expect(net.parameterCount()).toBe(expected);
    const kinds = (m: { layers: { layers: readonly { typeName: string }[] } }) => m.layers.layers.map((l) => l.typeName);
    expect(kinds(net.ppNN)).toEqual([...h.pp.flatMap(() => ['Linear', 'ReLU', 'BatchNorm1d']), 'Linear', 'ReLU']);
    expect(kinds(net.reDpNN)).toEqual([...h.dp.flatMap(() => ['Linear', 'ReLU', 'BatchNorm1d']), 'Linear']);
    expect(kinds(net.demodulator)).toEqual([...h.demod.flatMap(() => ['Linear', 'ReLU', 'BatchNorm1d']), 'Linear']);
    expect(net.gradients).toBe('fused');
    net.dispose();
  });

  it('designs unit-modulus analog matrices and a digital precoder with ‖F_RF F_BB‖_F² = N_s (eqs. (7)–(9), (17))', async () => {
    const net = new JhpfFramework(SMALL, { seed: 2 });
    const H = complexNormal([B, SMALL.Nr, SMALL.Nt], { seed: 3 });
    const d = net.design(H);
    expect(d.F_RF.shape).toEqual([B, SMALL.Nt, SMALL.NtRF]);
    expect(d.W_RF.shape).toEqual([B, SMALL.Nr, SMALL.NrRF]);
    expect(d.F_BB.shape).toEqual([B, SMALL.NtRF, SMALL.Ns]);
    expect(d.W_BB.shape).toEqual([B, SMALL.NrRF, SMALL.Ns]);
    const [F, W, P] = await readAll([d.F_RF, d.W_RF, matmul(d.F_RF, d.F_BB)]);
    for (let i = 0; i < F.length; i += 2) expect(Math.hypot(F[i], F[i + 1])).toBeCloseTo(1 / Math.sqrt(SMALL.Nt), 6);
    for (let i = 0; i < W.length; i += 2) expect(Math.hypot(W[i], W[i + 1])).toBeCloseTo(1 / Math.sqrt(SMALL.Nr), 6);
    const per = (P.length / B) | 0;
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let i = b * per; i < (b + 1) * per; i++) s += P[i] * P[i];
      expect(s).toBeCloseTo(SMALL.Ns, 4);
    }
    expect(net.training).toBe(true); // design ran in eval mode and restored the mode
    net.dispose();
  });

  it('fused and autodiff custom layers design the same matrices', async () => {
    const net = new JhpfFramework(SMALL, { seed: 4, gradients: 'fused' });
    const H = complexNormal([B, SMALL.Nr, SMALL.Nt], { seed: 5 });
    const a = net.design(H);
    net.gradients = 'autodiff';
    const b = net.design(H);
    const [x, y] = await Promise.all([readAll([a.F_RF, a.F_BB, a.W_RF, a.W_BB]), readAll([b.F_RF, b.F_BB, b.W_RF, b.W_BB])]);
    x.forEach((v, k) => v.forEach((e, i) => expect(e).toBeCloseTo(y[k][i], 5)));
    net.dispose();
  });

  it('OFDM: unified analog matrices from subcarrier q, digital ones per subcarrier; the matched ideal per subcarrier', async () => {
    const K = 4;
    const dims: JhpfDims = { ...SMALL, subcarriers: K, analogFrom: 2 };
    const net = new JhpfFramework(dims, { seed: 6 });
    const H = complexNormal([B, K, dims.Nr, dims.Nt], { seed: 7 }) as Complex;
    const d = net.design(H);
    expect(d.F_RF.shape).toEqual([B, dims.Nt, dims.NtRF]);
    expect(d.W_RF.shape).toEqual([B, dims.Nr, dims.NrRF]);
    expect(d.F_BB.shape).toEqual([B, K, dims.NtRF, dims.Ns]);
    expect(d.W_BB.shape).toEqual([B, K, dims.NrRF, dims.Ns]);
    // the unified analog processing is the narrowband design of H[q] (q = 2), and subcarrier q's digital matrices too
    const Hq = sliceAxis(H, 1, 2, 3).reshape([B, dims.Nr, dims.Nt]) as Complex;
    const narrow = new JhpfFramework({ ...dims, subcarriers: 1 }, { seed: 6 });
    const n = narrow.design(Hq);
    const [F, Fq, FBBq, nF, nFBB] = await readAll([d.F_RF, d.F_RF, sliceAxis(d.F_BB, 1, 2, 3), n.F_RF, n.F_BB]);
    F.forEach((v, i) => expect(v).toBeCloseTo(nF[i], 5));
    FBBq.forEach((v, i) => expect(v).toBeCloseTo(nFBB[i], 4));
    expect(Fq.length).toBe(nF.length);
    const m = net.design(H, { matchedAnalog: true });
    expect(m.F_RF.shape).toEqual([B, K, dims.Nt, dims.NtRF]);
    expect(m.W_RF.shape).toEqual([B, K, dims.Nr, dims.NrRF]);
    expect(m.F_BB.shape).toEqual([B, K, dims.NtRF, dims.Ns]);
    const mean = new JhpfFramework({ ...dims, analogFrom: 'mean' }, { seed: 6 });
    expect(mean.design(H).F_RF.shape).toEqual([B, dims.Nt, dims.NtRF]);
    for (const x of [net, narrow, mean]) x.dispose();
  });

  it('refuses channels of the wrong shape and inconsistent dimensions', () => {
    expect(() => new JhpfFramework({ ...SMALL, Ns: 4 }, { seed: 1 })).toThrow(/N_s ≤ N_T\^RF/);
    expect(() => new JhpfFramework({ ...SMALL, subcarriers: 2, analogFrom: 2 }, { seed: 1 })).toThrow(/analogFrom/);
    const net = new JhpfFramework(SMALL, { seed: 1 });
    tidy(() => {
      expect(() => net.design(complexNormal([B, SMALL.Nt, SMALL.Nr], { seed: 1 }))).toThrow(/expected H \[B, 4, 8\]/);
      expect(() => net.design(complexNormal([B, 2, SMALL.Nr, SMALL.Nt], { seed: 1 }))).toThrow(/K = 1/);
    });
    net.dispose();
  });

  it('round-trips through a checkpoint: a differently seeded framework loads the state and designs the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jhpf-'));
    const a = new JhpfFramework(SMALL, { seed: 8 });
    const H = complexNormal([B, SMALL.Nr, SMALL.Nt], { seed: 9 });
    const path = join(dir, 'jhpf.safetensors');
    await saveCheckpoint(path, { tensors: a.stateDict() });
    const b = new JhpfFramework(SMALL, { seed: 10 });
    const before = await b.design(H).F_BB.read();
    b.loadStateDict((await loadCheckpoint(path, { expect: b.stateSpec() })).tensors);
    const [x, y] = await Promise.all([a.design(H).F_BB.read(), b.design(H).F_BB.read()]);
    expect(Array.from(y)).toEqual(Array.from(x));
    expect(Array.from(before)).not.toEqual(Array.from(x));
    a.dispose();
    b.dispose();
  });
});
