// Shapes of the message catalog: one family per message, one variant per version range.

/** tracing-subscriber level names as printed (before padding). */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * Where a format string is documented: `catalog` = chronik-log-formats.md (with its version range);
 * `sample` = only attested by a companion sample log and its provenance (range = the tag that was read); the
 * format is the sample's rendered text with `{}` where the value differs per node or run.
 */
export type Basis = 'catalog' | 'sample';

/** One version-ranged rendering of a message. */
export interface MessageVariant {
  readonly level: LogLevel;
  readonly target: string;
  /**
   * The exact format string. `rust`: a Rust `format!` string with positional `{}` / `{:?}` slots.
   * `slog`: a raft-rs line as chronik renders it, with `<name>` slots (the catalog's "Rendered" column).
   * `raw`: a stderr line (no tracing header), `{}` slots.
   */
  readonly format: string;
  readonly style: 'rust' | 'slog' | 'raw';
  /** First and last chronik tag (inclusive) that has this rendering. */
  readonly since: string;
  readonly until: string;
  readonly basis: Basis;
  /** Source location(s) of the format string, as the catalog or provenance gives it. */
  readonly source: string;
  /** Structured tracing fields printed after the message (` key=value`), in order. */
  readonly fields?: readonly string[];
  /** The span printed before the target, with its field names. */
  readonly span?: { readonly name: string; readonly fields: readonly string[] };
}

/** Every rendering of one message across versions; ranges do not overlap. */
export type MessageFamily = readonly MessageVariant[];

interface VariantExtras {
  readonly fields?: readonly string[];
  readonly span?: { readonly name: string; readonly fields: readonly string[] };
}

function make(
  basis: Basis,
  style: MessageVariant['style'],
  level: LogLevel,
  target: string,
  format: string,
  range: readonly [string, string],
  source: string,
  extras: VariantExtras,
): MessageVariant {
  return Object.freeze({ level, target, format, style, since: range[0], until: range[1], basis, source, ...extras });
}

/** A Rust format string listed in the catalog with its version range. */
export function cat(
  level: LogLevel,
  target: string,
  format: string,
  range: readonly [string, string],
  source: string,
  extras: VariantExtras = {},
): MessageVariant {
  return make('catalog', 'rust', level, target, format, range, source, extras);
}

/** A Rust format string attested only by a sample log at one tag (`range` = that tag twice). */
export function sample(
  level: LogLevel,
  target: string,
  format: string,
  tag: string,
  source: string,
  extras: VariantExtras = {},
): MessageVariant {
  return make('sample', 'rust', level, target, format, [tag, tag], source, extras);
}

/** A raft-rs line in chronik's rendering (catalog §2.3), `<name>` slots. */
export function slog(
  level: LogLevel,
  target: string,
  format: string,
  range: readonly [string, string],
  source: string,
): MessageVariant {
  return make('catalog', 'slog', level, target, format, range, source, {});
}

/** A stderr line written without a tracing header (Rust panic output). */
export function raw(format: string, range: readonly [string, string], source: string, basis: Basis): MessageVariant {
  return make(basis, 'raw', 'ERROR', '', format, range, source, {});
}

/** Version ranges used throughout the tables. */
export const R = {
  v2_1_0_to_head: ['v2.1.0', 'v2.10.4'],
  v2_2_0_to_head: ['v2.2.0', 'v2.10.4'],
  eraA: ['v2.2.0', 'v2.2.6'],
  v2_2_1_to_eraA: ['v2.2.1', 'v2.2.6'],
  v2_2_7_to_head: ['v2.2.7', 'v2.10.4'],
  v2_2_8_to_head: ['v2.2.8', 'v2.10.4'],
  v2_2_9_to_head: ['v2.2.9', 'v2.10.4'],
  upTo2_2_8: ['v2.2.0', 'v2.2.8'],
  raft070: ['v2.2.0', 'v2.2.21'],
  vendored: ['v2.2.22', 'v2.10.4'],
} as const satisfies Record<string, readonly [string, string]>;
