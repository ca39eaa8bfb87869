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
  /** Keeps a classification for {@link find} (after a miss on the same arguments). */
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
      if (length > MAX_BYTES) return undefined;
      const slot = slotOf(family, bytes, start, end);
      if (lengths[slot] !== length || families[slot] !== family) return undefined;
      const at = slot * MAX_BYTES;
      return bytes.compare(stored, at, at + length, start, end) === 0 ? results[slot] : undefined;
    },
    keep(family, bytes, start, end, classified) {
      const length = end - start;
      if (length > MAX_BYTES) return;
      const s = slotOf(family, bytes, start, end);
      bytes.copy(stored, s * MAX_BYTES, start, end);
      lengths[s] = length;
      families[s] = family;
      results[s] = classified;
    },
  };
}
