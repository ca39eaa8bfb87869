// replay and check read big inputs through read-ahead threads (read-ahead-worker.ts): they read chunks and locate
// their lines (plan-chunk.ts) while this thread applies the events of the chunks before, in order, and plans chunks
// too while it would wait. Same results as reading here: a plan is what the exporter would compute itself, and it
// checks every line against it (test/modes/read-ahead.test.ts).

import { closeSync, openSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { LinePlan } from '../lines/index.js';
import { chunkPlanner } from './plan-chunk.js';
import { defaultReadAheadThreads, takeReadAheadThreads } from './read-ahead-threads.js';

/** What the threads are started with. */
export interface AheadSettings {
  readonly files: readonly string[];
  /** Per file: whether its lines are planned (not for a container runtime's wrapping: the exporter reads no bytes there). */
  readonly planned: readonly boolean[];
  readonly maxLineBytes: number;
  readonly disabledRules: readonly string[];
  readonly chunkBytes: number;
}

/** What a thread adds to the settings: its index, and the per-file counters of claimed chunks (Int32 each). */
export interface AheadThread {
  readonly index: number;
  readonly claims: SharedArrayBuffer;
}

/**
 * Chunk `index` of file `file` (`length` bytes of `buffer`, shorter than chunkBytes for the last) and its plan,
 * planned by thread `owner` (-1: the main thread).
 */
export interface AheadChunk {
  readonly kind: 'chunk';
  readonly file: number;
  readonly index: number;
  readonly owner: number;
  readonly length: number;
  readonly buffer: ArrayBuffer;
  readonly count: number;
  readonly ints: ArrayBuffer;
  readonly times: ArrayBuffer;
}
export type AheadMessage = AheadChunk | { readonly kind: 'error'; readonly file: number; readonly message: string };
/** Buffers handed back to a thread for its next reads. */
export interface AheadReturn { readonly buffer: ArrayBuffer; readonly ints: ArrayBuffer; readonly times: ArrayBuffer }

/** One step of reading ahead, in file order: a chunk with its plan (call `release` once pushed), or a file's end. */
export type AheadItem =
  | { readonly kind: 'chunk'; readonly file: number; readonly chunk: Buffer; readonly plan: LinePlan; release(): void }
  | { readonly kind: 'end'; readonly file: number };

/**
 * Reads `files` in order through `workers` threads (read-ahead-threads.ts: started ahead, or here). While the next
 * chunk is not there, this thread plans chunks too (on 2 CPUs the threads then share the work evenly). A read error
 * rejects.
 */
export async function* readAhead(settings: AheadSettings, workers = defaultReadAheadThreads()): AsyncGenerator<AheadItem> {
  const claimBuffer = new SharedArrayBuffer(4 * settings.files.length);
  const claims = new Int32Array(claimBuffer);
  const arrived = new Map<string, AheadChunk>();
  // Files read to their end, with their last chunk: later chunks of them (the file grew meanwhile) are not read.
  const ended = new Map<number, number>();
  const threads: Worker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let running = workers;
  const signal = (): void => wake?.();
  for (const [index, worker] of takeReadAheadThreads(workers).entries()) {
    const thread: AheadThread = { index, claims: claimBuffer };
    worker.postMessage({ ...settings, ...thread }); // a thread's first message: what to read
    worker.on('message', (m: AheadMessage) => {
      if (m.kind === 'error') failure ??= new Error(`Cannot read ${settings.files[m.file] ?? ''}: ${m.message}`);
      else if (m.index > (ended.get(m.file) ?? Infinity)) release(m);
      else arrived.set(`${m.file}:${m.index}`, m);
      signal();
    });
    worker.on('error', (e: Error) => {
      failure ??= e;
      signal();
    });
    worker.on('exit', () => {
      running--;
      signal();
    });
    threads.push(worker);
  }
  // This thread's own planning: buffers, the open file, and how many of its chunks wait to be applied.
  const plan = chunkPlanner(settings);
  const ownFree: AheadReturn[] = [];
  let ownWaiting = 0;
  let own: { file: number; fd: number; exhausted: boolean } | undefined;
  function release(m: AheadChunk): void {
    const back: AheadReturn = { buffer: m.buffer, ints: m.ints, times: m.times };
    if (m.owner === -1) {
      ownWaiting--;
      ownFree.push(back);
    } else {
      threads[m.owner]?.postMessage(back, [back.buffer, back.ints, back.times]);
    }
  }
  /** Plans the next unclaimed chunk of `file` here; false when there is none to take (or enough are waiting). */
  function planOwn(file: number): boolean {
    if (ownWaiting >= 4 || failure !== undefined) return false;
    if (own?.file !== file) {
      if (own !== undefined) closeSync(own.fd);
      own = { file, fd: openSync(settings.files[file] ?? '', 'r'), exhausted: false };
    }
    if (own.exhausted) return false;
    const into = ownFree.pop() ?? { buffer: new ArrayBuffer(settings.chunkBytes), ints: new ArrayBuffer(0), times: new ArrayBuffer(0) };
    const m = plan(own.fd, file, Atomics.add(claims, file, 1), into, -1);
    ownWaiting++;
    if (m.length < settings.chunkBytes) own.exhausted = true;
    arrived.set(`${file}:${m.index}`, m);
    return true;
  }
  try {
    for (let file = 0; file < settings.files.length; file++) {
      for (let index = 0; ; index++) {
        const key = `${file}:${index}`;
        let m = arrived.get(key);
        while (m === undefined) {
          if (failure !== undefined) throw failure;
          if (planOwn(file)) {
            await new Promise((resolve) => setImmediate(resolve)); // let the threads' chunks in
          } else {
            if (running === 0) throw new Error('Expected the read-ahead threads to read every file, but they stopped');
            await new Promise<void>((resolve) => { wake = resolve; });
            wake = undefined;
          }
          m = arrived.get(key);
        }
        arrived.delete(key);
        const chunk = m;
        if (chunk.length > 0) {
          yield {
            kind: 'chunk', file, chunk: Buffer.from(chunk.buffer, 0, chunk.length),
            plan: { count: chunk.count, ints: new Int32Array(chunk.ints), times: new Float64Array(chunk.times) },
            release: () => release(chunk),
          };
        } else {
          release(chunk);
        }
        if (chunk.length < settings.chunkBytes) {
          ended.set(file, index);
          break;
        }
      }
      // Chunks past the end (the file grew while another thread read on) are not read: the file ends here.
      for (const [key, m] of arrived) {
        if (m.file !== file) continue;
        arrived.delete(key);
        release(m);
      }
      yield { kind: 'end', file };
    }
  } finally {
    if (own !== undefined) closeSync(own.fd);
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
