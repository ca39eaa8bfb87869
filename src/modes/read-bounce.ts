// Reads for replay and check: big buffers filled through a small one. Here the kernel's copy into a buffer that is
// not in the CPU's cache costs 2–3× a copy in this process: the 460 MiB bench corpus read into 1 MiB buffers took
// 0.19–0.26 s of system time, read into one 64 KiB buffer and copied on 0.03 s of system time and 0.06 s of user
// time (reading into the big buffer in 64 or 128 KiB pieces saves nothing: the destination decides).

import { readSync } from 'node:fs';

const BOUNCE_BYTES = 64 * 1024;
let bounce: Buffer | undefined; // one per thread (module state is per thread)

/**
 * Reads into `buffer` from `position` of `fd` until it is full or the file ends; returns the bytes read.
 * @example
 * const n = readFull(fd, chunk, 0); // n < chunk.length only at the end of the file
 */
export function readFull(fd: number, buffer: Uint8Array, position: number): number {
  const length = buffer.length;
  bounce ??= Buffer.allocUnsafe(BOUNCE_BYTES);
  let n = 0;
  while (n < length) {
    const r = readSync(fd, bounce, 0, Math.min(BOUNCE_BYTES, length - n), position + n);
    if (r === 0) break;
    buffer.set(r === BOUNCE_BYTES ? bounce : bounce.subarray(0, r), n);
    n += r;
  }
  return n;
}
