// Which lines without a tracing header carry on the message above them (metrics.md, "Unparsed and continuation lines").

/**
 * True for a line that continues a multi-line message when it follows an event: blank, indented, or the start of
 * an anyhow `Caused by:` / `Stack backtrace:` section.
 *
 * @example
 * isContinuationLine('    raft: proposal dropped'); // true
 * isContinuationLine('error: unexpected argument'); // false
 */
export function isContinuationLine(line: string): boolean {
  if (line.length === 0) return true;
  const first = line.charCodeAt(0);
  // Space, or one of \t \n \v \f \r.
  if (first === 32 || (first >= 9 && first <= 13)) return true;
  return line.startsWith('Caused by:') || line.startsWith('Stack backtrace:');
}
