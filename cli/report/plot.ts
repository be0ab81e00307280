/**
 * Figures to SVG through Vega-Lite: a model's Figure (named series of x/y points) becomes a line chart with points and
 * a legend. Each series keeps the look its model gave it (Series.style: colour, dash, point shape, the same in every
 * figure of the model) or, without one, the i-th look of models/run/figure-style.ts (so 12+ series stay apart);
 * log axes get ticks at the powers of ten; points marked as upper bounds (Series.upperBound) are drawn as downward
 * triangles; legend labels are never cut. Rendered headless (no canvas, no DOM).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { styleAt } from '../../models/run/figure-style.js';
import type { Figure, SeriesStyle } from '../../models/run/types.js';

interface Row {
  series: string;
  x: number;
  y: number;
  bound: boolean;
}

/** The Vega-Lite spec of a figure (exported for tests and for users who want the spec itself). */
export function figureSpec(figure: Figure): TopLevelSpec {
  const rows: Row[] = [];
  const names = figure.series.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new RangeError(`plot: figure '${figure.id}' has two series with one name (${names.join(', ')})`);
  const styles: SeriesStyle[] = figure.series.map((s, i) => s.style ?? (s.dashed ? { ...styleAt(i), dash: [6, 4] } : styleAt(i)));
  for (const s of figure.series) {
    if (s.x.length !== s.y.length || (s.upperBound && s.upperBound.length !== s.y.length)) {
      throw new RangeError(
        `plot: series '${s.name}' of figure '${figure.id}' has ${s.x.length} x values, ${s.y.length} y values${s.upperBound ? ` and ${s.upperBound.length} upper-bound flags` : ''}`,
      );
    }
    s.x.forEach((x, i) => {
      const y = s.y[i];
      // missing points and, on a log axis, non-positive values are left out rather than drawn at a wrong place
      // (a model marks a zero-error point as an upper bound at 1/bits instead, which stays)
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      if (figure.yScale === 'log' && y <= 0) return;
      if (figure.xScale === 'log' && x <= 0) return;
      rows.push({ series: s.name, x, y, bound: Boolean(s.upperBound?.[i]) });
    });
  }
  const bySeries = (range: unknown[]) => ({ field: 'series', type: 'nominal' as const, title: null, sort: names, scale: { domain: names, range } });
  const shapeRange = styles.map((st) => st.shape);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: figure.title, fontSize: 14 },
    width: 560,
    height: 360,
    background: 'white',
    data: { values: rows },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: figure.xLabel,
        scale: axisScale(figure.xScale),
        axis: axisTicks(
          figure.xScale,
          rows.map((r) => r.x),
        ),
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: figure.yLabel,
        scale: axisScale(figure.yScale),
        axis: axisTicks(
          figure.yScale,
          rows.map((r) => r.y),
        ),
      },
      color: bySeries(styles.map((st) => st.color)),
    },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1.8 },
        encoding: { strokeDash: { ...bySeries(styles.map((st) => (st.dash.length ? st.dash : [1, 0]))) } },
      },
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          shape: { ...bySeries(shapeRange), condition: { test: 'datum.bound', value: 'triangle-down' } },
        },
      },
    ],
    config: { legend: { orient: 'right', labelLimit: 0, symbolStrokeWidth: 1.8 }, axis: { grid: true, gridOpacity: 0.5 } },
  } as TopLevelSpec;
}

/** Renders a figure to an SVG document. */
export async function renderFigureSvg(figure: Figure): Promise<string> {
  const { spec } = compile(figureSpec(figure));
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function axisScale(type: 'linear' | 'log' | undefined): { type: 'linear' | 'log'; nice: boolean; zero?: boolean } {
  return type === 'log' ? { type: 'log', nice: true } : { type: 'linear', nice: true, zero: false };
}

/** On a log axis, ticks at every power of ten the data spans (labelled 1e-4, 1e-3, …); else Vega's own ticks. */
export function axisTicks(type: 'linear' | 'log' | undefined, values: number[]): { values?: number[]; format?: string } {
  const positive = values.filter((v) => v > 0);
  if (type !== 'log' || !positive.length) return {};
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  return { values: Array.from({ length: hi - lo + 1 }, (_, k) => Number(`1e${lo + k}`)), format: '~e' };
}
