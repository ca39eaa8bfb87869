// The sources stage: files (and stdin) → byte chunks with offsets, for the lines stage.
export { createFileSources } from './file-sources.js';
export { SourcesOptionError } from './options.js';
export type {
  CloseReason,
  FileSources,
  FileSourcesOptions,
  FileStatus,
  OpenInfo,
  ReadErrorCode,
  SourceSink,
  SourceSpec,
  TailedFile,
} from './types.js';
