// Finds where the optional span prefix ends and the target (a Rust module path) lies in `spans: target: msg`.

const COLON = 58;
const SPACE = 32;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Where the parts after the level lie; `spansEnd === from` when there is no span prefix. */
export interface TargetLocation {
  spansEnd: number;
  targetStart: number;
  targetEnd: number;
}

/**
 * Locates span prefix and target in `text` from `from` (the first character after the level), writing into
 * `into` (reused by the caller, so the hot path allocates nothing). Returns false when there is no valid
 * target. The message starts 2 characters after `targetEnd` (the target's `: `; a bare `:` ends the line).
 *
 * The token before the first `: ` (outside `{…}`, where span field values may hold `: `) is a span prefix when
 * it ends in `}`, or when it is followed by an `a::b` path and its `: ` (a fieldless span such as
 * `handle_request: chronik_server::kafka: msg`). A fieldless span before a one-segment target cannot be told
 * from a target followed by its message, and is read as the latter.
 */
export function locateTarget(text: string, from: number, into: TargetLocation): boolean {
  const colon = tokenEnd(text, from);
  if (colon <= from) return false;

  if (text.charCodeAt(colon - 1) === CLOSE_BRACE || isQualifiedTarget(text, colon + 2)) {
    if (!isNameChar(text.charCodeAt(from))) return false;
    const targetEnd = pathEnd(text, colon + 2);
    if (targetEnd === -1 || !endsTarget(text, targetEnd)) return false;
    into.spansEnd = colon;
    into.targetStart = colon + 2;
    into.targetEnd = targetEnd;
    return true;
  }

  if (pathEnd(text, from) !== colon) return false;
  into.spansEnd = from;
  into.targetStart = from;
  into.targetEnd = colon;
  return true;
}

/** Index of the first `:` outside braces that is followed by a space or ends the text; -1 if none. */
function tokenEnd(text: string, from: number): number {
  let depth = 0;
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === OPEN_BRACE) depth++;
    else if (code === CLOSE_BRACE) depth = depth > 0 ? depth - 1 : 0;
    else if (code === COLON && depth === 0 && endsTarget(text, index)) return index;
  }
  // Unbalanced braces (a `{` inside a span field's string): settle for the first `: ` at all.
  return depth > 0 ? text.indexOf(': ', from) : -1;
}

/** True when a `:` at `index` is followed by a space or is the last character. */
export function endsTarget(text: string, index: number): boolean {
  if (text.charCodeAt(index) !== COLON) return false;
  return index + 1 === text.length || text.charCodeAt(index + 1) === SPACE;
}

/** True when an `a::b` path (two segments or more) starts at `at` and is followed by its `: `. */
function isQualifiedTarget(text: string, at: number): boolean {
  const end = pathEnd(text, at);
  return end !== -1 && endsTarget(text, end) && text.lastIndexOf('::', end) > at;
}

/** End of a Rust path `[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z0-9_]+)*` starting at `at`, or -1 if none starts there. */
export function pathEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (!isNameChar(first) || isDigit(first)) return -1;
  let index = at + 1;
  for (;;) {
    while (isNameChar(text.charCodeAt(index))) index++;
    if (text.charCodeAt(index) === COLON && text.charCodeAt(index + 1) === COLON && isNameChar(text.charCodeAt(index + 2))) {
      index += 3;
    } else {
      return index;
    }
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `[A-Za-z0-9_]`; NaN (past the end) is not. */
function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || isDigit(code) || code === 95;
}
