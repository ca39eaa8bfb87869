// The `{name="value",…}` block of an exposition line, escaped once per label set: prom-client keeps each series'
// label object for the series' life (a counter's forever, a gauge's until its next set), so the escaped text is
// cached on that object and a scrape of an unchanged series only looks it up.

import type { ExpositionFormat } from './exposition.js';

/** A label set as prom-client hands it out (values are strings, except `le` buckets and careless callers). */
export type LabelSet = Readonly<Record<string, unknown>>;

/** Label blocks of label sets whose values are all strings (the same text in both formats), by label object. */
const cache = new WeakMap<object, string>();

const ESCAPED = /[\\\n"]/;
/** Label value escaping, identical in the text format and OpenMetrics: backslash, newline, double quote. */
export const escapeLabelValue = (v: string): string => (ESCAPED.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : v);

/** A sample value, or a number label value, as each format writes it (prom-client's text writes NaN as `Nan`). */
export function formatNumber(v: number, format: ExpositionFormat): string {
  if (Number.isNaN(v)) return format === 'text' ? 'Nan' : 'NaN';
  if (format === 'text' ? !Number.isFinite(v) : v === Infinity || v === -Infinity) return v < 0 ? '-Inf' : '+Inf';
  return `${v}`;
}

/** One label as each format writes it: the text format stringifies anything (prom-client does), OpenMetrics skips undefined. */
function pair(name: string, value: unknown, format: ExpositionFormat): string | undefined {
  if (typeof value === 'string') return `${name}="${escapeLabelValue(value)}"`;
  if (format === 'text') return `${name}="${String(value)}"`;
  if (value === undefined) return undefined;
  return `${name}="${escapeLabelValue(typeof value === 'number' ? formatNumber(value, format) : String(value))}"`;
}

/**
 * `{own…,shared…}` ('' without labels): the sample's own labels (a histogram bucket's `le`) but those the shared
 * ones name, then the series' shared labels, as prom-client orders them. Built by Array.join, which makes a flat
 * string: a rope of concatenations would be walked again by every scrape's final join.
 */
function build(own: LabelSet | undefined, shared: LabelSet | undefined, format: ExpositionFormat): string {
  const out: string[] = [];
  const add = (labels: LabelSet, except: LabelSet | undefined): void => {
    for (const name in labels) {
      if (except !== undefined && Object.hasOwn(except, name)) continue;
      const p = pair(name, labels[name], format);
      if (p !== undefined) out.push(out.length === 0 ? '{' : ',', p);
    }
  };
  if (own !== undefined) add(own, shared);
  if (shared !== undefined) add(shared, undefined);
  if (out.length === 0) return '';
  out.push('}');
  return out.join('');
}

/**
 * The label block of one sample, braces included ('' without labels). A series' own label object is cached
 * when every value is a string (then the text is the same in both formats). Label objects must not be mutated
 * once handed to prom-client (prom-client itself hashes them once, at insertion).
 * @example
 * labelBlock({ le: 1 }, { node_id: '1' }, 'text'); // '{le="1",node_id="1"}'
 */
export function labelBlock(own: LabelSet | undefined, shared: LabelSet | undefined, format: ExpositionFormat): string {
  if (own === undefined || shared !== undefined) return build(own, shared, format);
  const hit = cache.get(own);
  if (hit !== undefined) return hit;
  const text = build(own, undefined, format);
  for (const name in own) if (typeof own[name] !== 'string') return text;
  cache.set(own, text);
  return text;
}
