/**
 * The probe model's figures follow the report's figure rules: every curve (a scheme in a deployment, a search, a
 * reference, the paper's points) has one look, the same in every figure it appears in; a scheme keeps its colour and a
 * deployment its dash across figures; the curves of a figure differ in colour or point shape (what the legend shows),
 * the 12 of Fig. 3 included; zero values (an EAR of 0 once training fills the slot, a top-1 accuracy of 0) are drawn,
 * not dropped; the paper's claims stay beside ours. The experiments run on synthetic deployments (no training).
 */
import { describe, expect, it } from 'vitest';
import { figureSpec } from '../../../../cli/report/plot.js';
import type { DeploymentResult } from '../../../../models/probe/deploy.js';
import { PROBE_PRESETS, type ProbeConfig } from '../../../../models/probe/config.js';
import type { BeamSet } from '../../../../models/probe/data.js';
import { bitsSweep } from '../../../../models/probe/experiments/bits-sweep.js';
import { SCHEME_LABELS, type EvalContext, type TrainedNet } from '../../../../models/probe/experiments/context.js';
import { fig2Convergence } from '../../../../models/probe/experiments/fig2-convergence.js';
import { fig3TopK } from '../../../../models/probe/experiments/fig3-topk.js';
import { fig4Ear } from '../../../../models/probe/experiments/fig4-ear.js';
import type { SearchResult } from '../../../../models/probe/experiments/search.js';
import { siteFigures } from '../../../../models/probe/experiments/site.js';
import { probeStyles } from '../../../../models/probe/experiments/styles.js';
import { SCHEMES, type SchemeName } from '../../../../models/probe/probes.js';
import type { Variant } from '../../../../models/probe/train.js';
import { silentProgress, type Figure, type SeriesStyle } from '../../../../models/run/index.js';

const COUNT = 64;
const N = 128;

/** A deterministic stand-in for Algorithm 1 on COUNT drops; the reference scheme's quantized top-1 is exactly 0. */
function fakeDeployment(scheme: SchemeName, variant: Variant, bits: number | null): DeploymentResult {
  const k = SCHEMES.indexOf(scheme);
  const q = bits === null ? 0 : 0.1 + 0.02 * (8 - bits) - (variant === 'noise' ? 0.05 : 0);
  const top1 = scheme === 'reference' && variant === 'original' && bits !== null ? 0 : 0.4 + 0.05 * k - q;
  const snr = (scale: number) => Float64Array.from({ length: COUNT }, (_, b) => scale * (1e4 + 100 * b));
  return {
    topK: { 1: top1, 3: 0.7 + 0.04 * k - q, 5: 0.8 + 0.04 * k - q },
    logits: new Float32Array(COUNT * N),
    algorithm1: { accuracy: 0.75 + 0.03 * k - q, measurements: 13 },
    snr: { top1: snr(0.8), algorithm1: snr(0.9 - 0.01 * k), optimal: snr(1) },
    chosen: new Int32Array(COUNT),
  };
}

function fakeContext(config: ProbeConfig): EvalContext {
  const nets: TrainedNet[] = SCHEMES.flatMap((scheme) =>
    (['original', 'noise'] as const).map((variant) => ({
      scheme,
      variant,
      net: null as never,
      history: [1, 2, 3].map((epoch) => ({ epoch, loss: 3 - epoch / 2, top3: 0.3 + 0.1 * epoch, top3Quantized: 0.2 + 0.1 * epoch })),
    })),
  );
  let s = 1;
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const test: BeamSet = {
    count: COUNT,
    N,
    h: Float32Array.from({ length: 2 * COUNT * N }, () => 1e-4 * rand()),
    beamPower: Float32Array.from({ length: COUNT * N }, (_, i) => 1e-9 * (1 + (i % 7))),
    bestBeam: Int32Array.from({ length: COUNT }, (_, b) => (b * 5) % N),
  };
  const e = {
    ctx: { config, preset: 'quick', progress: silentProgress },
    config,
    test,
    nets,
    link: { amplitude: 1e6, noiseDbm: -94 },
    geometry: { horizontal: 16, vertical: 8, probes: 8 },
    noiseSeed: 7,
    net: (scheme: SchemeName, variant: Variant) => nets.find((n) => n.scheme === scheme && n.variant === variant),
    deployment: async (scheme: SchemeName, variant: Variant, bits: number | null) => fakeDeployment(scheme, variant, bits),
    ranking: async (scheme: SchemeName, variant: Variant, bits: number | null) => ({ topK: fakeDeployment(scheme, variant, bits).topK }),
  };
  return e as unknown as EvalContext;
}

const snrs = (scale: number) => Float64Array.from({ length: COUNT }, (_, b) => scale * (1e4 + 100 * b));
const SEARCHES: SearchResult[] = [
  { name: 'hierarchical search', measurements: 24, accuracy: 0.6, snr: snrs(0.85) },
  { name: 'binary search', measurements: 14, accuracy: 0.5, snr: snrs(0.8) },
];

async function allFigures(config: ProbeConfig): Promise<Figure[]> {
  const e = fakeContext(config);
  return [siteFigures(e).figure, fig2Convergence(e).figure, (await fig3TopK(e)).figure, (await fig4Ear(e, SEARCHES)).figure, (await bitsSweep(e)).figure];
}

const DEPLOYMENT_WORDS = [
  ['noise-trained, B-bit phases', 'noise'],
  ['B-bit phases', 'quantized'],
  ['as trained', 'original'],
] as const;

/** Fig. 2's curves carry the paper's legend names. */
const FIG2: Record<string, string> = {
  'beam domain': 'beam/original',
  uniform: 'uniform/original',
  'angle domain': 'angle/original',
  'beam quantized': 'beam/quantized',
  'noise quantized': 'beam/noise',
  'paper: beam domain, epoch 200': 'paper: beam',
  'paper: uniform, epoch 200': 'paper: uniform',
};

/** What a curve is, read from its legend name: 'beam/noise', 'paper: beam', 'binary search', … */
function identity(f: Figure, name: string): { key: string; scheme?: SchemeName; deployment?: string } {
  const split = (key: string) => {
    const [scheme, deployment] = key.split('/') as [SchemeName, string];
    return { key, scheme, deployment };
  };
  if (f.id === 'fig2-top3-vs-epoch') {
    if (!FIG2[name]) throw new Error(`unknown Fig. 2 curve '${name}'`);
    return FIG2[name].startsWith('paper') ? { key: FIG2[name] } : split(FIG2[name]);
  }
  for (const scheme of SCHEMES) {
    // Fig. 4: Algorithm 1 with the noise-trained probes at B bits
    if (name.startsWith(`${SCHEME_LABELS[scheme]} + Algorithm 1`)) return split(`${scheme}/noise`);
    const prefix = `${SCHEME_LABELS[scheme]}, `;
    if (!name.startsWith(prefix)) continue;
    const words = DEPLOYMENT_WORDS.find(([w]) => name.slice(prefix.length).startsWith(w));
    if (!words) throw new Error(`no deployment in '${name}'`);
    return split(`${scheme}/${words[1]}`);
  }
  for (const other of ['hierarchical search', 'binary search', 'optimal beam', 'RSRP window']) if (name.startsWith(other)) return { key: other };
  throw new Error(`unknown curve '${name}' in ${f.id}`);
}

const look = (st: SeriesStyle) => JSON.stringify(st);

describe('probe figures', () => {
  it('one look per curve in every figure: scheme → colour, deployment → dash; curves of a figure apart; 12 in Fig. 3', async () => {
    const config: ProbeConfig = { ...PROBE_PRESETS.quick, training: { ...PROBE_PRESETS.quick.training, epochs: 200 } };
    const figures = await allFigures(config);
    expect(figures.map((f) => f.id)).toEqual(['rsrp-histogram', 'fig2-top3-vs-epoch', 'fig3-topk-accuracy', 'fig4-ear-vs-users', 'bits-sweep-top3']);
    const byKey = new Map<string, string>();
    const colourOf = new Map<string, string>();
    const dashOf = new Map<string, string>();
    const seen = new Set<string>();
    for (const f of figures) {
      const inFigure = new Set<string>();
      for (const s of f.series) {
        expect(s.style, `${f.id}: ${s.name}`).toBeDefined();
        const id = identity(f, s.name);
        seen.add(id.key);
        const st = s.style!;
        expect(byKey.get(id.key) ?? look(st), `${id.key} in ${f.id}`).toBe(look(st));
        byKey.set(id.key, look(st));
        if (id.scheme) {
          expect(colourOf.get(id.scheme) ?? st.color, `colour of ${id.scheme} in ${f.id}`).toBe(st.color);
          colourOf.set(id.scheme, st.color);
          expect(dashOf.get(id.deployment!) ?? String(st.dash), `dash of ${id.deployment} in ${f.id}`).toBe(String(st.dash));
          dashOf.set(id.deployment!, String(st.dash));
        }
        // the legend shows colour and shape: no two curves of a figure alike there
        const mark = `${st.color}/${st.shape}`;
        expect(inFigure.has(mark), `${f.id}: '${s.name}' looks like another curve`).toBe(false);
        inFigure.add(mark);
      }
    }
    // every kind of curve was drawn somewhere, and the schemes have four colours
    for (const s of SCHEMES) for (const d of ['original', 'quantized', 'noise']) expect(seen.has(`${s}/${d}`)).toBe(true);
    for (const k of ['hierarchical search', 'binary search', 'optimal beam', 'RSRP window', 'paper: beam', 'paper: uniform']) expect(seen.has(k)).toBe(true);
    expect(new Set(colourOf.values()).size).toBe(SCHEMES.length);
    expect(figures[2].series).toHaveLength(12);
    // no two looks of the style table alike in the legend (colour and shape), wherever they meet
    const table = Object.values(probeStyles());
    expect(new Set(table.map((st) => `${st.color}/${st.shape}`)).size).toBe(table.length);
  });

  it('zero values are drawn, not dropped: EAR 0 once training fills the slot, a top-1 accuracy of 0', async () => {
    const figures = await allFigures(PROBE_PRESETS.quick);
    const fig3 = figures.find((f) => f.id === 'fig3-topk-accuracy')!;
    const fig4 = figures.find((f) => f.id === 'fig4-ear-vs-users')!;
    const hier = fig4.series.find((s) => s.name.startsWith('hierarchical search'))!;
    const zeros = hier.y.filter((y) => y === 0).length;
    expect(zeros).toBeGreaterThan(0); // 24 measurements of 8.92 µs per user fill the 20 ms slot from 94 users on
    const refQuantized = fig3.series.find((s) => s.name === `${SCHEME_LABELS.reference}, B-bit phases`)!;
    expect(refQuantized.y[0]).toBe(0);
    for (const f of figures) {
      const rows = rowsOf(f);
      for (const s of f.series) {
        const finite = s.y.filter((y, i) => Number.isFinite(y) && Number.isFinite(s.x[i])).length;
        expect(
          rows.filter((r) => r.series === s.name),
          `${f.id}: ${s.name}`,
        ).toHaveLength(finite);
        expect(s.y.every(Number.isFinite), `${f.id}: ${s.name} has a missing point`).toBe(true);
      }
      expect(f.yScale ?? 'linear').toBe('linear'); // accuracies, EARs and fractions: zero is a place on the axis
    }
    expect(rowsOf(fig4).filter((r) => r.series === hier.name && r.y === 0)).toHaveLength(zeros);
  });

  it('the paper beside ours: Fig. 2 draws its end points when the run trains 200 epochs, Figs. 2–4 keep their claims', async () => {
    const short = await allFigures(PROBE_PRESETS.quick);
    const long = await allFigures({ ...PROBE_PRESETS.quick, training: { ...PROBE_PRESETS.quick.training, epochs: 200 } });
    const paper = (fs: Figure[]) => fs[1].series.filter((s) => s.name.startsWith('paper: ')).map((s) => [s.name, s.x, s.y]);
    expect(paper(short)).toEqual([]);
    expect(paper(long)).toEqual([
      ['paper: beam domain, epoch 200', [200], [0.6]],
      ['paper: uniform, epoch 200', [200], [0.4]],
    ]);
    for (const f of short.slice(1, 4)) expect(f.claims!.length, f.id).toBeGreaterThan(0);
  });
});

function rowsOf(f: Figure): { series: string; y: number }[] {
  return (figureSpec(f) as unknown as { data: { values: { series: string; y: number }[] } }).data.values;
}
