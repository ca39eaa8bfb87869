// The lines Rust's default panic hook writes to stderr, which scripts redirect into the same log file.

/**
 * True for a panic header: `thread 'tokio-runtime-worker' panicked at src/raw_node.rs:674:13:` (and the
 * `thread 'main' (1234) panicked at …` form of newer Rust, which adds the thread id).
 *
 * @example
 * isPanicHeader("thread 'main' panicked at src/main.rs:2:5:"); // true
 */
export function isPanicHeader(line: string): boolean {
  if (!line.startsWith("thread '")) return false;
  const at = line.indexOf(' panicked at ', 8);
  if (at === -1) return false;
  const before = line.charCodeAt(at - 1);
  return before === 39 || before === 41; // ' or )
}

/**
 * True for the std lines that follow a panic's message: `note: …` (such as `note: run with
 * \`RUST_BACKTRACE=1\` environment variable to display a backtrace`) and the `stack backtrace:` heading (its
 * frames are indented, so they are continuation lines anyway).
 */
export function isPanicTrailer(line: string): boolean {
  return line.startsWith('note: ') || line.startsWith('stack backtrace:');
}
