// Per-node writer: picks the version's variant of a message, applies the node's RUST_LOG filter, stamps time.
import { variantFor, type MessageId } from './catalog/index.js';
import type { Args } from './format.js';
import type { LogFilter } from './log-filter.js';
import type { Prng } from './prng.js';
import { makeRecord, type LogRecord, type RecordOptions } from './record.js';
import type { Simulation } from './sim.js';

/** A record addressed to one node's file (`node` is the 1-based node id). */
export interface NodeOutput {
  readonly node: number;
  readonly record: LogRecord;
}

/** Extra inputs of one log call. */
export interface LogOptions extends RecordOptions {
  /** Skip silently when this version has no such message (sample-only lines in other versions). */
  readonly optional?: boolean;
}

/** Writes one node's records into the simulation's output, in non-decreasing time. */
export class NodeLog {
  readonly node: number;
  readonly filter: LogFilter;
  version: string;
  readonly #sim: Simulation<NodeOutput>;
  readonly #prng: Prng;
  #last = 0;

  constructor(sim: Simulation<NodeOutput>, prng: Prng, node: number, version: string, filter: LogFilter) {
    this.#sim = sim;
    this.#prng = prng;
    this.node = node;
    this.version = version;
    this.filter = filter;
  }

  /** Whether a call to `log(id)` would write a line (the message exists in this version and passes the filter). */
  writes(id: MessageId): boolean {
    const variant = variantFor(id, this.version);
    return variant !== undefined && (variant.style === 'raw' || this.filter.allows(variant.level, variant.target));
  }

  /** Logs message `id` with `args` now (a few µs after this node's previous line when that is later). */
  log(id: MessageId, args: Args = [], options: LogOptions = {}): void {
    const variant = variantFor(id, this.version);
    if (variant === undefined) {
      if (options.optional === true) return;
      throw new RangeError(`Expected message \`${id}\` to exist in chronik ${this.version}, got no variant for it`);
    }
    if (variant.style !== 'raw' && !this.filter.allows(variant.level, variant.target)) return;
    const time = Math.max(this.#sim.now, this.#last + this.#prng.int(4, 90));
    this.#last = time;
    const record = makeRecord(id, variant, time, args, options);
    this.#sim.emit({ node: this.node, record });
  }
}
