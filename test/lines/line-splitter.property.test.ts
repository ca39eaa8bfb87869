// Property: the splitter gives the same callbacks for every chunking of the same bytes, and the callbacks are
// those of a byte-at-a-time reference model.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createLineSplitter } from '../../src/lines/index.js';

type Call = ['line', string] | ['tooLong'] | ['nul', number];

/** Input pieces chosen to put chunk boundaries where they hurt. */
const piece = fc.oneof(
  fc.constantFrom('\n', '\r\n', '\r'),
  fc.constantFrom('😀', '✓', '⚠️  ', 'é', '🔄', 'â\u009c\u0093'),
  fc.constantFrom('\x1b[2m', '\x1b[0m', '\x1b[32m INFO\x1b[0m', '\x1b[3mkey\x1b[0m\x1b[2m=\x1b[0m'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: 1, max: 60 }).map((length) => 'x'.repeat(length)),
).map((text) => Buffer.from(text));
const rawPiece = fc.oneof(
  // Invalid UTF-8: a stray continuation byte, 0xff, and sequences cut short.
  fc.constantFrom([0x80], [0xff], [0xc3], [0xe2, 0x9c], [0xf0, 0x9f, 0x98]).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 1, max: 30 }).map((count) => Buffer.alloc(count)),
);
const input = fc
  .array(fc.oneof({ weight: 3, arbitrary: piece }, { weight: 1, arbitrary: rawPiece }), { maxLength: 40 })
  .map((pieces) => Buffer.concat(pieces));
/** Cut points as fractions of the input, so that they fit any length. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
const maxLineBytes = fc.integer({ min: 1, max: 48 });

/** Sorted, distinct byte offsets from cut fractions. */
function offsetsOf(bytes: Buffer, cutFractions: readonly number[]): number[] {
  return [...new Set(cutFractions.map((fraction) => Math.floor(fraction * bytes.length)))].sort((a, b) => a - b);
}

function runChunked(bytes: Buffer, offsets: readonly number[], limit: number): Call[] {
  const calls: Call[] = [];
  const splitter = createLineSplitter({
    maxLineBytes: limit,
    onLine: (line) => calls.push(['line', line]),
    onTooLong: () => calls.push(['tooLong']),
    onNulSkipped: (count) => calls.push(['nul', count]),
  });
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    // A fresh copy per chunk, then scribbled over: the splitter must not rely on a chunk after push().
    const chunk = Buffer.from(bytes.subarray(start, offset));
    splitter.push(chunk);
    chunk.fill(0x41);
    expect(splitter.bufferedBytes).toBeLessThanOrEqual(limit);
    start = offset;
  }
  splitter.end();
  return calls;
}

/** The specification, one byte at a time, with no buffering cleverness. */
function reference(bytes: Buffer, limit: number): Call[] {
  const calls: Call[] = [];
  let line: number[] = [];
  let nulRun = 0;
  let discarding = false;
  const flushNul = (): void => {
    if (nulRun > 0) calls.push(['nul', nulRun]);
    nulRun = 0;
  };
  const emit = (): void => {
    const end = line.at(-1) === 13 ? line.length - 1 : line.length;
    calls.push(['line', Buffer.from(line.slice(0, end)).toString('utf8')]);
  };
  for (const byte of bytes) {
    if (discarding) {
      if (byte === 10) discarding = false;
      continue;
    }
    if (line.length === 0 && byte === 0) {
      nulRun++;
      continue;
    }
    flushNul();
    if (byte === 10) {
      emit();
      line = [];
      continue;
    }
    line.push(byte);
    if (line.length > limit) {
      calls.push(['tooLong']);
      line = [];
      discarding = true;
    }
  }
  flushNul();
  if (!discarding && line.length > 0) emit();
  return calls;
}

describe('createLineSplitter properties', () => {
  test('any chunking gives the callbacks of one big chunk and of the reference model', () => {
    fc.assert(
      fc.property(input, cuts, maxLineBytes, (bytes, cutFractions, limit) => {
        const whole = runChunked(bytes, [], limit);
        expect(runChunked(bytes, offsetsOf(bytes, cutFractions), limit)).toEqual(whole);
        expect(whole).toEqual(reference(bytes, limit));
      }),
      { numRuns: 2000 },
    );
  });

  test('byte-at-a-time pushing gives the callbacks of one big chunk', () => {
    fc.assert(
      fc.property(input, maxLineBytes, (bytes, limit) => {
        const everyByte = Array.from({ length: bytes.length }, (_, index) => index + 1);
        expect(runChunked(bytes, everyByte, limit)).toEqual(runChunked(bytes, [], limit));
      }),
      { numRuns: 300 },
    );
  });

  test('without NULs or over-long lines, lines are the UTF-8 text split on \\n with one \\r stripped', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), cuts, (pieces, cutFractions) => {
        const bytes = Buffer.concat(pieces);
        const parts = bytes.toString('utf8').split('\n');
        if (parts.at(-1) === '') parts.pop();
        const expected = parts.map((part): Call => ['line', part.endsWith('\r') ? part.slice(0, -1) : part]);
        expect(runChunked(bytes, offsetsOf(bytes, cutFractions), 1 << 20)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
