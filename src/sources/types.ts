// The sources stage's contract: what it is given (specs, options) and what it tells its consumer (the sink).
import type { Logger } from 'pino';

/** One configured source: a name (the `source` label) and the paths or globs it tails. */
export interface SourceSpec {
  readonly name: string;
  readonly paths: readonly string[];
}

/** One file being read. A truncated file continues as a new `TailedFile` (new key, same path). */
export interface TailedFile {
  /** Stable identity: `dev:ino:at:length:hash` of its first non-NUL bytes (at most 256, from offset `at`) when first read. */
  readonly key: string;
  /** Path where the file was first read (it may have been renamed since: see `FileSources.status()`). */
  readonly path: string;
  /** `SourceSpec.name` of the source it belongs to ('stdin' for standard input). */
  readonly source: string;
}

export interface OpenInfo {
  /** Offset of the first byte that `data` will deliver. */
  readonly offset: number;
  /** The file existed when the exporter started and no checkpoint names it: its bytes before `historyEnd` are history. */
  readonly history: boolean;
  /** End of the history (the file's size when first read); equals `offset` when `history` is false. */
  readonly historyEnd: number;
}

/** Why a file stopped being read. 'eof': a stream (stdin) ended. */
export type CloseReason = 'rotated' | 'deleted' | 'closing' | 'eof';

export type ReadErrorCode = 'EACCES' | 'ENOENT' | 'EIO' | 'other';

/**
 * Receives everything the sources stage reads, in order per file. Calls are synchronous and never overlap;
 * a `TailedFile` is announced by `open` before its first `data`.
 */
export interface SourceSink {
  /** A file starts (or, after a `closed` 'rotated' and new growth, restarts) being read at `info.offset`. */
  open(file: TailedFile, info: OpenInfo): void;
  /** The bytes of `file` that end at `offsetAfter` (exclusive). The buffer is the consumer's to keep. */
  data(file: TailedFile, chunk: Buffer, offsetAfter: number): void;
  /** Reached the end of what the file holds right now (flush partial multi-line state; a partial last line stays held). */
  caughtUp(file: TailedFile): void;
  /**
   * In-place truncation (copytruncate, shell `>`): `file` ends here and its held partial line is dropped. What the
   * file holds now is announced by `open` of a new `TailedFile` (same path, new key) from offset 0. Returns the
   * length of the dropped partial line: a copy of the old content (copytruncate) is read from where it starts.
   */
  truncated(file: TailedFile): number;
  /** File no longer read. Flush a held partial line unless `reason` is 'closing'. */
  closed(file: TailedFile, reason: CloseReason): void;
  /** A counted I/O error (already logged, rate-limited, by the sources stage); the operation is retried. */
  error(source: string, code: ReadErrorCode, error: unknown): void;
  /** A watched file was rotated (renamed or deleted, and a new file written at its path). */
  rotated(source: string): void;
  /**
   * The file-notification layer lost events (the safety poll found a file no event announced: inotify queue
   * overflow, which libuv drops silently) or failed; the rescan has recovered. For `watcher_overflows_total`.
   */
  watcherOverflow(): void;
}

export interface FileSourcesOptions {
  readonly sources: readonly SourceSpec[];
  /** Slow safety poll (rescan + read every open file); in `usePolling` mode, the only trigger. Default 1000. */
  readonly pollIntervalMs?: number;
  /** A rotated or deleted file is read until it has been idle this long, then closed. Default 30 000. */
  readonly rotateWaitMs?: number;
  /** Largest chunk passed to `data`. Default 64 KiB. */
  readonly readChunkBytes?: number;
  /** Poll instead of inotify (filesystems without it: NFS, some FUSE); latency becomes `pollIntervalMs`. Default false. */
  readonly usePolling?: boolean;
  readonly logger: Logger;
  /** Checkpointed offsets by `TailedFile.key`: a matching file resumes there instead of being history. */
  readonly resume?: ReadonlyMap<string, number>;
  /** Base for relative source paths. Default `process.cwd()`. */
  readonly cwd?: string;
}

export interface FileStatus {
  readonly key: string;
  /** Current path (follows renames that the source's globs see). */
  readonly path: string;
  readonly source: string;
  /** Next byte to read; bytes before it have been passed to `data`. */
  readonly offset: number;
  /** File size at the last look. */
  readonly size: number;
}

export interface FileSources {
  /** Every file that existed at start has been read to its size at start (history, or catch-up after a checkpoint). */
  readonly ready: Promise<void>;
  /** Files currently open and identified, for `files_watched` and `lag_bytes`. */
  status(): FileStatus[];
  /** Stops watching and reading; every open file gets `closed(…, 'closing')`. Idempotent: the same promise. */
  close(): Promise<void>;
}
