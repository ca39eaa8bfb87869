// One line of tracing-subscriber's "Full" format (ANSI or NO_COLOR, or the hand-edited `[ts]` form) → its parts.

import { endsTarget, locateTarget, pathEnd, type TargetLocation } from './locate-target.js';
import { parseTimestamp, TIMESTAMP_LENGTH } from './parse-timestamp.js';
import { stripAnsi } from './strip-ansi.js';
import type { Level, LogEvent } from './types.js';

/** A tracing header line's parts: a {@link LogEvent} before continuation lines are joined, never a panic. */
export type ParsedLine = Omit<LogEvent, 'panic' | 'raw'>;

const SPACE = 32;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const ESC = 27;
const ESC_CHAR = '\x1b';
const COLON = 58;
const SEMICOLON = 59;
const LOWER_M = 109;

// Reused on every call: the hot path allocates only the strings it returns.
const italics: number[] = [];
const location: TargetLocation = { spansEnd: 0, targetStart: 0, targetEnd: 0 };
const scratch: LineParts = { time: 0, level: 'info', spans: '', target: '', message: '', fields: '' };

/** A parsed header's parts, written in place by {@link parseTracingLineInto}. */
export type LineParts = { -readonly [K in keyof ParsedLine]: ParsedLine[K] };

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
  if (!parseTracingLineInto(line, scratch)) return undefined;
  const { time, level, spans, target, message, fields } = scratch;
  return { time, level, spans, target, message, fields };
}

/**
 * {@link parseTracingLine} writing into `into` (the event assembler's way: one object per event, not two).
 * Returns false for a line that is not a header; `into` is then unspecified.
 */
export function parseTracingLineInto(line: string, into: LineParts): boolean {
  // tracing-subscriber's own colouring takes a path that strips nothing; anything unusual goes the general way.
  if (line.charCodeAt(0) === ESC && parseColouredHeader(line, into)) return true;
  return parseGeneral(line, into);
}

/**
 * The general parser: strips every SGR code, then reads the parts from the plain text. It is the definition;
 * {@link parseColouredHeader} is a shortcut that must agree with it (test/lines/coloured-fast-path.test.ts).
 */
export function parseGeneral(line: string, into: LineParts): boolean {
  const first = line.charCodeAt(0);
  // Cheap prefilter: a header starts with a digit, `[` or ESC; continuation and panic lines mostly do not.
  if (!((first >= 48 && first <= 57) || first === OPEN_BRACKET || first === ESC)) return false;

  const text = stripAnsi(line, italics);
  const bracketed = text.charCodeAt(0) === OPEN_BRACKET;
  const tsStart = bracketed ? 1 : 0;
  const time = parseTimestamp(text, tsStart);
  if (Number.isNaN(time)) return false;

  let position = tsStart + TIMESTAMP_LENGTH;
  if (bracketed) {
    if (text.charCodeAt(position) !== CLOSE_BRACKET) return false;
    position++;
  }
  // Full pads the level to 5 characters (`  INFO`), the hand-edited form does not (` INFO`).
  if (text.charCodeAt(position) !== SPACE) return false;
  while (text.charCodeAt(position) === SPACE) position++;
  const level = levelAt(text, position);
  if (level === undefined) return false;
  position += level.length; // 'info' is as long as 'INFO', and so on
  if (text.charCodeAt(position) !== SPACE) return false;
  while (text.charCodeAt(position) === SPACE) position++;

  if (!locateTarget(text, position, location)) return false;
  const { spansEnd, targetStart, targetEnd } = location;
  const messageStart = Math.min(targetEnd + 2, text.length);
  const fieldsStart = firstItalicFrom(messageStart);
  let messageEnd = fieldsStart === -1 ? text.length : fieldsStart;
  // tracing separates the message from the first field with one space.
  if (fieldsStart > messageStart && text.charCodeAt(fieldsStart - 1) === SPACE) messageEnd--;

  into.time = time;
  into.level = level;
  into.spans = text.slice(position, spansEnd);
  into.target = text.slice(targetStart, targetEnd);
  into.message = text.slice(messageStart, messageEnd);
  into.fields = fieldsStart === -1 ? '' : text.slice(fieldsStart);
  return true;
}

// tracing-subscriber's Full format with ANSI: `ESC[2m<ts>ESC[0m ESC[<colour>m<LEVEL>ESC[0m ESC[2m<target>ESC[0mESC[2m:ESC[0m <message>`.
const DIM = '\x1b[2m';
const RESET_SPACE = '\x1b[0m ';
const TARGET_COLON = '\x1b[0m\x1b[2m:\x1b[0m';

/**
 * The shortcut for the lines tracing-subscriber colours itself (no span prefix): reads the parts between the
 * known escape codes instead of building the stripped line, and strips only the message part when it holds
 * fields. Returns false whenever the line is not exactly of that shape, or when its message could make the
 * general parser read it differently (a message that starts like `a::b: `); the general parser decides then.
 */
function parseColouredHeader(line: string, into: LineParts): boolean {
  if (!line.startsWith(DIM, 0)) return false;
  const time = parseTimestamp(line, 4);
  if (Number.isNaN(time) || !line.startsWith(RESET_SPACE, 4 + TIMESTAMP_LENGTH)) return false;
  let position = sgrEnd(line, 9 + TIMESTAMP_LENGTH); // the level's colour
  if (position === -1) return false;
  while (line.charCodeAt(position) === SPACE) position++;
  const level = levelAt(line, position);
  if (level === undefined) return false;
  position += level.length;
  if (!line.startsWith(RESET_SPACE, position) || !line.startsWith(DIM, position + 5)) return false;
  const targetStart = position + 9;
  const targetEnd = pathEnd(line, targetStart);
  if (targetEnd === -1 || !line.startsWith(TARGET_COLON, targetEnd)) return false;
  let messageStart = targetEnd + TARGET_COLON.length;
  if (messageStart < line.length) {
    if (line.charCodeAt(messageStart) !== SPACE) return false;
    messageStart++;
    if (!plainMessageStart(line, messageStart)) return false;
  }

  const escape = line.indexOf(ESC_CHAR, messageStart);
  into.time = time;
  into.level = level;
  into.spans = '';
  into.target = line.slice(targetStart, targetEnd);
  if (escape === -1) {
    into.message = line.slice(messageStart);
    into.fields = '';
    return true;
  }
  // Fields (or other codes) follow: strip the message part alone, which gives what stripping the line gives there.
  splitMessageAndFields(line.slice(messageStart), into);
  return true;
}

/**
 * Strips the codes of a coloured message part (everything after the header) and splits it into the message and
 * the trailing ` key=value` fields, which tracing starts with an italic key.
 */
export function splitMessageAndFields(coloured: string, into: Pick<LineParts, 'message' | 'fields'>): void {
  const rest = stripAnsi(coloured, italics);
  const fieldsStart = italics.length === 0 ? -1 : (italics[0] ?? -1);
  let messageEnd = fieldsStart === -1 ? rest.length : fieldsStart;
  if (fieldsStart > 0 && rest.charCodeAt(fieldsStart - 1) === SPACE) messageEnd--;
  into.message = rest.slice(0, messageEnd);
  into.fields = fieldsStart === -1 ? '' : rest.slice(fieldsStart);
}

/**
 * True when the message at `at` cannot make the general parser take the target for a span: it does not start
 * with an `a::b` path followed by `: ` (the general parser's "fieldless span" reading), and no escape code
 * sits where that test looks.
 */
function plainMessageStart(line: string, at: number): boolean {
  const first = line.charCodeAt(at);
  if (first === ESC) return false;
  const end = pathEnd(line, at);
  if (end === -1) return true;
  const next = line.charCodeAt(end);
  if (next === ESC || (next === COLON && line.charCodeAt(end + 1) === ESC)) return false;
  return !(endsTarget(line, end) && line.lastIndexOf('::', end) > at);
}

/** The index just past an SGR code (`ESC[…m`) at `at`, or -1. */
function sgrEnd(line: string, at: number): number {
  if (line.charCodeAt(at) !== ESC || line.charCodeAt(at + 1) !== OPEN_BRACKET) return -1;
  for (let index = at + 2; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === LOWER_M) return index + 1;
    if ((code < 48 || code > 57) && code !== SEMICOLON) return -1;
  }
  return -1;
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
