// The classifications of recent messages, found again by their bytes: a storm repeats a handful of messages
// thousands of times (`Leader timeout for …` and `❌ Failed to elect leader for …` every ~3 s per partition), and
// each repeat would otherwise be decoded and run through the rules again. Exact: a hit is a byte-equal message under
// a target of the same family, and classification depends on nothing else. Small and fixed: SLOTS messages of at
// most MAX_BYTES bytes in one buffer (128 KiB), the newest message of a slot replacing the one before.

import { viewOfBytes } from '../lines/index.js';
import type { Observation } from './observations.js';

const SLOTS = 256;
const MAX_BYTES = 512;

/** What classifying a message gave: its observations, and the rules that matched (in the order they were counted). */
export interface Classified {
  readonly observations: readonly Observation[];
  readonly matched: readonly string[];
}

export interface RecentMessages {
  /** The classification of `bytes[start, end)` under a target of family `family` (a small integer), if recent. */
  find(family: number, bytes: Buffer, start: number, end: number): Classified | undefined;
  /**
   * Keeps a classification for {@link find}, right after a miss on the same arguments (into the slot that miss
   * hashed to: a message is hashed once).
   */
  keep(family: number, bytes: Buffer, start: number, end: number, classified: Classified): void;
}

/**
 * A direct-mapped cache of classifications by message bytes.
 * @example
 * const recent = createRecentMessages();
 * recent.find(1, bytes, 10, 90) ?? recent.keep(1, bytes, 10, 90, classified);
 */
export function createRecentMessages(): RecentMessages {
  const stored = Buffer.alloc(SLOTS * MAX_BYTES); // slot i's message at i * MAX_BYTES
  const lengths = new Int32Array(SLOTS).fill(-1); // -1: an empty slot
  const families = new Int32Array(SLOTS);
  const results: (Classified | undefined)[] = new Array<Classified | undefined>(SLOTS).fill(undefined);
  let missed = -1; // the slot of the last find's miss, for keep (-1: none)
  // The slot of a message: a multiplicative hash of its bytes, 4 at a time, and its family.
  const slotOf = (family: number, bytes: Buffer, start: number, end: number): number => {
    const v = viewOfBytes(bytes);
    let h = Math.imul(0x811c9dc5 ^ family, 0x01000193) ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) h = Math.imul(h ^ v.getUint32(i, true), 0x9e3779b1) ^ (h >>> 15);
    for (; i < end; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
    return (h ^ (h >>> 16) ^ (h >>> 24)) & (SLOTS - 1);
  };
  return {
    find(family, bytes, start, end) {
      const length = end - start;
      missed = -1;
      if (length > MAX_BYTES) return undefined;
      const slot = slotOf(family, bytes, start, end);
      const at = slot * MAX_BYTES;
      if (lengths[slot] === length && families[slot] === family && bytes.compare(stored, at, at + length, start, end) === 0) return results[slot];
      missed = slot;
      return undefined;
    },
    keep(family, bytes, start, end, classified) {
      const length = end - start;
      if (length > MAX_BYTES) return;
      // Another message than the miss's would only go where find never looks for it: a miss, never a wrong answer.
      const s = missed === -1 ? slotOf(family, bytes, start, end) : missed;
      missed = -1;
      bytes.copy(stored, s * MAX_BYTES, start, end);
      lengths[s] = length;
      families[s] = family;
      results[s] = classified;
    },
  };
}
