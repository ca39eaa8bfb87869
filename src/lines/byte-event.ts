// An event whose message stays in its line's bytes until something reads it: most events are only counted, and
// decoding a message costs more than parsing its header.

import type { Level, LogEvent, RawMessage } from './types.js';

const NO_BYTES = Buffer.alloc(0);

/**
 * A {@link LogEvent} read from a tracing header line whose message is plain text (no escape code, so no fields):
 * the message is decoded from `bytes[start, end)` when first read, or by {@link ByteEvent.settle} before the bytes
 * change. While undecoded, the event is its own {@link RawMessage}.
 */
export class ByteEvent implements LogEvent, RawMessage {
  readonly time: number;
  readonly level: Level;
  readonly target: string;
  readonly spans = '';
  fields = '';
  readonly panic = false;
  readonly start: number;
  readonly end: number;
  #bytes: Buffer | undefined;
  #message = '';

  constructor(time: number, level: Level, target: string, bytes: Buffer, start: number, end: number) {
    this.time = time;
    this.level = level;
    this.target = target;
    this.#bytes = bytes;
    this.start = start;
    this.end = end;
  }

  get message(): string {
    if (this.#bytes !== undefined) this.settle();
    return this.#message;
  }

  set message(text: string) {
    this.#bytes = undefined;
    this.#message = text;
  }

  /** The undecoded message (this event), or undefined once decoded. */
  get raw(): RawMessage | undefined {
    return this.#bytes === undefined ? undefined : this;
  }

  /** The line's bytes while the message is undecoded (empty after). */
  get bytes(): Buffer {
    return this.#bytes ?? NO_BYTES;
  }

  /** Decodes the message now: the bytes are about to change. */
  settle(): void {
    if (this.#bytes === undefined) return;
    this.#message = this.#bytes.toString('utf8', this.start, this.end); // the byte before is a space: no character is cut
    this.#bytes = undefined;
  }
}
