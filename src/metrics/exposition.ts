// /metrics bodies from a prom-client Registry: the Prometheus text format (byte for byte what `registry.metrics()`
// writes) or OpenMetrics 1.0, with each series' labels escaped once rather than on every scrape (exposition-labels).
// prom-client's own OpenMetrics mode renames counters inside the shared metric objects (it strips `_total` from
// `metric.name` for good), so one registry cannot serve both formats through it; this writer leaves it alone.

import type { Registry } from 'prom-client';
import { escapeLabelValue, formatNumber, labelBlock, type LabelSet } from './exposition-labels.js';

export type ExpositionFormat = 'openmetrics' | 'text';

/** One sample as prom-client v15 hands it out: counters and gauges give their series' own entries. */
interface Sample { readonly value: number; readonly labels?: LabelSet; readonly sharedLabels?: LabelSet; readonly metricName?: string }
interface Collected { readonly name: string; readonly help: string; readonly type: string; readonly values?: readonly Sample[] }
/** prom-client v15's metric objects: `getForPromString()` (histograms) keeps a bucket's `le` apart from the series' labels. */
interface Collectable { get(): Promise<unknown>; getForPromString?: () => Promise<unknown> }

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
  return format === 'text' ? text(collected) : openMetrics(collected);
}

function text(collected: readonly Collected[]): string {
  const lines: string[] = [];
  for (const m of collected) {
    if (lines.length > 0) lines.push(''); // a blank line between metrics
    lines.push(`# HELP ${m.name} ${escapeHelpText(m.help)}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of m.values ?? []) {
      lines.push(`${s.metricName ?? m.name}${labelBlock(s.labels, s.sharedLabels, 'text')} ${formatNumber(s.value, 'text')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function openMetrics(collected: readonly Collected[]): string {
  const lines: string[] = [];
  for (const m of collected) {
    const counter = m.type === 'counter';
    const family = counter && m.name.endsWith('_total') ? m.name.slice(0, -'_total'.length) : m.name;
    lines.push(`# TYPE ${family} ${OPENMETRICS_TYPES.has(m.type) ? m.type : 'unknown'}`, `# HELP ${family} ${escapeLabelValue(m.help)}`);
    for (const s of m.values ?? []) {
      const name = counter ? `${family}_total` : s.metricName ?? m.name;
      lines.push(`${name}${labelBlock(s.labels, s.sharedLabels, 'openmetrics')} ${formatNumber(s.value, 'openmetrics')}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
