// Removes the SGR colour codes (`\x1b[…m`) that tracing-subscriber writes into log files by default.

const ESC = '\x1b';
const ZERO = 48;
const NINE = 57;
const SEMICOLON = 59;
const LOWER_M = 109;
const LEFT_BRACKET = 91;

/** `\x1b[3m`: nu-ansi-term's italic, which tracing-subscriber puts only around field names. */
const ITALIC = '\x1b[3m';

/**
 * Returns `line` without `\x1b\[[0-9;]*m` sequences (other escapes are kept as they are).
 *
 * When `italics` is given, it is emptied and receives, for each `\x1b[3m` removed, the offset in the returned
 * text where it stood: that is where a tracing field (`key=value`) begins. Passing the same array on every call
 * keeps the hot path free of allocations.
 *
 * @example
 * stripAnsi('\x1b[2mraft::raft\x1b[0m\x1b[2m:\x1b[0m became leader'); // 'raft::raft: became leader'
 */
export function stripAnsi(line: string, italics?: number[]): string {
  // Assigning length is a slow runtime call even when it changes nothing, so only when there is something to clear.
  if (italics !== undefined && italics.length > 0) italics.length = 0;
  let escape = line.indexOf(ESC);
  if (escape === -1) return line; // NO_COLOR input pays one native scan, nothing more
  let text = '';
  let copiedUpTo = 0;
  while (escape !== -1) {
    const end = sgrEnd(line, escape);
    if (end === -1) {
      escape = line.indexOf(ESC, escape + 1);
      continue;
    }
    text += line.slice(copiedUpTo, escape);
    copiedUpTo = end;
    if (italics !== undefined && end - escape === ITALIC.length && line.startsWith(ITALIC, escape)) {
      italics.push(text.length);
    }
    escape = line.indexOf(ESC, end);
  }
  return text + line.slice(copiedUpTo);
}

/** The index just past the SGR sequence starting at `escape`, or -1 when none starts there. */
function sgrEnd(line: string, escape: number): number {
  if (line.charCodeAt(escape + 1) !== LEFT_BRACKET) return -1;
  for (let index = escape + 2; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === LOWER_M) return index + 1;
    if ((code < ZERO || code > NINE) && code !== SEMICOLON) return -1;
  }
  return -1;
}
