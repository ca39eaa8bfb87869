// One line of tracing-subscriber's "Full" format (ANSI or NO_COLOR, or the hand-edited `[ts]` form) → its parts.

import { locateTarget, type TargetLocation } from './locate-target.js';
import { parseTimestamp, TIMESTAMP_LENGTH } from './parse-timestamp.js';
import { stripAnsi } from './strip-ansi.js';
import type { Level, LogEvent } from './types.js';

/** A tracing header line's parts: a {@link LogEvent} before continuation lines are joined, never a panic. */
export type ParsedLine = Omit<LogEvent, 'panic'>;

const SPACE = 32;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

// Reused on every call: the hot path allocates only the strings it returns.
const italics: number[] = [];
const location: TargetLocation = { spansEnd: 0, targetStart: 0, targetEnd: 0 };

/**
 * Parses `<ts> <LEVEL> [spans: ]target: message[ key=value…]`, after stripping ANSI colour codes. Returns
 * undefined for any other line (a continuation, a panic, stderr noise).
 *
 * Fields can only be told apart from the message in ANSI input, where tracing wraps each key in italics (and
 * escapes any ESC inside the message, so an ESC there is formatting); in NO_COLOR input the whole text is the
 * message and `fields` is ''.
 *
 * @example
 * parseTracingLine('2025-11-08T10:15:05.322442Z  INFO raft::raft: became leader at term 2, raft_id: 1, term: 2');
 * // { time: 1762596905.322442, level: 'info', spans: '', target: 'raft::raft', message: 'became leader at term 2, …', fields: '' }
 */
export function parseTracingLine(line: string): ParsedLine | undefined {
  const first = line.charCodeAt(0);
  // Cheap prefilter: a header starts with a digit, `[` or ESC; continuation and panic lines mostly do not.
  if (!((first >= 48 && first <= 57) || first === OPEN_BRACKET || first === 27)) return undefined;

  const text = stripAnsi(line, italics);
  const bracketed = text.charCodeAt(0) === OPEN_BRACKET;
  const tsStart = bracketed ? 1 : 0;
  const time = parseTimestamp(text, tsStart);
  if (Number.isNaN(time)) return undefined;

  let position = tsStart + TIMESTAMP_LENGTH;
  if (bracketed) {
    if (text.charCodeAt(position) !== CLOSE_BRACKET) return undefined;
    position++;
  }
  // Full pads the level to 5 characters (`  INFO`), the hand-edited form does not (` INFO`).
  if (text.charCodeAt(position) !== SPACE) return undefined;
  while (text.charCodeAt(position) === SPACE) position++;
  const level = levelAt(text, position);
  if (level === undefined) return undefined;
  position += level.length; // 'info' is as long as 'INFO', and so on
  if (text.charCodeAt(position) !== SPACE) return undefined;
  while (text.charCodeAt(position) === SPACE) position++;

  if (!locateTarget(text, position, location)) return undefined;
  const { spansEnd, targetStart, targetEnd } = location;
  const messageStart = Math.min(targetEnd + 2, text.length);
  const fieldsStart = firstItalicFrom(messageStart);
  let messageEnd = fieldsStart === -1 ? text.length : fieldsStart;
  // tracing separates the message from the first field with one space.
  if (fieldsStart > messageStart && text.charCodeAt(fieldsStart - 1) === SPACE) messageEnd--;

  return {
    time,
    level,
    spans: text.slice(position, spansEnd),
    target: text.slice(targetStart, targetEnd),
    message: text.slice(messageStart, messageEnd),
    fields: fieldsStart === -1 ? '' : text.slice(fieldsStart),
  };
}

/** The first italic (field-name) offset at or after `from`; italics before it were span fields. */
function firstItalicFrom(from: number): number {
  for (const offset of italics) {
    if (offset >= from) return offset;
  }
  return -1;
}

/** The level whose upper-case name starts at `at`, or undefined. */
function levelAt(text: string, at: number): Level | undefined {
  switch (text.charCodeAt(at)) {
    case 73: // I
      return text.startsWith('INFO', at) ? 'info' : undefined;
    case 87: // W
      return text.startsWith('WARN', at) ? 'warn' : undefined;
    case 69: // E
      return text.startsWith('ERROR', at) ? 'error' : undefined;
    case 68: // D
      return text.startsWith('DEBUG', at) ? 'debug' : undefined;
    case 84: // T
      return text.startsWith('TRACE', at) ? 'trace' : undefined;
    default:
      return undefined;
  }
}
