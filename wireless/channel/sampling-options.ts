/**
 * The sampling options the ray-based models (CDL, TR 38.901 stochastic) share: power normalization, the baseband
 * frequency of the narrowband H, and the OFDM grid. Validated once here so both models refuse bad values alike.
 */
export interface SamplingOptions {
  /** 'average': E‖H‖_F² = N_t·N_r over channels (default); 'per-channel': ‖H‖_F² = N_t·N_r for each */
  normalization?: 'average' | 'per-channel';
  /** baseband frequency at which `generate` evaluates the narrowband H [Hz]; default 0 (sum of rays) */
  frequencyHz?: number;
  /** OFDM subcarriers K for `generateOfdm`; default 64 (paper 000) */
  numSubcarriers?: number;
  /** subcarrier spacing [Hz]; default 100 MHz / K (paper 000: fs = 100 MHz) */
  subcarrierSpacingHz?: number;
}

export interface ResolvedSampling {
  perChannel: boolean;
  frequencyHz: number;
  numSubcarriers: number;
  subcarrierSpacingHz: number;
}

export function resolveSampling(model: string, options: SamplingOptions): ResolvedSampling {
  const norm = options.normalization ?? 'average';
  if (norm !== 'average' && norm !== 'per-channel') {
    throw new RangeError(`${model}: normalization must be 'average' or 'per-channel'; got ${String(norm)}`);
  }
  const numSubcarriers = options.numSubcarriers ?? 64;
  if (!Number.isInteger(numSubcarriers) || numSubcarriers < 1) {
    throw new RangeError(`${model}: numSubcarriers must be a positive integer; got ${numSubcarriers}`);
  }
  return {
    perChannel: norm === 'per-channel',
    frequencyHz: options.frequencyHz ?? 0,
    numSubcarriers,
    subcarrierSpacingHz: options.subcarrierSpacingHz ?? 100e6 / numSubcarriers,
  };
}
