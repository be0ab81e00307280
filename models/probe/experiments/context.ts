/**
 * What every experiment of paper 001 shares: the run, the test drops, the link, and each trained network with its
 * deployments on the test drops (computed once per phase resolution and reused by Figs. 3–4 and the B sweep).
 */
import type { EpochRecord, RunContext } from '../../run/index.js';
import type { ProbeConfig } from '../config.js';
import type { BeamSet } from '../data.js';
import { deploy, rankBeams, type DeploymentResult } from '../deploy.js';
import type { ProbePredictor } from '../model.js';
import type { ProbeGeometry, SchemeName } from '../probes.js';
import type { Variant } from '../train.js';

export interface TrainedNet {
  scheme: SchemeName;
  variant: Variant;
  net: ProbePredictor;
  history: EpochRecord[];
}

export interface Link {
  /** a = √P/σ */
  amplitude: number;
  /** σ², dBm */
  noiseDbm: number;
}

export class EvalContext {
  private readonly cache = new Map<string, Promise<DeploymentResult>>();
  private readonly ranks = new Map<string, Promise<Pick<DeploymentResult, 'topK'>>>();

  constructor(
    readonly ctx: RunContext<ProbeConfig>,
    readonly test: BeamSet,
    readonly nets: TrainedNet[],
    readonly link: Link,
    readonly geometry: ProbeGeometry,
    /** seeds the test probing noise: the same draws for every scheme */
    readonly noiseSeed: number,
  ) {}

  get config(): ProbeConfig {
    return this.ctx.config;
  }

  net(scheme: SchemeName, variant: Variant): TrainedNet | undefined {
    return this.nets.find((n) => n.scheme === scheme && n.variant === variant);
  }

  /** Algorithm 1 on the test drops with the net's probes at `bits` (null: unquantized); cached. */
  deployment(scheme: SchemeName, variant: Variant, bits: number | null): Promise<DeploymentResult> {
    const key = `${scheme}/${variant}/${bits}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const trained = this.net(scheme, variant);
      if (!trained) throw new Error(`probe evaluate: no trained network for ${scheme} (${variant})`);
      hit = deploy(trained.net, this.test, {
        bits,
        amplitude: this.link.amplitude,
        noiseDbm: this.link.noiseDbm,
        seed: this.noiseSeed,
        geometry: this.geometry,
      });
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** The predictor's top-K on the test drops (no re-probe): the same numbers as `deployment(…).topK`, cheaper. */
  ranking(scheme: SchemeName, variant: Variant, bits: number | null): Promise<Pick<DeploymentResult, 'topK'>> {
    const key = `${scheme}/${variant}/${bits}`;
    const full = this.cache.get(key);
    if (full) return full;
    let hit = this.ranks.get(key);
    if (!hit) {
      const trained = this.net(scheme, variant);
      if (!trained) throw new Error(`probe evaluate: no trained network for ${scheme} (${variant})`);
      hit = rankBeams(trained.net, this.test, {
        bits,
        amplitude: this.link.amplitude,
        noiseDbm: this.link.noiseDbm,
        seed: this.noiseSeed,
        geometry: this.geometry,
      });
      this.ranks.set(key, hit);
    }
    return hit;
  }
}

export const SCHEME_LABELS: Record<SchemeName, string> = {
  uniform: 'uniform DFT probes',
  angle: 'angle domain',
  beam: 'beam domain',
  reference: 'reference [10]',
};

/** The three deployments of Fig. 3: as trained, quantized to B bits, and noise-trained then quantized. */
export const DEPLOYMENTS = ['original', 'quantized', 'noise'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

export function deploymentOf(d: Deployment, bits: number): { variant: Variant; bits: number | null } {
  if (d === 'original') return { variant: 'original', bits: null };
  if (d === 'quantized') return { variant: 'original', bits };
  return { variant: 'noise', bits };
}
