// checkpoint/: offsets and state in one atomically written file under state_dir.
export { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from './checkpoint-file.js';
export type { Checkpoint, CheckpointFile, ReadResult } from './checkpoint-file.js';
