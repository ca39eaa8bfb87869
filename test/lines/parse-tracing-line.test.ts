import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseTracingLine, type ParsedLine } from '../../src/lines/index.js';

const E = '\x1b';
/** tracing-subscriber's ANSI wrapping of one field (catalog §1.2). */
const field = (key: string, value: string): string => `${E}[3m${key}${E}[0m${E}[2m=${E}[0m${value}`;
const ansiTarget = (target: string): string => `${E}[2m${target}${E}[0m${E}[2m:${E}[0m `;
const ansiTs = (ts: string): string => `${E}[2m${ts}${E}[0m `;

const T = 1_762_596_905.322442; // 2025-11-08T10:15:05.322442Z

describe('parseTracingLine', () => {
  const parsed: { name: string; line: string; expected: ParsedLine }[] = [
    {
      name: 'NO_COLOR INFO line (level padded to 5)',
      line: '2025-11-08T10:15:05.322442Z  INFO raft::raft: became leader at term 2, raft_id: 1, term: 2',
      expected: { time: T, level: 'info', spans: '', target: 'raft::raft', message: 'became leader at term 2, raft_id: 1, term: 2', fields: '' },
    },
    {
      name: 'ERROR line with a Cannot propose text',
      line: '2025-11-08T10:15:05.325942Z ERROR chronik_server::leader_election: ❌ Failed to elect leader for __meta-0: Cannot propose: this node (id=2) is not the leader (state=Follower, leader=1)',
      expected: {
        time: 1_762_596_905.325942,
        level: 'error',
        spans: '',
        target: 'chronik_server::leader_election',
        message: '❌ Failed to elect leader for __meta-0: Cannot propose: this node (id=2) is not the leader (state=Follower, leader=1)',
        fields: '',
      },
    },
    {
      name: 'ANSI line (catalog §1.3) gives the same as NO_COLOR',
      line: `${ansiTs('2025-11-08T10:15:05.322442Z')}${E}[32m INFO${E}[0m ${ansiTarget('raft::raft')}became leader at term 2, raft_id: 1, term: 2`,
      expected: { time: T, level: 'info', spans: '', target: 'raft::raft', message: 'became leader at term 2, raft_id: 1, term: 2', fields: '' },
    },
    {
      name: 'one-segment target, message with leading spaces kept',
      line: '2025-11-08T10:15:02.114251Z  INFO chronik_server:   Node ID: 1',
      expected: { time: 1_762_596_902.114251, level: 'info', spans: '', target: 'chronik_server', message: '  Node ID: 1', fields: '' },
    },
    {
      name: 'span with fields (catalog §1.3)',
      line: '2025-11-08T10:15:06.184142Z  INFO recover{data_dir=./test-data/node1/wal}: chronik_wal::manager: Starting WAL recovery from "./test-data/node1/wal" (v1.3.53: using GroupCommitWal only)',
      expected: {
        time: 1_762_596_906.184142,
        level: 'info',
        spans: 'recover{data_dir=./test-data/node1/wal}',
        target: 'chronik_wal::manager',
        message: 'Starting WAL recovery from "./test-data/node1/wal" (v1.3.53: using GroupCommitWal only)',
        fields: '',
      },
    },
    {
      name: 'span with fields before a one-segment target',
      line: '2025-11-08T10:15:06.000001Z  INFO start{node_id=1}: chronik_server: Starting',
      expected: { time: 1_762_596_906.000001, level: 'info', spans: 'start{node_id=1}', target: 'chronik_server', message: 'Starting', fields: '' },
    },
    {
      name: 'span chain, the last span fieldless, several fields with spaces',
      line: '2025-11-08T10:15:06.000001Z DEBUG conn{peer=1.2.3.4:9092 id=7}:handle_request{api_key=Produce}:produce: chronik_server::produce_handler: done',
      expected: {
        time: 1_762_596_906.000001,
        level: 'debug',
        spans: 'conn{peer=1.2.3.4:9092 id=7}:handle_request{api_key=Produce}:produce',
        target: 'chronik_server::produce_handler',
        message: 'done',
        fields: '',
      },
    },
    {
      name: 'fieldless span before an a::b target',
      line: '2025-11-08T10:15:06.000001Z TRACE handle_request: chronik_server::kafka_handler: request',
      expected: { time: 1_762_596_906.000001, level: 'trace', spans: 'handle_request', target: 'chronik_server::kafka_handler', message: 'request', fields: '' },
    },
    {
      name: 'span field value containing ": " and braces',
      line: '2025-11-08T10:15:06.000001Z  WARN rpc{err=status: Unavailable, meta: {a}}: chronik_raft::transport::grpc: retry',
      expected: {
        time: 1_762_596_906.000001,
        level: 'warn',
        spans: 'rpc{err=status: Unavailable, meta: {a}}',
        target: 'chronik_raft::transport::grpc',
        message: 'retry',
        fields: '',
      },
    },
    {
      name: 'span field with an unbalanced brace in a string',
      line: '2025-11-08T10:15:06.000001Z  INFO q{text="{"}: chronik_server::x: done',
      expected: { time: 1_762_596_906.000001, level: 'info', spans: 'q{text="{"}', target: 'chronik_server::x', message: 'done', fields: '' },
    },
    {
      name: 'a message holding a path and ": " later on is not a span',
      line: '2025-11-08T10:15:06.000001Z  INFO chronik_server: calling raft::raft: text',
      expected: { time: 1_762_596_906.000001, level: 'info', spans: '', target: 'chronik_server', message: 'calling raft::raft: text', fields: '' },
    },
    {
      name: 'ambiguous `a: b::c: msg` is read as a fieldless span, as tracing would print one',
      line: '2025-11-08T10:15:06.000001Z  INFO chronik_server: raft::raft: text',
      expected: { time: 1_762_596_906.000001, level: 'info', spans: 'chronik_server', target: 'raft::raft', message: 'text', fields: '' },
    },
    {
      name: 'ANSI fields are split from the message',
      line: `${ansiTs('2025-11-08T10:15:06.174942Z')}${E}[32m INFO${E}[0m ${ansiTarget('chronik_server::integrated_server')}High watermark restoration complete ${field('restored_count', '0')}`,
      expected: {
        time: 1_762_596_906.174942,
        level: 'info',
        spans: '',
        target: 'chronik_server::integrated_server',
        message: 'High watermark restoration complete',
        fields: 'restored_count=0',
      },
    },
    {
      name: 'ANSI span fields are not event fields; several event fields',
      line: `${ansiTs('2025-11-08T10:15:06.184142Z')}${E}[32m INFO${E}[0m ${E}[1mrecover${E}[0m${E}[1m{${E}[0m${field('data_dir', './wal')}${E}[1m}${E}[0m${E}[2m:${E}[0m ${ansiTarget('chronik_wal::manager')}Recovered ${field('segments', '3')} ${field('bytes', '10')}`,
      expected: {
        time: 1_762_596_906.184142,
        level: 'info',
        spans: 'recover{data_dir=./wal}',
        target: 'chronik_wal::manager',
        message: 'Recovered',
        fields: 'segments=3 bytes=10',
      },
    },
    {
      name: 'ANSI event with fields and no message',
      line: `${ansiTs('2025-11-08T10:15:06.200000Z')}${E}[32m INFO${E}[0m ${ansiTarget('chronik_server')}${field('port', '9092')}`,
      expected: { time: 1_762_596_906.2, level: 'info', spans: '', target: 'chronik_server', message: '', fields: 'port=9092' },
    },
    {
      name: 'NO_COLOR fields stay in the message',
      line: '2025-11-08T10:15:06.174942Z  INFO chronik_server::integrated_server: High watermark restoration complete restored_count=0',
      expected: {
        time: 1_762_596_906.174942,
        level: 'info',
        spans: '',
        target: 'chronik_server::integrated_server',
        message: 'High watermark restoration complete restored_count=0',
        fields: '',
      },
    },
    {
      name: 'escaped ESC text in a message (tracing 0.3.20) is plain text',
      line: '2026-07-23T09:41:18.020918Z  INFO chronik_server::cluster::server_setup: â\\u{9c}\\u{93} IntegratedKafkaServer \\x1b[3m initialized',
      expected: {
        time: 1_784_799_678.020918,
        level: 'info',
        spans: '',
        target: 'chronik_server::cluster::server_setup',
        message: 'â\\u{9c}\\u{93} IntegratedKafkaServer \\x1b[3m initialized',
        fields: '',
      },
    },
    {
      name: 'bracketed hand-edited form, single space, unpadded level',
      line: '[2025-11-07T23:01:05.407713Z] INFO raft::raft: became leader at term 2, raft_id: 1, term: 2',
      expected: { time: 1_762_556_465.407713, level: 'info', spans: '', target: 'raft::raft', message: 'became leader at term 2, raft_id: 1, term: 2', fields: '' },
    },
    {
      name: 'bracketed form with the message wrapped onto the next line',
      line: '[2025-11-07T23:01:07.413443Z] INFO chronik_server::integrated_server:',
      expected: { time: 1_762_556_467.413443, level: 'info', spans: '', target: 'chronik_server::integrated_server', message: '', fields: '' },
    },
    {
      name: 'empty message (target followed by ": " and nothing)',
      line: '2025-11-08T10:15:05.322442Z  WARN raft::raft: ',
      expected: { time: T, level: 'warn', spans: '', target: 'raft::raft', message: '', fields: '' },
    },
    {
      name: 'every level: WARN',
      line: '2025-11-08T10:15:05.322442Z  WARN a::b: m',
      expected: { time: T, level: 'warn', spans: '', target: 'a::b', message: 'm', fields: '' },
    },
    {
      name: 'every level: DEBUG',
      line: '2025-11-08T10:15:05.322442Z DEBUG a::b: m',
      expected: { time: T, level: 'debug', spans: '', target: 'a::b', message: 'm', fields: '' },
    },
    {
      name: 'every level: TRACE',
      line: '2025-11-08T10:15:05.322442Z TRACE a::b: m',
      expected: { time: T, level: 'trace', spans: '', target: 'a::b', message: 'm', fields: '' },
    },
    {
      name: 'leap day',
      line: '2024-02-29T23:59:59.999999Z  INFO a: m',
      expected: { time: 1_709_251_199.999999, level: 'info', spans: '', target: 'a', message: 'm', fields: '' },
    },
  ];

  test.each(parsed)('$name', ({ line, expected }) => {
    expect(parseTracingLine(line)).toEqual(expected);
  });

  const rejected: { name: string; line: string }[] = [
    { name: 'empty line', line: '' },
    { name: 'indented continuation', line: '    raft: proposal dropped' },
    { name: 'Caused by:', line: 'Caused by:' },
    { name: 'panic header', line: "thread 'tokio-runtime-worker' panicked at src/raw_node.rs:674:13:" },
    { name: 'clap usage error', line: "error: unexpected argument '--foo' found" },
    { name: 'timestamp without Z', line: '2025-11-08T10:15:05.322442  INFO raft::raft: m' },
    { name: 'timestamp with 3 fraction digits', line: '2025-11-08T10:15:05.322Z  INFO raft::raft: m' },
    { name: 'impossible date (31 February)', line: '2025-02-31T10:15:05.322442Z  INFO raft::raft: m' },
    { name: 'month 13', line: '2025-13-01T10:15:05.322442Z  INFO raft::raft: m' },
    { name: 'hour 24', line: '2025-11-08T24:15:05.322442Z  INFO raft::raft: m' },
    { name: 'minute 60', line: '2025-11-08T10:60:05.322442Z  INFO raft::raft: m' },
    { name: 'non-digit in the fraction', line: '2025-11-08T10:15:05.3224x2Z  INFO raft::raft: m' },
    { name: 'unknown level', line: '2025-11-08T10:15:05.322442Z  NOTE raft::raft: m' },
    { name: 'lower-case level', line: '2025-11-08T10:15:05.322442Z  info raft::raft: m' },
    { name: 'level glued to the timestamp', line: '2025-11-08T10:15:05.322442ZINFO raft::raft: m' },
    { name: 'no target', line: '2025-11-08T10:15:05.322442Z  INFO became leader' },
    { name: 'target with a dash', line: '2025-11-08T10:15:05.322442Z  INFO raft-rs: m' },
    { name: 'target without ": "', line: '2025-11-08T10:15:05.322442Z  INFO raft::raft:m' },
    { name: 'spans without a valid target after them', line: '2025-11-08T10:15:05.322442Z  INFO recover{a=1}: not a target: m' },
    { name: 'unclosed bracket', line: '[2025-11-07T23:01:05.407713Z INFO raft::raft: m' },
    { name: 'truncated line', line: '2025-11-08T10:15:05.3' },
  ];

  test.each(rejected)('rejects $name', ({ line }) => {
    expect(parseTracingLine(line)).toBeUndefined();
  });

  test('times across hours and days (the hour cache) match Date.parse', () => {
    const stamps = [
      '2025-11-08T10:59:59.999999Z',
      '2025-11-08T11:00:00.000000Z',
      '2025-11-08T10:00:00.000001Z',
      '2025-12-31T23:59:59.500000Z',
      '2026-01-01T00:00:00.250000Z',
      '2025-11-08T11:00:00.000000Z',
    ];
    for (const stamp of stamps) {
      const expected = Date.parse(stamp) / 1000 + Number(stamp.slice(23, 26)) / 1e6;
      expect(parseTracingLine(`${stamp}  INFO a::b: m`)?.time).toBeCloseTo(expected, 6);
    }
  });

  test('any timestamp gives exact unix microseconds (property, against Date)', () => {
    const micros = fc.integer({ min: 0, max: 999_999 });
    // 1970 … 2199, so that every hour-cache hit and miss pattern comes up.
    const millis = fc.integer({ min: 0, max: 7_258_118_399_000 }).map((value) => value - (value % 1000));
    fc.assert(
      fc.property(millis, micros, (ms, us) => {
        const stamp = `${new Date(ms).toISOString().slice(0, 19)}.${String(us).padStart(6, '0')}Z`;
        expect(parseTracingLine(`${stamp} ERROR a::b: m`)?.time).toBe((ms * 1000 + us) / 1e6);
      }),
      { numRuns: 3000 },
    );
  });
});
