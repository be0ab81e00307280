/** Beam codebooks: DFT (ULA, UPA Kronecker, oversampled) and hierarchical wide/narrow. */
export * from './dft.js';
export * from './hierarchical.js';
