// Container log formats, unwrapped to the lines the application wrote. Pure: physical lines in (as the lines stage
// splits them, without their '\n'), application lines out; the only state is the partial pieces being joined.
//   cri          Kubernetes (containerd, CRI-O): `<RFC 3339 time> <stdout|stderr> <F|P>[:more tags] <content>`;
//                the runtime splits a long line into P pieces ended by an F piece.
//   docker-json  Docker's json-file driver: `{"log":"…\n","stream":"stdout","time":"…"}`; a piece without its
//                trailing "\n" is partial (Docker splits at 16 KiB), the next ones complete it.
// Pieces are joined per stream: stdout and stderr interleave freely.

export type ContainerFormat = 'cri' | 'docker-json';
export type ContainerStream = 'stdout' | 'stderr';

/** One physical line of a container log, decoded. */
export interface ContainerPiece {
  /** The runtime's timestamp, as written (RFC 3339). */
  readonly time: string;
  readonly stream: ContainerStream;
  /** True when the application's line continues in the next piece of the same stream. */
  readonly partial: boolean;
  /** The piece's text, without the trailing newline. */
  readonly content: string;
}

export type UnwrapResult =
  /** An application line, complete (its pieces joined); `time` is the last piece's. */
  | { readonly kind: 'line'; readonly text: string; readonly stream: ContainerStream; readonly time: string }
  /** A piece held until its line completes. */
  | { readonly kind: 'partial' }
  /** Not a line of this format (counted as unparsed by the consumer). */
  | { readonly kind: 'invalid' }
  /** The joined line passed `maxLineBytes`: dropped whole (counted as `too_long`), once, at its last piece. */
  | { readonly kind: 'too_long'; readonly stream: ContainerStream };

export interface ContainerUnwrapper {
  push(physicalLine: string): UnwrapResult;
  /** Lines whose last piece never came (the file was rotated away or deleted): what was held, as lines. */
  flush(): Array<{ readonly text: string; readonly stream: ContainerStream; readonly time: string }>;
  /** Forget held pieces (the file was truncated). */
  reset(): void;
}

/** Decodes one CRI line; undefined if it is not one. No regular expression: a fixed four-field split. */
export function parseCriLine(line: string): ContainerPiece | undefined {
  const afterTime = line.indexOf(' ');
  const afterStream = afterTime < 0 ? -1 : line.indexOf(' ', afterTime + 1);
  if (afterTime <= 0 || afterStream < 0) return undefined;
  const stream = line.slice(afterTime + 1, afterStream);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  let afterTag = line.indexOf(' ', afterStream + 1);
  if (afterTag < 0) afterTag = line.length; // an empty line: the runtime may drop the separator
  const tag = line.slice(afterStream + 1, afterTag);
  const first = tag.split(':', 1)[0];
  if (first !== 'F' && first !== 'P') return undefined;
  return { time: line.slice(0, afterTime), stream, partial: first === 'P', content: line.slice(afterTag + 1) };
}

/** Decodes one Docker json-file line; undefined if it is not one. */
export function parseDockerJsonLine(line: string): ContainerPiece | undefined {
  if (!line.startsWith('{')) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const { log, stream, time } = record as { log?: unknown; stream?: unknown; time?: unknown };
  if (typeof log !== 'string' || (stream !== 'stdout' && stream !== 'stderr')) return undefined;
  const partial = !log.endsWith('\n');
  return { time: typeof time === 'string' ? time : '', stream, partial, content: partial ? log : log.slice(0, -1) };
}

/**
 * A per-file unwrapper for `format`. `maxLineBytes` bounds a joined line, in UTF-8 bytes of its content.
 *
 * @example
 * const unwrap = createContainerUnwrapper('cri', { maxLineBytes: 64 * 1024 });
 * unwrap.push('2026-11-26T12:00:00.1Z stdout P hello ');   // { kind: 'partial' }
 * unwrap.push('2026-11-26T12:00:00.2Z stdout F world');    // { kind: 'line', text: 'hello world', … }
 */
export function createContainerUnwrapper(format: ContainerFormat, options: { readonly maxLineBytes?: number } = {}): ContainerUnwrapper {
  const parse = format === 'cri' ? parseCriLine : parseDockerJsonLine;
  const maxBytes = options.maxLineBytes ?? Infinity;
  const held = new Map<ContainerStream, { pieces: string[]; bytes: number; time: string; tooLong: boolean }>();

  return {
    push(physicalLine) {
      const piece = parse(physicalLine);
      if (piece === undefined) return { kind: 'invalid' };
      const pending = held.get(piece.stream);
      const bytes = (pending?.bytes ?? 0) + Buffer.byteLength(piece.content);
      const tooLong = (pending?.tooLong ?? false) || bytes > maxBytes;
      if (piece.partial) {
        if (pending === undefined) held.set(piece.stream, { pieces: tooLong ? [] : [piece.content], bytes, time: piece.time, tooLong });
        else {
          if (!tooLong) pending.pieces.push(piece.content);
          else pending.pieces = [];
          pending.bytes = bytes;
          pending.time = piece.time;
          pending.tooLong = tooLong;
        }
        return { kind: 'partial' };
      }
      held.delete(piece.stream);
      if (tooLong) return { kind: 'too_long', stream: piece.stream };
      const text = pending === undefined ? piece.content : pending.pieces.join('') + piece.content;
      return { kind: 'line', text, stream: piece.stream, time: piece.time };
    },
    flush() {
      const lines = [...held].filter(([, pending]) => !pending.tooLong).map(([stream, pending]) => ({ text: pending.pieces.join(''), stream, time: pending.time }));
      held.clear();
      return lines;
    },
    reset() {
      held.clear();
    },
  };
}
