// serve's checkpoints: restore at start (counters continue, lines after the checkpoint are read again onto the
// checkpointed state), write after the initial read, every few seconds, and at shutdown.

import type { Logger } from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { readCheckpoint, writeCheckpoint, type CheckpointFile } from '../checkpoint/index.js';
import type { Exporter } from '../exporter/index.js';

export interface Checkpointer {
  /** Offsets by file key from the checkpoint (empty when there was none). */
  readonly resume: ReadonlyMap<string, number>;
  /** True when a checkpoint was restored: files it does not name are new since, and count from byte 0. */
  readonly restored: boolean;
  /** Writes one checkpoint now (skipped, not failed, while a source waits for its node id). */
  write(): Promise<void>;
  /** Writes every `intervalMs` until `stop()`. */
  start(intervalMs: number): void;
  stop(): void;
}

export interface CheckpointerOptions {
  readonly dir: string;
  readonly exporter: Exporter;
  readonly logger: Logger;
  /** The files being read, each at the offset up to which the exporter's state reflects it (after `flush`). */
  readonly files: () => readonly CheckpointFile[];
  /** Applies every complete line held in the pipeline, so that state and offsets agree. */
  readonly flush: () => void;
}

/** Restores from `dir` (call before any `exporter.source()`), and returns the writer. */
export async function createCheckpointer(options: CheckpointerOptions): Promise<Checkpointer> {
  const { dir, exporter, logger } = options;
  const m = exporter.metrics;
  const writes = m.exporter('chronik_log_exporter_checkpoint_writes_total') as Counter<string>; // a counter of the contract
  const lastSuccess = m.exporter('chronik_log_exporter_checkpoint_last_success_timestamp_seconds') as Gauge<string>; // a gauge of the contract
  writes.inc({ result: 'ok' }, 0);
  writes.inc({ result: 'error' }, 0);

  const found = await readCheckpoint(dir);
  const resume = new Map<string, number>();
  let restored = false;
  if (found.kind === 'set-aside') {
    logger.warn({ dir, reason: found.reason, moved_to: found.movedTo }, 'checkpoint unusable: set aside, starting without it');
  } else if (found.kind === 'ok') {
    try {
      exporter.restore(found.checkpoint.exporter);
      for (const f of found.checkpoint.files) resume.set(f.key, f.offset);
      restored = true;
      logger.info({ dir, files: resume.size, written_at: new Date(found.checkpoint.writtenAt).toISOString() }, 'checkpoint restored');
    } catch (error) {
      logger.warn({ dir, err: error }, 'checkpoint could not be restored: starting without it');
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let lastProblem = 0;
  const writeOnce = async (): Promise<void> => {
    options.flush();
    const files = options.files(); // offsets taken in the same tick as the state below: nothing can run in between
    const snapshot = await exporter.snapshot();
    if (snapshot === undefined) return;
    try {
      await writeCheckpoint(dir, { version: 1, writtenAt: Date.now(), files, exporter: snapshot });
      writes.inc({ result: 'ok' });
      lastSuccess.set(Date.now() / 1000);
    } catch (error) {
      writes.inc({ result: 'error' });
      if (Date.now() - lastProblem > 60_000) {
        lastProblem = Date.now();
        logger.error({ dir, err: error }, 'checkpoint write failed (retrying; logged at most once a minute)');
      }
    }
  };
  const write = (): Promise<void> => {
    writing ??= writeOnce().finally(() => { writing = undefined; });
    return writing;
  };
  return {
    resume,
    restored,
    write,
    start(intervalMs) {
      timer = setInterval(() => void write(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
