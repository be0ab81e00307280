/**
 * HyperRNN's figures follow the report's figure rules: a scheme (DL-DNN, HyperRNN with its L_ul) keeps its colour in
 * Fig. 4, Fig. 5 and NMSE vs slot, a channel setting its dash (i.i.d. solid, correlated dashed), and a curve its whole
 * look; the curves of a figure differ in colour or point shape (what the legend shows), also when one scheme appears in
 * both settings; an NMSE of 0 is drawn at the float32 resolution as an upper bound instead of being dropped from the
 * dB axis. The figures are built from synthetic NMSE books (no training).
 */
import { describe, expect, it } from 'vitest';
import { figureSpec } from '../../../../cli/report/plot.js';
import { HYPERRNN_PRESETS, type HyperrnnConfig } from '../../../../models/hyperrnn/config.js';
import type { SlotNmse } from '../../../../models/hyperrnn/evaluate-nmse.js';
import { fig4, type NmseBook } from '../../../../models/hyperrnn/experiments/fig4-nmse-vs-bits.js';
import { fig5 } from '../../../../models/hyperrnn/experiments/fig5-nmse-vs-paths.js';
import { allSpecs, fig4HyperSpec } from '../../../../models/hyperrnn/experiments/networks.js';
import { nmseVsSlot } from '../../../../models/hyperrnn/experiments/nmse-vs-slot.js';
import { hyperrnnStyles, NMSE_RESOLUTION } from '../../../../models/hyperrnn/experiments/styles.js';
import type { Figure } from '../../../../models/run/index.js';

const SEQUENCES = 16;

/** L_ul = 2 in both settings: Fig. 5's HyperRNN and Fig. 4's largest L_ul meet in the NMSE-vs-slot figure. */
const CONFIG: HyperrnnConfig = {
  ...HYPERRNN_PRESETS.quick,
  system: { ...HYPERRNN_PRESETS.quick.system, numSlots: 4, evalSlot: 3 },
  fig4: { ...HYPERRNN_PRESETS.quick.fig4, bits: [4, 8, 12], ulPilots: [1, 2] },
  fig5: { ...HYPERRNN_PRESETS.quick.fig5, ulPilots: 2, paths: [2, 4, 8] },
  test: { sequences: SEQUENCES, chunk: SEQUENCES },
};

/** Per network a deterministic NMSE per slot; `zero`: the networks whose every ratio at slot `evalSlot` is 0. */
function book(c: HyperrnnConfig, zero: string[] = []): NmseBook {
  const T = c.system.numSlots;
  const out: NmseBook = {};
  allSpecs(c).forEach((spec, k) => {
    const ratios = Float32Array.from({ length: SEQUENCES * T }, (_, i) => {
      const t = (i % T) + 1;
      if (zero.includes(spec.name) && t === c.system.evalSlot) return 0;
      return 0.5 / (1 + 0.3 * k + 0.1 * t) + 0.01 * ((i * 7) % 5);
    });
    const mean = (t: number) => Array.from({ length: SEQUENCES }, (_, b) => ratios[b * T + t]).reduce((a, b) => a + b, 0) / SEQUENCES;
    const meanOfRatios = Array.from({ length: T }, (_, t) => mean(t));
    out[spec.name] = { meanOfRatios, ratioOfSums: meanOfRatios, ratios } satisfies SlotNmse;
  });
  return out;
}

function figures(c: HyperrnnConfig, b: NmseBook): Figure[] {
  return [fig4(c, b, 'quick').figure, fig5(c, b, 'quick').figure, nmseVsSlot(c, b, 'quick').figure];
}

/** The scheme and setting of a curve, read from its legend name and figure. */
function identity(f: Figure, name: string): { scheme: string; setting: string } {
  const scheme = name.startsWith('DL-DNN') ? 'DL-DNN' : name.startsWith('zero estimate') ? 'zero' : /^HyperRNN, L_ul = \d+/.exec(name)?.[0];
  if (!scheme) throw new Error(`unknown curve '${name}' in ${f.id}`);
  if (scheme === 'zero') return { scheme, setting: 'any' };
  if (f.id === 'fig4-nmse-vs-bits') return { scheme, setting: 'iid' };
  if (f.id === 'fig5-nmse-vs-paths') return { scheme, setting: 'correlated' };
  if (name.includes('Fig. 4 setting')) return { scheme, setting: 'iid' };
  if (name.includes('Fig. 5 setting')) return { scheme, setting: 'correlated' };
  throw new Error(`no setting in '${name}' (${f.id})`);
}

function rows(f: Figure): { series: string; y: number; bound: boolean }[] {
  return (figureSpec(f) as unknown as { data: { values: { series: string; y: number; bound: boolean }[] } }).data.values;
}

describe('hyperrnn figures', () => {
  it('scheme → colour, setting → dash, one look per curve in Figs. 4, 5 and NMSE vs slot; curves of a figure apart', () => {
    const fs = figures(CONFIG, book(CONFIG));
    expect(fs.map((f) => f.id)).toEqual(['fig4-nmse-vs-bits', 'fig5-nmse-vs-paths', 'nmse-vs-slot']);
    const lookOf = new Map<string, string>();
    const colourOf = new Map<string, string>();
    const dashOf = new Map<string, string>();
    const pairs = new Set<string>();
    for (const f of fs) {
      const marks = new Set<string>();
      for (const s of f.series) {
        const st = s.style!;
        expect(st, `${f.id}: ${s.name}`).toBeDefined();
        const { scheme, setting } = identity(f, s.name);
        const key = `${scheme}/${setting}`;
        pairs.add(key);
        expect(lookOf.get(key) ?? JSON.stringify(st), `${key} in ${f.id}`).toBe(JSON.stringify(st));
        lookOf.set(key, JSON.stringify(st));
        expect(colourOf.get(scheme) ?? st.color, `colour of ${scheme} in ${f.id}`).toBe(st.color);
        colourOf.set(scheme, st.color);
        if (scheme !== 'zero') {
          expect(dashOf.get(setting) ?? String(st.dash), `dash of ${setting} in ${f.id}`).toBe(String(st.dash));
          dashOf.set(setting, String(st.dash));
        }
        const mark = `${st.color}/${st.shape}`;
        expect(marks.has(mark), `${f.id}: '${s.name}' looks like another curve in the legend`).toBe(false);
        marks.add(mark);
      }
    }
    // DL-DNN and HyperRNN L_ul = 2 were drawn in both settings (the NMSE-vs-slot figure has both side by side)
    for (const k of ['DL-DNN/iid', 'DL-DNN/correlated', 'HyperRNN, L_ul = 2/iid', 'HyperRNN, L_ul = 2/correlated', 'HyperRNN, L_ul = 1/iid'])
      expect(pairs.has(k), k).toBe(true);
    expect(new Set(colourOf.values()).size).toBe(colourOf.size);
    expect(dashOf.get('iid')).not.toBe(dashOf.get('correlated'));
    // the claims (the paper's statements beside ours) stay with every figure
    expect(fs.map((f) => f.claims!.length)).toEqual([3, 2, 2]);
  });

  it('an NMSE of 0 is drawn at the float32 resolution as an upper bound, not dropped from the dB axis', () => {
    const t = CONFIG.system.evalSlot;
    const zeroNet = fig4HyperSpec(CONFIG, 12, 2).name; // Fig. 4 at B = 12, and the NMSE-vs-slot i.i.d. HyperRNN
    const [f4, , fs] = figures(CONFIG, book(CONFIG, [zeroNet]));
    const floorDb = 10 * Math.log10(NMSE_RESOLUTION);
    const hyper = f4.series.find((s) => s.name === 'HyperRNN, L_ul = 2')!;
    expect(hyper.y[2]).toBeCloseTo(floorDb, 9);
    expect(hyper.upperBound).toEqual([false, false, true]);
    const slotCurve = fs.series.find((s) => s.name.startsWith('HyperRNN, L_ul = 2, Fig. 4 setting'))!;
    expect(slotCurve.upperBound![t - 1]).toBe(true);
    expect(slotCurve.upperBound!.filter(Boolean)).toHaveLength(1);
    for (const [f, s, i] of [
      [f4, hyper, 2],
      [fs, slotCurve, t - 1],
    ] as const) {
      const kept = rows(f).filter((r) => r.series === s.name);
      expect(kept, `${f.id}: every point of '${s.name}' drawn`).toHaveLength(s.x.length);
      expect(kept[i]).toMatchObject({ y: floorDb, bound: true });
    }
    // every other point of every figure is a finite measurement
    for (const f of [f4, fs]) for (const s of f.series) expect(rows(f).filter((r) => r.series === s.name)).toHaveLength(s.x.length);
  });

  it('twelve and more HyperRNN pilot lengths, each in both settings: every curve of the report has its own legend mark', () => {
    for (const [count, L5] of [
      [12, 12],
      [10, 10],
      [25, 3],
    ]) {
      const ulPilots = Array.from({ length: count }, (_, i) => i + 1);
      const c: HyperrnnConfig = { ...CONFIG, fig4: { ...CONFIG.fig4, ulPilots, bits: [4] }, fig5: { ...CONFIG.fig5, ulPilots: L5 } };
      const table = Object.entries(hyperrnnStyles(c));
      expect(table).toHaveLength(2 * (count + 1) + 1);
      const marks = table.map(([, st]) => `${st.color}/${st.shape}`);
      expect(new Set(marks).size, `${count} pilot lengths`).toBe(marks.length);
      for (const [key, st] of table) {
        if (key.endsWith('/iid')) expect(st.dash, key).toEqual([]);
        if (key.endsWith('/correlated')) expect(st.dash, key).toEqual([6, 4]);
      }
      const [f4, , fs] = figures(c, book(c));
      expect(f4.series).toHaveLength(count + 2);
      for (const f of [f4, fs]) {
        const looks = f.series.map((s) => `${s.style!.color}/${s.style!.shape}`);
        expect(new Set(looks).size, f.id).toBe(looks.length);
      }
    }
  });
});
