import { describe, expect, test } from 'vitest';
import { stripAnsi } from '../../src/lines/index.js';

describe('stripAnsi', () => {
  const cases: { name: string; line: string; text: string; italics: number[] }[] = [
    { name: 'no escape: returned as is', line: 'plain text', text: 'plain text', italics: [] },
    { name: 'dim, colour and reset codes', line: '\x1b[2mts\x1b[0m \x1b[32m INFO\x1b[0m', text: 'ts  INFO', italics: [] },
    { name: 'multi-parameter SGR', line: 'a\x1b[1;31mb\x1b[mc', text: 'abc', italics: [] },
    {
      name: 'italic field keys are recorded at their offset in the text',
      line: 'msg \x1b[3mk\x1b[0m\x1b[2m=\x1b[0mv \x1b[3mj\x1b[0m\x1b[2m=\x1b[0mw',
      text: 'msg k=v j=w',
      italics: [4, 8],
    },
    { name: 'an ESC that starts no SGR stays', line: 'a\x1b]0;title\x07b\x1b[2mc', text: 'a\x1b]0;title\x07bc', italics: [] },
    { name: 'an unterminated SGR at the end stays', line: 'a\x1b[12', text: 'a\x1b[12', italics: [] },
    { name: 'a lone ESC at the end stays', line: 'a\x1b', text: 'a\x1b', italics: [] },
  ];

  test.each(cases)('$name', ({ line, text, italics }) => {
    const found = [99]; // stale content must be cleared
    expect(stripAnsi(line, found)).toBe(text);
    expect(found).toEqual(italics);
  });
});
