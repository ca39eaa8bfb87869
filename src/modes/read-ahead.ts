// replay and check read big inputs through a second thread (read-ahead-worker.ts): it reads and locates lines while
// this thread applies the events of the chunk before. Same results as reading here: the plan is what the exporter
// would compute itself (test/modes/read-ahead.test.ts compares them).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LinePlan } from '../lines/index.js';

/** What the worker is started with. */
export interface AheadSettings {
  readonly files: readonly string[];
  readonly maxLineBytes: number;
  readonly disabledRules: readonly string[];
  readonly chunkBytes: number;
}

/** A chunk of file `file` (`length` bytes of `buffer`) and its plan. */
export interface AheadChunk {
  readonly kind: 'chunk';
  readonly file: number;
  readonly length: number;
  readonly buffer: ArrayBuffer;
  readonly count: number;
  readonly ints: ArrayBuffer;
  readonly times: ArrayBuffer;
}
export type AheadMessage = AheadChunk | { readonly kind: 'end'; readonly file: number } | { readonly kind: 'error'; readonly file: number; readonly message: string };
/** Buffers handed back to the worker for its next reads. */
export interface AheadReturn { readonly buffer: ArrayBuffer; readonly ints: ArrayBuffer; readonly times: ArrayBuffer }

/** One step of reading ahead: a chunk with its plan (call `release` once pushed), or the end of a file. */
export type AheadItem =
  | { readonly kind: 'chunk'; readonly file: number; readonly chunk: Buffer; readonly plan: LinePlan; release(): void }
  | { readonly kind: 'end'; readonly file: number };

const WORKER = fileURLToPath(new URL('./read-ahead-worker.js', import.meta.url));

/** Whether the worker's compiled script is there (not when the sources run untranspiled, as under vitest). */
export const readAheadAvailable = (): boolean => existsSync(WORKER);

/** Reads `files` in order through the worker; a read error rejects with the file's name. */
export async function* readAhead(settings: AheadSettings): AsyncGenerator<AheadItem> {
  const worker = new Worker(WORKER, { workerData: settings });
  const queue: (AheadMessage | Error)[] = [];
  let wake: (() => void) | undefined;
  let exited = false;
  const push = (item: AheadMessage | Error): void => {
    queue.push(item);
    wake?.();
  };
  worker.on('message', (m: AheadMessage) => push(m));
  worker.on('error', (e: Error) => push(e));
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  let ended = 0;
  try {
    while (ended < settings.files.length) {
      const m = queue.shift();
      if (m === undefined) {
        if (exited) {
          await new Promise((resolve) => setImmediate(resolve)); // its last messages may come after its exit
          if (queue.length > 0) continue;
          throw new Error('Expected the read-ahead thread to read every file, but it stopped');
        }
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
        continue;
      }
      if (m instanceof Error) throw m;
      if (m.kind === 'error') throw new Error(`Cannot read ${settings.files[m.file] ?? ''}: ${m.message}`);
      if (m.kind === 'end') {
        ended++;
        yield m;
        continue;
      }
      const back: AheadReturn = { buffer: m.buffer, ints: m.ints, times: m.times };
      yield {
        kind: 'chunk',
        file: m.file,
        chunk: Buffer.from(m.buffer, 0, m.length),
        plan: { count: m.count, ints: new Int32Array(m.ints), times: new Float64Array(m.times) },
        release: () => { if (!exited) worker.postMessage(back, [back.buffer, back.ints, back.times]); },
      };
    }
  } finally {
    await worker.terminate();
  }
}
