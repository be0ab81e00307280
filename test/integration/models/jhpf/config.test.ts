import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../models/run/config.js';
import { JHPF_PRESETS, parseJhpfConfig } from '../../../../models/jhpf/config.js';

describe('jhpf config', () => {
  it('accepts both presets and the paper settings', () => {
    for (const preset of Object.values(JHPF_PRESETS)) expect(parseJhpfConfig(preset)).toEqual(preset);
    const paper = parseJhpfConfig({});
    expect(paper.dims).toEqual({ Nt: 32, NtRF: 3, Nr: 16, NrRF: 3, Ns: 3 });
    expect([paper.data.train, paper.data.validation, paper.data.test]).toEqual([261_000, 29_000, 10_000]);
    expect(paper.train.epochs).toBe(800);
    expect(paper.train.learningRates).toEqual([
      { epoch: 0, lr: 1e-3 },
      { epoch: 500, lr: 1e-4 },
    ]);
    expect(paper.train.batchSize).toBe(256);
  });

  it('defaults to both rows on the fixed-geometry channels; the long preset file parses onto the paper preset', () => {
    const paper = parseJhpfConfig({});
    expect(paper.variants).toEqual(['faithful', 'phasor']);
    expect(paper.data.channels).toBe('fixed-geometry');
    const long = parseJhpfConfig(JSON.parse(readFileSync(new URL('../../../../models/jhpf/presets/long.json', import.meta.url), 'utf8')).jhpf);
    expect(long.data.train).toBe(261_000);
    expect(long.data.test).toBe(1024);
    expect(long.variants).toEqual(['faithful', 'phasor']);
  });

  it('merges overrides key by key', () => {
    const c = parseJhpfConfig({ ...JHPF_PRESETS.quick, train: { ...JHPF_PRESETS.quick.train, epochs: 2 } });
    expect(c.train.epochs).toBe(2);
    expect(c.data.train).toBe(JHPF_PRESETS.quick.data.train);
  });

  const refused: [string, unknown, RegExp][] = [
    ['an unknown key', { train: { epoch: 3 } }, /jhpf\.train\.epoch: unknown key/],
    ['a wrong type', { dims: { Nt: '32' } }, /jhpf\.dims\.Nt: expected number/],
    ['N_s above the RF chains', { dims: { Ns: 4 } }, /jhpf\.dims\.Ns: expected N_s ≤ min/],
    ['more RF chains than antennas', { dims: { NrRF: 17, NtRF: 17, Ns: 3 } }, /expected N_RF ≤ N at each end/],
    ['unequal RF chains with codebook baselines', { dims: { NtRF: 4 } }, /expected N_T\^RF = N_R\^RF/],
    ['a fractional count', { data: { test: 10.5 } }, /jhpf\.data\.test: expected a positive integer/],
    ['analogFrom outside the subcarriers', { ofdm: { analogFrom: 64 } }, /jhpf\.ofdm\.analogFrom: expected a subcarrier index in \[0, 64\)/],
    ['an unknown baseline', { evaluate: { baselines: ['hbd-x'] } }, /jhpf\.evaluate\.baselines\[0\]: expected one of/],
    ['an unknown equalizer', { evaluate: { equalizer: 'mmse' } }, /jhpf\.evaluate\.equalizer/],
    ['an unknown CSI estimator', { data: { csiEstimator: 'cnn' } }, /jhpf\.data\.csiEstimator/],
    ['a decreasing SNR grid', { evaluate: { snrDb: [0, -2] } }, /jhpf\.evaluate\.snrDb: expected at least two increasing/],
    ['a schedule not starting at epoch 0', { train: { learningRates: [{ epoch: 1, lr: 1e-3 }] } }, /starting at epoch 0/],
    ['a non-positive learning rate', { train: { learningRates: [{ epoch: 0, lr: 0 }] } }, /learningRates\[0\]\.lr: expected > 0/],
    ['a training SNR range upside down', { train: { snrDb: [10, -10] } }, /jhpf\.train\.snrDb/],
    ['a batch larger than the training set', { data: { train: 100 } }, /jhpf\.train\.batchSize: expected ≤ data\.train/],
    ['an unknown gradient mode', { train: { gradients: 'numeric' } }, /jhpf\.train\.gradients/],
    ['a zero hidden width', { hidden: { pp: [512, 0] } }, /jhpf\.hidden\.pp\[1\]: expected a positive integer/],
    ['a non-finite number', { evaluate: { maxBits: Infinity } }, /finite/],
    ['an unknown variant', { variants: ['faithful', 'magic'] }, /jhpf\.variants: expected distinct names/],
    ['no variant', { variants: [] }, /jhpf\.variants/],
    ['an unknown channel set', { data: { channels: 'cdl-a' } }, /jhpf\.data\.channels: expected one of fixed-geometry, drop-varying/],
    ['a freeze share of 1', { pretrain: { freezeShare: 1 } }, /jhpf\.pretrain\.freezeShare/],
  ];
  it.each(refused)('refuses %s', (_, raw, message) => {
    expect(() => parseJhpfConfig(raw)).toThrow(ConfigError);
    expect(() => parseJhpfConfig(raw)).toThrow(message);
  });
});
