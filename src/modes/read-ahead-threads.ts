// replay's and check's read-ahead threads (read-ahead-worker.ts), and whether to use them. A thread takes ~75 ms of
// CPU to start and load its modules, so the CLI starts them first (startReadAheadThreads), before it loads the rest
// of the program, and readAhead takes them when it gets there; a thread learns what to read from its first message.

import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER = fileURLToPath(new URL('./read-ahead-worker.js', import.meta.url));

/** Below this much input, starting read-ahead threads costs more than it saves. */
const READ_AHEAD_MIN_BYTES = 16 * 1024 * 1024;

/** Whether the worker's compiled script is there (not when the sources run untranspiled, as under vitest). */
export const readAheadAvailable = (): boolean => existsSync(WORKER);

/** Threads by default: one per CPU beyond the main thread's, at least 1 and at most 2. */
export const defaultReadAheadThreads = (): number => Math.min(2, Math.max(1, availableParallelism() - 1));

/** Whether replay or check reads `files` through read-ahead threads (`auto`: READ_AHEAD_MIN_BYTES of input or more). */
export function useReadAhead(files: readonly string[], mode: 'auto' | 'on' | 'off'): boolean {
  if (mode === 'off' || !readAheadAvailable()) return false;
  if (mode === 'on') return true;
  let bytes = 0;
  for (const file of files) bytes += statSync(file).size;
  return bytes >= READ_AHEAD_MIN_BYTES;
}

// Started and not yet taken: unref'd, so that they never keep the process alive (an input error ends it at once).
const started: Worker[] = [];

/** Starts `count` threads ahead of {@link takeReadAheadThreads} (for `files`, when they will be read ahead). */
export function startReadAheadThreads(files: readonly string[], mode: 'auto' | 'on' | 'off', count = defaultReadAheadThreads()): void {
  try {
    if (!useReadAhead(files, mode)) return;
  } catch {
    return; // a file that cannot be read: replay and check report it
  }
  while (started.length < count) {
    const worker = new Worker(WORKER);
    worker.unref();
    const drop = (): void => {
      const at = started.indexOf(worker);
      if (at !== -1) started.splice(at, 1);
    };
    worker.once('error', drop); // one that failed to start is not handed out (readAhead starts another)
    worker.once('exit', drop);
    started.push(worker);
  }
}

/** `count` threads waiting for their first message: started ones first, then new ones. */
export function takeReadAheadThreads(count: number): Worker[] {
  const out = started.splice(0, count);
  for (const worker of out) worker.ref();
  while (out.length < count) out.push(new Worker(WORKER));
  return out;
}
