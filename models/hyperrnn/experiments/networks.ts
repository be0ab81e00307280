/**
 * The networks the experiments need, named for their checkpoints: Fig. 4 trains DL-DNN once per B and HyperRNN per
 * (B, L_ul) on i.i.d. fading with P paths; Fig. 5 trains both schemes per P at one (B, L_ul) on correlated fading.
 * The NMSE-vs-slot figure reuses these networks.
 */
import type { ChannelSetting } from '../channels.js';
import type { HyperrnnConfig } from '../config.js';
import type { SchemeSpec } from '../train.js';

export function fig4Setting(c: HyperrnnConfig): ChannelSetting {
  return { paths: c.fig4.paths, rhoDl: c.fig4.rhoDl, rhoUl: c.fig4.rhoUl };
}

export function fig5Setting(c: HyperrnnConfig, paths: number): ChannelSetting {
  return { paths, rhoDl: c.fig5.rhoDl, rhoUl: c.fig5.rhoUl };
}

export function fig4DnnSpec(c: HyperrnnConfig, bits: number): SchemeSpec {
  return { kind: 'dldnn', bits, ulPilots: 0, setting: fig4Setting(c), name: `fig4-dldnn-B${bits}` };
}

export function fig4HyperSpec(c: HyperrnnConfig, bits: number, ulPilots: number): SchemeSpec {
  return { kind: 'hyperrnn', bits, ulPilots, setting: fig4Setting(c), name: `fig4-hyperrnn-B${bits}-Lul${ulPilots}` };
}

export function fig5Spec(c: HyperrnnConfig, kind: 'dldnn' | 'hyperrnn', paths: number): SchemeSpec {
  const ulPilots = kind === 'hyperrnn' ? c.fig5.ulPilots : 0;
  return { kind, bits: c.fig5.bits, ulPilots, setting: fig5Setting(c, paths), name: `fig5-${kind}-P${paths}` };
}

/** Every network of a run, in training order. */
export function allSpecs(c: HyperrnnConfig): SchemeSpec[] {
  const out: SchemeSpec[] = [];
  for (const B of c.fig4.bits) {
    out.push(fig4DnnSpec(c, B));
    for (const L of c.fig4.ulPilots) out.push(fig4HyperSpec(c, B, L));
  }
  for (const P of c.fig5.paths) out.push(fig5Spec(c, 'dldnn', P), fig5Spec(c, 'hyperrnn', P));
  return out;
}

/** A test set's key: its channel setting. */
export function settingKey(s: ChannelSetting): string {
  return `P${s.paths}-rhoDl${s.rhoDl}-rhoUl${s.rhoUl}`;
}
