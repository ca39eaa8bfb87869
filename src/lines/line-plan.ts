// A chunk's lines located ahead of time (on another thread): for each line the splitter will offer as bytes, where
// it is, whether it is a header line and where its parts are, and whether its event can say anything. The
// exporter then reads the plan instead of locating the line again; the results are the same pure functions'.

import { createLineSplitter } from './line-splitter.js';
import { locateHeaderBytes, messageBytesEnd, type HeaderLocation } from './parse-header-bytes.js';
import type { Level } from './types.js';

/** Int32 slots per line in {@link LinePlan.ints}. */
const PLAN_SLOTS = 9;
/** Kinds: not a header line the byte path reads; a located header; a located header whose event is quiet. */
export const PLAN_OTHER = 0;
export const PLAN_LOCATED = 1;
export const PLAN_QUIET = 2;

/** Levels by their index in a plan. */
export const PLAN_LEVELS: readonly Level[] = ['error', 'warn', 'info', 'debug', 'trace'];

// A line's slots in LinePlan.ints (PLAN_SLOTS of them): only this file knows the layout.
const START = 0;
const END = 1;
const KIND = 2; // kind + 4 × level index
const TARGET_START = 3;
const TARGET_END = 4;
const MESSAGE_START = 5;
const ESCAPE = 6;
const RUN = 7;
const RESUME = 8;

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
  const body = chunk.subarray(from);
  // One pass over the lines as a fresh splitter cuts them: a line it treats specially (NUL bytes at its start, longer
  // than maxLineBytes) sends the whole chunk through the splitter instead. The partial last line is not planned.
  const writer = createPlanWriter(options.quiet);
  // Room for 128-byte lines (chronik's are ~240: no growing); a NO_COLOR chunk is found free of ESC bytes once.
  writer.begin(into, from, body.length >> 7, body.indexOf(ESC) === -1);
  for (let start = 0; start < body.length;) {
    const newline = body.indexOf(LF, start);
    if (newline === -1) break;
    if (body[start] === NUL || newline - start > options.maxLineBytes) return createLinePlanner(options).plan(body, into, from);
    writer.line(body, start, newline > start && body[newline - 1] === CR ? newline - 1 : newline);
    start = newline + 1;
  }
  return into;
}
const LF = 10;
const CR = 13;
const NUL = 0;
const ESC = 0x1b;

/** Writes a plan line by line: the lines of one chunk, in order, each as the splitter gives it (`bytes[start, end)`). */
interface PlanWriter {
  /**
   * Starts the plan of a chunk into `into` (with room for `lines` lines, if given); `offset`: where the lines' bytes
   * start in the chunk the plan is for; `escapeFree`: the lines hold no ESC byte (see locateHeaderBytes).
   */
  begin(into: LinePlan, offset: number, lines?: number, escapeFree?: boolean): void;
  line(bytes: Buffer, start: number, end: number): void;
}

function createPlanWriter(quietTest: QuietTest): PlanWriter {
  const at: HeaderLocation = { time: 0, level: 'info', targetStart: 0, targetEnd: 0, messageStart: 0, escape: -1 };
  let out: LinePlan = { count: 0, ints: new Int32Array(0), times: new Float64Array(0) };
  let offset = 0; // of the lines' bytes in the chunk the plan's offsets are in
  // The current run of adjacent quiet lines (its first line, or -1), and where the line after the last one would
  // start if adjacent (just after its newline).
  let runFirst = -1;
  let next = -1;
  let escapeFree = false;
  function grow(atLeast = 0): void {
    const lines = Math.max(1024, out.times.length * 2, atLeast);
    const ints = new Int32Array(lines * PLAN_SLOTS);
    ints.set(out.ints);
    const times = new Float64Array(lines);
    times.set(out.times);
    out.ints = ints;
    out.times = times;
  }
  return {
    begin(into, at, lines = 0, noEscapes = false) {
      escapeFree = noEscapes;
      out = into;
      out.count = 0;
      if (out.times.length < lines) grow(lines);
      offset = at;
      runFirst = -1;
      next = -1;
    },
    line(bytes, start, end) {
      const i = out.count++;
      if (i >= out.times.length) grow();
      const o = i * PLAN_SLOTS;
      const { ints } = out;
      const adjacent = start === next;
      next = (bytes[end] === CR ? end + 1 : end) + 1; // the splitter took one CR before the newline
      ints[o + START] = start + offset;
      ints[o + END] = end + offset;
      ints[o + RUN] = 0;
      if (!locateHeaderBytes(bytes, start, end, at, escapeFree)) {
        ints[o + KIND] = PLAN_OTHER;
        runFirst = -1;
        return;
      }
      const messageEnd = messageBytesEnd(bytes, at, end);
      const quiet = messageEnd !== -1 && quietTest(bytes, at.targetStart, at.targetEnd, at.messageStart, messageEnd);
      ints[o + KIND] = (quiet ? PLAN_QUIET : PLAN_LOCATED) + 4 * levelIndex(at.level);
      ints[o + TARGET_START] = at.targetStart + offset;
      ints[o + TARGET_END] = at.targetEnd + offset;
      ints[o + MESSAGE_START] = at.messageStart + offset;
      ints[o + ESCAPE] = at.escape === -1 ? -1 : at.escape + offset;
      out.times[i] = at.time;
      if (runFirst !== -1 && adjacent) {
        // A header line right after the run: every line of it before this one is followed by a header line.
        ints[runFirst * PLAN_SLOTS + RUN] = i - runFirst;
        ints[runFirst * PLAN_SLOTS + RESUME] = start + offset;
      }
      if (!quiet) runFirst = -1;
      else if (runFirst === -1 || !adjacent) runFirst = i;
    },
  };
}

export function createLinePlanner(options: { readonly maxLineBytes: number; readonly quiet: QuietTest }): LinePlanner {
  const writer = createPlanWriter(options.quiet);
  const splitter = createLineSplitter({
    maxLineBytes: options.maxLineBytes,
    onLine() {},
    onLineBytes(bytes, start, end) {
      writer.line(bytes, start, end);
      return true;
    },
    onTooLong() {},
    onNulSkipped() {},
  });
  return {
    plan(chunk, into, at = 0) {
      writer.begin(into, at);
      splitter.push(chunk);
      return into;
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
  into.level = PLAN_LEVELS[(ints[o + KIND] ?? 0) >> 2] ?? 'info';
  into.targetStart = ints[o + TARGET_START] ?? 0;
  into.targetEnd = ints[o + TARGET_END] ?? 0;
  into.messageStart = ints[o + MESSAGE_START] ?? 0;
  into.escape = ints[o + ESCAPE] ?? -1;
  return into;
}

/** Line `i`'s bytes: `[plannedStart, plannedEnd)` of the chunk. */
export const plannedStart = (plan: LinePlan, i: number): number => plan.ints[i * PLAN_SLOTS + START] ?? 0;
export const plannedEnd = (plan: LinePlan, i: number): number => plan.ints[i * PLAN_SLOTS + END] ?? 0;
/** PLAN_OTHER, PLAN_LOCATED or PLAN_QUIET. */
export const plannedKind = (plan: LinePlan, i: number): number => (plan.ints[i * PLAN_SLOTS + KIND] ?? 0) & 3;
/** How many lines from line `i` on are complete quiet events in a run (0: none), and where the line after them starts. */
export const plannedRun = (plan: LinePlan, i: number): number => plan.ints[i * PLAN_SLOTS + RUN] ?? 0;
export const plannedResume = (plan: LinePlan, i: number): number => plan.ints[i * PLAN_SLOTS + RESUME] ?? 0;

/** Counts lines `[first, first + n)` by level into `counts` (PLAN_LEVELS order) and returns their latest time. */
export function tallyRun(plan: LinePlan, first: number, n: number, counts: Float64Array): number {
  counts.fill(0);
  let latest = -Infinity;
  for (let i = first; i < first + n; i++) {
    const level = (plan.ints[i * PLAN_SLOTS + KIND] ?? 0) >> 2;
    counts[level] = (counts[level] ?? 0) + 1;
    const t = plan.times[i] ?? 0;
    if (t > latest) latest = t;
  }
  return latest;
}
