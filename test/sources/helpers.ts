// Test support for the sources stage: temp dirs, a captured pino logger, a sink that records and splits lines,
// waiting for a condition with a deadline (never a blind sleep), and a seeded PRNG.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { CloseReason, OpenInfo, ReadErrorCode, SourceSink, TailedFile } from '../../src/sources/index.js';

export async function makeTempDir(prefix = 'sources-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface CapturedLogger {
  readonly logger: Logger;
  readonly records: Array<Record<string, unknown>>;
  messages(): string[];
}

export function captureLogger(): CapturedLogger {
  const records: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') records.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return { logger, records, messages: () => records.map((record) => String(record['msg'])) };
}

export type SinkEvent =
  | { readonly type: 'open'; readonly file: TailedFile; readonly info: OpenInfo }
  | { readonly type: 'data'; readonly file: TailedFile; readonly bytes: number; readonly offsetAfter: number }
  | { readonly type: 'caughtUp' | 'truncated'; readonly file: TailedFile }
  | { readonly type: 'closed'; readonly file: TailedFile; readonly reason: CloseReason }
  | { readonly type: 'error'; readonly source: string; readonly code: ReadErrorCode; readonly error: unknown }
  | { readonly type: 'rotated'; readonly source: string }
  | { readonly type: 'watcherOverflow' };

export interface RecordedLine {
  readonly key: string;
  readonly path: string;
  readonly text: string;
  /** Was inside the history range announced by open. */
  readonly history: boolean;
  readonly at: number;
}

interface FileState {
  open: boolean;
  partial: Buffer;
  /** Offset where `partial` starts. */
  partialAt: number;
  expectedOffset: number;
  history: boolean;
  historyEnd: number;
  ended: boolean;
}

/** Records every call, checks the protocol (open before data, contiguous offsets, nothing after the end). */
export class RecordingSink implements SourceSink {
  readonly events: SinkEvent[] = [];
  readonly lines: RecordedLine[] = [];
  /** Protocol violations; a test asserts this stays empty. */
  readonly violations: string[] = [];
  /** Leading NUL bytes skipped at line starts (copytruncate under a writer without O_APPEND). */
  nulBytes = 0;
  readonly #files = new Map<string, FileState>();
  readonly #onLine: ((line: RecordedLine) => void) | undefined;

  constructor(onLine?: (line: RecordedLine) => void) {
    this.#onLine = onLine;
  }

  open(file: TailedFile, info: OpenInfo): void {
    this.events.push({ type: 'open', file, info });
    const state = this.#files.get(file.key);
    if (state?.open === true) this.violations.push(`open twice: ${file.key}`);
    if (state !== undefined && !state.ended && info.offset !== state.expectedOffset) this.violations.push(`reopen at ${info.offset}, read up to ${state.expectedOffset}: ${file.key}`);
    this.#files.set(file.key, {
      open: true,
      partial: state === undefined || state.ended ? Buffer.alloc(0) : state.partial,
      partialAt: state === undefined || state.ended ? info.offset : state.partialAt,
      expectedOffset: info.offset,
      history: info.history,
      historyEnd: info.historyEnd,
      ended: false,
    });
  }

  data(file: TailedFile, chunk: Buffer, offsetAfter: number): void {
    this.events.push({ type: 'data', file, bytes: chunk.length, offsetAfter });
    const state = this.#files.get(file.key);
    if (state === undefined || !state.open) {
      this.violations.push(`data before open or after close: ${file.key}`);
      return;
    }
    if (offsetAfter - chunk.length !== state.expectedOffset) {
      this.violations.push(`gap or overlap: expected ${state.expectedOffset}, got ${offsetAfter - chunk.length} (${file.key})`);
    }
    state.expectedOffset = offsetAfter;
    let buffer = state.partial.length === 0 ? chunk : Buffer.concat([state.partial, chunk]);
    let start = state.partialAt;
    for (let newline = buffer.indexOf(10); newline !== -1; newline = buffer.indexOf(10)) {
      this.#line(file, state, buffer.subarray(0, newline), start);
      start += newline + 1;
      buffer = buffer.subarray(newline + 1);
    }
    state.partial = Buffer.from(buffer);
    state.partialAt = start;
  }

  caughtUp(file: TailedFile): void {
    this.events.push({ type: 'caughtUp', file });
  }

  truncated(file: TailedFile): number {
    this.events.push({ type: 'truncated', file });
    const state = this.#files.get(file.key);
    if (state === undefined || !state.open) {
      this.violations.push(`truncated while not open: ${file.key}`);
      return 0;
    }
    const held = state.partial.length;
    state.open = false;
    state.ended = true;
    state.partial = Buffer.alloc(0);
    return held;
  }

  closed(file: TailedFile, reason: CloseReason): void {
    this.events.push({ type: 'closed', file, reason });
    const state = this.#files.get(file.key);
    if (state === undefined || !state.open) {
      this.violations.push(`closed while not open: ${file.key}`);
      return;
    }
    state.open = false;
    if (reason !== 'closing' && state.partial.length > 0) {
      this.#line(file, state, state.partial, state.partialAt);
      state.partialAt += state.partial.length;
      state.partial = Buffer.alloc(0);
    }
  }

  error(source: string, code: ReadErrorCode, error: unknown): void {
    this.events.push({ type: 'error', source, code, error });
  }

  rotated(source: string): void {
    this.events.push({ type: 'rotated', source });
  }

  watcherOverflow(): void {
    this.events.push({ type: 'watcherOverflow' });
  }

  count(type: SinkEvent['type']): number {
    return this.events.filter((event) => event.type === type).length;
  }

  texts(): string[] {
    return this.lines.map((line) => line.text);
  }

  #line(file: TailedFile, state: FileState, bytes: Buffer, offset: number): void {
    let skip = 0;
    while (skip < bytes.length && bytes[skip] === 0) skip += 1;
    this.nulBytes += skip;
    const line: RecordedLine = {
      key: file.key,
      path: file.path,
      text: bytes.subarray(skip).toString('utf8'),
      history: state.history && offset < state.historyEnd,
      at: performance.now(),
    };
    this.lines.push(line);
    this.#onLine?.(line);
  }
}

/** Polls `condition` every few ms until it holds; fails with `message` (and the elapsed time) at the deadline. */
export async function waitFor(condition: () => boolean, message: string | (() => string), timeoutMs = 5000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms: ${typeof message === 'string' ? message : message()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
