import { describe, expect, test } from 'vitest';
import { createLineSplitter } from '../../src/lines/index.js';

type Call = ['line', string] | ['tooLong'] | ['nul', number];

/** Runs the splitter over `chunks` and returns every callback in order. */
function split(chunks: readonly (string | Buffer)[], maxLineBytes = 64): Call[] {
  const calls: Call[] = [];
  const splitter = createLineSplitter({
    maxLineBytes,
    onLine: (line) => calls.push(['line', line]),
    onTooLong: () => calls.push(['tooLong']),
    onNulSkipped: (bytes) => calls.push(['nul', bytes]),
  });
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  splitter.end();
  return calls;
}

const nuls = (count: number): Buffer => Buffer.alloc(count);

describe('createLineSplitter', () => {
  const cases: { name: string; chunks: (string | Buffer)[]; maxLineBytes?: number; expected: Call[] }[] = [
    { name: 'LF lines', chunks: ['a\nb\n'], expected: [['line', 'a'], ['line', 'b']] },
    { name: 'CRLF lines lose their \\r', chunks: ['a\r\nb\r\n'], expected: [['line', 'a'], ['line', 'b']] },
    { name: 'only one trailing \\r is stripped', chunks: ['a\r\r\n'], expected: [['line', 'a\r']] },
    { name: 'a \\r inside a line stays', chunks: ['a\rb\n'], expected: [['line', 'a\rb']] },
    { name: 'CRLF split between chunks', chunks: ['a\r', '\nb\n'], expected: [['line', 'a'], ['line', 'b']] },
    { name: 'empty lines are lines', chunks: ['\n\r\n\n'], expected: [['line', ''], ['line', ''], ['line', '']] },
    { name: 'unterminated last line is emitted by end()', chunks: ['a\nlast'], expected: [['line', 'a'], ['line', 'last']] },
    { name: 'unterminated last line split over chunks', chunks: ['la', 's', 't'], expected: [['line', 'last']] },
    { name: 'empty input gives nothing', chunks: [], expected: [] },
    { name: 'empty chunks change nothing', chunks: ['', 'a', '', '\n', ''], expected: [['line', 'a']] },
    {
      name: 'emoji split inside its bytes',
      chunks: [Buffer.from('✅ ok\n').subarray(0, 1), Buffer.from('✅ ok\n').subarray(1)],
      expected: [['line', '✅ ok']],
    },
    {
      name: 'invalid UTF-8 becomes U+FFFD and does not throw',
      chunks: [Buffer.from([0x61, 0xff, 0x62, 0x0a, 0xe2, 0x9c, 0x0a, 0xc3])],
      expected: [['line', 'a\uFFFDb'], ['line', '\uFFFD'], ['line', '\uFFFD']],
    },
    {
      name: 'NUL run at the start of the input is skipped and counted once',
      chunks: [nuls(5), 'a\n'],
      expected: [['nul', 5], ['line', 'a']],
    },
    {
      name: 'NUL run split over chunks is still one run',
      chunks: [nuls(3), nuls(4), Buffer.concat([nuls(2), Buffer.from('a\n')])],
      expected: [['nul', 9], ['line', 'a']],
    },
    {
      name: 'NULs inside a line stay part of it',
      chunks: [Buffer.from('a\0b\0\n')],
      expected: [['line', 'a\0b\0']],
    },
    {
      name: 'NUL runs after newlines are separate runs',
      chunks: [Buffer.concat([Buffer.from('x\n'), nuls(2), Buffer.from('y\n'), nuls(3)])],
      expected: [['line', 'x'], ['nul', 2], ['line', 'y'], ['nul', 3]],
    },
    {
      name: 'a NUL run followed by a newline leaves an empty line',
      chunks: [Buffer.concat([nuls(2), Buffer.from('\n')])],
      expected: [['nul', 2], ['line', '']],
    },
    {
      name: 'a line of exactly maxLineBytes is kept',
      chunks: ['12345678\n'],
      maxLineBytes: 8,
      expected: [['line', '12345678']],
    },
    {
      name: 'an over-long line is reported once and reading resumes after its newline',
      chunks: ['123456789\nok\n'],
      maxLineBytes: 8,
      expected: [['tooLong'], ['line', 'ok']],
    },
    {
      name: 'an over-long line over many chunks is reported once',
      chunks: ['12345', '67890', 'abcde', 'fg\nok'],
      maxLineBytes: 8,
      expected: [['tooLong'], ['line', 'ok']],
    },
    {
      name: 'a \\r before the newline counts towards the limit',
      chunks: ['12345678\r\n'],
      maxLineBytes: 8,
      expected: [['tooLong']],
    },
    {
      name: 'an over-long unterminated last line gives no line at end()',
      chunks: ['123456789'],
      maxLineBytes: 8,
      expected: [['tooLong']],
    },
    {
      name: 'a NUL hole longer than maxLineBytes is not an over-long line',
      chunks: [Buffer.concat([nuls(100), Buffer.from('ok\n')])],
      maxLineBytes: 8,
      expected: [['nul', 100], ['line', 'ok']],
    },
  ];

  test.each(cases)('$name', ({ chunks, maxLineBytes, expected }) => {
    expect(split(chunks, maxLineBytes)).toEqual(expected);
  });

  test('does not keep a reference to a pushed chunk (callers may reuse their read buffer)', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter({ maxLineBytes: 64, onLine: (line) => lines.push(line), onTooLong() {}, onNulSkipped() {} });
    const buffer = Buffer.from('hello');
    splitter.push(buffer);
    buffer.write('XXXXX');
    splitter.push(Buffer.from(' world\n'));
    expect(lines).toEqual(['hello world']);
  });

  test('end() starts afresh: the splitter can be used again', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter({ maxLineBytes: 4, onLine: (line) => lines.push(line), onTooLong() {}, onNulSkipped() {} });
    splitter.push(Buffer.from('toolong'));
    splitter.end();
    splitter.push(Buffer.from('ok\n'));
    splitter.end();
    expect(lines).toEqual(['ok']);
  });

  test('bufferedBytes counts the pending partial line', () => {
    const splitter = createLineSplitter({ maxLineBytes: 64, onLine() {}, onTooLong() {}, onNulSkipped() {} });
    splitter.push(Buffer.from('done\npart'));
    expect(splitter.bufferedBytes).toBe(4);
    splitter.push(Buffer.from('ial\n'));
    expect(splitter.bufferedBytes).toBe(0);
  });

  test('1 GiB without a newline keeps memory bounded by maxLineBytes', () => {
    const maxLineBytes = 4096;
    let tooLong = 0;
    const lines: string[] = [];
    const splitter = createLineSplitter({
      maxLineBytes,
      onLine: (line) => lines.push(line),
      onTooLong: () => tooLong++,
      onNulSkipped() {},
    });
    // One 64 KiB buffer pushed 16 384 times: the splitter must neither copy it all nor keep it.
    const chunk = Buffer.alloc(64 * 1024, 'x');
    // Start with a partial line below the limit so that the carry buffer is in use when the flood begins.
    splitter.push(Buffer.from('prefix'));
    let maxBuffered = splitter.bufferedBytes;
    for (let pushed = 0; pushed < 16_384; pushed++) {
      splitter.push(chunk);
      maxBuffered = Math.max(maxBuffered, splitter.bufferedBytes);
    }
    splitter.push(Buffer.from('tail\nafter\n'));
    splitter.end();
    expect(maxBuffered).toBeLessThanOrEqual(maxLineBytes);
    expect(tooLong).toBe(1);
    expect(lines).toEqual(['after']);
  });

  test('bufferedBytes never exceeds maxLineBytes while lines straddle small chunks', () => {
    const maxLineBytes = 10;
    const splitter = createLineSplitter({ maxLineBytes, onLine() {}, onTooLong() {}, onNulSkipped() {} });
    const input = Buffer.from('0123456789\n01234567890123\nabc\n0123456789');
    const seen: number[] = [];
    for (let index = 0; index < input.length; index++) {
      splitter.push(input.subarray(index, index + 1));
      seen.push(splitter.bufferedBytes);
    }
    expect(Math.max(...seen)).toBe(maxLineBytes);
  });

  test.each([0, -1, 1.5, Number.NaN])('rejects maxLineBytes %s', (maxLineBytes) => {
    expect(() => createLineSplitter({ maxLineBytes, onLine() {}, onTooLong() {}, onNulSkipped() {} })).toThrow(
      /Expected `maxLineBytes` to be a positive integer/,
    );
  });
});
