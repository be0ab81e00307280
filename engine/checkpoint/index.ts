/** Checkpoints in the safetensors format. */
export { saveCheckpoint, loadCheckpoint, type CheckpointContents, type ExpectedTensor, type LoadOptions } from './checkpoint.js';
export {
  encodeSafetensors,
  decodeSafetensors,
  decodeFloat32,
  float32Entry,
  itemSize,
  type SafetensorsDType,
  type SafetensorsEntry,
  type SafetensorsContents,
} from './safetensors.js';
export { CheckpointError } from './errors.js';
