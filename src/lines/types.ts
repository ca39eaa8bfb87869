// The shapes that leave lines/: one parsed tracing event per (possibly multi-line) chronik log message.

/** tracing-subscriber levels, lower-cased as they appear in `chronik_log_events_total{level}`. */
export type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** One chronik-server log event: a tracing "Full" line with its continuation lines, or a Rust panic. */
export interface LogEvent {
  /** Event time in unix seconds (microsecond precision). A panic takes the time of the event before it. */
  readonly time: number;
  readonly level: Level;
  /** Rust module path (`raft::raft`, `chronik_server::leader_election`); '' for a panic. */
  readonly target: string;
  /** Span prefix as printed without the trailing `: ` (`recover{data_dir=./wal}`), '' when none. */
  readonly spans: string;
  /**
   * The message, ANSI stripped. Continuation lines (blank, indented, `Caused by:` …) are appended after '\n'.
   * For a panic: the `thread '…' panicked at …` header, '\n', and the panic message line.
   */
  readonly message: string;
  /** Trailing ` key=value` tracing fields when they can be told apart from the message (ANSI input), else ''. */
  readonly fields: string;
  /** True for a Rust panic (`thread '…' panicked at …`). */
  readonly panic: boolean;
  /**
   * The message's UTF-8 bytes while it is still undecoded (see {@link RawMessage}), so that a prefilter can rule
   * it out without decoding it; undefined once `message` was read, and for events decoded from the start.
   */
  readonly raw?: RawMessage | undefined;
}

/**
 * `bytes[start, end)`: an event's message as its line's UTF-8 bytes (plain text: no escape code in it). Valid only
 * during the call that delivers the event: the bytes belong to the caller's read buffer.
 */
export interface RawMessage {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}
