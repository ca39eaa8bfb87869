// Time to stable leadership per the metric contract, replayed over a node's generated records (µs times).
import type { StartupTruth } from '../types.js';

const WINDOW = 10_000_000;
const GIVE_UP = 300_000_000;

interface Startup {
  readonly at: number;
  readonly version: string;
  outcome: StartupTruth['outcome'];
  observation: number | null;
}

/** Tracks settled/stable state, observations and disruptions of one node. */
export class StabilityTracker {
  readonly startups: Startup[] = [];
  unstableStartups = 0;
  disruptions = 0;
  #settled = false;
  #stable = false;
  #candidate: number | undefined;

  /** Leadership currently stable. */
  get stable(): boolean {
    return this.#stable;
  }

  /** Settles what time `t` already decides: a window that ran out, a startup that gave up. */
  advance(t: number): void {
    const current = this.startups.at(-1);
    const pending = current !== undefined && current.outcome === 'unresolved';
    const stableAt = !this.#stable && this.#settled && this.#candidate !== undefined ? this.#candidate + WINDOW : Infinity;
    const giveUpAt = pending ? current.at + GIVE_UP : Infinity;
    if (giveUpAt <= t && giveUpAt < stableAt && current !== undefined) {
      current.outcome = 'unstable';
      this.unstableStartups++;
    }
    if (stableAt <= t && this.#candidate !== undefined) {
      this.#stable = true;
      if (current !== undefined && current.outcome === 'unresolved') {
        current.outcome = 'stable';
        current.observation = this.#candidate - current.at;
      }
    }
  }

  /** A startup banner at `t`. */
  banner(t: number, version: string): void {
    this.advance(t);
    const current = this.startups.at(-1);
    if (current !== undefined && current.outcome === 'unresolved') {
      current.outcome = 'unstable';
      this.unstableStartups++;
    }
    this.#settled = false;
    this.#stable = false;
    this.#candidate = undefined;
    this.startups.push({ at: t, version, outcome: 'unresolved', observation: null });
  }

  /** An event at `t`; `settled` is the node's state after it. */
  event(t: number, disruption: boolean, settled: boolean): void {
    this.advance(t);
    if (disruption && this.#stable) {
      this.#stable = false;
      this.disruptions++;
    }
    if (settled && (!this.#settled || disruption)) this.#candidate = t;
    if (!settled) this.#candidate = undefined;
    this.#settled = settled;
  }
}
