// Renders records in tracing-subscriber 0.3.20's default "Full" format, with or without ANSI (catalog §1.2).
import type { LogLevel } from './catalog/index.js';
import type { FieldPair, LogRecord } from './record.js';

const PLAIN_LEVEL: Readonly<Record<LogLevel, string>> = {
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  INFO: ' INFO',
  WARN: ' WARN',
  ERROR: 'ERROR',
};

const ANSI_LEVEL: Readonly<Record<LogLevel, string>> = {
  TRACE: '\x1b[35mTRACE\x1b[0m',
  DEBUG: '\x1b[34mDEBUG\x1b[0m',
  INFO: '\x1b[32m INFO\x1b[0m',
  WARN: '\x1b[33m WARN\x1b[0m',
  ERROR: '\x1b[31mERROR\x1b[0m',
};

const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const ITALIC = '\x1b[3m';
const RESET = '\x1b[0m';
// Controls that tracing-subscriber 0.3.20 escapes in messages (newline and tab are kept).
const ESCAPED = /[\x07\x08\x0c\x1b\x7f\u0080-\u009f]/g;

function escapeControl(ch: string): string {
  const code = ch.charCodeAt(0);
  return code >= 0x80 ? `\\u{${code.toString(16)}}` : `\\x${code.toString(16).padStart(2, '0')}`;
}

/** Formats event times (µs since epoch) as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, caching the per-second prefix. */
export class TimestampFormatter {
  #second = Number.NaN;
  #prefix = '';

  /** The timestamp text for `micros`. */
  format(micros: number): string {
    const second = Math.floor(micros / 1_000_000);
    if (second !== this.#second) {
      this.#second = second;
      this.#prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    return `${this.#prefix}.${String(micros - second * 1_000_000).padStart(6, '0')}Z`;
  }
}

function plainFields(fields: readonly FieldPair[], separator: string): string {
  return fields.map(([name, value]) => `${name}=${value}`).join(separator);
}

function ansiFields(fields: readonly FieldPair[], separator: string): string {
  return fields.map(([name, value]) => `${ITALIC}${name}${RESET}${DIM}=${RESET}${value}`).join(separator);
}

function header(record: LogRecord, timestamp: string, ansi: boolean): string {
  const { span, target, level } = record;
  if (!ansi) {
    const spanText = span === undefined ? '' : `${span.name}{${plainFields(span.fields, ' ')}}: `;
    return `${timestamp} ${PLAIN_LEVEL[level]} ${spanText}${target}: `;
  }
  const spanText =
    span === undefined
      ? ''
      : `${BOLD}${span.name}${RESET}${BOLD}{${RESET}${ansiFields(span.fields, ' ')}${BOLD}}${RESET}${DIM}:${RESET} `;
  return `${DIM}${timestamp}${RESET} ${ANSI_LEVEL[level]} ${spanText}${DIM}${target}${RESET}${DIM}:${RESET} `;
}

/**
 * The physical lines of one record, without newlines. A multi-line message yields its continuation lines as
 * separate items; a raw (stderr) record is its message as is.
 */
export function renderRecord(record: LogRecord, timestamps: TimestampFormatter, ansi: boolean): string[] {
  if (record.kind === 'raw') return record.message.split('\n');
  const message = record.message.replace(ESCAPED, escapeControl);
  let text = header(record, timestamps.format(record.time), ansi) + message;
  if (record.fields.length > 0) {
    text += ' ' + (ansi ? ansiFields(record.fields, ' ') : plainFields(record.fields, ' '));
  }
  return text.includes('\n') ? text.split('\n') : [text];
}
