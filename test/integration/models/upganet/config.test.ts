import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../models/run/index.js';
import { upganetModel } from '../../../../models/upganet/entry.js';
import { upganetCheckpointName, upganetSpecs } from '../../../../models/upganet/train.js';

const paper = upganetModel.presets.paper;
const withOverride = (patch: (c: typeof paper) => void) => {
  const c = structuredClone(paper);
  patch(c);
  return c;
};

const VARIANT = { name: 'swept-init', J: 20, lr: 1e-3, initialMu: 0.2, initialLambda: 0.01, note: 'initial steps from the fixed-step sweep' };

describe('upganet parseConfig', () => {
  it('accepts both presets unchanged, and the paper preset is the paper setting', () => {
    for (const preset of ['quick', 'paper'] as const) expect(upganetModel.parseConfig(upganetModel.presets[preset])).toEqual(upganetModel.presets[preset]);
    expect(paper.unfolding).toMatchObject({ outer: 120, inner: [1, 10, 20] });
    expect(paper.training).toMatchObject({ channels: 500, batch: 10, lr: 1e-3 });
    expect(paper.test.channels).toBe(100);
    expect(upganetModel.presets.quick.test.channels).toBeGreaterThanOrEqual(100);
  });

  it('accepts named variants and turns each into a network beside the faithful one of its J', () => {
    const c = upganetModel.parseConfig(withOverride((x) => (x.variants = [VARIANT])));
    expect(c.variants).toEqual([VARIANT]);
    expect(upganetSpecs(c).map((s) => [s.key, s.lr, s.initialMu, s.initialLambda])).toEqual([
      ['J1', 1e-3, 0.01, 0.01],
      ['J10', 1e-3, 0.01, 0.01],
      ['J20', 1e-3, 0.01, 0.01],
      ['J20-swept-init', 1e-3, 0.2, 0.01],
    ]);
    expect(upganetCheckpointName(20, 'swept-init')).toBe('upganet-J20-swept-init');
    expect(paper.variants).toEqual([]);
    // a variant's row must have its faithful row beside it: every quick-preset variant's J is trained faithfully too
    for (const v of upganetModel.presets.quick.variants ?? []) expect(upganetModel.presets.quick.unfolding.inner).toContain(v.J);
  });

  it.each([
    ['an unknown key', { ...paper, extra: 1 }, /upganet\.extra: unknown key/],
    ['a wrong type', withOverride((c) => ((c.system as { omega: unknown }).omega = '0.3')), /upganet\.system\.omega: expected number/],
    ['N_RF < K', withOverride((c) => (c.system.numRf = 2)), /numRf: Eq\. \(17\) needs N_RF ≥ K; expected ≥ 4, got 2/],
    ['N_RF − K beyond the targets', withOverride((c) => (c.system.numRf = 8)), /N_RF − K ≤ 3 targets, got N_RF − K = 4/],
    ['a repeated J', withOverride((c) => (c.unfolding.inner = [1, 10, 10])), /distinct J values/],
    ['J = 0', withOverride((c) => (c.unfolding.inner = [0, 10])), /inner\[0\]: expected a positive integer; got 0/],
    [
      'an unknown impl',
      withOverride((c) => ((c.unfolding as { trainImpl: string }).trainImpl = 'cuda')),
      /trainImpl: expected one of composite, fused; got "cuda"/,
    ],
    ['a batch larger than the training set', withOverride((c) => (c.training.batch = 600)), /training\.batch: expected ≤ training\.channels = 500; got 600/],
    ['more SCA channels than test channels', withOverride((c) => (c.baselines.scaChannels = 101)), /scaChannels: expected ≤ test\.channels = 100; got 101/],
    ['an unknown init', withOverride((c) => (c.convergence.inits = ['zf', 'dft'])), /inits: expected a non-empty subset of zf, svd, random/],
    ['a PGA cap below I', withOverride((c) => (c.pga.maxIterations = 50)), /maxIterations: expected ≥ unfolding\.outer = 120; got 50/],
    ['a negative ω', withOverride((c) => (c.system.omega = -1)), /omega: expected ω ≥ 0; got -1/],
    [
      'a variant of a J not trained',
      withOverride((c) => (c.variants = [{ ...VARIANT, J: 5 }])),
      /variants\[0\]\.J: expected one of unfolding\.inner = \[1, 10, 20\]/,
    ],
    [
      'a variant name with spaces',
      withOverride((c) => (c.variants = [{ ...VARIANT, name: 'Swept Init' }])),
      /variants\[0\]\.name: expected lower-case words joined by '-'/,
    ],
    ['a variant lr above 1', withOverride((c) => (c.variants = [{ ...VARIANT, lr: 2 }])), /variants\[0\]\.lr: expected a number in \(0, 1\]; got 2/],
    [
      'a negative initial μ',
      withOverride((c) => (c.variants = [{ ...VARIANT, initialMu: -0.1 }])),
      /variants\[0\]\.initialMu: expected a finite number ≥ 0; got -0\.1/,
    ],
    ['an unknown variant key', withOverride((c) => (c.variants = [{ ...VARIANT, epochs: 3 } as typeof VARIANT])), /variants\[0\]\.epochs: unknown key/],
    [
      'a variant without a note',
      withOverride((c) => (c.variants = [{ ...VARIANT, note: undefined } as unknown as typeof VARIANT])),
      /variants\[0\]\.note: missing/,
    ],
    [
      'two variants of one name and J',
      withOverride((c) => (c.variants = [VARIANT, { ...VARIANT, lr: 0.1 }])),
      /distinct names per J; got \[20\/swept-init, 20\/swept-init\]/,
    ],
  ])('refuses %s', (_what, raw, message) => {
    expect(() => upganetModel.parseConfig(raw)).toThrow(ConfigError);
    expect(() => upganetModel.parseConfig(raw)).toThrow(message);
  });
});
