/**
 * The models `phasor train|eval|reproduce` know, in the order `reproduce all` runs them. Each paper's folder
 * exports its ModelEntry (models/run/types.ts) and is listed here.
 */
import { hyperrnnModel } from './hyperrnn/entry.js';
import { jhpfModel } from './jhpf/entry.js';
import { probeModel } from './probe/entry.js';
import type { ModelEntry } from './run/types.js';
import { upganetModel } from './upganet/entry.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own config type
export const MODELS: ModelEntry<any>[] = [jhpfModel, upganetModel, probeModel, hyperrnnModel];
