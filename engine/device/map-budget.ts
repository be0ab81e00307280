/**
 * The process's memory-map budget. Linux caps the mappings one process may hold (vm.max_map_count, 65 530 by
 * default), and Mesa's lavapipe maps memory for every bind group it creates (measured: 5 000 bind groups, +5 120
 * lines in /proc/self/maps; 5 000 buffers, +43). A captured step of some 60 000 distinct bind groups therefore reaches
 * the cap, mmap fails inside the driver and the process dies of SIGSEGV with nothing said. Every bind group is created
 * through recorder.ts's createBindGroup, which asks this module first: every CHECK_EVERY creations it counts the
 * mappings and, within MARGIN of the cap, refuses with an error that names the cap and the fix.
 */
import { readFileSync } from 'node:fs';
import { AllocationError } from '../errors.js';

/** bind groups created between two counts of /proc/self/maps (≈ one mapping each, so well inside MARGIN) */
export const CHECK_EVERY = 1024;
/** mappings kept free for everything else (buffers, the JIT, malloc arenas, the next CHECK_EVERY bind groups) */
export const MARGIN = 4096;

function readNumber(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    return NaN;
  }
}

function countMaps(): number {
  try {
    let lines = 0;
    const text = readFileSync('/proc/self/maps', 'latin1');
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    return lines;
  } catch {
    return NaN;
  }
}

/** The cap and the counter; tests lower `limit` to reach it cheaply. */
export const mapBudget = {
  /** vm.max_map_count (NaN off Linux or without /proc: never checked) */
  limit: process.platform === 'linux' ? readNumber('/proc/sys/vm/max_map_count') : NaN,
  created: 0,
  count: countMaps,
};

/** Called before each bind group is created; throws AllocationError when the mappings are within MARGIN of the cap. */
export function checkMapBudget(what: string): void {
  if (++mapBudget.created % CHECK_EVERY !== 0 || !Number.isFinite(mapBudget.limit)) return;
  const maps = mapBudget.count();
  if (maps + MARGIN < mapBudget.limit) return;
  throw new AllocationError(
    `${what}: the process holds ${maps} memory mappings of the ${mapBudget.limit} Linux allows (vm.max_map_count), and the ` +
      `driver maps memory for every bind group (${mapBudget.created} created so far); stopped here instead of crashing. ` +
      'Capture fewer distinct dispatches in one step (dispose intermediates inside it so that buffers and bind groups are ' +
      'reused), or raise the cap: sudo sysctl -w vm.max_map_count=262144',
  );
}
