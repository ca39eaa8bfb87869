// serve's checkpoints: restore at start (counters continue, lines after the checkpoint are read again onto the
// checkpointed state), write after the initial read, every few seconds, and at shutdown.

import type { Logger } from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { readCheckpoint, writeCheckpoint, type CheckpointFile } from '../checkpoint/index.js';
import type { Exporter } from '../exporter/index.js';
import type { SavedMetric, SavedSeries } from '../metrics/index.js';

export interface Checkpointer {
  /** Offsets by file key from the checkpoint (empty when there was none). */
  readonly resume: ReadonlyMap<string, number>;
  /** True when a checkpoint was restored: files it does not name are new since, and count from byte 0. */
  readonly restored: boolean;
  /** The restored checkpoint's files (empty when there was none). */
  readonly files: readonly CheckpointFile[];
  /** Writes one checkpoint now (skipped, not failed, while a source waits for its node id). */
  write(): Promise<void>;
  /**
   * Counts an event that a restart cannot see again (a rotation, a truncation: the restarted exporter finds the
   * files as they are). The count shows on /metrics once a checkpoint holds it, written at once, so that a kill -9
   * can never make the counter go down; the price is the few milliseconds of one checkpoint write.
   */
  countDurably(name: string, labels: Readonly<Record<string, string>>): void;
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
  let restoredFiles: readonly CheckpointFile[] = [];
  let restored = false;
  if (found.kind === 'set-aside') {
    logger.warn({ dir, reason: found.reason, moved_to: found.movedTo }, 'checkpoint unusable: set aside, starting without it');
  } else if (found.kind === 'ok') {
    try {
      exporter.restore(found.checkpoint.exporter);
      for (const f of found.checkpoint.files) resume.set(f.key, f.offset);
      restoredFiles = found.checkpoint.files;
      restored = true;
      logger.info({ dir, files: resume.size, written_at: new Date(found.checkpoint.writtenAt).toISOString() }, 'checkpoint restored');
    } catch (error) {
      logger.warn({ dir, err: error }, 'checkpoint could not be restored: starting without it');
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let again = false;
  let lastProblem = 0;
  /** Counts not yet in a written checkpoint, by series. */
  const pending = new Map<string, { readonly name: string; readonly labels: Readonly<Record<string, string>>; n: number }>();
  const writeOnce = async (): Promise<void> => {
    options.flush();
    const files = options.files(); // offsets taken in the same tick as the state below: nothing can run in between
    const snapshot = await exporter.snapshot();
    if (snapshot === undefined) return;
    const due = [...pending.values()].map((p) => ({ ...p }));
    const metrics = withCounts(snapshot.metrics, due);
    try {
      await writeCheckpoint(dir, { version: 1, writtenAt: Date.now(), files, exporter: { ...snapshot, metrics } });
      writes.inc({ result: 'ok' });
      lastSuccess.set(Date.now() / 1000);
      for (const d of due) {
        (m.exporter(d.name) as Counter<string>).inc(d.labels, d.n); // a counter of the contract
        const key = seriesKey(d.name, d.labels);
        const left = pending.get(key);
        if (left !== undefined && (left.n -= d.n) <= 0) pending.delete(key);
      }
    } catch (error) {
      writes.inc({ result: 'error' });
      if (Date.now() - lastProblem > 60_000) {
        lastProblem = Date.now();
        logger.error({ dir, err: error }, 'checkpoint write failed (retrying; logged at most once a minute)');
      }
    }
  };
  const write = (): Promise<void> => {
    writing ??= writeOnce().finally(() => {
      writing = undefined;
      if (again) {
        again = false;
        void write();
      }
    });
    return writing;
  };
  return {
    resume,
    restored,
    files: restoredFiles,
    write,
    countDurably(name, labels) {
      const key = seriesKey(name, labels);
      const p = pending.get(key);
      if (p === undefined) pending.set(key, { name, labels, n: 1 });
      else p.n += 1;
      // Not before the first checkpoint (after the initial read, which carries it): one written during the
      // initial read would name only the files read so far, and a restart would take the others for new ones.
      if (timer === undefined) return;
      if (writing === undefined) void write();
      else again = true; // the write under way took its snapshot before this count
    },
    start(intervalMs) {
      timer = setInterval(() => void write(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}

const seriesKey = (name: string, labels: Readonly<Record<string, string>>): string =>
  `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;

/** `metrics` with `counts` added to their counters' series (a series missing from it is added). */
function withCounts(metrics: readonly SavedMetric[], counts: readonly { name: string; labels: Readonly<Record<string, string>>; n: number }[]): SavedMetric[] {
  if (counts.length === 0) return [...metrics];
  return metrics.map((metric) => {
    const mine = counts.filter((c) => c.name === metric.name);
    if (mine.length === 0 || metric.type !== 'counter') return metric;
    const series: SavedSeries[] = [...metric.series];
    for (const c of mine) {
      const key = seriesKey(c.name, c.labels);
      const at = series.findIndex((s) => seriesKey(c.name, Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [k, String(v)]))) === key);
      const was = at < 0 ? undefined : series[at];
      const next: SavedSeries = { labels: { ...c.labels }, value: (was?.value ?? 0) + c.n };
      if (at < 0) series.push(next);
      else series[at] = next;
    }
    return { ...metric, series };
  });
}
