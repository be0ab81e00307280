/**
 * What every UPGANet experiment shares: the config, the benchmark covariance Ψ₁ (host and device), the test channels,
 * the trained networks, and the sensing grid with its benchmark and desired patterns.
 */
import type { Complex } from '../../../engine/index.js';
import type { ChannelBatch } from '../../../wireless/channel/types.js';
import type { CMatrix } from '../../../wireless/linalg/cmatrix.js';
import type { RunContext } from '../../run/index.js';
import type { UpganetConfig, UpganetVariant } from '../config.js';
import type { UPGANet } from '../upganet.js';

export interface TrainedNet {
  J: number;
  net: UPGANet;
  /** the row's name: upganetLabel(J, variant?.name) */
  label: string;
  /** null for the faithful network of this J */
  variant: UpganetVariant | null;
}

export interface EvalContext {
  ctx: RunContext<UpganetConfig>;
  config: UpganetConfig;
  /** Ψ₁ (P_BS = 1), [N, N] float64 and [1, N, N] c64 */
  psi1Host: CMatrix;
  psi1: Complex;
  /** test channels [n, K, N] (rows h_kᴴ) */
  testH: ChannelBatch;
  nets: TrainedNet[];
  /** sensing grid θ (degrees and radians) */
  gridDeg: number[];
  gridRad: number[];
  /** P_bm(θ) = āᴴ Ψ₁ ā and the desired P_d(θ) on the grid */
  reference: number[];
  desired: number[];
}

/** 'UPGANet (J = 20)', or for a named variant 'UPGANet (J = 20, <name> variant)' */
export function upganetLabel(J: number, variant?: string): string {
  return variant ? `UPGANet (J = ${J}, ${variant} variant)` : `UPGANet (J = ${J})`;
}

/** The faithful networks only (the paper's rows). */
export function faithfulNets(nets: readonly TrainedNet[]): TrainedNet[] {
  return nets.filter((n) => n.variant === null);
}

/** The faithful network with the largest J: the paper's claims are about it. */
export function deepestFaithful(nets: readonly TrainedNet[]): TrainedNet {
  return faithfulNets(nets).reduce((a, b) => (b.J > a.J ? b : a));
}

export const PGA_LABEL = 'conventional PGA';
export const ZF_LABEL = 'ZF (digital, comm. only)';
export const SCA_LABEL = 'SCA-ManOpt';
