/**
 * The models `phasor train|eval|reproduce` know. Each paper's folder adds its entry here when it lands.
 */
export interface ModelEntry {
  /** CLI name, e.g. 'jhpf' */
  name: string;
  /** the paper it reproduces */
  paper: string;
  /** runs the paper's experiments with a preset and writes a report under `out`; returns the report's path */
  reproduce(options: { preset: string; seed: number; out: string }): Promise<string>;
}

export const MODELS: ModelEntry[] = [];
