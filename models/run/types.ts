/**
 * What a model gives `phasor train|eval|reproduce`, and what a run gives a model.
 *
 * A model never prints, plots or parses flags: it receives a RunContext (its checked config, seed, run directory,
 * progress reporter) and returns a Report made of data — figures as series, tables, the paper's claims beside ours.
 * cli/report turns that into config.json, results.json, SVG figures and report.md under reports/<model>/<run>/.
 */

/** The presets every model offers: `quick` runs in minutes on the 2-core software driver, `paper` is the paper's setup. */
export const PRESETS = ['quick', 'paper'] as const;
export type PresetName = (typeof PRESETS)[number];

/** A long loop's progress: `tick` after each unit of work, with optional live metrics shown beside the bar. */
export interface ProgressTask {
  tick(n?: number, metrics?: Record<string, number | string>): void;
  done(): void;
}

export interface ProgressReporter {
  /** starts a bar of `total` units (`unit`: 'step', 'epoch', 'channel', …) labelled `label` */
  start(label: string, total: number, unit?: string): ProgressTask;
  /** a line of text between bars */
  log(message: string): void;
}

export interface RunContext<C> {
  /** the model's preset merged with the user's config file, already checked by ModelEntry.parseConfig */
  config: C;
  preset: PresetName;
  seed: number;
  /** reports/<model>/<run>/ : checkpoints, figures and results go here (it exists) */
  runDir: string;
  /** a directory shared by runs for data computed once per setting (datasets, benchmark covariances) */
  cacheDir: string;
  /** continue an interrupted training from the checkpoints in runDir */
  resume: boolean;
  progress: ProgressReporter;
  /** `<runDir>/checkpoints/<name>.safetensors` */
  checkpointPath(name: string): string;
}

/** One curve of a figure. `x` and `y` have the same length; NaN marks a missing point. */
export interface Series {
  name: string;
  x: number[];
  y: number[];
  /** drawn dashed: references such as the paper's numbers or a theoretical bound (ignored when `style` is given) */
  dashed?: boolean;
  /** a fixed look for this scheme across every figure of a model (see schemeStyles in ./figure-style.ts) */
  style?: SeriesStyle;
  /**
   * per point: true where y is an upper bound rather than a measurement, e.g. a BER with no error counted, drawn at
   * 1/(bits simulated) as a downward triangle instead of being dropped from a log axis
   */
  upperBound?: boolean[];
}

/** How one series is drawn: a CSS colour, a dash pattern (stroke, gap, … in px; [] solid) and a point shape. */
export interface SeriesStyle {
  color: string;
  dash: number[];
  shape: 'circle' | 'square' | 'diamond' | 'cross' | 'triangle-up' | 'triangle-right' | 'triangle-left';
}

/** The paper's statement next to what this run measured. */
export interface Claim {
  /** what is compared, e.g. 'SNR gap to fully digital at BER 1e-2' */
  what: string;
  /** the paper's value or statement, e.g. '≈ 4 dB' */
  paper: string;
  /** this run's value, e.g. '3.6 dB' */
  ours: string;
  /** the difference stated in words or numbers, e.g. '0.4 dB smaller gap' */
  difference: string;
  /** whether ours agrees with the paper within the stated tolerance (undefined: not decidable on this preset) */
  agrees?: boolean;
}

export interface Figure {
  /** file-name stem, kebab-case, e.g. 'fig5-ber-vs-snr' */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  series: Series[];
  /** a sentence under the figure: setting, number of channels, preset */
  caption?: string;
  claims?: Claim[];
}

export interface Table {
  id: string;
  title: string;
  columns: string[];
  rows: (string | number)[][];
  caption?: string;
  claims?: Claim[];
}

export interface Report {
  title: string;
  /** markdown paragraphs at the top: what was run, on what device, how long, what was implemented */
  summary: string[];
  figures: Figure[];
  tables: Table[];
  /** claims not tied to one figure */
  claims?: Claim[];
  /** every number behind the figures and tables, written to results.json */
  results: Record<string, unknown>;
}

/** What `train` hands back: the networks it trained and a line of history each, for the report. */
export interface TrainOutcome {
  /** checkpoint name → path */
  checkpoints: Record<string, string>;
  /** per network: loss (and any metric) per epoch */
  history: Record<string, { epoch: number; [metric: string]: number }[]>;
  /** seconds of wall time spent training in this invocation */
  seconds: number;
}

export interface ModelEntry<C extends object = object> {
  /** CLI name, e.g. 'jhpf' */
  name: string;
  /** a line for `phasor train --help` and the report, e.g. 'DL-JHPF: joint hybrid precoder/combiner (paper 000)' */
  title: string;
  /** the paper file in shared/papers, e.g. '000' */
  paper: string;
  presets: Record<PresetName, C>;
  /**
   * Checks a config (a preset with a user's overrides merged in) and returns it typed; throws ConfigError naming the
   * key, the expected and the actual value. Cross-field rules (e.g. N_RF ≥ Ns) belong here.
   */
  parseConfig(raw: unknown): C;
  /**
   * top-level config keys that shape only the evaluation (e.g. the SNR grid, the baselines): `eval` of a trained run
   * accepts differences there (and says so); a difference anywhere else refuses. Default: ['evaluate']
   */
  evaluationKeys?: readonly string[];
  /** trains every network the experiments need, writing a checkpoint each epoch; resumes when ctx.resume */
  train(ctx: RunContext<C>): Promise<TrainOutcome>;
  /** loads the checkpoints from ctx.runDir (training first is the caller's business) and runs the experiments */
  evaluate(ctx: RunContext<C>, trained?: TrainOutcome): Promise<Report>;
}
