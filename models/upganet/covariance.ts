/** The benchmark covariance Ψ₁ of Eq. (4) for a config (P_BS = 1; Ψ = P_BS·Ψ₁), solved once and cached on disk. */
import { benchmarkCovariance, type BenchmarkCovariance } from '../../wireless/jcas/index.js';
import type { UpganetConfig } from './config.js';

export function benchmarkPsi(c: UpganetConfig, cacheDir: string): BenchmarkCovariance {
  const s = c.system;
  return benchmarkCovariance({ N: s.numAntennas, targetsDeg: s.targetsDeg, halfWidthDeg: s.halfWidthDeg, iterations: s.covarianceIterations }, cacheDir);
}
