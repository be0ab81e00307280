// Figures: fixed looks per scheme across figures, 12+ series apart, powers-of-ten ticks, upper bounds kept, full legends.
import { describe, expect, it } from 'vitest';
import { axisTicks, figureSpec, renderFigureSvg } from '../../../cli/report/plot.js';
import { schemeStyles, styled, styleAt } from '../../../models/run/figure-style.js';
import type { Figure, Series } from '../../../models/run/types.js';

const line = (name: string, y: number[]): Series => ({ name, x: y.map((_, i) => i), y });

function scale(spec: ReturnType<typeof figureSpec>, channel: 'color'): { domain: string[]; range: string[] } {
  return (spec as unknown as { encoding: Record<string, { scale: { domain: string[]; range: string[] } }> }).encoding[channel].scale;
}

describe('figures', () => {
  it('one scheme keeps its colour, dash and shape in every figure, whatever the order and company', () => {
    const styles = schemeStyles(['DL-JHPF', 'Phasor variant', 'JDB-AltMin', 'fully digital']);
    const a: Figure = {
      id: 'a',
      title: 'a',
      xLabel: 'x',
      yLabel: 'y',
      series: [styled(line('DL-JHPF', [1, 2]), styles), styled(line('fully digital', [1, 2]), styles)],
    };
    const b: Figure = {
      id: 'b',
      title: 'b',
      xLabel: 'x',
      yLabel: 'y',
      series: [styled(line('fully digital', [1, 2]), styles), styled(line('JDB-AltMin', [3, 1]), styles)],
    };
    const colourOf = (f: Figure, name: string) => {
      const s = scale(figureSpec(f), 'color');
      return s.range[s.domain.indexOf(name)];
    };
    expect(colourOf(a, 'fully digital')).toBe(colourOf(b, 'fully digital'));
    expect(colourOf(a, 'fully digital')).toBe(styles['fully digital'].color);
    expect(() => styled(line('HBD', [1]), styles)).toThrow(/no style for scheme 'HBD'/);
  });

  it('13 series without styles get 13 different looks', () => {
    const looks = new Set(Array.from({ length: 13 }, (_, i) => JSON.stringify(styleAt(i))));
    expect(looks.size).toBe(13);
    const f: Figure = { id: 'many', title: 'many', xLabel: 'x', yLabel: 'y', series: Array.from({ length: 13 }, (_, i) => line(`s${i}`, [i, i + 1])) };
    expect(scale(figureSpec(f), 'color').domain).toHaveLength(13);
  });

  it('log axes: ticks at the powers of ten the data spans', () => {
    expect(axisTicks('log', [3e-5, 0.2, 0.04])).toEqual({ values: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1], format: '~e' });
    expect(axisTicks('linear', [1, 2])).toEqual({});
  });

  it('an upper-bound point stays on a log axis, drawn as a downward triangle; legends are not cut; two series with one name are refused', async () => {
    const long = 'DL-JHPF (Phasor variant: analog pretraining on log det, tanh·π phases, per-stream power), UMi fixed geometry';
    const f: Figure = {
      id: 'ber',
      title: 'BER',
      xLabel: 'SNR (dB)',
      yLabel: 'BER',
      yScale: 'log',
      series: [{ name: long, x: [0, 5, 10], y: [0.1, 1e-3, 1 / 30_720], upperBound: [false, false, true] }],
    };
    const spec = figureSpec(f) as unknown as {
      data: { values: Array<{ bound: boolean }> };
      layer: Array<{ encoding: { shape?: { condition: { value: string } } } }>;
    };
    expect(spec.data.values.map((r) => r.bound)).toEqual([false, false, true]);
    expect(spec.layer[1].encoding.shape?.condition.value).toBe('triangle-down');
    const svg = await renderFigureSvg(f);
    // the name is in the legend itself (role-legend-label), not only somewhere in the SVG
    const legendLabels = svg.slice(svg.indexOf('role-legend-label'));
    expect(svg).toContain('role-legend-label');
    expect(legendLabels).toContain(long.replace(/&/g, '&amp;'));
    expect(() => figureSpec({ ...f, series: [line('x', [1]), line('x', [2])] })).toThrow(/two series with one name/);
  });
});
