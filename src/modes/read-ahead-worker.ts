// A read-ahead thread of replay and check: plans the chunks of each file it is given (chunk k of a file is the
// bytes from k × chunkBytes; this thread takes every `workers`-th chunk, from its `index`), each on its own
// (lines/line-plan.ts planDetached), so that the main thread only applies events. Chunks and plans travel by
// transfer, and the main thread hands the buffers back for the next reads: at most POOL chunks per thread in flight.

import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createClassifier } from '../chronik/index.js';
import { planDetached, type LinePlan } from '../lines/index.js';
import type { AheadChunk, AheadMessage, AheadReturn, AheadSettings } from './read-ahead.js';

const POOL = 4;

async function main(port: NonNullable<typeof parentPort>, settings: AheadSettings & { index: number; workers: number }): Promise<void> {
  const { quiet } = createClassifier({ disabled: new Set(settings.disabledRules) });
  const size = settings.chunkBytes;
  const free: AheadReturn[] = [];
  let allocated = 0;
  let wake: (() => void) | undefined;
  port.on('message', (back: AheadReturn) => {
    free.push(back);
    wake?.();
  });
  const next = async (): Promise<AheadReturn> => {
    for (;;) {
      const ready = free.pop();
      if (ready !== undefined) return ready;
      if (allocated < POOL) {
        allocated++;
        return { buffer: new ArrayBuffer(size), ints: new ArrayBuffer(0), times: new ArrayBuffer(0) };
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
      for (let k = settings.index; ; k += settings.workers) {
        const { buffer, ints, times } = await next();
        const chunk = Buffer.from(buffer);
        const length = readSync(fd, chunk, 0, size, k * size);
        const plan: LinePlan = planDetached(chunk.subarray(0, length), { count: 0, ints: new Int32Array(ints), times: new Float64Array(times) }, {
          maxLineBytes: settings.maxLineBytes, quiet, whole: k === 0,
        });
        const message: AheadChunk = { kind: 'chunk', file, index: k, length, buffer, count: plan.count, ints: plan.ints.buffer as ArrayBuffer, times: plan.times.buffer as ArrayBuffer };
        post(message, [buffer, message.ints, message.times]);
        if (length < size) break; // the end of the file (a short chunk is its last)
      }
    } catch (error) {
      post({ kind: 'error', file, message: (error as Error).message });
      return;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

if (parentPort !== null) void main(parentPort, workerData as AheadSettings & { index: number; workers: number });
