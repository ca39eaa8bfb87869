// tracing-subscriber's UTC timestamp → unix seconds, from char codes, with the hour's epoch cached.

/** Length of `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export const TIMESTAMP_LENGTH = 27;

const ZERO = 48;

// A line whose `YYYY-MM-DDTHH` is the last valid one's text skips reading and checking those digits again.
let cachedHourMicros = 0;
let cachedHourText = '';
// hourEpochMicros's one-entry cache, shared by every caller (this file and parse-header-bytes.ts).
let lastHourKey = -1;
let lastHourMicros = 0;
const HOUR_TEXT_LENGTH = 13;

/**
 * Reads `YYYY-MM-DDTHH:MM:SS.ffffffZ` at `at` in `text` and returns unix seconds with microsecond precision,
 * or NaN when the characters there are not such a timestamp (or name no real date).
 *
 * @example
 * parseTimestamp('2025-11-08T10:15:05.322442Z  INFO …', 0); // 1762596905.322442
 */
export function parseTimestamp(text: string, at: number): number {
  if (cachedHourText !== '' && text.startsWith(cachedHourText, at)) return sameHour(text, at);
  if (
    text.length < at + TIMESTAMP_LENGTH ||
    text.charCodeAt(at + 4) !== 45 || // -
    text.charCodeAt(at + 7) !== 45 || // -
    text.charCodeAt(at + 10) !== 84 || // T
    text.charCodeAt(at + 13) !== 58 || // :
    text.charCodeAt(at + 16) !== 58 || // :
    text.charCodeAt(at + 19) !== 46 || // .
    text.charCodeAt(at + 26) !== 90 // Z
  ) {
    return Number.NaN;
  }
  const year = digits(text, at, 4);
  const month = digits(text, at + 5, 2);
  const day = digits(text, at + 8, 2);
  const hour = digits(text, at + 11, 2);
  const minute = digits(text, at + 14, 2);
  const second = digits(text, at + 17, 2);
  const micros = digits(text, at + 20, 6);
  // digits() gives -1 for a non-digit, so one sign test covers them all.
  if ((year | month | day | hour | minute | second | micros) < 0 || minute > 59 || second > 60) return Number.NaN;

  const hourMicros = hourEpochMicros(year, month, day, hour);
  if (Number.isNaN(hourMicros)) return Number.NaN;
  cachedHourMicros = hourMicros;
  cachedHourText = text.slice(at, at + HOUR_TEXT_LENGTH);
  // Whole microseconds stay exact integers (< 2^53 until year 2255); one division rounds once.
  return (cachedHourMicros + (minute * 60 + second) * 1_000_000 + micros) / 1_000_000;
}

/** The rest of a timestamp whose first 13 characters are those of the cached hour (so valid already). */
function sameHour(text: string, at: number): number {
  if (
    text.length < at + TIMESTAMP_LENGTH ||
    text.charCodeAt(at + 13) !== 58 || // :
    text.charCodeAt(at + 16) !== 58 || // :
    text.charCodeAt(at + 19) !== 46 || // .
    text.charCodeAt(at + 26) !== 90 // Z
  ) {
    return Number.NaN;
  }
  const minute = digits(text, at + 14, 2);
  const second = digits(text, at + 17, 2);
  const micros = digits(text, at + 20, 6);
  if ((minute | second | micros) < 0 || minute > 59 || second > 60) return Number.NaN;
  return (cachedHourMicros + (minute * 60 + second) * 1_000_000 + micros) / 1_000_000;
}

/** The value of `count` decimal digits at `at`, or -1 if any of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index++) {
    const digit = text.charCodeAt(index) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Unix microseconds of the start of that UTC hour, or NaN for an impossible date (month 13, 31 February). The last
 * valid hour is cached: consecutive lines share their hour almost always, so Date.UTC runs about once an hour of log.
 */
export function hourEpochMicros(year: number, month: number, day: number, hour: number): number {
  const key = ((year * 100 + month) * 100 + day) * 100 + hour;
  if (key === lastHourKey) return lastHourMicros;
  if (month < 1 || month > 12 || day < 1 || hour > 23) return Number.NaN;
  const millis = Date.UTC(year, month - 1, day, hour);
  // Date.UTC rolls 31 February over into March; a round trip catches it.
  if (new Date(millis).getUTCDate() !== day) return Number.NaN;
  lastHourKey = key;
  lastHourMicros = millis * 1000;
  return lastHourMicros;
}
