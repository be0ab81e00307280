/** Classical baselines: fully digital SVD, PE-AltMin / JDB-AltMin, DCJDB, beam sweeping, HBD, ZF/RZF, beam search, SCA-ManOpt. */
export * from './errors.js';
export * from './hybrid-transceiver.js';
export * from './spectral-efficiency.js';
export * from './fully-digital.js';
export * from './pe-altmin.js';
export * from './jdb-altmin.js';
export * from './digital-for-analog.js';
export * from './beam-pairs.js';
export * from './dcjdb.js';
export * from './beam-sweeping.js';
export * from './zero-forcing.js';
export * from './beam-search.js';
export * from './hierarchical-search.js';
export * from './sca-manopt.js';
export * from './hbd.js';
