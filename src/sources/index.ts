// The sources stage: files (and stdin) → byte chunks with offsets, for the lines stage. Also the container log
// formats' unwrapping (CRI, Docker json-file), which the lines stage applies to each physical line.
export { createFileSources } from './file-sources.js';
export { createStdinSource } from './stdin-source.js';
export { createContainerUnwrapper, parseCriLine, parseDockerJsonLine } from './container-lines.js';
export { SourcesOptionError } from './options.js';
export { isRotatedName } from './rotated-name.js';
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
export type { StdinSource, StdinSourceOptions } from './stdin-source.js';
export type { ContainerFormat, ContainerPiece, ContainerStream, ContainerUnwrapper, UnwrapResult } from './container-lines.js';
