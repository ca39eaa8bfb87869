// generateBenchLog: an endless-feeling single-node v2.2.1 log (node 1 of three) for throughput benchmarks.
import { variantFor, type MessageId } from './catalog/index.js';
import type { Args } from './format.js';
import { parseLogFilter } from './log-filter.js';
import { createPrng, type Prng } from './prng.js';
import { makeRecord, type LogRecord, type RecordOptions } from './record.js';
import { renderRecord, TimestampFormatter } from './render.js';
import { BenchNode, episode } from './bench-episodes.js';

/** Options of `generateBenchLog`. */
export interface BenchLogOptions {
  /** Exact number of physical lines to yield. */
  readonly lines: number;
  /** ANSI colours as in real files (default true). */
  readonly ansi?: boolean;
  /** PRNG seed (default 1). */
  readonly seed?: number;
  /** ISO time of the first line (default `2025-11-08T10:15:02Z`). */
  readonly startTime?: string;
}

const VERSION = 'v2.2.1';
/** As the v2.2.1 follower sample: per-heartbeat `raft_cluster` INFO lines hidden, its WARN/ERROR lines kept. */
const RUST_LOG = 'info,chronik_server::raft_cluster=warn';
const FILTER = parseLogFilter(RUST_LOG);

/** Collects the records of one episode with strictly increasing times. */
export class RecordSink {
  readonly records: LogRecord[] = [];
  readonly #prng: Prng;
  time: number;

  constructor(prng: Prng, time: number) {
    this.#prng = prng;
    this.time = time;
  }

  /** Appends message `id` a few µs after the previous one. */
  log(id: MessageId, args: Args = [], options: RecordOptions = {}): void {
    const variant = variantFor(id, VERSION);
    if (variant === undefined) throw new RangeError(`Expected message \`${id}\` in chronik ${VERSION}, got none`);
    this.time += this.#prng.int(5, 120);
    if (!FILTER.allows(variant.level, variant.target)) return;
    this.records.push(makeRecord(id, variant, this.time, args, options));
  }

  /** Moves the clock forward by `micros`. */
  wait(micros: number): void {
    this.time += micros;
  }
}

/**
 * Yields exactly `lines` lines of a realistic v2.2.1 node-1 log written with
 * `RUST_LOG=info,chronik_server::raft_cluster=warn`: produce-path warnings, peer outages and partitions,
 * leader timeouts, lost and regained leadership (with the follower storm in between), multi-line
 * `Caused by:` messages, a restart now and then. About 240 bytes a line with ANSI (about 205 without);
 * about 10 % are leadership lines.
 * @example
 * for (const line of generateBenchLog({ lines: 2_000_000 })) out.write(line + '\n');
 */
export function* generateBenchLog(options: BenchLogOptions): Generator<string, void, void> {
  const { lines, ansi = true, seed = 1, startTime = '2025-11-08T10:15:02Z' } = options;
  if (!Number.isInteger(lines) || lines < 0) throw new TypeError(`Expected \`lines\` to be a non-negative integer, got \`${String(lines)}\``);
  const prng = createPrng(seed);
  const timestamps = new TimestampFormatter();
  const node = new BenchNode();
  let time = Date.parse(startTime) * 1000;
  let remaining = lines;
  while (remaining > 0) {
    const sink = new RecordSink(prng, time);
    episode(sink, node, prng);
    time = sink.time;
    for (const record of sink.records) {
      const rendered = renderRecord(record, timestamps, ansi);
      if (rendered.length > remaining) {
        // Never cut a multi-line message: top up with single-line heartbeat records instead.
        const filler = new RecordSink(prng, time);
        while (filler.records.length < remaining) filler.log('wr.noIsr', ['orders', 0, filler.time % 100_000]);
        for (const extra of filler.records) yield* renderRecord(extra, timestamps, ansi);
        return;
      }
      yield* rendered;
      remaining -= rendered.length;
      if (remaining === 0) return;
    }
  }
}
