// pino, writing logfmt (the default of Prometheus's own exporters) or JSON lines to stderr.

import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

const LEVELS: Readonly<Record<number, string>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

const logfmtValue = (v: unknown): string => {
  const s = typeof v === 'string' ? v : v instanceof Object ? JSON.stringify(v) : String(v);
  return /[\s"=]/.test(s) || s === '' ? JSON.stringify(s) : s;
};

/** Turns one pino JSON line into `ts=… level=… msg=… key=value…`. */
export function toLogfmt(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>; // pino writes one JSON object per line
  } catch {
    return jsonLine;
  }
  const { time, level, msg, pid: _pid, hostname: _hostname, ...rest } = record;
  const parts = [
    `ts=${new Date(typeof time === 'number' ? time : Date.now()).toISOString()}`,
    `level=${LEVELS[typeof level === 'number' ? level : 30] ?? String(level)}`,
  ];
  if (msg !== undefined) parts.push(`msg=${logfmtValue(msg)}`);
  for (const [k, v] of Object.entries(rest)) parts.push(`${k}=${logfmtValue(v)}`);
  return `${parts.join(' ')}\n`;
}

export interface LoggerOptions {
  readonly level: string;
  readonly format: 'logfmt' | 'json';
  /** Where lines go (default stderr, keeping stdout for replay and check output). */
  readonly destination?: NodeJS.WritableStream;
}

/** Creates the process logger. */
export function createLogger(options: LoggerOptions): Logger {
  const out = options.destination ?? process.stderr;
  if (options.format === 'json') return pino({ level: options.level, base: null }, out);
  const logfmt = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') out.write(toLogfmt(line));
      callback();
    },
  });
  return pino({ level: options.level, base: null }, logfmt);
}
