// A cheap prefilter for a regex: text every match must contain (and whether the match must start with it).

import { parseRegex, type RegexNode } from './parse-regex.js';

const literalChar = (n: RegexNode): string | undefined => {
  if (n.kind !== 'char' || n.set.length !== 1) return undefined;
  const [lo, hi] = n.set[0] as readonly [number, number]; // length checked
  return lo === hi ? String.fromCodePoint(lo) : undefined;
};

/**
 * The longest run of plain characters in the pattern's top-level sequence ('' when there is none).
 * @example
 * requiredLiteral('^Sent (?<n>\\d+) records'); // { literal: 'Sent ', anchored: true }
 */
export function requiredLiteral(source: string): { literal: string; anchored: boolean } {
  const { node } = parseRegex(source);
  const items = node.kind === 'seq' ? node.items : [node];
  let best = { literal: '', anchored: false };
  let run = '';
  let runStart = 0;
  items.forEach((item, index) => {
    const c = literalChar(item);
    if (c !== undefined) {
      if (run === '') runStart = index;
      run += c;
    } else {
      run = '';
    }
    if (run.length > best.literal.length) {
      const anchored = runStart === 1 && items[0]?.kind === 'assert' && items[0].what === '^';
      best = { literal: run, anchored };
    }
  });
  return best;
}
