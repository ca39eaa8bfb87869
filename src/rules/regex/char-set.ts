// Sets of code points as sorted, disjoint, non-adjacent [lo, hi] intervals.

export type CharSet = readonly (readonly [number, number])[];

export const MAX_CODE_POINT = 0x10ffff;
export const ANY: CharSet = [[0, MAX_CODE_POINT]];
export const EMPTY: CharSet = [];

/** Normalises any list of intervals. */
export function charSet(intervals: readonly (readonly [number, number])[]): CharSet {
  const sorted = [...intervals].filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export const single = (c: number): CharSet => [[c, c]];
export const union = (...sets: CharSet[]): CharSet => charSet(sets.flat());

export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as readonly [number, number]; // i < a.length
    const y = b[j] as readonly [number, number]; // j < b.length
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

const range = (a: string, b: string): [number, number] => [a.codePointAt(0) ?? 0, b.codePointAt(0) ?? 0];
export const DIGIT: CharSet = [range('0', '9')];
export const WORD: CharSet = charSet([range('0', '9'), range('A', 'Z'), range('_', '_'), range('a', 'z')]);
/** ECMAScript WhiteSpace and LineTerminator. */
export const SPACE: CharSet = charSet([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f],
  [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
/** `.` without the s flag: anything but a line terminator. */
export const DOT: CharSet = complement(charSet([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]));
