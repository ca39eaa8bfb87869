// The coloured-line shortcut of parse-tracing-line.ts must agree with the general parser on every line: the
// general parser (strip every SGR code, then parse) is the definition, the shortcut only a faster way to it.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseColouredBytes } from '../../src/lines/parse-header-bytes.js';
import { parseGeneral, parseTracingLineInto, type LineParts } from '../../src/lines/parse-tracing-line.js';

const E = '\x1b';
const fresh = (): LineParts => ({ time: 0, level: 'info', spans: '', target: '', message: '', fields: '' });

function agree(line: string): void {
  const fast = fresh();
  const general = fresh();
  const ok = parseTracingLineInto(line, fast);
  expect(ok).toBe(parseGeneral(line, general));
  if (ok) expect(fast).toEqual(general);
  agreeOnBytes(Buffer.from(line, 'utf8'), 0);
}

/** The byte path, on a line between other bytes (it must not read past its end), claims only what is so. */
function agreeOnBytes(bytes: Buffer, junk: number): void {
  const framed = Buffer.concat([Buffer.alloc(junk, 0x1b), bytes, Buffer.from('\x1b[0m \x1b[2m: x::y: ')]);
  const fromBytes = fresh();
  if (!parseColouredBytes(framed, junk, junk + bytes.length, fromBytes)) return;
  const general = fresh();
  expect(parseGeneral(bytes.toString('utf8'), general)).toBe(true);
  expect(fromBytes).toEqual(general);
}

const dim = (s: string): string => `${E}[2m${s}${E}[0m`;
const field = ([k, v]: [string, string]): string => `${E}[3m${k}${E}[0m${dim('=')}${v}`;

const timestamp = fc.constantFrom('2025-11-08T10:15:05.322442Z', '2025-11-08T10:59:59.999999Z', '2025-02-31T10:15:05.322442Z', '2025-11-08T10:15:05.32244Z', '2025-11-08 10:15:05.322442Z');
const level = fc.constantFrom(`${E}[32m INFO`, `${E}[33m WARN`, `${E}[31mERROR`, `${E}[34mDEBUG`, `${E}[35mTRACE`, `${E}[32mINFO`, `${E}[32m  INFO`, ' INFO', `${E}[1;32m INFO`, `${E}[32m NOPE`);
const target = fc.constantFrom('raft::raft', 'chronik_server', 'chronik_server::raft_cluster', 'a', '_x::y1', '9bad', 'a::', 'a::b::c', '');
const messageStart = fc.constantFrom('', 'became leader at term 2', 'raft::raft: inner', 'a::b:', 'a::b: x', 'ab: c', 'a::b', '::', ': x', ' lead', `${E}[1mbold${E}[0m text`, `${E}x`, '{', 'x}', '✓ Persisted HardState: term=2', '🔄 Leader change detected: 1 → 2');
const tail = fc.string({ unit: fc.constantFrom('a', ':', ' ', '{', '}', E, '[', '3', 'm', '0', '=', '✓', '🔄', 'b') , maxLength: 12 });
const fields = fc.array(fc.tuple(fc.constantFrom('topic', 'error', 'k'), fc.constantFrom('x', 'a b', 'status: Unavailable', '')), { maxLength: 3 });
const span = fc.option(fc.constantFrom(`${E}[1mrecover${E}[0m${E}[1m{${E}[0m${field(['data_dir', './wal'])}${E}[1m}${E}[0m${dim(':')} `, `${E}[1mhandle${E}[0m${dim(':')} `));
const separator = fc.constantFrom(`${E}[0m${E}[2m:${E}[0m `, `${E}[0m${E}[2m:${E}[0m`, `${E}[0m: `, `${E}[0m${E}[2m:${E}[0m  `);

describe('the coloured shortcut agrees with the general parser', () => {
  test('tracing-shaped lines, with their parts varied and broken', () => {
    fc.assert(
      fc.property(timestamp, level, span, target, separator, messageStart, tail, fields, fc.boolean(), (ts, lv, sp, tg, sep, msg, rest, fs, spaceBeforeFields) => {
        const fieldText = fs.map((f, i) => `${i === 0 && !spaceBeforeFields ? '' : ' '}${field(f)}`).join('');
        agree(`${dim(ts)} ${lv}${E}[0m ${sp ?? ''}${E}[2m${tg}${sep}${msg}${rest}${fieldText}`);
      }),
      { numRuns: 20_000 },
    );
  });

  test('lines that share a header template, and templates that share a slot (header-templates.ts)', () => {
    // Same words where the slot is hashed (level colour, target bytes 3–6 and 15–18), different targets.
    const targets = ['chronik_server::raft_cluster', 'chronik_server::raft_clustering', 'chronik_wal::raft_cluster', 'raft::raft'];
    const levels = [`${E}[32m INFO`, `${E}[33m WARN`];
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(targets.length - 1), fc.nat(1), messageStart, tail), { minLength: 2, maxLength: 8 }), (lines) => {
      for (const [t, l, msg, rest] of lines) agree(`${dim('2025-11-08T10:15:05.322442Z')} ${levels[l] ?? ''}${E}[0m ${dim(targets[t] ?? '')}${dim(':')} ${msg}${rest}`);
    }), { numRuns: 5000 });
  });

  test('any text after a standard coloured prefix', () => {
    const prefix = `${dim('2025-11-08T10:15:05.322442Z')} ${E}[32m INFO${E}[0m ${E}[2m`;
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ':', ' ', '{', '}', E, '[', '2', '3', 'm', '0', '=', '_'), maxLength: 40 }), (s) => agree(prefix + s)), { numRuns: 20_000 });
  });

  test('NO_COLOR lines, with their parts varied and broken', () => {
    const plainLevel = fc.constantFrom(' INFO', ' WARN', 'ERROR', 'DEBUG', 'TRACE', 'INFO', '  INFO', ' NOPE', ' INFOX');
    const gap = fc.constantFrom(' ', '  ', '', '\t');
    const sep = fc.constantFrom(': ', ':', '::', ': : ', '{a=1}: ', ' ');
    fc.assert(
      fc.property(timestamp, gap, plainLevel, gap, target, sep, messageStart, tail, (ts, g1, lv, g2, tg, sp, msg, rest) => {
        agree(`${ts}${g1}${lv}${g2}${tg}${sp}${msg}${rest}`);
        agree(`[${ts}]${g1}${lv}${g2}${tg}${sp}${msg}${rest}`);
      }),
      { numRuns: 20_000 },
    );
  });

  test('the byte path on raw bytes (invalid UTF-8 and cut characters included)', () => {
    const prefix = Buffer.from(`${dim('2025-11-08T10:15:05.322442Z')} ${E}[32m INFO${E}[0m ${dim('raft::raft')}${dim(':')} `);
    const tails = fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a.map((b) => [0x1b, 0x5b, 0x33, 0x6d, 0x3a, 0x20, 0x61, 0xe2, 0x9c, 0x93, 0xff, b][b % 12] ?? b)));
    fc.assert(fc.property(tails, fc.nat(3), fc.nat(prefix.length), (tail, junk, cut) => {
      agreeOnBytes(Buffer.concat([prefix, tail]), junk);
      agreeOnBytes(prefix.subarray(0, cut), junk); // every truncation of the header
    }), { numRuns: 20_000 });
  });

  test('targets alike in length, middle and last byte stay apart (the target cache)', () => {
    for (const target of ['ab_x::cd', 'zz_x::cd', 'ab_x::cd', 'q', 'r', 'q']) {
      agree(`${dim('2025-11-08T10:15:06.200000Z')} ${E}[32m INFO${E}[0m ${dim(target)}${dim(':')} message`);
    }
  });

  test('the sample lines', () => {
    agree(`${dim('2025-11-08T10:15:06.200000Z')} ${E}[32m INFO${E}[0m ${dim('chronik_server')}${dim(':')} ${field(['port', '9092'])}`);
    agree(`${dim('2025-11-08T10:15:06.200000Z')} ${E}[32m INFO${E}[0m ${dim('chronik_server')}${dim(':')} raft::raft: became leader`);
    agree(`${dim('2025-11-08T10:15:06.200000Z')} ${E}[32m INFO${E}[0m ${dim('chronik_server')}${dim(':')}`);
  });
});
