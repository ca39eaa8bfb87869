// Test helpers for the scenario generator: an independent line grammar and catalog matcher.
import { messageCatalog, type MessageId, type MessageVariant } from '../../src/scenarios/index.js';

/** The ANSI SGR escapes tracing-subscriber writes. */
export const ANSI = /\x1b\[[0-9;]*m/g;

/** The catalog's line grammar header (§0.2), after ANSI stripping. */
export const HEADER = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z) +(TRACE|DEBUG|INFO|WARN|ERROR) /;

/** Full line grammar: timestamp, level, optional spans, target, message. */
export const LINE =
  /^(?<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z) +(?<level>TRACE|DEBUG|INFO|WARN|ERROR) (?:(?<spans>(?:[A-Za-z0-9_]+(?:\{.*?\})?:)+) )?(?<target>[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z0-9_]+)*): (?<msg>.*)$/;

/** A Rust panic header (stderr). */
export const PANIC = /^thread '.*' panicked at /;

/** Strips ANSI colour escapes. */
export const strip = (line: string): string => line.replace(ANSI, '');

/** One log message as parsed back from generated text: header fields plus joined continuation lines. */
export interface ParsedMessage {
  readonly kind: 'event' | 'raw';
  readonly ts: string;
  readonly level: string;
  readonly spans: string;
  readonly target: string;
  /** Message text; continuation lines joined with `\n`. */
  text: string;
}

/** Groups stripped lines into messages (events with continuations; each stderr line as its own raw message). */
export function parseMessages(lines: Iterable<string>): ParsedMessage[] {
  const out: ParsedMessage[] = [];
  let inPanic = false;
  for (const raw of lines) {
    const line = strip(raw);
    const match = LINE.exec(line);
    if (match?.groups !== undefined) {
      const g = match.groups;
      out.push({ kind: 'event', ts: g['ts'] ?? '', level: g['level'] ?? '', spans: g['spans'] ?? '', target: g['target'] ?? '', text: g['msg'] ?? '' });
      inPanic = false;
      continue;
    }
    const last = out.at(-1);
    if (PANIC.test(line)) inPanic = true;
    if (inPanic || last === undefined) {
      out.push({ kind: 'raw', ts: last?.ts ?? '', level: 'ERROR', spans: '', target: '', text: line });
    } else {
      last.text += `\n${line}`;
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An anchored regex for a catalog variant's rendered message (slots match anything, across lines). */
export function variantRegex(variant: MessageVariant): RegExp {
  const slot = variant.style === 'slog' ? /<[^<>]+>/g : /\{\{|\}\}|\{[^{}]*\}/g;
  let source = '';
  let last = 0;
  for (const match of variant.format.matchAll(slot)) {
    source += escapeRegex(variant.format.slice(last, match.index));
    source += match[0] === '{{' ? '\\{' : match[0] === '}}' ? '\\}' : '[\\s\\S]*?';
    last = match.index + match[0].length;
  }
  source += escapeRegex(variant.format.slice(last));
  // tracing-subscriber escapes C1 controls in messages (format strings hold the raw characters).
  source = source.replace(/[\u0080-\u009f]/g, (ch) => escapeRegex(`\\u{${ch.charCodeAt(0).toString(16)}}`));
  const fields = (variant.fields ?? []).map((name) => ` ${escapeRegex(name)}=[\\s\\S]*?`).join('');
  return new RegExp(`^${source}${fields}$`);
}

function versionParts(version: string): number[] {
  return version.replace(/^v/, '').split('.').map(Number);
}

/** Numeric version comparison (`v2.2.9` < `v2.2.22`). */
export function compare(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0) || (x[2] ?? 0) - (y[2] ?? 0);
}

/** Every catalog variant valid for `version`, with its compiled regex. */
export function variantsFor(version: string): Array<{ id: MessageId; variant: MessageVariant; regex: RegExp }> {
  const out: Array<{ id: MessageId; variant: MessageVariant; regex: RegExp }> = [];
  // Object.entries widens the keys to string; they are the catalog's ids.
  for (const [id, family] of Object.entries(messageCatalog) as Array<[MessageId, readonly MessageVariant[]]>) {
    for (const variant of family) {
      if (compare(variant.since, version) <= 0 && compare(version, variant.until) <= 0) out.push({ id, variant, regex: variantRegex(variant) });
    }
  }
  return out;
}

/** The catalog variants that `message` could be an instance of (same level, target, spans and text shape). */
export function matchingVariants(message: ParsedMessage, candidates: ReturnType<typeof variantsFor>): MessageId[] {
  return candidates
    .filter(({ variant, regex }) => {
      if (message.kind === 'raw') return variant.style === 'raw' && regex.test(message.text);
      if (variant.style === 'raw' || variant.level !== message.level || variant.target !== message.target) return false;
      const span = variant.span === undefined ? '' : `${variant.span.name}{`;
      if ((span === '') !== (message.spans === '') || !message.spans.startsWith(span)) return false;
      return regex.test(message.text);
    })
    .map(({ id }) => id);
}

/** Collects a lazy line iterable. */
export const collect = (lines: Iterable<string>): string[] => Array.from(lines);
