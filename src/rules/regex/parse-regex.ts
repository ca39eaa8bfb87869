// A parser for the JavaScript regex syntax (as with the `u` flag) down to what backtracking cost depends on:
// character sets, sequence, alternation, repetition and zero-width assertions. Features whose cost cannot be
// bounded by an automaton (backreferences, lookaround) are refused.

import { ANY, charSet, complement, DIGIT, DOT, single, SPACE, union, WORD, type CharSet } from './char-set.js';

export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'char'; readonly set: CharSet }
  | { readonly kind: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number }
  | { readonly kind: 'assert'; readonly what: '^' | '$' | 'b' | 'B' };

export interface ParsedRegex {
  readonly node: RegexNode;
  /** Names of the named capture groups, in order. */
  readonly names: readonly string[];
}

/** A construct the checker does not accept (the text says which). */
export class RegexSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13 };

/**
 * Parses `source` (which must already compile with `new RegExp(source, 'u')`).
 * @example
 * parseRegex('^a(?<n>\\d+)$').names; // ['n']
 */
export function parseRegex(source: string): ParsedRegex {
  const chars = [...source];
  let i = 0;
  const names: string[] = [];
  const peek = (k = 0): string | undefined => chars[i + k];
  const fail = (what: string): never => { throw new RegexSyntaxError(`${what} (at character ${i + 1})`); };
  const take = (): string => {
    const c = chars[i++];
    return c ?? fail('unexpected end of the pattern');
  };
  const code = (c: string): number => c.codePointAt(0) ?? 0;

  const hex = (n: number): number => {
    let s = '';
    for (let k = 0; k < n; k++) s += take();
    if (!/^[0-9a-fA-F]+$/.test(s)) fail('bad hexadecimal escape');
    return Number.parseInt(s, 16);
  };

  /** An escape after `\`: a set, or a single code point. `inClass`: `\b` is backspace, `-` may be escaped. */
  function escape(inClass: boolean): CharSet | 'b' | 'B' {
    const c = take();
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return complement(DIGIT);
      case 'w': return WORD;
      case 'W': return complement(WORD);
      case 's': return SPACE;
      case 'S': return complement(SPACE);
      case 'b': return inClass ? single(8) : 'b';
      case 'B': return inClass ? fail('`\\B` inside a class') : 'B';
      case '0': return single(0);
      case 'c': return single(code(take()) % 32);
      case 'x': return single(hex(2));
      case 'u': {
        if (peek() === '{') {
          i++;
          let s = '';
          while (peek() !== '}') s += take();
          i++;
          return single(Number.parseInt(s, 16));
        }
        return single(hex(4));
      }
      case 'p': case 'P': {
        // Unicode property classes: over-approximated as any code point (more paths can only find more ambiguity).
        if (take() !== '{') fail('bad property escape');
        while (take() !== '}') { /* skip the property name */ }
        return ANY;
      }
      case 'k': return fail('backreferences (`\\k<name>`) are not allowed: their cost cannot be bounded');
      default: {
        if (c >= '1' && c <= '9') return fail('backreferences (`\\1`) are not allowed: their cost cannot be bounded');
        const control = CONTROL_ESCAPES[c];
        if (control !== undefined) return single(control);
        if (SYNTAX.has(c) || (inClass && c === '-')) return single(code(c));
        return fail(`unknown escape \`\\${c}\``);
      }
    }
  }

  function charClass(): CharSet {
    const negated = peek() === '^';
    if (negated) i++;
    const parts: CharSet[] = [];
    const atom = (): CharSet => {
      const c = take();
      if (c !== '\\') return single(code(c));
      const e = escape(true);
      return typeof e === 'string' ? fail('bad escape in a class') : e;
    };
    while (peek() !== ']') {
      const from = atom();
      if (peek() === '-' && peek(1) !== ']' && peek(1) !== undefined) {
        i++;
        const to = atom();
        const lo = from[0]?.[0];
        const hi = to[0]?.[0];
        if (from.length !== 1 || to.length !== 1 || lo === undefined || hi === undefined || from[0]?.[1] !== lo || to[0]?.[1] !== hi) fail('a class range needs single characters at both ends');
        parts.push(charSet([[lo ?? 0, hi ?? 0]]));
      } else {
        parts.push(from);
      }
    }
    i++; // ]
    const set = union(...parts);
    return negated ? complement(set) : set;
  }

  function quantifier(): { min: number; max: number } | undefined {
    const c = peek();
    let q: { min: number; max: number } | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(chars.slice(i, i + 24).join(''));
      if (m === null) return fail('a `{` that is not a quantifier');
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
      i += m[0].length - 1;
      q = { min, max };
    }
    if (q === undefined) return undefined;
    i++;
    if (peek() === '?') i++; // lazy: the same paths in another order
    return q;
  }

  function term(): RegexNode | undefined {
    const c = peek();
    if (c === undefined || c === '|' || c === ')') return undefined;
    if (c === '^' || c === '$') {
      i++;
      return { kind: 'assert', what: c };
    }
    let atom: RegexNode;
    i++;
    if (c === '.') atom = { kind: 'char', set: DOT };
    else if (c === '[') atom = { kind: 'char', set: charClass() };
    else if (c === '\\') {
      const e = escape(false);
      if (e === 'b' || e === 'B') return { kind: 'assert', what: e };
      atom = { kind: 'char', set: e };
    } else if (c === '(') {
      if (peek() === '?') {
        i++;
        const kind = take();
        if (kind === '<' && peek() !== '=' && peek() !== '!') {
          let name = '';
          while (peek() !== '>') name += take();
          i++;
          names.push(name);
        } else if (kind !== ':') {
          fail('lookahead and lookbehind are not allowed: their cost cannot be bounded');
        }
      }
      atom = disjunction();
      if (take() !== ')') fail('expected `)`');
    } else {
      atom = { kind: 'char', set: single(code(c)) };
    }
    const q = quantifier();
    return q === undefined ? atom : { kind: 'repeat', node: atom, min: q.min, max: q.max };
  }

  function alternative(): RegexNode {
    const items: RegexNode[] = [];
    for (let t = term(); t !== undefined; t = term()) items.push(t);
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? (items[0] as RegexNode) : { kind: 'seq', items }; // length checked
  }

  function disjunction(): RegexNode {
    const options = [alternative()];
    while (peek() === '|') {
      i++;
      options.push(alternative());
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alt', options }; // length checked
  }

  const node = disjunction();
  if (i < chars.length) fail('unbalanced `)`');
  return { node, names };
}
