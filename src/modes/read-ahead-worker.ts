// A read-ahead thread of replay and check: claims the chunks of each file in turn (a counter per file shared with
// the other threads) and plans each (plan-chunk.ts), so that the main thread only applies events. Chunks and plans
// travel by transfer, and the main thread hands the buffers back for the next reads: at most POOL in flight.

import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { chunkPlanner } from './plan-chunk.js';
import type { AheadMessage, AheadReturn, AheadSettings, AheadThread } from './read-ahead.js';

const POOL = 8;

async function main(port: NonNullable<typeof parentPort>, settings: AheadSettings & AheadThread): Promise<void> {
  const plan = chunkPlanner(settings);
  const claims = new Int32Array(settings.claims);
  const free: AheadReturn[] = [];
  let allocated = 0;
  let wake: (() => void) | undefined;
  port.on('message', (back: AheadReturn) => { // every message after the first: buffers handed back
    free.push(back);
    wake?.();
  });
  const next = async (): Promise<AheadReturn> => {
    for (;;) {
      const ready = free.pop();
      if (ready !== undefined) return ready;
      if (allocated < POOL) {
        allocated++;
        return { buffer: new ArrayBuffer(settings.chunkBytes), ints: new ArrayBuffer(0), times: new ArrayBuffer(0) };
      }
      await new Promise<void>((resolve) => { wake = resolve; });
      wake = undefined;
    }
  };
  const post = (message: AheadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

  for (let file = 0; file < settings.files.length; file++) {
    let fd: number | undefined;
    try {
      fd = openSync(settings.files[file] ?? '', 'r');
      for (;;) {
        const into = await next();
        const chunk = plan(fd, file, Atomics.add(claims, file, 1), into, settings.index);
        post(chunk, [chunk.buffer, chunk.ints, chunk.times]);
        if (chunk.length < settings.chunkBytes) break; // the end of the file (a short chunk is its last)
      }
    } catch (error) {
      post({ kind: 'error', file, message: (error as Error).message });
      return;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

// Started ahead of the settings (read-ahead-threads.ts): the first message says what to read.
const port = parentPort;
port?.once('message', (settings: AheadSettings & AheadThread) => void main(port, settings));
