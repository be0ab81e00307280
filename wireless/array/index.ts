/** Antenna-array responses: ULA / UPA steering vectors (papers 000, 001, UPGANet) and general geometries. */
export * from './ula.js';
export * from './upa.js';
export * from './geometry.js';
