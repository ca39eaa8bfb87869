// The hot path for tracing-subscriber's own header (coloured or NO_COLOR), read from the line's bytes before any
// decoding. The header is ASCII, so it is checked byte by byte (a byte load costs a fraction of a charCodeAt) and
// only the message (and, once per distinct target, the target) is decoded. Anything else: false, and the caller
// decodes the line for the general parser.

import { hourEpochMicros, TIMESTAMP_LENGTH } from './parse-timestamp.js';
import { splitMessageAndFields, type LineParts } from './parse-tracing-line.js';
import type { Level } from './types.js';
import { findTemplate, rememberTemplate, TEMPLATE_KEY_BYTES, viewOfBytes } from './header-templates.js';

const ESC = 0x1b;
const OPEN_BRACKET = 0x5b;
const LOWER_M = 0x6d;
const SPACE = 0x20;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const ZERO = 0x30;
const TWO = 0x32;

// `YYYY-MM-DDTHH:MM` of the last valid timestamp, and its epoch.
const MINUTE_LENGTH = 16;
const cachedMinute = new Uint32Array(MINUTE_LENGTH / 4); // as little-endian words
let cachedMinuteMicros = Number.NaN; // NaN until a first valid timestamp

// A log has a few dozen targets: each is decoded once and found again by its length and a few of its bytes.
const targets = new Map<number, { bytes: Buffer; text: string }[]>();
const MAX_TARGETS = 1024;
let targetCount = 0;

/** {@link parseHeaderBytes}: not a line of the shape, nothing claimed. */
export const NOT_PARSED = -1;
/** {@link parseHeaderBytes}: parsed, the message decoded into `into` too. */
export const DECODED = -2;

/**
 * Reads the header `ESC[2m<ts>ESC[0m ESC[<colour>m<LEVEL>ESC[0m ESC[2m<target>ESC[0mESC[2m:ESC[0m <message>` from
 * `bytes[start, end)` into `into`. Returns false when the line is not exactly of that shape, or when its message
 * could make the general parser read it differently (a message that starts like `a::b: `); then nothing is
 * claimed and the general parser decides on the decoded line. When true, `into` holds what the general parser
 * gives for the decoded line (test/lines/coloured-fast-path.test.ts checks it).
 */
export function parseColouredBytes(bytes: Buffer, start: number, end: number, into: LineParts): boolean {
  const parsed = parseHeaderBytes(bytes, start, end, into);
  if (parsed === NOT_PARSED) return false;
  if (parsed !== DECODED) decodeMessageInto(bytes, parsed, end, into);
  return true;
}

/** Decodes the plain message that {@link parseHeaderBytes} left at `bytes[messageStart, end)` into `into`. */
export function decodeMessageInto(bytes: Buffer, messageStart: number, end: number, into: LineParts): void {
  into.message = bytes.toString('utf8', messageStart, end); // the byte before is a space: no character is cut
  into.fields = '';
}

/** Where {@link locateHeaderBytes} found a header line's parts: offsets into the line's bytes. */
export interface HeaderLocation {
  time: number;
  level: Level;
  /** The target is `bytes[targetStart, targetEnd)` (ASCII). */
  targetStart: number;
  targetEnd: number;
  /** The message (and fields, if any) is `bytes[messageStart, end)`. */
  messageStart: number;
  /** The first ESC byte in the message part, or -1 (a plain message: no fields either). */
  escape: number;
}

/**
 * {@link parseColouredBytes} without decoding a plain message (no escape code in it, so no fields either): then
 * it returns the offset where the message starts (`bytes[offset, end)`), and `into.message` and `into.fields`
 * are left as they were; DECODED when the message was decoded into `into`; NOT_PARSED for a line of another shape.
 */
export function parseHeaderBytes(bytes: Buffer, start: number, end: number, into: LineParts): number {
  if (!locateHeaderBytes(bytes, start, end, location)) return NOT_PARSED;
  return headerInto(bytes, end, location, into);
}

const location: HeaderLocation = { time: 0, level: 'info', targetStart: 0, targetEnd: 0, messageStart: 0, escape: -1 };

/**
 * The second half of {@link parseHeaderBytes}, for a line {@link locateHeaderBytes} located at `at`: fills `into`
 * (target decoded, message decoded only when it holds escape codes) and returns the message's offset or DECODED.
 */
export function headerInto(bytes: Buffer, end: number, at: Readonly<HeaderLocation>, into: LineParts): number {
  into.time = at.time;
  into.level = at.level;
  into.spans = '';
  into.target = targetText(bytes, at.targetStart, at.targetEnd);
  if (at.escape === -1) return at.messageStart;
  // Fields (or other codes) follow: the decoded message part, stripped, gives what stripping the line gives there.
  splitMessageAndFields(bytes.toString('utf8', at.messageStart, end), into);
  return DECODED;
}

/**
 * Where the bytes of a located line's message end, for tests on its bytes: the line's end for a plain message;
 * for one whose first escape code opens a field's italics (tracing's `key=value`), that code (the message is the
 * text before it, less one space); -1 when other codes come first (only decoding tells the message then).
 */
export function messageBytesEnd(bytes: Buffer, at: Readonly<HeaderLocation>, end: number): number {
  const e = at.escape;
  if (e === -1) return end;
  return e + 4 <= end && bytes[e + 1] === OPEN_BRACKET && bytes[e + 2] === ZERO + 3 && bytes[e + 3] === LOWER_M ? e : -1;
}

/**
 * Finds the parts of a header line of either shape (coloured or NO_COLOR) without decoding anything: false when
 * {@link parseHeaderBytes} would say NOT_PARSED, else `at` holds the offsets it reads the event from. `escapeFree`:
 * the caller knows that the line holds no ESC byte (it found none in the whole chunk), which a NO_COLOR header
 * line must not have; then the line is not searched for one.
 */
export function locateHeaderBytes(bytes: Buffer, start: number, end: number, at: HeaderLocation, escapeFree = false): boolean {
  return bytes[start] === ESC ? locateColoured(bytes, start, end, at) : locatePlain(bytes, start, end, at, escapeFree);
}

function locateColoured(bytes: Buffer, start: number, end: number, out: HeaderLocation): boolean {
  if (!isCode(bytes, start, TWO, end)) return false;
  const time = timestampAt(bytes, start + 4, end);
  if (Number.isNaN(time)) return false;
  // The same bytes after the timestamp as a line parsed before: the same level and offsets (see header-templates).
  const base = start + 4 + TIMESTAMP_LENGTH;
  const keyed = end - base >= TEMPLATE_KEY_BYTES;
  const template = keyed ? findTemplate(bytes, base, end) : undefined;
  if (template !== undefined) {
    const messageStart = base + template.messageStart;
    if (!plainMessageStart(bytes, messageStart, end)) return false;
    return located(out, time, template.level, base + template.targetStart, base + template.targetEnd, messageStart, escapeIn(bytes, messageStart, end));
  }
  if (!isCode(bytes, start + 4 + TIMESTAMP_LENGTH, ZERO, end) || start + 9 + TIMESTAMP_LENGTH > end || bytes[start + 8 + TIMESTAMP_LENGTH] !== SPACE) return false;
  let at = start + 9 + TIMESTAMP_LENGTH;
  // The level's colour: ESC[<digits and ;>m.
  if (at + 2 > end || bytes[at] !== ESC || bytes[at + 1] !== OPEN_BRACKET) return false;
  at += 2;
  for (;; at++) {
    if (at >= end) return false;
    const b = bytes[at] ?? 0;
    if (b === LOWER_M) break;
    if ((b < ZERO || b > ZERO + 9) && b !== SEMICOLON) return false;
  }
  at++;
  while (at < end && bytes[at] === SPACE) at++;
  const level = levelAt(bytes, at, end);
  if (level === undefined) return false;
  at += level.length;
  if (!isCode(bytes, at, ZERO, end) || bytes[at + 4] !== SPACE || !isCode(bytes, at + 5, TWO, end)) return false;

  // The target: a Rust path `[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z0-9_]+)*`, then ESC[0m ESC[2m : ESC[0m.
  const targetStart = at + 9;
  const targetEnd = pathEnd(bytes, targetStart, end);
  if (targetEnd === -1 || !isCode(bytes, targetEnd, ZERO, end) || !isCode(bytes, targetEnd + 4, TWO, end) || bytes[targetEnd + 8] !== COLON || !isCode(bytes, targetEnd + 9, ZERO, end)) return false;
  let messageStart = targetEnd + 13;
  if (messageStart < end) {
    if (bytes[messageStart] !== SPACE) return false;
    messageStart++;
    // Everything up to here was read from the bytes before the message: a template of them (the message is
    // checked line by line).
    if (keyed) rememberTemplate(bytes, base, level, targetStart - base, targetEnd - base, messageStart - base);
    if (!plainMessageStart(bytes, messageStart, end)) return false;
  }
  return located(out, time, level, targetStart, targetEnd, messageStart, escapeIn(bytes, messageStart, end));
}

/** The first ESC in `bytes[from, end)`, or -1. */
function escapeIn(bytes: Buffer, from: number, end: number): number {
  const escape = bytes.indexOf(ESC, from);
  return escape >= end ? -1 : escape;
}

/** Fills `out`; true. */
function located(out: HeaderLocation, time: number, level: Level, targetStart: number, targetEnd: number, messageStart: number, escape: number): true {
  out.time = time;
  out.level = level;
  out.targetStart = targetStart;
  out.targetEnd = targetEnd;
  out.messageStart = messageStart;
  out.escape = escape;
  return true;
}

/**
 * The NO_COLOR header `<ts> <LEVEL> <target>: <message>` (level padded with spaces), without a span prefix and
 * without any ESC in the line (the general parser would strip codes there). Same contract as locateColoured:
 * the message (plain: no field can be told apart without colours) is left in the bytes.
 */
function locatePlain(bytes: Buffer, start: number, end: number, out: HeaderLocation, escapeFree: boolean): boolean {
  const time = timestampAt(bytes, start, end);
  let at = start + TIMESTAMP_LENGTH;
  if (Number.isNaN(time) || at >= end || bytes[at] !== SPACE) return false;
  while (at < end && bytes[at] === SPACE) at++;
  const level = levelAt(bytes, at, end);
  if (level === undefined) return false;
  at += level.length;
  if (at >= end || bytes[at] !== SPACE) return false;
  while (at < end && bytes[at] === SPACE) at++;
  const targetStart = at;
  const targetEnd = pathEnd(bytes, targetStart, end);
  // The target's `:` ends the line or is followed by a space (the general parser's first `: ` outside braces).
  if (targetEnd === -1 || targetEnd >= end || bytes[targetEnd] !== COLON || (targetEnd + 1 < end && bytes[targetEnd + 1] !== SPACE)) return false;
  const messageStart = Math.min(targetEnd + 2, end);
  if (!plainMessageStart(bytes, messageStart, end)) return false;
  // An ESC byte is only ever the ESC character in UTF-8. (Not bytes.indexOf: with no ESC it would read to the
  // end of the chunk on every line.)
  if (!escapeFree) for (let i = messageStart; i < end; i++) if (bytes[i] === ESC) return false;
  return located(out, time, level, targetStart, targetEnd, messageStart, -1);
}

/** `ESC[<digit>m` at `at`, inside the line. */
function isCode(bytes: Buffer, at: number, digit: number, end: number): boolean {
  return at + 4 <= end && bytes[at] === ESC && bytes[at + 1] === OPEN_BRACKET && bytes[at + 2] === digit && bytes[at + 3] === LOWER_M;
}

/** Bytes of a Rust path segment, `[A-Za-z0-9_]`: NAME for those that may start one, DIGIT for digits. */
const NAME = 1;
const DIGIT = 2;
const NAME_BYTES = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  if ((b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f) NAME_BYTES[b] = NAME;
  else if (b >= ZERO && b <= ZERO + 9) NAME_BYTES[b] = DIGIT;
}

/** End of a Rust path at `at` (as locate-target.ts's pathEnd), or -1; `hasSeparator` says whether it had `::`. */
let hasSeparator = false;
function pathEnd(bytes: Buffer, at: number, end: number): number {
  hasSeparator = false;
  if (at >= end || NAME_BYTES[bytes[at] ?? 0] !== NAME) return -1;
  let index = at + 1;
  for (;;) {
    while (index < end && NAME_BYTES[bytes[index] ?? 0] !== 0) index++;
    if (index + 2 < end && bytes[index] === COLON && bytes[index + 1] === COLON && NAME_BYTES[bytes[index + 2] ?? 0] !== 0) {
      hasSeparator = true;
      index += 3;
    } else {
      return index;
    }
  }
}

/**
 * True when the message at `at` cannot make the general parser take the target for a span (it does not start
 * with an `a::b` path followed by `: ` or the end), and no escape code sits where that test looks.
 */
function plainMessageStart(bytes: Buffer, at: number, end: number): boolean {
  if (at >= end) return true;
  if (bytes[at] === ESC) return false;
  const pathStop = pathEnd(bytes, at, end);
  if (pathStop === -1) return true;
  const next = pathStop < end ? bytes[pathStop] : -1;
  if (next === ESC || (next === COLON && pathStop + 1 < end && bytes[pathStop + 1] === ESC)) return false;
  const endsTarget = next === COLON && (pathStop + 1 === end || bytes[pathStop + 1] === SPACE);
  return !(endsTarget && hasSeparator);
}

/** The target's text, decoded once per distinct target. */
function targetText(bytes: Buffer, start: number, end: number): string {
  const length = end - start; // ≥ 1: a path has a first byte
  const key = length | ((bytes[end - 1] ?? 0) << 8) | ((bytes[start + (length >> 1)] ?? 0) << 16);
  const known = targets.get(key);
  if (known !== undefined) {
    for (const k of known) if (sameBytes(k.bytes, bytes, start, length)) return k.text;
  }
  const text = bytes.toString('latin1', start, end); // path bytes are ASCII
  if (targetCount < MAX_TARGETS) {
    const entry = { bytes: Buffer.from(bytes.subarray(start, end)), text };
    if (known === undefined) targets.set(key, [entry]);
    else known.push(entry);
    targetCount++;
  }
  return text;
}

/** Whether `bytes[start, start + length)` are `known`'s bytes (`known.length` is `length`). */
function sameBytes(known: Buffer, bytes: Buffer, start: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}

/** The level whose upper-case name starts at `at`, as parse-tracing-line.ts's levelAt. */
function levelAt(bytes: Buffer, at: number, end: number): 'info' | 'warn' | 'error' | 'debug' | 'trace' | undefined {
  if (at >= end) return undefined;
  switch (bytes[at]) {
    case 0x49: return wordAt(bytes, at, end, 'INFO') ? 'info' : undefined;
    case 0x57: return wordAt(bytes, at, end, 'WARN') ? 'warn' : undefined;
    case 0x45: return wordAt(bytes, at, end, 'ERROR') ? 'error' : undefined;
    case 0x44: return wordAt(bytes, at, end, 'DEBUG') ? 'debug' : undefined;
    case 0x54: return wordAt(bytes, at, end, 'TRACE') ? 'trace' : undefined;
    default: return undefined;
  }
}

/** Whether the ASCII `word` is at `at`, inside the line. */
function wordAt(bytes: Buffer, at: number, end: number, word: string): boolean {
  if (at + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** parse-timestamp.ts's parseTimestamp on bytes: unix seconds, or NaN. */
function timestampAt(bytes: Buffer, at: number, end: number): number {
  if (end - at < TIMESTAMP_LENGTH) return Number.NaN;
  if (sameMinute(bytes, at)) return secondsInMinute(bytes, at);
  if (
    bytes[at + 4] !== 45 || bytes[at + 7] !== 45 || bytes[at + 10] !== 84 ||
    bytes[at + 13] !== COLON || bytes[at + 16] !== COLON || bytes[at + 19] !== 46 || bytes[at + 26] !== 90
  ) {
    return Number.NaN;
  }
  const year = digits(bytes, at, 4);
  const month = digits(bytes, at + 5, 2);
  const day = digits(bytes, at + 8, 2);
  const hour = digits(bytes, at + 11, 2);
  const minute = digits(bytes, at + 14, 2);
  if ((year | month | day | hour | minute) < 0 || minute > 59) return Number.NaN;
  const hourMicros = hourEpochMicros(year, month, day, hour);
  if (Number.isNaN(hourMicros)) return Number.NaN;
  cachedMinuteMicros = hourMicros + minute * 60_000_000;
  const v = viewOfBytes(bytes);
  for (let i = 0; i < cachedMinute.length; i++) cachedMinute[i] = v.getUint32(at + 4 * i, true);
  return secondsInMinute(bytes, at);
}

/** Whether `YYYY-MM-DDTHH:MM` at `at` is the last valid timestamp's (so valid, and its minute is cached). */
function sameMinute(bytes: Buffer, at: number): boolean {
  if (Number.isNaN(cachedMinuteMicros)) return false;
  const v = viewOfBytes(bytes); // the caller checked that the timestamp is inside the line
  for (let i = cachedMinute.length - 1; i >= 0; i--) if (v.getUint32(at + 4 * i, true) !== cachedMinute[i]) return false; // the minute's digits differ first
  return true;
}

/** `:SS.ffffffZ` after a valid cached minute: unix seconds, or NaN. */
function secondsInMinute(bytes: Buffer, at: number): number {
  if (bytes[at + 16] !== COLON || bytes[at + 19] !== 46 || bytes[at + 26] !== 90) return Number.NaN;
  const second = digits(bytes, at + 17, 2);
  const micros = digits(bytes, at + 20, 6);
  if ((second | micros) < 0 || second > 60) return Number.NaN;
  // Whole microseconds stay exact integers; one division rounds once (as parse-timestamp.ts).
  return (cachedMinuteMicros + second * 1_000_000 + micros) / 1_000_000;
}

function digits(bytes: Buffer, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index++) {
    const digit = (bytes[index] ?? 0) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
