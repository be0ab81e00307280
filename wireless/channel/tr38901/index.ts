/** TR 38.901 stochastic UMi-Street-Canyon NLOS / UMa NLOS channel (§7.5) and its building blocks. */
export * from './scenario.js';
export * from './large-scale.js';
export * from './clusters.js';
export * from './stochastic-channel.js';
export * from './cholesky.js';
export * from './ray-offsets.js';
