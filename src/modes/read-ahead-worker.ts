// The read-ahead thread of replay and check: reads each file in chunks and locates every line of each chunk
// (lines/line-plan.ts), so that the main thread only applies events. Chunks and plans travel by transfer, and the
// main thread hands the buffers back for the next reads: at most POOL chunks are in flight.

import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createClassifier } from '../chronik/index.js';
import { createLinePlanner, type LinePlan } from '../lines/index.js';
import type { AheadChunk, AheadMessage, AheadReturn, AheadSettings } from './read-ahead.js';

const POOL = 4;

async function main(port: NonNullable<typeof parentPort>, settings: AheadSettings): Promise<void> {
  const classifier = createClassifier({ disabled: new Set(settings.disabledRules) });
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
        return { buffer: new ArrayBuffer(settings.chunkBytes), ints: new ArrayBuffer(0), times: new ArrayBuffer(0) };
      }
      await new Promise<void>((resolve) => { wake = resolve; });
      wake = undefined;
    }
  };
  const post = (message: AheadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

  for (let file = 0; file < settings.files.length; file++) {
    const planner = createLinePlanner({ maxLineBytes: settings.maxLineBytes, quiet: classifier.quiet });
    let fd: number;
    try {
      fd = openSync(settings.files[file] ?? '', 'r');
    } catch (error) {
      post({ kind: 'error', file, message: (error as Error).message });
      return;
    }
    try {
      for (;;) {
        const { buffer, ints, times } = await next();
        const chunk = Buffer.from(buffer);
        const length = readSync(fd, chunk);
        if (length === 0) {
          free.push({ buffer, ints, times });
          break;
        }
        const plan: LinePlan = planner.plan(chunk.subarray(0, length), { count: 0, ints: new Int32Array(ints), times: new Float64Array(times) });
        const message: AheadChunk = { kind: 'chunk', file, length, buffer, count: plan.count, ints: plan.ints.buffer as ArrayBuffer, times: plan.times.buffer as ArrayBuffer };
        post(message, [buffer, message.ints, message.times]);
      }
    } catch (error) {
      post({ kind: 'error', file, message: (error as Error).message });
      return;
    } finally {
      closeSync(fd);
    }
    post({ kind: 'end', file });
  }
  port.close();
}

if (parentPort !== null) void main(parentPort, workerData as AheadSettings);
