/**
 * The data behind the link budget and the difficulty of the site (paper-details §3): the histogram of the RSRPs
 * (the strongest DFT beam of each test drop, noiseless, and the uniform probes' reports with noise) against the
 * [−140, −40] dBm window of eq. (6e), and the distribution of the optimal beams over the (u, v) grid.
 */
import type { Figure, Table } from '../../run/index.js';
import { beamsFromPhases, probeReports } from '../deploy.js';
import { hostPhases, uniformProbes } from '../probes.js';
import { RSRP_WINDOW_DBM } from '../system.js';
import { Rng } from '../../../wireless/random/rng.js';
import type { EvalContext } from './context.js';
import { fmt, pct } from './format.js';
import { baselineSeries, deploymentName, deploymentSeries } from './styles.js';

const BIN_DB = 2;

function histogram(values: ArrayLike<number>, lo: number, hi: number): { x: number[]; y: number[] } {
  const bins = Math.round((hi - lo) / BIN_DB);
  const y = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const k = Math.min(bins - 1, Math.max(0, Math.floor((values[i] - lo) / BIN_DB)));
    y[k] += 1 / values.length;
  }
  return { x: y.map((_, k) => lo + (k + 0.5) * BIN_DB), y };
}

export function siteFigures(e: EvalContext): { figure: Figure; table: Table; results: Record<string, unknown> } {
  const c = e.config;
  const { test, link, geometry } = e;
  const N = test.N;
  const best = Float64Array.from(
    { length: test.count },
    (_, b) => 10 * Math.log10(link.amplitude ** 2 * test.beamPower[b * N + test.bestBeam[b]]) + link.noiseDbm,
  );
  const uniform = uniformProbes(geometry);
  const reports = probeReports(
    test,
    beamsFromPhases(hostPhases(uniform.u, uniform.v, geometry), N),
    link.amplitude,
    link.noiseDbm,
    new Rng(e.noiseSeed).fork('site-histogram'),
    false,
  );
  const { low, high } = RSRP_WINDOW_DBM;
  const below = best.filter((v) => v < low).length / best.length;
  const above = best.filter((v) => v > high).length / best.length;
  const sorted = Float64Array.from(best).sort();
  const lo = -160;
  const hi = -30;
  const hb = histogram(best, lo, hi);
  const hu = histogram(reports.rsrp, lo, hi);
  const counts = Array.from({ length: geometry.vertical }, () => new Array<number>(geometry.horizontal).fill(0));
  for (let b = 0; b < test.count; b++) counts[test.bestBeam[b] % geometry.vertical][Math.floor(test.bestBeam[b] / geometry.vertical)]++;
  const distinct = new Set(test.bestBeam).size;
  const rowsUsed = counts.filter((r) => r.some((x) => x > 0)).length;
  const figure: Figure = {
    id: 'rsrp-histogram',
    title: 'RSRP of the test drops against the window of eq. (6e)',
    xLabel: 'RSRP (dBm)',
    yLabel: 'fraction of reports',
    series: [
      baselineSeries({ name: 'optimal beam (strongest DFT beam, noiseless)', x: hb.x, y: hb.y }, 'optimal beam'),
      deploymentSeries({ name: `${deploymentName('uniform', 'original')} (reports with noise)`, x: hu.x, y: hu.y }, 'uniform', 'original'),
      baselineSeries(
        { name: 'RSRP window edges, eq. (6e)', x: [low, low, high, high], y: [0, Math.max(...hb.y, ...hu.y), Math.max(...hb.y, ...hu.y), 0] },
        'RSRP window',
      ),
    ],
    caption:
      `P = ${c.system.transmitPowerDbm} dBm, σ² = ${fmt(link.noiseDbm, 0)} dBm (−174 dBm/Hz over 100 MHz). Strongest DFT beam per drop: ` +
      `min ${fmt(sorted[0], 1)}, median ${fmt(sorted[Math.floor(sorted.length / 2)], 1)}, max ${fmt(sorted[sorted.length - 1], 1)} dBm; ` +
      `${pct(below)} below −140 dBm and ${pct(above)} above −40 dBm (clipped). The probes' reports sit on the noise floor σ² where a probe misses the user. ` +
      `${BIN_DB} dB bins over ${test.count} drops.`,
  };
  const table: Table = {
    id: 'optimal-beam-grid',
    title: 'Optimal DFT beams of the test drops over the (u, v) grid (rows: v index j, columns: u index i; beam i·8 + j)',
    columns: ['j (v)', ...Array.from({ length: geometry.horizontal }, (_, i) => `i=${i}`)],
    rows: counts.map((r, j) => [`${j} (${fmt(-1 + (2 * j) / geometry.vertical, 2)})`, ...r]).reverse(),
    caption:
      `${distinct} distinct optimal beams in ${rowsUsed} of ${geometry.vertical} elevation rows: the site's users (1.5 m high, 20–150 m from a 10 m ` +
      `mast) concentrate in a few rows, which makes this site easier than one spread over the grid. The uniform scheme probes ` +
      `DFT beams ${uniform.beams.join(', ')}: (u, v) ∈ {${[...new Set(uniform.u)].join(', ')}} × {${[...new Set(uniform.v)].join(', ')}}.`,
  };
  return {
    figure,
    table,
    results: {
      bestBeamRsrpDbm: {
        min: sorted[0],
        median: sorted[Math.floor(sorted.length / 2)],
        max: sorted[sorted.length - 1],
        belowWindow: below,
        aboveWindow: above,
      },
      optimalBeamCounts: counts,
      distinctOptimalBeams: distinct,
      uniformProbeBeams: uniform.beams,
    },
  };
}
