// The crash test's log writer, a child process of its own so that its pace does not depend on the test's event
// loop: appends the lines of a plan to <dir>/<name> at a steady rate with O_APPEND (as chronik behind `>>` does),
// and rotates the file while it writes.
//
//   node writer.mjs <plan.json>
//
// plan: { dir, name, linesFile, durationMs, tickMs, rotations: [{ atLine, kind, holdMs }], splitEveryTicks }
//   - rename:       logrotate `create`: rename <name> to <name>.<n>, create a new empty <name>, keep writing to the
//                   renamed file (the descriptor still held) for holdMs, then reopen <name> (postrotate: the app
//                   reopens its log).
//   - copytruncate: copy <name> to <name>.<n>, truncate <name> in place and keep writing to the same descriptor
//                   (O_APPEND: the next line lands at offset 0, no NUL hole). Copy and truncation run with no write
//                   in between, so no line is lost the way a real copytruncate can lose one: the truth stays "all".
//   - every splitEveryTicks-th tick, its last line is written in two writes one tick apart (a partial last line
//     is in the file for a while).
// A rotation never falls inside a line, and waits until the previous rename's hold is over.
// stdout: one JSON object per line: {"rotated": {...}} per rotation, then {"done": {lines, bytes}}.

import { closeSync, copyFileSync, openSync, readFileSync, renameSync, ftruncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const lines = readFileSync(plan.linesFile, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const path = join(plan.dir, plan.name);
const rotations = [...plan.rotations].sort((a, b) => a.atLine - b.atLine);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => { if (ms > 0) Atomics.wait(sleeper, 0, 0, ms); };
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

let fd = openSync(path, 'a');
/** A rename's old descriptor while the writer still writes to the renamed file: { fd, until }. */
let held;
let generation = 0;
let next = 0; // next line to write
let pendingRest; // the second half of a split line
let bytes = 0;
let ticks = 0;
const write = (buffer) => {
  let done = 0;
  while (done < buffer.length) done += writeSync(held?.fd ?? fd, buffer, done);
  bytes += buffer.length;
};

const start = Date.now();
while (next < lines.length || pendingRest !== undefined) {
  const now = Date.now();
  if (pendingRest !== undefined) {
    write(pendingRest);
    pendingRest = undefined;
  }
  if (held !== undefined && now >= held.until) {
    closeSync(held.fd);
    held = undefined;
  }
  const due = Math.min(lines.length, Math.ceil(((now - start) / plan.durationMs) * lines.length));
  while (next < due) {
    const rotation = rotations[0];
    if (rotation !== undefined && rotation.atLine <= next && held === undefined) {
      rotations.shift();
      generation += 1;
      const rotated = `${path}.${generation}`;
      if (rotation.kind === 'rename') {
        renameSync(path, rotated);
        const fresh = openSync(path, 'a');
        held = { fd, until: Date.now() + rotation.holdMs };
        fd = fresh;
      } else {
        copyFileSync(path, rotated);
        ftruncateSync(fd, 0);
      }
      say({ rotated: { kind: rotation.kind, to: rotated, atLine: next, holdMs: rotation.holdMs, ms: Date.now() - start } });
    }
    const line = Buffer.from(`${lines[next]}\n`, 'utf8');
    next += 1;
    if (next === due && ticks % plan.splitEveryTicks === 0) {
      const cut = Math.max(1, Math.floor(line.length / 2)); // bytes: a cut may fall inside a UTF-8 sequence, as in life
      write(line.subarray(0, cut));
      pendingRest = line.subarray(cut);
      break;
    }
    write(line);
  }
  ticks += 1;
  if (next < lines.length || pendingRest !== undefined) sleep(plan.tickMs);
}
if (held !== undefined) closeSync(held.fd);
closeSync(fd);
say({ done: { lines: lines.length, bytes } });
