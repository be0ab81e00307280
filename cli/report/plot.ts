/**
 * Figures to SVG through Vega-Lite: a model's Figure (named series of x/y points) becomes a line chart with points,
 * a legend, log axes where asked and dashed lines for reference curves. Rendered headless (no canvas, no DOM).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Figure } from '../../models/run/types.js';

interface Row {
  series: string;
  x: number;
  y: number;
  dashed: boolean;
}

/** The Vega-Lite spec of a figure (exported for tests and for users who want the spec itself). */
export function figureSpec(figure: Figure): TopLevelSpec {
  const rows: Row[] = [];
  for (const s of figure.series) {
    if (s.x.length !== s.y.length) {
      throw new RangeError(`plot: series '${s.name}' of figure '${figure.id}' has ${s.x.length} x values and ${s.y.length} y values`);
    }
    s.x.forEach((x, i) => {
      const y = s.y[i];
      // missing points and, on a log axis, non-positive values are left out rather than drawn at a wrong place
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      if (figure.yScale === 'log' && y <= 0) return;
      if (figure.xScale === 'log' && x <= 0) return;
      rows.push({ series: s.name, x, y, dashed: Boolean(s.dashed) });
    });
  }
  const order = figure.series.map((s) => s.name);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: figure.title, fontSize: 14 },
    width: 560,
    height: 360,
    background: 'white',
    data: { values: rows },
    mark: { type: 'line', point: { size: 36 }, strokeWidth: 1.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: figure.xLabel, scale: axisScale(figure.xScale) },
      y: { field: 'y', type: 'quantitative', title: figure.yLabel, scale: axisScale(figure.yScale) },
      color: { field: 'series', type: 'nominal', title: null, sort: order, scale: { scheme: 'tableau10' } },
      strokeDash: {
        field: 'dashed',
        type: 'nominal',
        scale: { domain: [false, true], range: [[1, 0], [6, 4]] },
        legend: null,
      },
    },
    config: { legend: { orient: 'right', labelLimit: 260 }, axis: { grid: true, gridOpacity: 0.5 } },
  };
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
