/**
 * The BER curves behind Figs. 5–9, computed once each and shared between figures (Fig. 5's DL-JHPF UMi curve is also
 * the lower bound of Figs. 6 and 7). A curve is identified by scheme, band, test scenario and CSI (perfect, or the
 * estimate at a pilot SNR); every point runs until the target number of bit errors or the bit budget.
 *
 * Bands: 'narrowband'; 'ofdm' (unified analog processing from subcarrier q, §III-F); 'ofdm-matched' (the ideal
 * matched analog processing of Fig. 8: the OFDM framework designing every subcarrier's analog matrices from that
 * subcarrier's own channel, deploy.ts `matchedAnalog`).
 */
import type { ChannelBatch, OfdmChannelBatch } from '../../../wireless/channel/types.js';
import type { BerResult } from '../../../wireless/metrics/evaluate-ber.js';
import type { ProgressReporter, Series } from '../../run/types.js';
import { schemeStyles } from '../../run/figure-style.js';
import { BASELINE_LABELS, BASELINES, baselineLinks, linkBer, type BaselineName, type LearnedBaselines } from '../baselines.js';
import { configBaselines, configEqualizer, type JhpfConfig } from '../config.js';
import { estimateAt, type JhpfSet, type Scenario } from '../data.js';
import { VARIANT_LABELS, type JhpfVariant } from '../network/variant.js';

export type Band = 'narrowband' | 'ofdm' | 'ofdm-matched';
/** null: perfect CSI; a number: the channel estimate at that pilot SNR (dB) */
export type Csi = number | null;

export interface Curve {
  /** legend text */
  name: string;
  /** the scheme (DL-JHPF row or baseline): fixes the colour and point shape in every figure */
  scheme: string;
  /** the test condition's dash (conditionDash): the same condition is drawn alike in every figure */
  dash: number[];
  snrDb: number[];
  ber: BerResult[];
}

/** DL-JHPF's BER designing from `seen` and transmitting over `truth` (deploy.ts jhpfBer, bound to a trained net). */
export type JhpfBerFn<B> = (truth: B, seen: B, snrDb: number, seed: number, matchedAnalog?: boolean) => Promise<BerResult>;

export interface EvalSources {
  config: JhpfConfig;
  seed: number;
  progress: ProgressReporter;
  testSet: { narrowband(s: Scenario): Promise<JhpfSet<ChannelBatch>>; ofdm(s: Scenario): Promise<JhpfSet<OfdmChannelBatch>> };
  /** the trained learned baselines (HBDL, DLDHP) the config lists */
  learned: LearnedBaselines;
  /** one trained pair of frameworks per reported variant (the figures draw a row for each) */
  jhpf: Partial<Record<JhpfVariant, { narrowband: JhpfBerFn<ChannelBatch>; ofdm: JhpfBerFn<OfdmChannelBatch> }>>;
}

const SCENARIO_LABEL: Record<Scenario, string> = { umi: 'UMi', uma: 'UMa' };

/** One colour and point shape per scheme, in a fixed order, for every DL-JHPF figure. */
const STYLES = schemeStyles(['faithful', 'phasor', ...BASELINES]);

/** Dash by test condition: UMi perfect CSI solid, UMa perfect CSI or matched AP long dashes, estimated CSI dotted. */
export function conditionDash(band: Band, scenario: Scenario, csi: Csi): number[] {
  if (csi !== null) return csi >= 20 ? [2, 3] : [8, 3, 2, 3];
  return scenario === 'uma' || band === 'ofdm-matched' ? [6, 4] : [];
}

/** Legend suffix of a test condition, e.g. ', UMa, CSI 20 dB'. */
export function conditionLabel(scenario: Scenario, csi: Csi, withScenario = true): string {
  return `${withScenario ? `, ${SCENARIO_LABEL[scenario]}` : ''}${csi === null ? ', perfect CSI' : `, CSI est. ${csi} dB`}`;
}

export class CurveBook {
  private readonly memo = new Map<string, Promise<Curve>>();
  /** per baseline and band: design time per channel [ms], from the last design made */
  readonly designMs = new Map<string, number>();

  constructor(private readonly src: EvalSources) {}

  get snrDb(): number[] {
    return this.src.config.evaluate.snrDb;
  }

  get baselines(): BaselineName[] {
    return configBaselines(this.src.config);
  }

  /** The DL-JHPF variants with trained frameworks, in report order (faithful first). */
  get variants(): JhpfVariant[] {
    return (['faithful', 'phasor'] as const).filter((v) => this.src.jhpf[v]);
  }

  /**
   * A variant's curve for a band, test scenario and CSI; `what` is the legend text after the variant's label
   * (default: the condition).
   */
  dljhpf(
    band: Band,
    scenario: Scenario,
    csi: Csi,
    what = `${band === 'ofdm-matched' ? ' (matched AP)' : ''}${conditionLabel(scenario, csi)}`,
    variant: JhpfVariant = 'faithful',
  ): Promise<Curve> {
    const fns = this.src.jhpf[variant];
    if (!fns) throw new RangeError(`CurveBook.dljhpf: no trained ${variant} framework; have ${this.variants.join(', ')}`);
    const name = `${VARIANT_LABELS[variant]}${what}`;
    return this.once(`dljhpf:${variant}:${band}:${scenario}:${csi}`, async () => {
      // both variants see the same bits and noise at a point (the seed does not depend on the variant)
      const seed = this.seedFor(`dljhpf:${band}:${scenario}:${csi}`);
      if (band === 'narrowband') {
        const set = await this.src.testSet.narrowband(scenario);
        const seen = csi === null ? set.H : estimateAt(set, csi);
        return this.sweep(name, variant, conditionDash(band, scenario, csi), (snr, s) => fns.narrowband(set.H, seen, snr, s), seed);
      }
      const set = await this.src.testSet.ofdm(scenario);
      const seen = csi === null ? set.H : estimateAt(set, csi);
      return this.sweep(name, variant, conditionDash(band, scenario, csi), (snr, s) => fns.ofdm(set.H, seen, snr, s, band === 'ofdm-matched'), seed);
    });
  }

  /** A baseline's curve for a band ('narrowband' or 'ofdm'), test scenario and CSI. */
  baseline(b: BaselineName, band: Exclude<Band, 'ofdm-matched'>, scenario: Scenario, csi: Csi): Promise<Curve> {
    return this.once(`${b}:${band}:${scenario}:${csi}`, async () => {
      const set = band === 'narrowband' ? await this.src.testSet.narrowband(scenario) : await this.src.testSet.ofdm(scenario);
      const seen = csi === null ? set.H : estimateAt(set as JhpfSet<ChannelBatch>, csi);
      const seed = this.seedFor(`${b}:${band}:${scenario}:${csi}`);
      const links = baselineLinks(b, set.H, seen, this.src.config.dims, { seed, equalizer: configEqualizer(this.src.config), learned: this.src.learned });
      this.designMs.set(`${b}:${band}`, links.designMsPerChannel);
      return this.sweep(
        `${BASELINE_LABELS[b]}${conditionLabel(scenario, csi)}`,
        b,
        conditionDash(band, scenario, csi),
        (snr, s) => linkBer(links, snr, { ...this.budget(), seed: s }),
        seed,
      );
    });
  }

  private budget(): { targetErrors: number; maxBits: number } {
    return { targetErrors: this.src.config.evaluate.targetErrors, maxBits: this.src.config.evaluate.maxBits };
  }

  private async sweep(name: string, scheme: string, dash: number[], point: (snrDb: number, seed: number) => Promise<BerResult>, seed: number): Promise<Curve> {
    const bar = this.src.progress.start(`BER ${name}`, this.snrDb.length, 'SNR');
    const ber: BerResult[] = [];
    try {
      for (const [i, snr] of this.snrDb.entries()) {
        ber.push(await point(snr, (seed + 104_729 * (i + 1)) >>> 0));
        bar.tick(1, { snr, ber: ber[i].estimate.toExponential(2) });
      }
    } finally {
      bar.done();
    }
    return { name, scheme, dash, snrDb: [...this.snrDb], ber };
  }

  private seedFor(key: string): number {
    let h = this.src.seed >>> 0;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }

  private once(key: string, make: () => Promise<Curve>): Promise<Curve> {
    let hit = this.memo.get(key);
    if (!hit) {
      hit = make();
      this.memo.set(key, hit);
    }
    return hit;
  }
}

/** BER estimates of a curve (zero-error points stay 0 here; gaps.ts places them a decade under the target). */
export const berValues = (c: Curve): number[] => c.ber.map((b) => b.estimate);

/**
 * A figure series with its scheme's fixed colour and shape and its condition's dash. A point without a single bit
 * error is not dropped from the log axis: it is drawn at 1/bits and marked as an upper bound (Series.upperBound), so a
 * curve that reaches zero errors cannot look as if it stopped early, nor better than the bits counted can show.
 */
export function toSeries(c: Curve, _dashed = false): Series {
  const base = STYLES[c.scheme as keyof typeof STYLES];
  if (!base) throw new RangeError(`toSeries: no style for scheme '${c.scheme}'`);
  return {
    name: c.name,
    x: c.snrDb,
    y: c.ber.map((b) => (b.estimate > 0 ? b.estimate : b.bits > 0 ? 1 / b.bits : NaN)),
    style: { ...base, dash: c.dash },
    upperBound: c.ber.map((b) => b.errors === 0 && b.bits > 0),
  };
}

/** Every number of a curve, for results.json. */
export function curveResults(c: Curve): Record<string, unknown> {
  return {
    snrDb: c.snrDb,
    ber: c.ber.map((b) => b.estimate),
    lower: c.ber.map((b) => b.lower),
    upper: c.ber.map((b) => b.upper),
    errors: c.ber.map((b) => b.errors),
    bits: c.ber.map((b) => b.bits),
    stoppedBy: c.ber.map((b) => b.stoppedBy),
  };
}
