// The real sample logs and the fixtures, end to end through splitter and assembler.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LogEvent } from '../../src/lines/index.js';
import { assemble, readFixture, readSample, sampleNames } from './helpers.js';

/** The text as NO_COLOR would print it: fields follow the message after one space. */
function plainText(event: LogEvent): string {
  if (event.fields === '') return event.message;
  return event.message === '' ? event.fields : `${event.message} ${event.fields}`;
}

/** The line count of a file whose every line ends in '\n'. */
const lineCount = (bytes: Buffer): number => bytes.toString('utf8').split('\n').length - 1;

describe('sample logs', () => {
  test.each(sampleNames)('%s: every line is one parsed event, none unparsed', (name) => {
    const bytes = readSample(name);
    const { events, unparsed, tooLong } = assemble(bytes);
    expect(unparsed).toEqual([]);
    expect(tooLong).toBe(0);
    expect(events).toHaveLength(lineCount(bytes));
    for (const event of events) {
      expect(event.target).toMatch(/^[a-z_]+(::[a-z_]+)*$/);
      expect(event.time).toBeGreaterThan(1.7e9);
      expect(event.panic).toBe(false);
    }
  });

  test.each(sampleNames)('%s: levels agree with a plain text count of the level column', (name) => {
    const text = readSample(name).toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
    const { events } = assemble(readSample(name));
    for (const [level, column] of [
      ['info', 'Z  INFO '],
      ['warn', 'Z  WARN '],
      ['error', 'Z ERROR '],
    ] as const) {
      expect(events.filter((event) => event.level === level)).toHaveLength(text.split(column).length - 1);
    }
  });

  test('v2.2.1 leader: ANSI and NO_COLOR give identical events (fields rejoined to the message)', () => {
    const ansi = assemble(readSample('v2.2.1-node1-leader.ansi.log')).events;
    const plain = assemble(readSample('v2.2.1-node1-leader.log')).events;
    expect(ansi).toHaveLength(plain.length);
    expect(ansi.map((event) => ({ ...event, message: plainText(event), fields: '' }))).toEqual(plain);
    // The one line with a field in the sample is split in ANSI only.
    expect(ansi.filter((event) => event.fields !== '')).toEqual([
      expect.objectContaining({ message: 'High watermark restoration complete', fields: 'restored_count=0' }),
    ]);
  });

  test('v2.2.1 leader: spans and first/last events', () => {
    const { events } = assemble(readSample('v2.2.1-node1-leader.ansi.log'));
    expect(events[0]).toEqual({
      time: 1_762_596_902.113842,
      level: 'info',
      target: 'chronik_server',
      spans: '',
      message: 'Chronik Server v2.2.1',
      fields: '',
      panic: false,
    });
    const spanned = events.filter((event) => event.spans !== '');
    expect(spanned.length).toBeGreaterThan(0);
    for (const event of spanned) expect(event.spans).toBe('recover{data_dir=./test-data/node1/wal}');
    expect(spanned.map((event) => event.target)).toContain('chronik_wal::group_commit');
  });

  test('v2.2.1 leader in CRLF gives the same events as in LF', () => {
    const lf = readSample('v2.2.1-node1-leader.ansi.log');
    const crlf = Buffer.from(lf.toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
    expect(assemble(crlf).events).toEqual(assemble(lf).events);
  });

  test('v2.2.1 leader without its final newline: the last line still counts', () => {
    const bytes = readSample('v2.2.1-node1-leader.log');
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(cut.at(-1)).not.toBe(10);
    expect(assemble(cut).events).toEqual(assemble(bytes).events);
  });

  test('a copytruncate NUL hole before a sample is skipped and counted', () => {
    const bytes = Buffer.concat([Buffer.alloc(100_000), readSample('v2.2.1-node2-follower.log')]);
    const result = assemble(bytes, 4096);
    expect(result.nulSkipped).toBe(100_000);
    expect(result.unparsed).toEqual([]);
    expect(result.events).toEqual(assemble(readSample('v2.2.1-node2-follower.log')).events);
  });

  test('any chunking of a sample gives the same events (property)', () => {
    const bytes = readSample('v2.2.1-node1-leader.ansi.log');
    const whole = assemble(bytes).events;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 512 }), (chunkSize) => {
        expect(assemble(bytes, chunkSize).events).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});

describe('fixtures', () => {
  test('caused-by.log: the multi-line message is one event, nothing unparsed', () => {
    const { events, unparsed } = assemble(readFixture('caused-by.log'));
    expect(unparsed).toEqual([]);
    expect(events.map((event) => event.message)).toEqual([
      'became leader at term 2, raft_id: 1, term: 2',
      '⚠️  Leader failed to propose broker 2 to Raft: Failed to propose to Raft\n\nCaused by:\n    raft: proposal dropped',
      'This node is Raft leader - initializing partition metadata for existing topics',
    ]);
  });

  test('panic.log: two panics with their messages, notes and backtrace; nothing unparsed', () => {
    const { events, unparsed } = assemble(readFixture('panic.log'));
    expect(unparsed).toEqual([]);
    expect(events.map((event) => [event.panic, event.level, event.time])).toEqual([
      [false, 'info', 1_762_596_909.1],
      [true, 'error', 1_762_596_909.1],
      [false, 'error', 1_762_596_909.2],
      [true, 'error', 1_762_596_909.2],
    ]);
    expect(events[1]?.message.split('\n')).toEqual([
      "thread 'tokio-runtime-worker' panicked at /root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/raft-0.7.0/src/raw_node.rs:674:13:",
      'not leader but has new msg after advance, raft_id: 2',
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
    ]);
    expect(events[3]?.message.split('\n')).toHaveLength(7);
  });

  test('bracketed.log: the hand-edited report form parses', () => {
    const { events, unparsed } = assemble(readFixture('bracketed.log'));
    expect(unparsed).toEqual([]);
    expect(events.map((event) => event.message.trimEnd())).toEqual([
      'became leader at term 2, raft_id: 1, term: 2',
      '✓ This node is Raft leader (state=Leader), proceeding with metadata initialization',
      'This node is Raft leader - initializing partition metadata for existing topics',
    ]);
  });

  test('stderr-noise.log: a clap usage error is all unparsed', () => {
    const bytes = readFixture('stderr-noise.log');
    const { events, unparsed } = assemble(bytes);
    expect(events).toEqual([]);
    expect(unparsed).toHaveLength(lineCount(bytes));
  });

  test('fields.ansi.log: fields, span fields, multi-line field value, field without message', () => {
    const { events, unparsed } = assemble(readFixture('fields.ansi.log'));
    expect(unparsed).toEqual([]);
    expect(events.map((event) => [event.spans, event.message, event.fields])).toEqual([
      [
        '',
        'Raft RPC failed with transient error, retrying once',
        'topic=__raft_metadata partition=0 to=1 msg_type=MsgHeartbeatResponse error=status: Unavailable, message: "error trying to connect: tcp connect error: Connection refused (os error 111)", details: [], metadata: MetadataMap { headers: {} }',
      ],
      ['', 'High watermark restoration complete', 'restored_count=0'],
      ['recover{data_dir=./test-data/node1/wal}', 'Starting WAL recovery', 'segments=3'],
      [
        '',
        'Failed to restore high watermarks from segments (continuing anyway)',
        'error=Failed to read segment\n\nCaused by:\n    No such file or directory (os error 2)',
      ],
      ['', '', 'port=9092'],
    ]);
  });

  test('invalid UTF-8 inside a sample line does not throw and keeps the line', () => {
    const line = Buffer.concat([
      Buffer.from('2025-11-08T10:15:05.322442Z  INFO raft::raft: bad '),
      Buffer.from([0xff, 0xe2, 0x9c]),
      Buffer.from(' bytes\n'),
    ]);
    const { events } = assemble(line, 3);
    expect(events.map((event) => event.message)).toEqual(['bad \uFFFD\uFFFD bytes']);
  });

  test('an over-long line is dropped (not unparsed) and the next line still parses', () => {
    const long = `2025-11-08T10:15:05.322442Z  INFO raft::raft: ${'x'.repeat(5000)}\n`;
    const next = '2025-11-08T10:15:05.322443Z  INFO raft::raft: next\n';
    const result = assemble(long + next, 1000, 1024);
    expect(result.tooLong).toBe(1);
    expect(result.unparsed).toEqual([]);
    expect(result.events.map((event) => event.message)).toEqual(['next']);
  });
});
