// Header lines repeat: after the timestamp, a level's colour codes and a target with its `:` separator are the same
// bytes line after line. The bytes from a located line's timestamp end to its message are kept as a template; a
// later line with the same bytes there has the same parts, found by comparing 4 bytes at a time instead of
// parsing byte by byte. Only a cache: a line without its template is parsed (and then remembered).

import type { Level } from './types.js';

/** What a template tells, as offsets from the end of the line's timestamp. */
export interface HeaderTemplate {
  readonly level: Level;
  readonly targetStart: number;
  readonly targetEnd: number;
  /** Where the message starts (the template's length). */
  readonly messageStart: number;
  /** The template's bytes as little-endian words, then its last `length % 4` bytes. */
  readonly words: Uint32Array;
  readonly tail: Uint8Array;
}

const SLOTS = 256;
/**
 * Bytes a line must have after its timestamp for its template key to be read: words at 8 (the level's colour),
 * 27 and 39 (bytes 3–6 and 15–18 of a target after the usual colour codes; beyond a short target, its fixed `:`
 * separator). A template shorter than that is keyed by bytes of its message, and missed: such a line is parsed.
 */
export const TEMPLATE_KEY_BYTES = 43;
const slots: (HeaderTemplate | undefined)[] = new Array<HeaderTemplate | undefined>(SLOTS).fill(undefined);

let viewOf: Buffer | undefined;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** A DataView on `bytes` (one per buffer: a chunk's lines share it), for reading 4 bytes at once. */
export function viewOfBytes(bytes: Buffer): DataView<ArrayBufferLike> {
  if (bytes !== viewOf) {
    viewOf = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return view;
}

/** The slot of the template at `base` (see {@link TEMPLATE_KEY_BYTES}). */
function slotOf(v: DataView<ArrayBufferLike>, base: number): number {
  const h = v.getUint32(base + 8, true) ^ Math.imul(v.getUint32(base + 27, true), 0x9e3779b1) ^ Math.imul(v.getUint32(base + 39, true), 0x85ebca6b);
  return (h ^ (h >>> 15) ^ (h >>> 24)) & (SLOTS - 1);
}

/** The template whose bytes are at `bytes[base, …)`, inside the line (which ends at `end`), if one is known. */
export function findTemplate(bytes: Buffer, base: number, end: number): HeaderTemplate | undefined {
  const v = viewOfBytes(bytes);
  const t = slots[slotOf(v, base)];
  if (t === undefined || base + t.messageStart > end) return undefined;
  const { words, tail } = t;
  for (let i = 0; i < words.length; i++) if (v.getUint32(base + 4 * i, true) !== words[i]) return undefined;
  const tailAt = base + 4 * words.length;
  for (let i = 0; i < tail.length; i++) if (bytes[tailAt + i] !== tail[i]) return undefined;
  return t;
}

/** Keeps `bytes[base, base + messageStart)` of a parsed line as the template of its slot. */
export function rememberTemplate(bytes: Buffer, base: number, level: Level, targetStart: number, targetEnd: number, messageStart: number): void {
  const v = viewOfBytes(bytes);
  const count = messageStart >> 2;
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) words[i] = v.getUint32(base + 4 * i, true);
  const tail = Uint8Array.from(bytes.subarray(base + 4 * count, base + messageStart));
  slots[slotOf(v, base)] = { level, targetStart, targetEnd, messageStart, words, tail };
}
