// The "minimal Node loop" reference: 64 KiB reads, a hand split on `\n`, one regex per line. No ANSI handling,
// no multi-line messages, no state: the floor of what any Node line processor costs. Prints the match count.

import { closeSync, openSync, readSync } from 'node:fs';

const LF = 10;
const PATTERN = /became (follower|candidate|pre-candidate|leader) at term (\d+)/;

function main(path: string): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let carry: Buffer | undefined; // bytes of a line that straddles reads (kept as bytes: a read can split a character)
  let lines = 0;
  let matches = 0;
  const line = (text: string): void => {
    lines++;
    if (PATTERN.exec(text) !== null) matches++;
  };
  for (;;) {
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    let start = 0;
    for (let nl = buffer.indexOf(LF, 0); nl !== -1 && nl < n; nl = buffer.indexOf(LF, start)) {
      line(carry === undefined ? buffer.toString('utf8', start, nl) : Buffer.concat([carry, buffer.subarray(start, nl)]).toString('utf8'));
      carry = undefined;
      start = nl + 1;
    }
    if (start < n) carry = Buffer.concat(carry === undefined ? [buffer.subarray(start, n)] : [carry, buffer.subarray(start, n)]);
  }
  if (carry !== undefined) line(carry.toString('utf8'));
  closeSync(fd);
  process.stdout.write(`${JSON.stringify({ lines, matches })}\n`);
}

main(process.argv[2] ?? '/dev/stdin');
