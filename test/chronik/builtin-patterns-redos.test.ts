// Log text is untrusted: no built-in pattern may backtrack badly. Proven with the exact ambiguity check that
// guards user rules (src/rules/regex), then exercised on adversarial 64 KiB messages (a hang fails the test by
// its timeout; nothing here measures time).

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { MESSAGE_RULES } from '../../src/chronik/messages.js';
import { checkRegex } from '../../src/rules/regex/index.js';

/** Patterns outside the table: classify.ts's leader id and partition-key.ts's key split (lines/ has none). */
const OTHER_PATTERNS: Record<string, RegExp> = {
  cannot_propose_leader: /^Cannot propose: this node \(id=\d+\) is not the leader \(state=\w+, leader=(\d+)\)/,
  partition_key: /^(.*)-(\d+)$/,
};

const patterns: [string, RegExp][] = [
  ...MESSAGE_RULES.flatMap((r): [string, RegExp][] => (r.pattern === undefined ? [] : [[r.id, r.pattern]])),
  ...Object.entries(OTHER_PATTERNS),
];

const SIZE = 64 * 1024;
/** Long runs of what the patterns' loops eat, after the literal that gets a match attempt that far. */
function adversarial(prefix: string): string[] {
  const fill = (unit: string): string => prefix + unit.repeat(Math.ceil((SIZE - prefix.length) / unit.length));
  return [fill('1'), fill('a'), fill(' '), fill('1, '), fill('-1'), fill('x - MESSAGE LOST'), fill('→ 1 ')];
}

describe('built-in patterns', () => {
  test.each(patterns)('%s cannot backtrack badly (exact check)', (_id, pattern) => {
    const verdict = checkRegex(pattern.source);
    expect(verdict.safe ? 'safe' : `${verdict.reason}: ${verdict.message}`).toBe('safe');
  });

  test.each(patterns)('%s finishes on adversarial 64 KiB messages', (id, pattern) => {
    const rule = MESSAGE_RULES.find((r) => r.id === id);
    for (const text of adversarial(rule?.prefix ?? '')) {
      expect(typeof pattern.test(text)).toBe('boolean');
    }
  });

  test('the patterns outside the table are the ones in the source files', () => {
    // They are module-private: check that this file's copies are literally those of the code.
    const source = (file: string): string => readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
    expect(source('chronik/classify.ts')).toContain(`/${OTHER_PATTERNS.cannot_propose_leader?.source ?? ''}/`);
    expect(source('chronik/partition-key.ts')).toContain(`/${OTHER_PATTERNS.partition_key?.source ?? ''}/`);
  });
});
