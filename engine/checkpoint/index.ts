/** Checkpoints in the safetensors format. */
export {
  saveCheckpoint,
  loadCheckpoint,
  firstNonFinite,
  type CheckpointContents,
  type ExpectedTensor,
  type LoadOptions,
  type SaveOptions,
} from './checkpoint.js';
export {
  encodeSafetensors,
  decodeSafetensors,
  decodeFloat32,
  float32Entry,
  itemSize,
  CHECKSUM_KEY,
  type SafetensorsDType,
  type SafetensorsEntry,
  type SafetensorsContents,
} from './safetensors.js';
export { CheckpointError } from './errors.js';
