// A chunk's lines located ahead of time (on another thread): for each line the splitter will offer as bytes, where
// it is, whether it is a header line and where its parts are, and whether its event can say anything. The
// exporter then reads the plan instead of locating the line again; the results are the same pure functions'.

import { createLineSplitter } from './line-splitter.js';
import { locateHeaderBytes, type HeaderLocation } from './parse-header-bytes.js';
import type { Level } from './types.js';

/** Int32 slots per line in {@link LinePlan.ints}. */
export const PLAN_SLOTS = 7;
/** Kinds: not a header line the byte path reads; a located header; a located header whose event is quiet. */
export const PLAN_OTHER = 0;
export const PLAN_LOCATED = 1;
export const PLAN_QUIET = 2;

const LEVELS: readonly Level[] = ['error', 'warn', 'info', 'debug', 'trace'];

/**
 * Per line `i`, ints[i*7 ..]: start, end, kind + 4 × level index, targetStart, targetEnd, messageStart, escape;
 * times[i]: the header's time. `count` lines; the arrays may be longer (they are reused).
 */
export interface LinePlan {
  count: number;
  ints: Int32Array;
  times: Float64Array;
}

/** Whether a located header's event is quiet (the classifier's `quiet`). */
export type QuietTest = (bytes: Buffer, targetStart: number, targetEnd: number, messageStart: number, end: number) => boolean;

/** Plans the chunks of one file, in order: the same splitter as the exporter's, so that line i is the same line. */
export interface LinePlanner {
  /** The plan of the next chunk, written into `into` (grown if needed, then returned). */
  plan(chunk: Buffer, into: LinePlan): LinePlan;
}

export function createLinePlanner(options: { readonly maxLineBytes: number; readonly quiet: QuietTest }): LinePlanner {
  const at: HeaderLocation = { time: 0, level: 'info', targetStart: 0, targetEnd: 0, messageStart: 0, escape: -1 };
  let out: LinePlan = { count: 0, ints: new Int32Array(0), times: new Float64Array(0) };
  const splitter = createLineSplitter({
    maxLineBytes: options.maxLineBytes,
    onLine() {},
    onLineBytes(bytes, start, end) {
      const i = out.count++;
      if (i >= out.times.length) grow();
      const o = i * PLAN_SLOTS;
      const { ints } = out;
      ints[o] = start;
      ints[o + 1] = end;
      if (!locateHeaderBytes(bytes, start, end, at)) {
        ints[o + 2] = PLAN_OTHER;
        return true;
      }
      const quiet = at.escape === -1 && options.quiet(bytes, at.targetStart, at.targetEnd, at.messageStart, end);
      ints[o + 2] = (quiet ? PLAN_QUIET : PLAN_LOCATED) + 4 * LEVELS.indexOf(at.level);
      ints[o + 3] = at.targetStart;
      ints[o + 4] = at.targetEnd;
      ints[o + 5] = at.messageStart;
      ints[o + 6] = at.escape;
      out.times[i] = at.time;
      return true;
    },
    onTooLong() {},
    onNulSkipped() {},
  });
  function grow(): void {
    const lines = Math.max(1024, out.times.length * 2);
    const ints = new Int32Array(lines * PLAN_SLOTS);
    ints.set(out.ints);
    const times = new Float64Array(lines);
    times.set(out.times);
    out.ints = ints;
    out.times = times;
  }
  return {
    plan(chunk, into) {
      out = into;
      out.count = 0;
      splitter.push(chunk);
      return out;
    },
  };
}

/** Line `i` of a plan as a header location (for a PLAN_LOCATED or PLAN_QUIET line). */
export function plannedLocation(plan: LinePlan, i: number, into: HeaderLocation): HeaderLocation {
  const o = i * PLAN_SLOTS;
  const { ints } = plan;
  into.time = plan.times[i] ?? 0;
  into.level = LEVELS[(ints[o + 2] ?? 0) >> 2] ?? 'info';
  into.targetStart = ints[o + 3] ?? 0;
  into.targetEnd = ints[o + 4] ?? 0;
  into.messageStart = ints[o + 5] ?? 0;
  into.escape = ints[o + 6] ?? -1;
  return into;
}
