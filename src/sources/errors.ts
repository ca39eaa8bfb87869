// I/O errors of the sources stage: classified for the read_errors_total `code` label, counted via the sink,
// logged once per (path, code) per interval with the number of repeats suppressed in between.
import type { Logger } from 'pino';
import type { ReadErrorCode, SourceSink } from './types.js';

/** The `code` property of a Node.js system error, if any. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function classifyError(error: unknown): ReadErrorCode {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'EACCES';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'ENOENT';
    case 'EIO':
      return 'EIO';
    default:
      return 'other';
  }
}

export interface ErrorContext {
  readonly source: string;
  /** What was being done: 'open', 'read', 'stat', 'readdir', 'watch'. */
  readonly op: string;
  readonly path: string;
}

export interface ErrorReporter {
  report(context: ErrorContext, error: unknown): void;
  /** The path works again: log that once if its failure had been logged. */
  recovered(path: string): void;
}

export function createErrorReporter(
  logger: Logger,
  sink: Pick<SourceSink, 'error'>,
  intervalMs = 60_000,
  now: () => number = Date.now,
): ErrorReporter {
  const logged = new Map<string, { at: number; suppressed: number }>();
  const failing = new Set<string>();
  return {
    report(context, error) {
      const code = classifyError(error);
      sink.error(context.source, code, error);
      failing.add(context.path);
      const key = `${code}\0${context.path}`;
      const last = logged.get(key);
      const time = now();
      if (last !== undefined && time - last.at < intervalMs) {
        last.suppressed += 1;
        return;
      }
      logged.set(key, { at: time, suppressed: 0 });
      logger.warn(
        { source: context.source, op: context.op, path: context.path, code, err: error, repeats: last?.suppressed ?? 0 },
        `cannot ${context.op} ${context.path} (${errorCode(error) ?? code}); retrying`,
      );
    },
    recovered(path) {
      if (!failing.delete(path)) return;
      for (const key of logged.keys()) if (key.endsWith(`\0${path}`)) logged.delete(key);
      logger.info({ path }, `${path} is readable again`);
    },
  };
}
