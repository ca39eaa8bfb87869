// One generated log message before rendering: what was said, by which node, when.
import type { LogLevel, MessageId, MessageVariant } from './catalog/index.js';
import { fillFormat, type Args } from './format.js';

/** A structured tracing field or span field as printed: name and value text. */
export type FieldPair = readonly [name: string, value: string];

/** A message to be rendered: a tracing event, or a raw stderr line (`kind: 'raw'`, no header). */
export interface LogRecord {
  /** Event time, microseconds since the Unix epoch. */
  readonly time: number;
  readonly kind: 'event' | 'raw';
  readonly id: MessageId;
  readonly args: Args;
  readonly level: LogLevel;
  readonly target: string;
  /** The filled message; may contain `\n` (continuation lines). */
  readonly message: string;
  readonly fields: readonly FieldPair[];
  readonly span: { readonly name: string; readonly fields: readonly FieldPair[] } | undefined;
}

/** Values for a variant's structured fields and span fields. */
export interface RecordOptions {
  /** Values of the variant's structured fields, in its `fields` order. */
  readonly fields?: readonly string[];
  /** Values of the variant's span fields, in order. */
  readonly span?: readonly string[];
}

function pairs(names: readonly string[] | undefined, values: readonly string[] | undefined): FieldPair[] {
  if (names === undefined) return [];
  return names.map((name, i) => [name, values?.[i] ?? ''] as const);
}

/** Builds the record of message `id` rendered by `variant` at `time` (µs since epoch). */
export function makeRecord(id: MessageId, variant: MessageVariant, time: number, args: Args, options: RecordOptions = {}): LogRecord {
  return {
    time,
    kind: variant.style === 'raw' ? 'raw' : 'event',
    id,
    args,
    level: variant.level,
    target: variant.target,
    message: fillFormat(variant, args),
    fields: pairs(variant.fields, options.fields),
    span: variant.span === undefined ? undefined : { name: variant.span.name, fields: pairs(variant.span.fields, options.span) },
  };
}
