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
 * A search for `text` in byte ranges (Boyer-Moore-Horspool: most bytes of a message are skipped, the buffer
 * beyond the range is never read).
 * @example
 * const has = createByteFinder('Cannot propose');
 * has(Buffer.from('x: Cannot propose: …'), 0, 20); // true
 */
export function createByteFinder(text: string): (bytes: Uint8Array, start: number, end: number) => boolean {
  const needle = Buffer.from(text, 'utf8');
  const last = needle.length - 1;
  if (last < 0) throw new TypeError('Expected a non-empty text to find, got ``');
  const shift = new Int32Array(256).fill(needle.length);
  for (let i = 0; i < last; i++) shift[needle[i] ?? 0] = last - i;
  return (bytes, start, end) => {
    for (let at = start + last; at < end; at += shift[bytes[at] ?? 0] ?? 1) {
      let i = last;
      while (i >= 0 && bytes[at - last + i] === needle[i]) i--;
      if (i < 0) return true;
    }
    return false;
  };
}
