// OpenMetrics 1.0 text from a prom-client Registry. prom-client's own OpenMetrics mode renames counters inside
// the shared metric objects (it strips `_total` from `metric.name` for good), so one registry cannot serve both
// formats through it; this writer reads the values and leaves the registry alone.

import type { Registry } from 'prom-client';

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = escapeLabel;

const formatValue = (v: number): string => {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
};

const formatLabels = (labels: Readonly<Record<string, string | number | undefined>>): string => {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (v === undefined) continue;
    parts.push(`${k}="${escapeLabel(typeof v === 'number' ? formatValue(v) : v)}"`);
  }
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
};

/**
 * Renders every metric of the registry in the OpenMetrics text format, ending with `# EOF`.
 * @example
 * reply.type(OPENMETRICS_CONTENT_TYPE).send(await renderOpenMetrics(registry));
 */
export async function renderOpenMetrics(registry: Registry): Promise<string> {
  const out: string[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    const type = String(metric.type);
    const counter = type === 'counter';
    const family = counter && metric.name.endsWith('_total') ? metric.name.slice(0, -'_total'.length) : metric.name;
    out.push(`# TYPE ${family} ${type === 'histogram' || type === 'gauge' || counter || type === 'summary' ? type : 'unknown'}`);
    out.push(`# HELP ${family} ${escapeHelp(metric.help)}`);
    for (const sample of metric.values as readonly { value: number; labels: Record<string, string | number | undefined>; metricName?: string }[]) { // prom-client's MetricValueWithName
      const name = counter ? `${family}_total` : sample.metricName ?? metric.name;
      out.push(`${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
