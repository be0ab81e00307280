/**
 * The probe (paper 001) and HyperRNN (paper 003) benchmark suites in a tiny configuration: every peer that can run
 * here (jax-js on Wasm, PyTorch on the CPU when /usr/bin/python3 has torch; TF.js and jax-js WebGPU are left to
 * `npm run bench`) computes the same first-step loss as ours from the same weights and inputs, and the record has
 * the columns the results files and the README quote.
 */
import { describe, expect, it } from 'vitest';
import { benchHyperrnn } from '../../../bench/hyperrnn.js';
import { benchProbe } from '../../../bench/probe.js';
import { torchUnavailable } from '../../../bench/torch-cpu.js';

const torch = torchUnavailable() === null;
const quiet = () => {};

/** relative agreement of the peers' first loss with ours (row 0) */
function expectFirstLossesAgree(rows: Array<Record<string, string | number>>, rel: number): void {
  const ours = rows[0]['loss first'] as number;
  expect(Number.isFinite(ours)).toBe(true);
  for (const r of rows.slice(1)) {
    const v = r['loss first'] as number;
    expect(Math.abs(v - ours), `${r.impl}: ${v} vs ours ${ours}`).toBeLessThanOrEqual(rel * Math.abs(ours));
  }
}

describe('probe bench suite (tiny)', () => {
  it('every peer starts from our loss; the record has the quoted columns', async () => {
    const r = await benchProbe({ batch: 16, schedule: [1, 2, 2, 2], tfjs: false, jaxDevices: ['wasm'], torchThreads: [1], write: false, log: quiet });
    expect(r.name).toBe('probe');
    expect(r.device).toMatch(/\(.+\)/);
    expect(r.rows.map((x) => x.impl)).toEqual([
      'Phasor (WebGPU, fused probe gradients)',
      expect.stringMatching(/^jax-js .* wasm/),
      ...(torch ? [expect.stringMatching(/^PyTorch /)] : []),
    ]);
    for (const row of r.rows) {
      for (const col of ['train ms/step', 'samples/s', 'time/ours', 'infer ms (batch 1)', 'infer ms/sample (batch 16)', 'loss first', 'loss last']) {
        expect(typeof row[col] === 'number' && Number.isFinite(row[col]) && (row[col] as number) > 0, `${row.impl} ${col} = ${row[col]}`).toBe(true);
      }
    }
    expect(r.rows[0]['time/ours']).toBe(1);
    expect(r.rows[0]['dispatches/step']).toBeGreaterThan(0);
    expectFirstLossesAgree(r.rows, 1e-4);
    // training moves every implementation
    for (const row of r.rows) expect(row['loss last']).toBeLessThan(row['loss first'] as number);
    expect(r.notes?.some((n) => n.includes('load average'))).toBe(true);
  }, 300_000);
});

describe('hyperrnn bench suite (tiny)', () => {
  it('every peer starts from our loss; the record has the quoted columns', async () => {
    const r = await benchHyperrnn({
      tiny: { batch: 8, slots: 3, encoder: [16, 8], hyperUnits: 16, rnnUnits: 8 },
      schedule: [1, 2, 1],
      peerSchedule: [1, 2, 1],
      wasmSchedule: [1, 2, 1],
      tfjs: false,
      jaxDevices: ['wasm'],
      torchThreads: [1],
      write: false,
      log: quiet,
    });
    expect(r.name).toBe('hyperrnn');
    expect(r.rows.map((x) => x.impl)).toEqual([
      'Phasor (WebGPU)',
      expect.stringMatching(/^jax-js .* wasm/),
      ...(torch ? [expect.stringMatching(/^PyTorch /)] : []),
    ]);
    for (const row of r.rows) {
      for (const col of ['ms/step', 'steps/s', 'time/ours', 'loss first', 'loss last']) {
        expect(typeof row[col] === 'number' && Number.isFinite(row[col]) && (row[col] as number) > 0, `${row.impl} ${col} = ${row[col]}`).toBe(true);
      }
      expect(row['timed steps']).toBe(2);
    }
    expect(r.rows[0]['dispatches/step']).toBeGreaterThan(0);
    expectFirstLossesAgree(r.rows, 1e-4);
    // the peers train on one fixed batch: their losses after the same steps agree with each other
    const peers = r.rows.slice(1).map((x) => x['loss last'] as number);
    for (const v of peers) expect(Math.abs(v - peers[0])).toBeLessThanOrEqual(1e-3 * peers[0]);
  }, 300_000);
});
