/** Float64 complex linear algebra on CMatrix (row-major interleaved re/im); see each file for conventions. */
export * from './cmatrix.js';
export * from './errors.js';
export * from './elementwise.js';
export * from './transpose.js';
export * from './matmul.js';
export * from './reductions.js';
export * from './slicing.js';
export * from './hermitian.js';
export * from './qr.js';
export * from './cholesky.js';
export * from './triangular-solve.js';
export * from './lu.js';
export * from './eigh.js';
export * from './svd.js';
export * from './pinv.js';
export * from './hermitian-function.js';
export * from './logdet.js';
