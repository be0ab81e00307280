export * from './types.js';
export { ConfigError, mergeConfig, requireConfig, positiveInteger } from './config.js';
export { makeRunContext, silentProgress, type ContextOptions } from './context.js';
export { trainEpochs, type TrainLoopOptions, type TrainLoopResult, type EpochRecord } from './train-loop.js';
export { TrainingHealthError, trainLoopHooks } from './train-loop.js';
export { acquireRunLock, processAlive, RunLockedError, LOCK_FILE, type RunLock, type LockInfo } from './lock.js';
export { VERDICT_RULE, within, toleranceText, allFinite, type Tolerance } from './verdict.js';
export { schemeStyles, styleAt, styled, PALETTE } from './figure-style.js';
