// /metrics bodies from a prom-client Registry: the Prometheus text format (byte for byte what `registry.metrics()`
// writes) or OpenMetrics 1.0. Work is done once per change, not once per scrape: each series' labels are escaped
// once (exposition-labels), and a metric whose samples are the same objects with the same values as at the last
// scrape reuses its text. prom-client's own OpenMetrics mode renames counters inside the shared metric objects
// (it strips `_total` from `metric.name` for good), so one registry cannot serve both formats through it; this
// writer leaves it alone.

import type { Registry } from 'prom-client';
import { escapeLabelValue, formatNumber, labelBlock, type LabelSet } from './exposition-labels.js';

export type ExpositionFormat = 'openmetrics' | 'text';

/** One sample as prom-client v15 hands it out: counters and gauges give their series' own entries. */
interface Sample { readonly value: number; readonly labels?: LabelSet; readonly sharedLabels?: LabelSet; readonly metricName?: string }
interface Collected { readonly name: string; readonly help: string; readonly type: string; readonly values?: readonly Sample[] }
/** prom-client v15's metric objects: `getForPromString()` (histograms) keeps a bucket's `le` apart from the series' labels. */
interface Collectable { get(): Promise<unknown>; getForPromString?: () => Promise<unknown> }

/** A metric's text at the last scrape, and the samples (and their values) it was rendered from. */
interface Rendered { readonly samples: readonly Sample[]; readonly values: readonly number[]; readonly text: string }

const lastRendered: Readonly<Record<ExpositionFormat, WeakMap<object, Rendered>>> = { text: new WeakMap(), openmetrics: new WeakMap() };

const OPENMETRICS_TYPES = new Set(['counter', 'gauge', 'histogram', 'summary']);

/** HELP escaping of the text format (OpenMetrics escapes double quotes too). */
const escapeHelpText = (help: string): string => help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/**
 * Renders every metric of the registry: the text format, or OpenMetrics ending with `# EOF`. Like
 * `registry.metrics()`, it runs every metric's collect function, all at once. Registry default labels are not
 * applied (the exporter sets none).
 * @example
 * reply.type(TEXT_CONTENT_TYPE).send(await renderExposition(registry, 'text'));
 */
export async function renderExposition(registry: Registry, format: ExpositionFormat): Promise<string> {
  const metrics = registry.getMetricsAsArray() as unknown as readonly Collectable[]; // typed as plain data; they are the metric objects
  const collected = await Promise.all(metrics.map((m) => (m.getForPromString === undefined ? m.get() : m.getForPromString()) as Promise<Collected>)); // prom-client's MetricObjectWithValues
  const cache = lastRendered[format];
  const texts = collected.map((c, i) => {
    const metric = metrics[i] as Collectable; // collected[i] came from metrics[i]
    const samples = c.values ?? [];
    const last = cache.get(metric);
    if (last !== undefined && unchanged(last, samples)) return last.text;
    const text = format === 'text' ? textOf(c, samples) : openMetricsOf(c, samples);
    cache.set(metric, { samples, values: samples.map((s) => s.value), text });
    return text;
  });
  return format === 'text' ? `${texts.join('\n\n')}\n` : `${texts.join('\n')}\n# EOF\n`;
}

/** The same sample objects, in the same order, with the same values (histograms hand out new objects: never). */
function unchanged(last: Rendered, samples: readonly Sample[]): boolean {
  if (last.samples.length !== samples.length) return false;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as Sample; // i < length
    if (s !== last.samples[i] || !Object.is(s.value, last.values[i])) return false;
  }
  return true;
}

function textOf(c: Collected, samples: readonly Sample[]): string {
  const lines = [`# HELP ${c.name} ${escapeHelpText(c.help)}`, `# TYPE ${c.name} ${c.type}`];
  for (const s of samples) lines.push(`${s.metricName ?? c.name}${labelBlock(s.labels, s.sharedLabels, 'text')} ${formatNumber(s.value, 'text')}`);
  return lines.join('\n');
}

function openMetricsOf(c: Collected, samples: readonly Sample[]): string {
  const counter = c.type === 'counter';
  const family = counter && c.name.endsWith('_total') ? c.name.slice(0, -'_total'.length) : c.name;
  const lines = [`# TYPE ${family} ${OPENMETRICS_TYPES.has(c.type) ? c.type : 'unknown'}`, `# HELP ${family} ${escapeLabelValue(c.help)}`];
  for (const s of samples) {
    const name = counter ? `${family}_total` : s.metricName ?? c.name;
    lines.push(`${name}${labelBlock(s.labels, s.sharedLabels, 'openmetrics')} ${formatNumber(s.value, 'openmetrics')}`);
  }
  return lines.join('\n');
}
