// Reads for replay and check: a buffer filled in 128 KiB reads. On this project's machines a read of 256 KiB or
// more cost the kernel 3–4× the CPU of the same bytes in 128 KiB reads (0.20–0.28 s against 0.06 s of system time
// for the 460 MiB bench corpus, bench/RESULTS.md), so big buffers are filled piece by piece.

import { readSync } from 'node:fs';

const PIECE = 128 * 1024;

/** Reads into `buffer` until it is full or the file ends, at `position` (null: the file's own position). */
export function readFull(fd: number, buffer: Buffer, position: number | null): number {
  let n = 0;
  while (n < buffer.length) {
    const r = readSync(fd, buffer, n, Math.min(PIECE, buffer.length - n), position === null ? null : position + n);
    if (r === 0) break;
    n += r;
  }
  return n;
}
