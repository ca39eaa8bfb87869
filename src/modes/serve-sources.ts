// serve's sources: one file tailer per configured source, so that a reload can add, remove or replace one
// source while the others keep reading (and keep their counters) undisturbed.

import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { Counter, Gauge } from 'prom-client';
import type { Config, SourceSettings } from '../config/index.js';
import type { Exporter, FileReader, SourcePipeline } from '../exporter/index.js';
import { sourceConfig } from './source-config.js';
import { createFileSources, type FileSources, type FileStatus, type SourceSink, type TailedFile } from '../sources/index.js';

/** Finished files remembered for checkpoints (a rotated file is found again at restart while its glob matches). */
const MAX_FINISHED = 1000;

/** The source name: its `name`, else its paths joined with ','. */
export const sourceName = (s: SourceSettings): string => s.name ?? s.paths.join(',');

/** Settings compared for a reload: a RegExp compares by its source text. */
const comparable = (s: SourceSettings): unknown => ({ ...s, node_id_pattern: s.node_id_pattern?.source });

export interface SourceChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly kept: readonly string[];
}

/** A file being read, and the offset up to which the exporter's state reflects it. */
export interface ReadPosition { readonly key: string; readonly path: string; readonly source: string; readonly offset: number }

export interface SourceSetOptions {
  readonly exporter: Exporter;
  readonly logger: Logger;
  readonly tailing: Config['tailing'];
  /** Offsets by file key (a checkpoint): matching files resume there instead of being history. */
  readonly resume?: ReadonlyMap<string, number>;
  /**
   * The restored checkpoint's files: each stays in later checkpoints until its file is read again, so that a file
   * out of sight for a while (found only after the initial read, or not at all) is not taken for a new one later.
   */
  readonly known?: readonly ReadPosition[];
  /** Count history lines of the first sources too (after a checkpoint restore, files it does not name are new). */
  readonly countHistory?: boolean;
  /** Counts rotations and truncations (a restart cannot see them again): by default straight into the counter. */
  readonly countDurably?: (name: string, labels: Readonly<Record<string, string>>) => void;
}

export interface SourceSet {
  /** Starts, replaces or stops sources so that exactly `settings` run; unchanged ones are not touched. */
  apply(settings: readonly SourceSettings[]): Promise<SourceChanges>;
  /** Every source of the first `apply` has finished its initial read. */
  readonly ready: Promise<void>;
  status(): FileStatus[];
  /** Each open file with the offset its complete lines reach (partial last lines excluded). */
  positions(): ReadPosition[];
  /** Applies every complete line still held in a pipeline (a pending multi-line event). */
  flush(): void;
  /** Stops reading; idempotent. */
  close(): Promise<void>;
}

interface OpenFile { readonly file: TailedFile; readonly reader: FileReader; readonly historyEnd: number; readonly countHistory: boolean; offset: number }
interface Running { readonly settings: SourceSettings; readonly pipeline: SourcePipeline; readonly sources: FileSources; readonly files: Map<string, OpenFile> }

/**
 * Creates the (empty) set; the first `apply` starts the configured sources.
 * @example
 * const set = createSourceSet({ exporter, logger, tailing: config.tailing });
 * await set.apply(config.sources); await set.ready;
 */
export function createSourceSet(options: SourceSetOptions): SourceSet {
  const { exporter, logger } = options;
  const m = exporter.metrics;
  const counter = (name: string) => m.exporter(name) as Counter<string>; // names of counters of the contract
  const lag = m.exporter('chronik_log_exporter_lag_bytes') as Gauge<string>; // a gauge of the contract
  const countOnce = options.countDurably ?? ((name: string, labels: Readonly<Record<string, string>>) => counter(name).inc(labels));
  const running = new Map<string, Running>();
  let first = true;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { resolveReady = resolve; });
  let closing: Promise<void> | undefined;
  /** Files not open, and how far they were read: let go (rotated away, deleted), truncated, or restored and not found again yet; newest last. */
  const finished = new Map<string, ReadPosition>((options.known ?? []).slice(-MAX_FINISHED).map((p) => [p.key, p]));

  const remember = (position: ReadPosition): void => {
    finished.delete(position.key);
    finished.set(position.key, position);
    if (finished.size > MAX_FINISHED) finished.delete(finished.keys().next().value ?? '');
  };

  const sinkFor = (name: string, files: Map<string, OpenFile>, pipeline: () => SourcePipeline, countExisting: boolean): SourceSink => ({
    open(file, info) {
      finished.delete(file.key); // read again: its position is the open file's from now on
      files.set(file.key, { file, reader: pipeline().file(file.path), historyEnd: info.history ? info.historyEnd : 0, countHistory: countExisting, offset: info.offset });
      logger.info({ file: file.path, source: file.source, offset: info.offset, history: info.history }, 'reading file');
    },
    data(file, chunk, offsetAfter) {
      const f = files.get(file.key);
      if (f === undefined) return;
      f.offset = offsetAfter;
      const start = offsetAfter - chunk.length;
      if (start >= f.historyEnd) return f.reader.push(chunk, true);
      const split = Math.min(chunk.length, f.historyEnd - start);
      f.reader.push(chunk.subarray(0, split), f.countHistory);
      if (split < chunk.length) f.reader.push(chunk.subarray(split), true);
    },
    caughtUp: (file) => files.get(file.key)?.reader.caughtUp(),
    truncated(file) {
      // The file ends here (its partial line is dropped: a copy is read from where it starts); what it holds now
      // comes as a new file from offset 0.
      const f = files.get(file.key);
      if (f === undefined) return 0;
      f.reader.caughtUp();
      files.delete(file.key);
      // The old content lives on only in a copy, if any: a checkpoint must still say how far it was read, or a
      // restart before the copy is read would read the copy from byte 0.
      const held = f.reader.bufferedBytes;
      remember({ key: file.key, path: file.path, source: file.source, offset: f.offset - held });
      countOnce('chronik_log_exporter_file_truncations_total', { source: name });
      return held;
    },
    closed(file, reason) {
      const f = files.get(file.key);
      if (f === undefined) return;
      if (reason === 'closing') f.reader.caughtUp();
      else {
        f.reader.end();
        // A file let go after rotation stays in the checkpoint at its end: a restart must not read it again.
        remember({ key: file.key, path: file.path, source: file.source, offset: f.offset });
      }
      files.delete(file.key);
      lag.remove({ file: file.path });
    },
    error: (source, code) => counter('chronik_log_exporter_read_errors_total').inc({ source, code }),
    rotated: (source) => countOnce('chronik_log_exporter_file_rotations_total', { source }),
    watcherOverflow: () => counter('chronik_log_exporter_watcher_overflows_total').inc(),
  });

  const start = (s: SourceSettings, resume: ReadonlyMap<string, number> | undefined, countHistory: boolean): Running => {
    const name = sourceName(s);
    const pipeline = exporter.source(sourceConfig(name, s));
    for (const c of ['chronik_log_exporter_file_rotations_total', 'chronik_log_exporter_file_truncations_total']) counter(c).inc({ source: name }, 0);
    const files = new Map<string, OpenFile>();
    const sources = createFileSources({
      sources: [{ name, paths: s.paths }],
      pollIntervalMs: options.tailing.poll_interval * 1000,
      rotateWaitMs: options.tailing.rotate_wait * 1000,
      usePolling: options.tailing.use_polling,
      logger,
      ...(resume === undefined ? {} : { resume }),
    }, sinkFor(name, files, () => pipeline, s.count_existing || countHistory));
    void sources.ready.then(() => {
      for (const f of files.values()) f.reader.caughtUp(); // each file's last history event reaches its node first
      pipeline.release();
    });
    return { settings: s, pipeline, sources, files };
  };

  /** Where each file of a source stands: its successor resumes there instead of reading it again as history. */
  const offsetsOf = (r: Running): Map<string, number> => new Map(r.sources.status().map((f) => [f.key, f.offset - (r.files.get(f.key)?.reader.bufferedBytes ?? 0)]));

  return {
    ready,
    async apply(settings) {
      if (closing !== undefined) throw new Error('Expected an open source set, got a closed one');
      const wanted = new Map(settings.map((s) => [sourceName(s), s]));
      const changes = { added: [] as string[], changed: [] as string[], removed: [] as string[], kept: [] as string[] };
      for (const [name, r] of running) {
        const next = wanted.get(name);
        if (next !== undefined && isDeepStrictEqual(comparable(next), comparable(r.settings))) {
          changes.kept.push(name);
          continue;
        }
        const resume = offsetsOf(r);
        await r.sources.close();
        running.delete(name);
        if (next === undefined) {
          changes.removed.push(name);
          continue;
        }
        changes.changed.push(name);
        running.set(name, start(next, resume, false));
      }
      for (const [name, s] of wanted) {
        if (running.has(name)) continue;
        changes.added.push(name);
        running.set(name, start(s, first ? options.resume : undefined, first && options.countHistory === true));
      }
      if (first) {
        first = false;
        void Promise.all([...running.values()].map((r) => r.sources.ready)).then(resolveReady);
      }
      return changes;
    },
    status: () => [...running.values()].flatMap((r) => r.sources.status()),
    positions: () => {
      const open = [...running.values()].flatMap((r) => [...r.files.values()].map((f) => ({
        key: f.file.key, path: f.file.path, source: f.file.source, offset: f.offset - f.reader.bufferedBytes,
      })));
      const keys = new Set(open.map((p) => p.key));
      return [...[...finished.values()].filter((p) => !keys.has(p.key)), ...open];
    },
    flush() {
      for (const r of running.values()) for (const f of r.files.values()) f.reader.caughtUp();
    },
    close() {
      closing ??= Promise.all([...running.values()].reverse().map((r) => r.sources.close())).then(() => undefined);
      return closing;
    },
  };
}
