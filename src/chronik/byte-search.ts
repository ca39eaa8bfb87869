// Literal text in a message's UTF-8 bytes, for ruling messages out before decoding them. A valid UTF-8 encoding of
// the text is found exactly where the decoded message holds the text (an ASCII byte is only ever itself, and a
// multi-byte character's bytes only appear as that character; invalid bytes decode to U+FFFD, in no literal here).

/** Whether `bytes[start, end)` begins with `prefix`'s bytes. */
export function startsWithBytes(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[start + i] !== prefix[i]) return false;
  return true;
}

/**
 * A search for `text` (2 bytes or more) in byte ranges: Horspool's shifts on the window's last two bytes (Wu-Manber
 * with q = 2), so that a window ending in a common letter pair found nowhere in the text skips the text's length;
 * on a single byte, English text's letters (most of them in the text) allowed ~6 bytes a step. The buffer beyond the
 * range is never read.
 * @example
 * const has = createByteFinder('Cannot propose');
 * has(Buffer.from('x: Cannot propose: …'), 0, 20); // true
 */
export function createByteFinder(text: string): (bytes: Uint8Array, start: number, end: number) => boolean {
  const needle = Buffer.from(text, 'utf8');
  const m = needle.length;
  if (m < 2) throw new TypeError(`Expected a text of 2 bytes or more to find, got \`${text}\``);
  // shift[pair]: how far the window may move when it ends in `pair` (0: the needle's own last pair, check it).
  const shift = new Uint8Array(1 << 16).fill(Math.min(255, m - 1));
  for (let i = 0; i < m - 1; i++) shift[((needle[i] ?? 0) << 8) | (needle[i + 1] ?? 0)] = Math.min(255, m - 2 - i);
  return (bytes, start, end) => {
    for (let at = start + m - 1; at < end;) {
      const step = shift[((bytes[at - 1] ?? 0) << 8) | (bytes[at] ?? 0)] ?? 1;
      if (step > 0) {
        at += step;
        continue;
      }
      let i = m - 3;
      while (i >= 0 && bytes[at - m + 1 + i] === needle[i]) i--;
      if (i < 0) return true;
      at++;
    }
    return false;
  };
}
