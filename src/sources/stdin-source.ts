// `--stdin`: one endless "file" read from standard input (or any Readable), offsets counted from the first byte.
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { createErrorReporter } from './errors.js';
import type { FileStatus, SourceSink, TailedFile } from './types.js';

export interface StdinSourceOptions {
  readonly logger: Logger;
  /** Default `process.stdin` (then owned: destroyed by close()); a stream passed in stays the caller's. */
  readonly input?: Readable;
  /** The `source` label. Default 'stdin'. */
  readonly name?: string;
}

export interface StdinSource {
  /** Resolves at once: a pipe has no history. */
  readonly ready: Promise<void>;
  /** Resolves when the input ends (the writer closed it) or fails; `closed(…, 'eof')` has been sent. */
  readonly ended: Promise<void>;
  status(): FileStatus[];
  /** Stops reading; `closed(…, 'closing')` unless the input had ended. Idempotent: the same promise. */
  close(): Promise<void>;
}

/**
 * Reads a stream into `sink` as the single file `{ key: 'stdin', path: '-' }`.
 *
 * @example
 * const stdin = createStdinSource({ logger }, sink);
 * await stdin.ended; // the writer went away
 */
export function createStdinSource(options: StdinSourceOptions, sink: SourceSink): StdinSource {
  const input = options.input ?? process.stdin;
  const owned = options.input === undefined;
  const name = options.name ?? 'stdin';
  const file: TailedFile = Object.freeze({ key: 'stdin', path: '-', source: name });
  const errors = createErrorReporter(options.logger, sink);
  let offset = 0;
  let done = false;
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));

  const end = (reason: 'eof' | 'closing'): void => {
    if (done) return;
    done = true;
    input.off('readable', onReadable);
    input.off('end', onEnd);
    input.off('error', onError);
    sink.closed(file, reason);
    finish();
  };
  const onReadable = (): void => {
    let delivered = false;
    for (let chunk: unknown = input.read(); chunk !== null; chunk = input.read()) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      offset += bytes.length;
      sink.data(file, bytes, offset);
      delivered = true;
    }
    if (delivered && !done) sink.caughtUp(file);
  };
  const onEnd = (): void => {
    options.logger.info({ source: name, bytes: offset }, 'standard input ended');
    end('eof');
  };
  const onError = (error: unknown): void => {
    errors.report({ source: name, op: 'read', path: '-' }, error);
    end('eof');
  };

  sink.open(file, { offset: 0, history: false, historyEnd: 0 });
  input.on('readable', onReadable);
  input.on('end', onEnd);
  input.on('error', onError);

  let closing: Promise<void> | undefined;
  return {
    ready: Promise.resolve(),
    ended,
    status: () => (done ? [] : [{ key: file.key, path: file.path, source: name, offset, size: offset }]),
    close() {
      closing ??= (async () => {
        end('closing');
        if (owned) input.destroy();
      })();
      return closing;
    },
  };
}
