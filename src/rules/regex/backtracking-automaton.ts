// The automaton a backtracking matcher walks: a Thompson NFA whose ε-moves are then folded away path by path,
// so that two different ways through groups and loops to the same character stay two parallel edges (merging
// them, as a position automaton does, would hide the ambiguity of `(a*)*`).

import { ANY, type CharSet } from './char-set.js';
import type { RegexNode } from './parse-regex.js';

/** Budget for the construction; past it the pattern counts as too complex to prove safe. */
export const LIMITS = { positions: 400, epsilonSteps: 200_000 } as const;

export class TooComplexError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'TooComplexError';
  }
}

/** Node 0 is the start; node k ≥ 1 is "just read character k" (a position), whose set is `sets[k]`. */
export interface Automaton {
  readonly sets: readonly CharSet[];
  /** Per node: successor → number of distinct ways to get there (capped at 2). */
  readonly edges: readonly ReadonlyMap<number, number>[];
  /** Per node: the match can end here without passing an assertion. */
  readonly acceptsFreely: readonly boolean[];
}

/** An ε-move; `enter`/`back` name the loop (its state) whose iteration the move starts or ends. */
interface Eps { readonly to: number; readonly assertion: boolean; readonly enter?: number; readonly back?: number }

/** Builds the automaton of `node`, preceded by the search loop `[^]*?` unless `anchored`. */
export function buildAutomaton(node: RegexNode, anchored: boolean): Automaton {
  const eps: Eps[][] = [];
  const charOut: { set: CharSet; to: number; position: number }[][] = [];
  const positionSets: CharSet[] = [ANY]; // index 0 unused (the start)
  const positionTarget: number[] = [-1];
  const state = (): number => {
    eps.push([]);
    charOut.push([]);
    return eps.length - 1;
  };
  const addEps = (from: number, to: number, assertion = false, loop: { enter?: number; back?: number } = {}): void => { eps[from]?.push({ to, assertion, ...loop }); };
  const addChar = (from: number, set: CharSet, to: number): void => {
    if (positionSets.length > LIMITS.positions) throw new TooComplexError(`more than ${LIMITS.positions} character positions once repetitions are counted out`);
    const position = positionSets.length;
    positionSets.push(set);
    positionTarget.push(to);
    charOut[from]?.push({ set, to, position });
  };

  /** Thompson construction: returns [entry, exit]. */
  function build(n: RegexNode): [number, number] {
    switch (n.kind) {
      case 'empty': {
        const s = state();
        return [s, s];
      }
      case 'char': {
        const s = state();
        const t = state();
        addChar(s, n.set, t);
        return [s, t];
      }
      case 'assert': {
        const s = state();
        const t = state();
        addEps(s, t, true);
        return [s, t];
      }
      case 'seq': {
        const parts = n.items.map(build);
        for (let k = 1; k < parts.length; k++) addEps((parts[k - 1] as [number, number])[1], (parts[k] as [number, number])[0]); // k in range
        return [(parts[0] as [number, number])[0], (parts[parts.length - 1] as [number, number])[1]]; // a seq has items
      }
      case 'alt': {
        const s = state();
        const t = state();
        for (const o of n.options) {
          const [a, b] = build(o);
          addEps(s, a);
          addEps(b, t);
        }
        return [s, t];
      }
      case 'repeat': {
        // x{min,max}: min copies, then either a loop (max = ∞) or nested optional copies (x(x(x)?)?)?, which is
        // how a counted loop backtracks (flat x?x?x? would be ambiguous where the real loop is not).
        const s = state();
        let end = s;
        for (let k = 0; k < n.min; k++) {
          const [a, b] = build(n.node);
          addEps(end, a);
          end = b;
        }
        const t = state();
        if (n.max === Infinity) {
          const loop = state();
          addEps(end, loop);
          const [a, b] = build(n.node);
          addEps(loop, a, false, { enter: loop });
          addEps(b, loop, false, { back: loop });
          addEps(loop, t);
        } else {
          const exits: number[] = [end];
          for (let k = n.min; k < n.max; k++) {
            const [a, b] = build(n.node);
            addEps(end, a);
            end = b;
            exits.push(end);
          }
          for (const x of exits) addEps(x, t);
        }
        return [s, t];
      }
    }
  }

  const regex = build(node);
  let entry = regex[0];
  if (!anchored) {
    // The search: the matcher tries each start offset, which is what a leading lazy `[^]*?` does.
    const s = state();
    const loop = state();
    addEps(s, loop);
    const body = state();
    addEps(loop, body, false, { enter: loop });
    addChar(body, ANY, loop);
    addEps(loop, regex[0]);
    entry = s;
  }
  const final = regex[1];

  // Fold ε-moves: from the state a node stands in, every ε-path to a character move is one edge. As in the
  // matcher, an iteration of a loop must consume something: a path may end an iteration (take the loop's back
  // move) only if it did not start that iteration itself. That also makes every ε-path finite.
  let steps = 0;
  const fold = (from: number): { edges: Map<number, number>; acceptsFreely: boolean } => {
    const edges = new Map<number, number>();
    let acceptsFreely = false;
    const entered = new Set<number>();
    const walk = (s: number, viaAssertion: boolean): void => {
      if (++steps > LIMITS.epsilonSteps) throw new TooComplexError(`more than ${LIMITS.epsilonSteps} empty-path steps`);
      if (s === final && !viaAssertion) acceptsFreely = true;
      for (const c of charOut[s] ?? []) edges.set(c.position, Math.min(2, (edges.get(c.position) ?? 0) + 1));
      for (const e of eps[s] ?? []) {
        if (e.back !== undefined && entered.has(e.back)) continue; // an empty iteration
        const entering = e.enter !== undefined && !entered.has(e.enter);
        if (entering) entered.add(e.enter as number); // just checked
        walk(e.to, viaAssertion || e.assertion);
        if (entering) entered.delete(e.enter as number);
      }
    };
    walk(from, false);
    return { edges, acceptsFreely };
  };
  const edges: Map<number, number>[] = [];
  const acceptsFreely: boolean[] = [];
  for (let k = 0; k < positionSets.length; k++) {
    const f = fold(k === 0 ? entry : (positionTarget[k] as number)); // k < positionSets.length
    edges.push(f.edges);
    acceptsFreely.push(f.acceptsFreely);
  }
  return { sets: positionSets, edges, acceptsFreely };
}
