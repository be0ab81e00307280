/** JCAS helpers for UPGANet (paper 002): the radar benchmark covariance Ψ (eq. (4)), initial hybrid precoders (eq. (17)), the SCA-ManOpt stages. */
export * from './errors.js';
export * from './benchmark-covariance.js';
export * from './benchmark-cache.js';
export * from './initialization.js';
export * from './sca-precoder.js';
export * from './manopt-factorization.js';
// The composed baseline lives with the other baselines; re-exported here for the JCAS model code.
export { scaManOpt, type ScaManOptOptions, type ScaManOptResult } from '../baselines/sca-manopt.js';
