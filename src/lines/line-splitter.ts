// Bytes → complete lines, bounded in length, whatever the chunking: the first stage every log byte passes through.

/** Callbacks and limits of a line splitter. */
export interface LineSplitterOptions {
  /** Longest line kept, in bytes before the `\n` (a `\r` before it counts); longer lines are dropped. */
  readonly maxLineBytes: number;
  /** A complete line, `\n` and one trailing `\r` removed, decoded as UTF-8 (invalid bytes become U+FFFD). */
  onLine(line: string): void;
  /**
   * Offered each complete line that lies within one pushed chunk as `chunk[start, end)` (the same line, not
   * decoded) before {@link onLine}; a true return takes it, and onLine is not called. The bytes stay valid until
   * `push` returns (a line pieced together across chunks goes to onLine: its bytes would not). A number takes it
   * and the complete lines after it up to that offset in the chunk (just after one of their newlines): the caller
   * has read them from a plan of the same chunk.
   */
  onLineBytes?(bytes: Buffer, start: number, end: number): boolean | number;
  /** Once per line longer than `maxLineBytes`, as soon as it is known; its bytes are discarded. */
  onTooLong(): void;
  /** A run of NUL bytes at the start of a line (a copytruncate hole) was skipped; once per run. */
  onNulSkipped(bytes: number): void;
}

/** A push-style line splitter; see {@link createLineSplitter}. */
export interface LineSplitter {
  /** Feeds the next bytes. The chunk is not retained: the caller may reuse its buffer afterwards. */
  push(chunk: Buffer): void;
  /** End of input: reports a pending NUL run and emits an unterminated last line. The splitter starts afresh. */
  end(): void;
  /** Bytes of the current, unterminated line held in memory; never more than `maxLineBytes`. */
  readonly bufferedBytes: number;
}

const LF = 10;
const CR = 13;
const NUL = 0;

/**
 * Splits a byte stream into lines. Callbacks are the same for any chunking of the same bytes, so a chunk
 * boundary inside an emoji, a `\r\n`, an ANSI escape or a NUL run changes nothing.
 *
 * @example
 * const splitter = createLineSplitter({ maxLineBytes: 65_536, onLine: console.log, onTooLong() {}, onNulSkipped() {} });
 * splitter.push(Buffer.from('a\r\nb'));
 * splitter.end(); // logs 'a', then 'b'
 */
export function createLineSplitter(options: LineSplitterOptions): LineSplitter {
  const { maxLineBytes, onLine, onLineBytes, onTooLong, onNulSkipped } = options;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new TypeError(`Expected \`maxLineBytes\` to be a positive integer, got ${String(maxLineBytes)}`);
  }

  // The start of a line that straddles chunks, copied: holding a subarray would pin (or, if the caller reuses
  // its read buffer, corrupt) the whole chunk. Grows on demand, never beyond maxLineBytes.
  let carry = Buffer.alloc(0);
  let carryLength = 0;
  // Inside an over-long line whose newline has not come yet: discard bytes up to it.
  let skipping = false;
  // NULs skipped at the start of the current line, reported when the run ends so chunking cannot split it.
  let nulRun = 0;

  function reportNulRun(): void {
    if (nulRun > 0) {
      const bytes = nulRun;
      nulRun = 0;
      onNulSkipped(bytes);
    }
  }

  function appendToCarry(chunk: Buffer, start: number, end: number): void {
    const needed = carryLength + (end - start);
    if (needed > carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(maxLineBytes, Math.max(needed, carry.length * 2, 256)));
      carry.copy(grown, 0, 0, carryLength);
      carry = grown;
    }
    chunk.copy(carry, carryLength, start, end);
    carryLength = needed;
  }

  /** Emits `bytes[start, end)` of the carry (reused soon: decoded now). */
  function emit(bytes: Buffer, start: number, end: number): void {
    onLine(bytes.toString('utf8', start, end > start && bytes[end - 1] === CR ? end - 1 : end));
  }

  /**
   * The line's remaining bytes are chunk[start, newline); the carry holds its beginning. Returns where the next
   * line starts (after `newline`, or further when onLineBytes took the lines up to there).
   */
  function completeLine(chunk: Buffer, start: number, newline: number): number {
    if (carryLength + (newline - start) > maxLineBytes) {
      carryLength = 0;
      onTooLong();
    } else if (carryLength === 0) {
      // The common case: the whole line is in this chunk, no copy.
      const stop = newline > start && chunk[newline - 1] === CR ? newline - 1 : newline;
      const taken = onLineBytes === undefined ? false : onLineBytes(chunk, start, stop);
      if (taken === false) onLine(chunk.toString('utf8', start, stop));
      else if (taken !== true && taken > newline) return taken;
    } else {
      appendToCarry(chunk, start, newline);
      const length = carryLength;
      carryLength = 0;
      emit(carry, 0, length);
    }
    return newline + 1;
  }

  function push(chunk: Buffer): void {
    const length = chunk.length;
    let position = 0;
    while (position < length) {
      if (skipping) {
        const newline = chunk.indexOf(LF, position);
        if (newline === -1) return;
        skipping = false;
        position = newline + 1;
        continue;
      }
      if (carryLength === 0) {
        // At the start of a line: a copytruncate hole is a run of NULs that belongs to no line.
        while (position < length && chunk[position] === NUL) {
          nulRun++;
          position++;
        }
        if (position === length) return;
        reportNulRun();
      }
      const newline = chunk.indexOf(LF, position);
      if (newline === -1) {
        if (carryLength + (length - position) > maxLineBytes) {
          carryLength = 0;
          skipping = true;
          onTooLong();
        } else {
          appendToCarry(chunk, position, length);
        }
        return;
      }
      position = completeLine(chunk, position, newline);
    }
  }

  function end(): void {
    reportNulRun();
    skipping = false;
    if (carryLength > 0) {
      const length = carryLength;
      carryLength = 0;
      emit(carry, 0, length);
    }
  }

  return {
    push,
    end,
    get bufferedBytes() {
      return carryLength;
    },
  };
}
