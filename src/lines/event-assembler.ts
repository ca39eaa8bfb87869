// Lines → events: joins multi-line messages and panics to the event they belong to, and sets aside the rest.

import { isContinuationLine } from './continuation-line.js';
import { isPanicHeader, isPanicTrailer } from './panic-lines.js';
import { ByteEvent } from './byte-event.js';
import { DECODED, decodeMessageInto, headerInto, locateHeaderBytes, messageBytesEnd, type HeaderLocation } from './parse-header-bytes.js';
import { parseTracingLineInto, type LineParts } from './parse-tracing-line.js';
import { stripAnsi } from './strip-ansi.js';
import type { Level, LogEvent } from './types.js';

/** Where assembled events and unrecognised lines go. */
export interface EventAssemblerOptions {
  /** A complete event, in log order. */
  onEvent(event: LogEvent): void;
  /** A line that is neither a tracing header, a panic, nor the continuation of either. */
  onUnparsed(line: string): void;
  /**
   * Leave plain messages of {@link EventAssembler.lineBytes} lines in their bytes until read (events then carry
   * `raw`). Only for an owner that calls {@link EventAssembler.settle} before the bytes change, and whose
   * `onEvent` keeps no event beyond the call without reading its message.
   */
  readonly undecodedMessages?: boolean;
  /**
   * The hot path for events that only count (needs `undecodedMessages`): `test` tells, from a header line's
   * target and message bytes (messageBytesEnd: before any field), that the event says nothing (unless a
   * continuation line follows); such an event is offered to `take` by its time and level instead of being built
   * and passed to onEvent. `take` returns false to decline it (then it is built and goes to onEvent as any other).
   */
  readonly quiet?: QuietEvents;
}

/** See {@link EventAssemblerOptions.quiet}. */
export interface QuietEvents {
  test(bytes: Buffer, targetStart: number, targetEnd: number, messageStart: number, end: number): boolean;
  take(time: number, level: Level): boolean;
}

/** A line-by-line event assembler; see {@link createEventAssembler}. */
export interface EventAssembler {
  /** The next line (without its newline). */
  line(text: string): void;
  /**
   * The next line as `bytes[start, end)`, when it is a tracing-coloured header (the hot path: no decoding of
   * the whole line). Returns false, having done nothing, for any other line: pass it to {@link line} decoded.
   */
  lineBytes(bytes: Buffer, start: number, end: number): boolean;
  /**
   * {@link lineBytes} for a header line located ahead (see line-plan.ts): `at` as locateHeaderBytes gave it, and
   * `quiet` as the `quiet.test` option gave it (ignored without that option).
   */
  lineLocated(bytes: Buffer, end: number, at: Readonly<HeaderLocation>, quiet: boolean): void;
  /**
   * Header lines known (from a plan) to be complete quiet events, the last at `time`: the pending event is
   * emitted, then `take` delivers them at once; false when it declines (they are then read line by line).
   */
  lineRun(time: number, take: () => boolean): boolean;
  /** Emits the pending event now, so that a quiet log is not held back waiting for the next line. */
  flush(): void;
  /** The bytes given to {@link lineBytes} are about to change: decodes what the pending event still holds in them. */
  settle(): void;
}

/**
 * What the last line lets the next one be: `detached` (start, or after an unparsed line) takes no
 * continuation; `event` takes continuation lines; `panicMessage` takes any line as the panic's message;
 * `panic` takes continuation lines and std's `note:` / `stack backtrace:` lines.
 */
type Attachment = 'detached' | 'event' | 'panicMessage' | 'panic';

type MutableEvent = { -readonly [K in keyof LogEvent]: LogEvent[K] };

/**
 * Assembles events from lines, holding at most one pending event. The pending event is emitted when the next
 * header (or panic, or unparsed line) arrives, or on {@link EventAssembler.flush}. A continuation that arrives
 * after its event was flushed is still a continuation (it is not reported as unparsed), but it is dropped.
 *
 * @example
 * const assembler = createEventAssembler({ onEvent: console.log, onUnparsed() {} });
 * assembler.line('2025-11-08T10:15:05.329442Z  WARN x::y: Failed to propose to Raft');
 * assembler.line('');
 * assembler.line('Caused by:');
 * assembler.line('    raft: proposal dropped');
 * assembler.flush(); // one event, message 'Failed to propose to Raft\n\nCaused by:\n    raft: proposal dropped'
 */
export function createEventAssembler(options: EventAssemblerOptions): EventAssembler {
  const { onEvent, onUnparsed } = options;
  const undecoded = options.undecodedMessages ?? false;
  const quiet = undecoded ? options.quiet : undefined;
  let pending: MutableEvent | undefined;
  // A pending event that only counts, not built yet (then `pending` is undefined): its line ends at `quietEnd` in
  // `quietBytes`, its parts are located in `held`. Built when something needs it as an event.
  let quietBytes: Buffer | undefined;
  let quietEnd = 0;
  const held: HeaderLocation = { time: 0, level: 'info', targetStart: 0, targetEnd: 0, messageStart: 0, escape: -1 };
  const located: HeaderLocation = { time: 0, level: 'info', targetStart: 0, targetEnd: 0, messageStart: 0, escape: -1 };
  let attachment: Attachment = 'detached';
  // A panic has no timestamp of its own; it takes the time of the event before it.
  let lastTime = 0;
  const italics: number[] = [];
  const parts: LineParts = { time: 0, level: 'info', spans: '', target: '', message: '', fields: '' };
  const builtParts: LineParts = { time: 0, level: 'info', spans: '', target: '', message: '', fields: '' };

  /** The held quiet event as a pending event (it is about to be extended, kept, or its bytes change). */
  function buildQuiet(): void {
    if (quietBytes === undefined) return;
    const bytes = quietBytes;
    quietBytes = undefined;
    // Not into `parts`: the line being read may be in it.
    if (headerInto(bytes, quietEnd, held, builtParts) === DECODED) {
      const { time, level, target, message, fields } = builtParts;
      pending = { time, level, target, spans: '', message, fields, panic: false };
    } else {
      pending = new ByteEvent(builtParts.time, builtParts.level, builtParts.target, bytes, held.messageStart, quietEnd);
    }
  }

  function emitPending(): void {
    if (quietBytes !== undefined) {
      if (quiet?.take(held.time, held.level) === true) {
        quietBytes = undefined;
        return;
      }
      buildQuiet();
    }
    if (pending === undefined) return;
    const event = pending;
    pending = undefined;
    onEvent(event);
  }

  function appendContinuation(text: string): void {
    buildQuiet();
    if (pending === undefined) return; // its event was flushed already
    const clean = stripAnsi(text, italics);
    if (pending.fields !== '') {
      pending.fields += `\n${clean}`; // a multi-line field value (ANSI input)
    } else if (pending.message === '' && !pending.panic) {
      // The hand-edited `[ts] INFO target:` form wraps the message onto the next, indented line.
      pending.message = clean.trim();
    } else {
      const fieldsStart = italics[0];
      if (fieldsStart === undefined) {
        pending.message += `\n${clean}`;
      } else {
        // The first field starts on this line: tracing put one space between message and field.
        const messageEnd = fieldsStart > 0 && clean.charCodeAt(fieldsStart - 1) === 32 ? fieldsStart - 1 : fieldsStart;
        pending.message += `\n${clean.slice(0, messageEnd)}`;
        pending.fields = clean.slice(fieldsStart);
      }
    }
  }

  function header(): void {
    emitPending();
    // Spelled out rather than spread: V8's object spread costs more than the rest of the line's parsing.
    const { time, level, target, spans, message, fields } = parts;
    pending = { time, level, target, spans, message, fields, panic: false };
    lastTime = time;
    attachment = 'event';
  }

  function lineBytes(bytes: Buffer, start: number, end: number): boolean {
    if (!locateHeaderBytes(bytes, start, end, located)) return false;
    const messageEnd = quiet === undefined ? -1 : messageBytesEnd(bytes, located, end);
    const isQuiet = messageEnd !== -1 && quiet !== undefined && quiet.test(bytes, located.targetStart, located.targetEnd, located.messageStart, messageEnd);
    lineLocated(bytes, end, located, isQuiet);
    return true;
  }

  function lineLocated(bytes: Buffer, end: number, at: Readonly<HeaderLocation>, isQuiet: boolean): void {
    if (isQuiet && quiet !== undefined) {
      emitPending();
      quietBytes = bytes;
      quietEnd = end;
      held.time = at.time;
      held.level = at.level;
      held.targetStart = at.targetStart;
      held.targetEnd = at.targetEnd;
      held.messageStart = at.messageStart;
      held.escape = at.escape;
      lastTime = at.time;
      attachment = 'event';
      return;
    }
    const parsed = headerInto(bytes, end, at, parts);
    if (parsed !== DECODED && undecoded) {
      emitPending();
      pending = new ByteEvent(parts.time, parts.level, parts.target, bytes, parsed, end);
      lastTime = parts.time;
      attachment = 'event';
      return;
    }
    if (parsed !== DECODED) decodeMessageInto(bytes, parsed, end, parts);
    header();
  }

  function settle(): void {
    buildQuiet();
    if (pending instanceof ByteEvent) pending.settle();
  }

  function line(text: string): void {
    if (parseTracingLineInto(text, parts)) {
      header();
      return;
    }
    if (isPanicHeader(text)) {
      emitPending();
      const header = stripAnsi(text);
      pending = { time: lastTime, level: 'error', target: '', spans: '', message: header, fields: '', panic: true };
      attachment = 'panicMessage';
      return;
    }
    if (attachment === 'panicMessage') {
      if (pending !== undefined) pending.message += `\n${stripAnsi(text)}`;
      attachment = 'panic';
      return;
    }
    if (
      (attachment === 'event' && isContinuationLine(text)) ||
      (attachment === 'panic' && (isContinuationLine(text) || isPanicTrailer(text)))
    ) {
      appendContinuation(text);
      return;
    }
    emitPending();
    attachment = 'detached';
    onUnparsed(text);
  }

  function lineRun(time: number, take: () => boolean): boolean {
    emitPending();
    if (quiet === undefined || !take()) return false;
    lastTime = time;
    attachment = 'event';
    return true;
  }

  return { line, lineBytes, lineLocated, lineRun, flush: emitPending, settle };
}
