// A chunk's lines located ahead of time (on another thread): for each line the splitter will offer as bytes, where
// it is, whether it is a header line and where its parts are, and whether its event can say anything. The
// exporter then reads the plan instead of locating the line again; the results are the same pure functions'.

import { createLineSplitter } from './line-splitter.js';
import { locateHeaderBytes, messageBytesEnd, type HeaderLocation } from './parse-header-bytes.js';
import type { Level } from './types.js';

/** Int32 slots per line in {@link LinePlan.ints}. */
export const PLAN_SLOTS = 9;
/** Kinds: not a header line the byte path reads; a located header; a located header whose event is quiet. */
export const PLAN_OTHER = 0;
export const PLAN_LOCATED = 1;
export const PLAN_QUIET = 2;

/** Levels by their index in a plan. */
export const PLAN_LEVELS: readonly Level[] = ['error', 'warn', 'info', 'debug', 'trace'];
const LEVELS = PLAN_LEVELS;

/**
 * Per line `i`, ints[i*9 ..]: start, end, kind + 4 × level index, targetStart, targetEnd, messageStart, escape,
 * run, resume; times[i]: the header's time. `count` lines; the arrays may be longer (they are reused). A quiet
 * line that starts a run of quiet lines, each right after the one before (no byte between their newline and the
 * next line), has `run` > 0: it and the `run - 1` lines after it are followed by a header line, so each is a
 * complete event; `resume` is where the line after them (the run's last) starts.
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
  /**
   * The plan of the next chunk, written into `into` (grown if needed, then returned); `offset`: where the chunk
   * starts in the bytes the plan's offsets are for (default 0).
   */
  plan(chunk: Buffer, into: LinePlan, offset?: number): LinePlan;
}

/**
 * The plan of a chunk read on its own (at any offset of a file): its lines from just after its first newline (the
 * line before is the carry of the chunk before, or is located by the exporter), up to its last newline.
 */
export function planDetached(chunk: Buffer, into: LinePlan, options: { readonly maxLineBytes: number; readonly quiet: QuietTest; readonly whole?: boolean }): LinePlan {
  const from = options.whole === true ? 0 : chunk.indexOf(LF) + 1;
  into.count = 0;
  if (from === 0 && options.whole !== true) return into;
  return createLinePlanner(options).plan(chunk.subarray(from), into, from);
}
const LF = 10;
const CR = 13;

export function createLinePlanner(options: { readonly maxLineBytes: number; readonly quiet: QuietTest }): LinePlanner {
  const at: HeaderLocation = { time: 0, level: 'info', targetStart: 0, targetEnd: 0, messageStart: 0, escape: -1 };
  let out: LinePlan = { count: 0, ints: new Int32Array(0), times: new Float64Array(0) };
  let offset = 0; // of the pushed bytes in the chunk the plan's offsets are in
  // The current run of adjacent quiet lines (its first line, or -1), and where the line after the last one would
  // start if adjacent (just after its newline).
  let runFirst = -1;
  let next = -1;
  const splitter = createLineSplitter({
    maxLineBytes: options.maxLineBytes,
    onLine() {},
    onLineBytes(bytes, start, end) {
      const i = out.count++;
      if (i >= out.times.length) grow();
      const o = i * PLAN_SLOTS;
      const { ints } = out;
      const adjacent = start === next;
      next = (bytes[end] === CR ? end + 1 : end) + 1; // the splitter took one CR before the newline
      ints[o] = start + offset;
      ints[o + 1] = end + offset;
      ints[o + 7] = 0;
      if (!locateHeaderBytes(bytes, start, end, at)) {
        ints[o + 2] = PLAN_OTHER;
        runFirst = -1;
        return true;
      }
      const messageEnd = messageBytesEnd(bytes, at, end);
      const quiet = messageEnd !== -1 && options.quiet(bytes, at.targetStart, at.targetEnd, at.messageStart, messageEnd);
      ints[o + 2] = (quiet ? PLAN_QUIET : PLAN_LOCATED) + 4 * levelIndex(at.level);
      ints[o + 3] = at.targetStart + offset;
      ints[o + 4] = at.targetEnd + offset;
      ints[o + 5] = at.messageStart + offset;
      ints[o + 6] = at.escape === -1 ? -1 : at.escape + offset;
      out.times[i] = at.time;
      if (!quiet) {
        runFirst = -1;
      } else if (runFirst === -1 || !adjacent) {
        runFirst = i;
      } else {
        // Line i extends the run: every line of it before i is followed by a header line.
        ints[runFirst * PLAN_SLOTS + 7] = i - runFirst;
        ints[runFirst * PLAN_SLOTS + 8] = start + offset;
      }
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
    plan(chunk, into, at = 0) {
      out = into;
      out.count = 0;
      offset = at;
      runFirst = -1;
      next = -1;
      splitter.push(chunk);
      return out;
    },
  };
}

function levelIndex(level: Level): number {
  switch (level) {
    case 'error': return 0;
    case 'warn': return 1;
    case 'info': return 2;
    case 'debug': return 3;
    default: return 4;
  }
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
