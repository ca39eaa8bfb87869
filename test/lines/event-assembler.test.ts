import { describe, expect, test } from 'vitest';
import { createEventAssembler, type LogEvent } from '../../src/lines/index.js';

type Output = ['event', Partial<LogEvent>] | ['unparsed', string];

/** Feeds lines (a `null` entry is a flush) and records the outputs in order. */
function run(lines: readonly (string | null)[]): Output[] {
  const out: Output[] = [];
  const assembler = createEventAssembler({
    onEvent: (event) => out.push(['event', event]),
    onUnparsed: (line) => out.push(['unparsed', line]),
  });
  for (const line of lines) {
    if (line === null) assembler.flush();
    else assembler.line(line);
  }
  assembler.flush();
  return out;
}

const header = (time: string, rest: string): string => `2025-11-08T10:15:${time}Z ${rest}`;
const T5 = 1_762_596_905.329442;
/** An event with at least these properties (an asymmetric matcher inside the expected outputs). */
const event = (fields: Partial<LogEvent>): Output => ['event', expect.objectContaining(fields)];

describe('createEventAssembler', () => {
  const cases: { name: string; lines: (string | null)[]; expected: Output[] }[] = [
    {
      name: 'each header line is one event, emitted when the next arrives or on flush',
      lines: [header('05.329442', ' INFO a::b: one'), header('05.329443', ' WARN a::b: two')],
      expected: [event({ message: 'one', level: 'info' }), event({ message: 'two', level: 'warn' })],
    },
    {
      name: 'anyhow Caused by: block (catalog §1.3) joins its event',
      lines: [
        header('05.329442', ' WARN chronik_server::integrated_server: ⚠️  Leader failed to propose broker 2 to Raft: Failed to propose to Raft'),
        '',
        'Caused by:',
        '    raft: proposal dropped',
        header('05.330000', ' INFO a::b: next'),
      ],
      expected: [
        event({
          time: T5,
          panic: false,
          message: '⚠️  Leader failed to propose broker 2 to Raft: Failed to propose to Raft\n\nCaused by:\n    raft: proposal dropped',
        }),
        event({ message: 'next' }),
      ],
    },
    {
      name: 'Stack backtrace: and tab-indented lines are continuations',
      lines: [header('05.329442', 'ERROR a::b: failed'), 'Stack backtrace:', '\t0: frame'],
      expected: [event({ message: 'failed\nStack backtrace:\n\t0: frame' })],
    },
    {
      name: 'a line without header that is no continuation is unparsed, and detaches what follows',
      lines: [header('05.329442', ' INFO a::b: one'), 'garbage', '    indented after garbage', header('05.329443', ' INFO a::b: two')],
      expected: [
        event({ message: 'one' }),
        ['unparsed', 'garbage'],
        ['unparsed', '    indented after garbage'],
        event({ message: 'two' }),
      ],
    },
    {
      name: 'continuation lines before any event are unparsed',
      lines: ['', '    indented', 'Caused by:'],
      expected: [
        ['unparsed', ''],
        ['unparsed', '    indented'],
        ['unparsed', 'Caused by:'],
      ],
    },
    {
      name: 'a continuation after flush() is consumed (not unparsed) but dropped',
      lines: [header('05.329442', 'ERROR a::b: failed'), null, '', 'Caused by:', '    x', header('05.329443', ' INFO a::b: next')],
      expected: [event({ message: 'failed' }), event({ message: 'next' })],
    },
    {
      name: 'hand-edited [ts] form: the wrapped message becomes the message, trimmed',
      lines: [
        '[2025-11-07T23:01:07.413443Z] INFO chronik_server::integrated_server:',
        '  ✓ This node is Raft leader (state=Leader), proceeding with metadata initialization',
        '',
        '[2025-11-07T23:01:07.413466Z] INFO chronik_server::integrated_server:',
        '  This node is Raft leader - initializing partition metadata for existing topics',
      ],
      expected: [
        event({ message: '✓ This node is Raft leader (state=Leader), proceeding with metadata initialization\n', target: 'chronik_server::integrated_server' }),
        event({ message: 'This node is Raft leader - initializing partition metadata for existing topics', time: 1_762_556_467.413466 }),
      ],
    },
    {
      name: 'a panic is its own event with the previous event time; its message and note join it',
      lines: [
        header('05.329442', ' INFO raft::raft: became follower at term 3, raft_id: 2, term: 3'),
        "thread 'tokio-runtime-worker' panicked at /x/raft-0.7.0/src/raw_node.rs:674:13:",
        'not leader but has new msg after advance, raft_id: 2',
        'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
        header('05.400000', 'ERROR a::b: after'),
      ],
      expected: [
        event({ panic: false }),
        [
          'event',
          {
            time: T5,
            level: 'error',
            target: '',
            spans: '',
            fields: '',
            panic: true,
            message:
              "thread 'tokio-runtime-worker' panicked at /x/raft-0.7.0/src/raw_node.rs:674:13:\nnot leader but has new msg after advance, raft_id: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
          },
        ],
        event({ message: 'after' }),
      ],
    },
    {
      name: 'a panic before any event has time 0; a stack backtrace block belongs to it',
      lines: [
        "thread 'main' (4242) panicked at src/main.rs:10:5:",
        'boom',
        'stack backtrace:',
        '   0: rust_begin_unwind',
        '             at /rustc/abc/library/std/src/panicking.rs:665:5',
        'note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.',
        'after the panic',
      ],
      expected: [
        event({
          time: 0,
          panic: true,
          message:
            "thread 'main' (4242) panicked at src/main.rs:10:5:\nboom\nstack backtrace:\n   0: rust_begin_unwind\n             at /rustc/abc/library/std/src/panicking.rs:665:5\nnote: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.",
        }),
        ['unparsed', 'after the panic'],
      ],
    },
    {
      name: 'note: and stack backtrace: after an ordinary event are unparsed (they belong to panics only)',
      lines: [header('05.329442', ' INFO a::b: one'), 'note: hello', 'stack backtrace:'],
      expected: [event({ message: 'one' }), ['unparsed', 'note: hello'], ['unparsed', 'stack backtrace:']],
    },
    {
      name: 'the panic message line is taken even when flushed in between, and not reported as unparsed',
      lines: ["thread 'main' panicked at src/main.rs:1:1:", null, 'message line', 'note: x'],
      expected: [event({ panic: true, message: "thread 'main' panicked at src/main.rs:1:1:" })],
    },
    {
      name: 'a header right after a panic header ends the panic',
      lines: ["thread 'main' panicked at src/main.rs:1:1:", header('05.329442', ' INFO a::b: next')],
      expected: [event({ panic: true, message: "thread 'main' panicked at src/main.rs:1:1:" }), event({ message: 'next' })],
    },
    {
      name: 'a line that merely mentions a panic is unparsed',
      lines: ["thread 'main' did not panic", "thread main panicked at x"],
      expected: [
        ['unparsed', "thread 'main' did not panic"],
        ['unparsed', 'thread main panicked at x'],
      ],
    },
    {
      name: 'ANSI: a multi-line field value continues the fields, not the message',
      lines: [
        '\x1b[2m2025-11-08T10:15:06.190000Z\x1b[0m \x1b[33m WARN\x1b[0m \x1b[2ma::b\x1b[0m\x1b[2m:\x1b[0m Failed to restore \x1b[3merror\x1b[0m\x1b[2m=\x1b[0mFailed to read',
        '',
        'Caused by:',
        '    os error 2',
      ],
      expected: [event({ message: 'Failed to restore', fields: 'error=Failed to read\n\nCaused by:\n    os error 2' })],
    },
    {
      name: 'ANSI: fields that start on a continuation line are split off there',
      lines: [
        '\x1b[2m2025-11-08T10:15:06.190000Z\x1b[0m \x1b[33m WARN\x1b[0m \x1b[2ma::b\x1b[0m\x1b[2m:\x1b[0m first line',
        '  second line \x1b[3mcode\x1b[0m\x1b[2m=\x1b[0m7',
      ],
      expected: [event({ message: 'first line\n  second line', fields: 'code=7' })],
    },
  ];

  test.each(cases)('$name', ({ lines, expected }) => {
    expect(run(lines)).toEqual(expected);
  });

  test('flush() emits the pending event at once and only once', () => {
    const events: LogEvent[] = [];
    const assembler = createEventAssembler({ onEvent: (e) => events.push(e), onUnparsed() {} });
    assembler.line(header('05.329442', ' INFO a::b: one'));
    expect(events).toHaveLength(0);
    assembler.flush();
    expect(events).toHaveLength(1);
    assembler.flush();
    expect(events).toHaveLength(1);
  });
});
