/**
 * The terminal side of models/run ProgressReporter: one cli-progress bar per long loop with rate, ETA and the loop's
 * live metrics. Off a TTY (CI, logs redirected) cli-progress draws nothing, so a line is printed every 10 % instead.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { ProgressReporter, ProgressTask } from '../models/run/types.js';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return {
    start: (label, total, unit = 'it') => (stream.isTTY ? barTask(stream, label, total, unit) : lineTask(stream, label, total, unit)),
    log: (message) => stream.write(`${message}\n`),
  };
}

function barTask(stream: NodeJS.WriteStream, label: string, total: number, unit: string): ProgressTask {
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}s | {rate} ${unit}/s | ETA {eta_formatted} {metrics}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  let value = 0;
  bar.start(Math.max(total, 1), 0, { rate: '-', metrics: '' });
  return {
    tick(n = 1, metrics) {
      value += n;
      bar.update(value, { rate: rate(value, started), metrics: metrics ? formatMetrics(metrics) : '' });
    },
    done() {
      bar.stop();
    },
  };
}

function lineTask(stream: NodeJS.WriteStream, label: string, total: number, unit: string): ProgressTask {
  const started = performance.now();
  let value = 0;
  let nextTenth = 1;
  return {
    tick(n = 1, metrics) {
      value += n;
      if (total <= 0 || value < (nextTenth * total) / 10) return;
      // one line per crossing, however many tenths this tick crossed
      const tenth = Math.min(10, Math.floor((value * 10) / total));
      const s = (performance.now() - started) / 1000;
      const eta = (s * Math.max(total - value, 0)) / value;
      stream.write(
        `${label}: ${tenth * 10}% (${value}/${total} ${unit}s, ${rate(value, started)} ${unit}/s, ETA ${eta.toFixed(0)} s)` +
          `${metrics ? ` ${formatMetrics(metrics)}` : ''}\n`,
      );
      nextTenth = tenth + 1;
    },
    done() {},
  };
}

function rate(value: number, started: number): string {
  const s = (performance.now() - started) / 1000;
  const r = s > 0 ? value / s : 0;
  return r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(3);
}

function formatMetrics(metrics: Record<string, number | string>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toPrecision(4)) : v}`)
    .join(' ');
}
