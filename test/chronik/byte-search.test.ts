// The byte search that rules `Cannot propose` in or out before a message is decoded: exactly Buffer.indexOf's answer
// within the range, never a byte outside it.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createByteFinder } from '../../src/chronik/byte-search.js';

const TEXT = 'Cannot propose: this node (id=';

describe('createByteFinder', () => {
  test('finds the text where Buffer.indexOf does, in any range, with near misses and repeated pairs around', () => {
    const has = createByteFinder(TEXT);
    const pieces = fc.constantFrom(TEXT, TEXT.slice(0, 20), TEXT.slice(5), 'Cannot propose: this node (id', 'nn', 'e ', 'd=', '(id=', 'Cannot', ' ', 'x', '✅', 'é');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }), fc.nat(400), fc.nat(400), (parts, a, b) => {
      const bytes = Buffer.from(parts.join(''));
      const start = Math.min(a, b, bytes.length);
      const end = Math.min(Math.max(a, b), bytes.length);
      const expected = Buffer.from(bytes.subarray(start, end)).indexOf(TEXT) !== -1;
      expect(has(bytes, start, end)).toBe(expected);
    }), { numRuns: 5000 });
  });

  test('short texts and texts with repeated pairs', () => {
    for (const text of ['ab', 'aa', 'aaa', 'abab', 'abcab']) {
      const has = createByteFinder(text);
      fc.assert(fc.property(fc.stringMatching(/^[abc]{0,30}$/), (s) => {
        const bytes = Buffer.from(s);
        expect(has(bytes, 0, bytes.length)).toBe(s.includes(text));
      }), { numRuns: 2000 });
    }
    expect(() => createByteFinder('a')).toThrow(/2 bytes or more/);
  });
});
