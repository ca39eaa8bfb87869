// One chunk of a file, read at its place and planned on its own: the unit of work of replay's read-ahead, done by
// the read-ahead threads and, while it waits for them, by the main thread too.

import { createClassifier } from '../chronik/index.js';
import { planDetached, type QuietTest } from '../lines/index.js';
import { readFull } from './read-bounce.js';
import type { AheadChunk, AheadReturn, AheadSettings } from './read-ahead.js';

/** A planner of chunks for `settings` (its own classifier for the quiet test). */
export function chunkPlanner(settings: AheadSettings): (fd: number, file: number, index: number, into: AheadReturn, owner: number) => AheadChunk {
  const quiet: QuietTest = createClassifier({ disabled: new Set(settings.disabledRules) }).quiet;
  const size = settings.chunkBytes;
  return (fd, file, index, { buffer, ints, times }, owner) => {
    const chunk = Buffer.from(buffer, 0, size);
    const length = readFull(fd, chunk, index * size);
    const empty = { count: 0, ints: new Int32Array(ints), times: new Float64Array(times) };
    const plan = settings.planned[file] === true ? planDetached(chunk.subarray(0, length), empty, { maxLineBytes: settings.maxLineBytes, quiet, whole: index === 0 }) : empty;
    return { kind: 'chunk', file, index, owner, length, buffer, count: plan.count, ints: plan.ints.buffer as ArrayBuffer, times: plan.times.buffer as ArrayBuffer };
  };
}
