/**
 * The custom layers of DL-JHPF (paper 000 Fig. 3) in two interchangeable implementations:
 *   'fused'     closed-form gradients of eqs. (21)–(31) as WGSL kernels (defineCustomOp, ../shaders/)
 *   'autodiff'  the same forward composed from engine ops, differentiated by the engine's autodiff
 * Both give the same values and gradients (models/jhpf/closed-form/gradchecks.ts, `phasor gradcheck jhpf-…`).
 */
import type { Complex, Real } from '../../../engine/index.js';
import { equivalentChannelComposite, equivalentChannelFused } from './equivalent-channel.js';
import { normalizePrecoderComposite, normalizePrecoderFused } from './normalize-precoder.js';
import { analogFromPhasesComposite, analogFromPhasesFused } from './phase-layer.js';
import { signalFlowComposite, signalFlowFused, type SignalFlowInputs } from './signal-flow.js';

export type GradientMode = 'fused' | 'autodiff';
export const GRADIENT_MODES: readonly GradientMode[] = ['fused', 'autodiff'];

export interface CustomLayers {
  /** eqs. (10)–(13): phases [B, N·N^RF] → [B, N, N^RF] */
  analog(phi: Real, N: number, NRF: number): Complex;
  /** eq. (14): W_RFᴴ H F_RF */
  equivalentChannel(H: Complex, F_RF: Complex, W_RF: Complex): Complex;
  /** eq. (17): √N_s F̄_BB/‖F_RF F̄_BB‖_F */
  normalizePrecoder(FbarBB: Complex, F_RF: Complex): Complex;
  /** eq. (5): r [B, N_s] */
  signalFlow(v: SignalFlowInputs, transmitPower: number): Complex;
}

export const CUSTOM_LAYERS: Readonly<Record<GradientMode, CustomLayers>> = Object.freeze({
  fused: {
    analog: analogFromPhasesFused,
    equivalentChannel: equivalentChannelFused,
    normalizePrecoder: normalizePrecoderFused,
    signalFlow: signalFlowFused,
  },
  autodiff: {
    analog: analogFromPhasesComposite,
    equivalentChannel: equivalentChannelComposite,
    normalizePrecoder: normalizePrecoderComposite,
    signalFlow: signalFlowComposite,
  },
});

export type { SignalFlowInputs };
export { equivalentChannelComposite, equivalentChannelFused, normalizePrecoderComposite, normalizePrecoderFused };
export { analogFromPhasesComposite, analogFromPhasesFused, signalFlowComposite, signalFlowFused };
export { phaseQuadraticGain } from './phase-quadratic-gain.js';
