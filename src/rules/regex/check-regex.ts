// Proves at load time that a user regex cannot backtrack badly on any input, or says why it could.
//
// A backtracking matcher that fails explores every path of the automaton it walks (backtracking-automaton.ts).
// Its work is linear in the input exactly when that automaton is finitely ambiguous (Weber & Seidl): there is
// no state with two different cycles on one word (EDA: exponential work, `(a+)+$`, `(a|a)*b`), and no two states
// p ≠ q with p→p, p→q, q→q all on one word (IDA: polynomial work, `\d+\d+x`, or `\d+ms` tried at every offset).
// Both are decided exactly on product automata. Paths that reach a point from which the match must succeed (only
// more of the same, then the end, with no `$` or `\b` to fail) are cut there: the matcher stops at the first
// success, so `error: (?<msg>.*)` is accepted while `error: (?<msg>.*)$` is not.

import { intersect, type CharSet } from './char-set.js';
import { buildAutomaton, TooComplexError, type Automaton } from './backtracking-automaton.js';
import { parseRegex, RegexSyntaxError, type RegexNode } from './parse-regex.js';

export type RegexVerdict =
  | { readonly safe: true; readonly names: readonly string[] }
  | { readonly safe: false; readonly reason: 'syntax' | 'unsupported' | 'exponential' | 'polynomial' | 'too-complex'; readonly message: string };

const TRIPLE_BUDGET = 3_000_000;

const anchoredAtStart = (n: RegexNode): boolean =>
  (n.kind === 'assert' && n.what === '^') || (n.kind === 'seq' && n.items[0] !== undefined && anchoredAtStart(n.items[0]));

/** Positions from which the match can only succeed: the end is reachable freely and every successor is such too. */
function successSinks(a: Automaton): boolean[] {
  const sink = a.acceptsFreely.slice();
  for (let changed = true; changed;) {
    changed = false;
    for (let k = 0; k < sink.length; k++) {
      if (!sink[k]) continue;
      for (const to of a.edges[k]?.keys() ?? []) {
        if (!sink[to]) {
          sink[k] = false;
          changed = true;
          break;
        }
      }
    }
  }
  return sink;
}

/** Tarjan's strongly connected components over nodes 0..n-1 (iterative). */
function components(n: number, next: (v: number) => Iterable<number>): number[] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const comp = new Array<number>(n).fill(-1);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  let counter = 0;
  let comps = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; it: Iterator<number> }[] = [{ v: root, it: next(root)[Symbol.iterator]() }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const top = work[work.length - 1] as { v: number; it: Iterator<number> }; // non-empty
      const step = top.it.next();
      if (!step.done) {
        const w = step.value;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push({ v: w, it: next(w)[Symbol.iterator]() });
        } else if (onStack[w]) {
          low[top.v] = Math.min(low[top.v] as number, index[w] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent.v] = Math.min(low[parent.v] as number, low[top.v] as number);
      if (low[top.v] === index[top.v]) {
        for (;;) {
          const w = stack.pop() as number; // the root is on the stack
          onStack[w] = false;
          comp[w] = comps;
          if (w === top.v) break;
        }
        comps++;
      }
    }
  }
  return comp;
}

function analyse(a: Automaton): 'exponential' | 'polynomial' | undefined {
  const n = a.sets.length;
  const sink = successSinks(a);
  if (sink[0]) return undefined;
  // Successors that keep the matcher searching (a success sink ends the search).
  const succ: (readonly [number, number])[][] = a.edges.map((m) => [...m].filter(([to]) => !sink[to]));
  const overlapCache = new Map<number, CharSet>();
  const overlap = (x: number, y: number): CharSet => {
    const key = x < y ? x * n + y : y * n + x;
    let s = overlapCache.get(key);
    if (s === undefined) overlapCache.set(key, (s = intersect(a.sets[x] as CharSet, a.sets[y] as CharSet))); // positions < n
    return s;
  };

  // EDA: in the pair automaton, a component holding a diagonal pair and a step where the two paths differ.
  const pairId = new Map<number, number>();
  const pairs: [number, number][] = [];
  const pairEdges: { to: number; distinct: boolean }[][] = [];
  const idOf = (p: number, q: number): number => {
    const key = p * n + q;
    let id = pairId.get(key);
    if (id === undefined) {
      id = pairs.length;
      pairId.set(key, id);
      pairs.push([p, q]);
      pairEdges.push([]);
    }
    return id;
  };
  idOf(0, 0);
  for (let id = 0; id < pairs.length; id++) {
    if (pairs.length > TRIPLE_BUDGET) throw new TooComplexError('too many state pairs');
    const [p, q] = pairs[id] as [number, number]; // id < pairs.length
    for (const [f1, m1] of succ[p] ?? []) {
      for (const [f2] of succ[q] ?? []) {
        if (overlap(f1, f2).length === 0) continue;
        const distinct = p !== q || f1 !== f2 || m1 > 1;
        pairEdges[id]?.push({ to: idOf(f1, f2), distinct });
      }
    }
  }
  const pairComp = components(pairs.length, (v) => (pairEdges[v] ?? []).map((e) => e.to));
  const diagonal = new Set<number>();
  pairs.forEach(([p, q], id) => { if (p === q) diagonal.add(pairComp[id] as number); });
  for (let id = 0; id < pairs.length; id++) {
    for (const e of pairEdges[id] ?? []) {
      if (e.distinct && pairComp[id] === pairComp[e.to] && diagonal.has(pairComp[id] as number)) return 'exponential';
    }
  }

  // IDA: p ≠ q, both on cycles, with p→p, p→q, q→q on one word: (p,p,q) reaches (p,q,q) in the triple automaton.
  const comp = components(n, (v) => (succ[v] ?? []).map(([to]) => to));
  const cyclic = new Array<boolean>(n).fill(false);
  for (let v = 0; v < n; v++) for (const [to] of succ[v] ?? []) if (comp[to] === comp[v]) cyclic[v] = true;
  const reach: Set<number>[] = [];
  for (let v = 0; v < n; v++) {
    const seen = new Set<number>([v]);
    const todo = [v];
    while (todo.length > 0) for (const [to] of succ[todo.pop() as number] ?? []) if (!seen.has(to)) { seen.add(to); todo.push(to); } // non-empty
    reach.push(seen);
  }
  let budget = TRIPLE_BUDGET;
  for (let p = 0; p < n; p++) {
    if (!cyclic[p]) continue;
    for (const q of reach[p] ?? []) {
      if (q === p || !cyclic[q]) continue;
      const between = (y: number): boolean => (reach[p]?.has(y) ?? false) && (reach[y]?.has(q) ?? false);
      const seen = new Set<number>();
      const key = (x: number, y: number, z: number): number => (x * n + y) * n + z;
      const todo: [number, number, number][] = [[p, p, q]];
      seen.add(key(p, p, q));
      while (todo.length > 0) {
        if (--budget < 0) throw new TooComplexError('too many state triples');
        const [x, y, z] = todo.pop() as [number, number, number]; // non-empty
        for (const [x2] of succ[x] ?? []) {
          if (comp[x2] !== comp[p]) continue;
          for (const [y2] of succ[y] ?? []) {
            if (!between(y2)) continue;
            const xy = overlap(x2, y2);
            if (xy.length === 0) continue;
            for (const [z2] of succ[z] ?? []) {
              if (comp[z2] !== comp[q] || intersect(xy, a.sets[z2] as CharSet).length === 0) continue; // z2 < n
              if (x2 === p && y2 === q && z2 === q) return 'polynomial';
              const k = key(x2, y2, z2);
              if (!seen.has(k)) {
                seen.add(k);
                todo.push([x2, y2, z2]);
              }
            }
          }
        }
      }
    }
  }
  return undefined;
}

/**
 * Decides whether `source` is safe to run with JavaScript's backtracking engine on untrusted text.
 * @example
 * checkRegex('^Sent (?<n>\\d+) records$'); // { safe: true, names: ['n'] }
 * checkRegex('(a+)+$').safe; // false (exponential)
 */
export function checkRegex(source: string): RegexVerdict {
  try {
    new RegExp(source, 'u'); // eslint-disable-line no-new -- syntax check only
  } catch (error) {
    return { safe: false, reason: 'syntax', message: `not a valid regular expression (${(error as Error).message})` }; // RegExp throws SyntaxError
  }
  let parsed;
  try {
    parsed = parseRegex(source);
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { safe: false, reason: 'unsupported', message: error.message };
    throw error;
  }
  try {
    const verdict = analyse(buildAutomaton(parsed.node, anchoredAtStart(parsed.node)));
    if (verdict === 'exponential') {
      return { safe: false, reason: 'exponential', message: 'it can match the same text in exponentially many ways (nested or overlapping repetition such as `(a+)+` or `(a|a)*`): a hostile line could stall the exporter' };
    }
    if (verdict === 'polynomial') {
      return { safe: false, reason: 'polynomial', message: 'two repetitions can share the same text, so a hostile line costs quadratic time or worse (e.g. `\\d+\\d+`, or an unanchored pattern that starts with a repetition: anchor it with `^` or begin it with fixed text)' };
    }
    return { safe: true, names: parsed.names };
  } catch (error) {
    if (error instanceof TooComplexError) return { safe: false, reason: 'too-complex', message: `too complex to prove safe (${error.message}); simplify it or lower the repetition counts` };
    throw error;
  }
}
