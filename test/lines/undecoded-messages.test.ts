// Messages left in their line's bytes must come out as if decoded up front, whatever happens to the bytes after
// the owner settled them, and the splitter offers only bytes that stay put until push returns.

import { describe, expect, test } from 'vitest';
import { createEventAssembler, createLineSplitter, type LogEvent } from '../../src/lines/index.js';

const E = '\x1b';
const dim = (s: string): string => `${E}[2m${s}${E}[0m`;
const line = (message: string): string => `${dim('2025-11-08T10:15:05.322442Z')} ${E}[32m INFO${E}[0m ${dim('chronik_server')}${dim(':')} ${message}`;

describe('undecoded messages', () => {
  test('an event read after settle() keeps its message when the buffer is reused', () => {
    const events: LogEvent[] = [];
    const assembler = createEventAssembler({ onEvent: (e) => events.push(e), onUnparsed() {}, undecodedMessages: true });
    const buffer = Buffer.from(line('✅ first message'));
    expect(assembler.lineBytes(buffer, 0, buffer.length)).toBe(true);
    assembler.settle();
    buffer.fill(0x41); // the owner's next read
    assembler.line('    continued');
    assembler.flush();
    expect(events.map((e) => [e.message, e.raw])).toEqual([['✅ first message\n    continued', undefined]]);
  });

  test('until read, the event carries its bytes; reading decodes once', () => {
    const events: LogEvent[] = [];
    const assembler = createEventAssembler({ onEvent: (e) => events.push(e), onUnparsed() {}, undecodedMessages: true });
    const buffer = Buffer.from(`junk${line('plain text')}junk`);
    assembler.lineBytes(buffer, 4, buffer.length - 4);
    assembler.flush();
    const [event] = events;
    expect(event?.raw?.bytes.toString('utf8', event.raw.start, event.raw.end)).toBe('plain text');
    expect(event?.message).toBe('plain text');
    expect(event?.raw).toBeUndefined();
  });

  test('without the option, messages are decoded up front (plain events)', () => {
    const events: LogEvent[] = [];
    const assembler = createEventAssembler({ onEvent: (e) => events.push(e), onUnparsed() {} });
    const buffer = Buffer.from(line('plain text'));
    assembler.lineBytes(buffer, 0, buffer.length);
    assembler.flush();
    expect(events[0]).toEqual({ time: 1_762_596_905.322442, level: 'info', target: 'chronik_server', spans: '', message: 'plain text', fields: '', panic: false });
  });

  test('the splitter offers bytes only for lines inside the pushed chunk', () => {
    const offered: string[] = [];
    const decoded: string[] = [];
    const splitter = createLineSplitter({
      maxLineBytes: 1000,
      onLine: (l) => decoded.push(l),
      onLineBytes: (bytes, start, end) => { offered.push(bytes.toString('utf8', start, end)); return true; },
      onTooLong() {},
      onNulSkipped() {},
    });
    splitter.push(Buffer.from('one\ntw'));
    splitter.push(Buffer.from('o\nthree\nfo'));
    splitter.end();
    expect(offered).toEqual(['one', 'three']);
    expect(decoded).toEqual(['two', 'fo']);
  });

  test('a taker that read ahead skips the splitter to where it says, and lines go on from there', () => {
    const offered: string[] = [];
    const splitter = createLineSplitter({
      maxLineBytes: 1000,
      onLine: (l) => offered.push(`decoded ${l}`),
      onLineBytes: (bytes, start, end) => {
        const text = bytes.toString('utf8', start, end);
        offered.push(text);
        return text === 'a' ? bytes.indexOf('d') : true; // took a, b\r and c
      },
      onTooLong() {},
      onNulSkipped() {},
    });
    splitter.push(Buffer.from('a\nb\r\nc\nd\ne'));
    splitter.push(Buffer.from('f\ng\n'));
    splitter.end();
    expect(offered).toEqual(['a', 'd', 'decoded ef', 'g']);
  });
});
