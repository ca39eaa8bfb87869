// Metric values in and out of a checkpoint, so that a restarted exporter continues every counter where it was
// (Prometheus sees no reset) instead of recounting or losing what it had read.

import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from './prom-client.js';

/** One series' value: counters and gauges carry `value`, histograms their per-bucket counts, sum and count. */
export interface SavedSeries {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value?: number;
  readonly buckets?: Readonly<Record<string, number>>;
  readonly sum?: number;
  readonly count?: number;
}
export interface SavedMetric { readonly name: string; readonly type: 'counter' | 'gauge' | 'histogram'; readonly series: readonly SavedSeries[] }

/** Recomputed at run time, never restored. */
const LIVE_ONLY = new Set([
  'chronik_log_exporter_build_info', 'chronik_log_exporter_files_watched', 'chronik_log_exporter_lag_bytes',
  'chronik_log_exporter_config_last_reload_successful', 'chronik_log_exporter_config_last_reload_success_timestamp_seconds',
]);

const defined = (labels: Readonly<Record<string, string | number | undefined>>): Record<string, string | number> => {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(labels)) if (v !== undefined) out[k] = v;
  return out;
};

/** Everything read from logs (the contract's and custom rules' metrics); not the process's own runtime metrics. */
const saved = (name: string): boolean => !LIVE_ONLY.has(name) && !name.startsWith('process_') && !name.startsWith('nodejs_');

/** Every series read from logs (the exporter's live-only gauges and the process's runtime metrics excepted). */
export async function snapshotMetrics(registry: Registry): Promise<SavedMetric[]> {
  const out: SavedMetric[] = [];
  for (const m of await registry.getMetricsAsJSON()) {
    if (!saved(m.name)) continue;
    const type = String(m.type); // typed as a numeric enum, but prom-client v15 reports 'counter', 'gauge', 'histogram'
    if (type === 'counter' || type === 'gauge') {
      out.push({ name: m.name, type, series: m.values.map((v) => ({ labels: defined(v.labels), value: v.value })) });
    } else if (type === 'histogram') {
      const byLabels = new Map<string, { labels: Record<string, string | number>; cumulative: [string, number][]; sum: number; count: number }>();
      for (const v of m.values) {
        const { le, ...rest } = v.labels;
        const labels = defined(rest);
        const key = JSON.stringify(labels);
        let entry = byLabels.get(key);
        if (entry === undefined) {
          entry = { labels, cumulative: [], sum: 0, count: 0 };
          byLabels.set(key, entry);
        }
        const metricName = (v as { metricName?: string }).metricName ?? ''; // prom-client names each histogram value's series
        if (metricName.endsWith('_bucket') && le !== undefined && le !== '+Inf') entry.cumulative.push([String(le), v.value]);
        else if (metricName.endsWith('_sum')) entry.sum = v.value;
        else if (metricName.endsWith('_count')) entry.count = v.value;
      }
      out.push({
        name: m.name, type: 'histogram',
        series: [...byLabels.values()].map((e) => {
          const buckets: Record<string, number> = {};
          let previous = 0;
          for (const [le, total] of e.cumulative) {
            buckets[le] = total - previous;
            previous = total;
          }
          return { labels: e.labels, buckets, sum: e.sum, count: e.count };
        }),
      });
    }
  }
  return out;
}

interface HistogramEntry { labels: Record<string, string | number>; bucketValues: Record<string, number>; sum: number; count: number }

/** prom-client has no public way to set a histogram; its per-series map is stable across v15 and checked here. */
function histogramEntries(h: Histogram<string>): Record<string, HistogramEntry> {
  const map: unknown = (h as unknown as { hashMap?: unknown }).hashMap; // prom-client v15 internal, shape checked below
  if (map === null || typeof map !== 'object') throw new Error('Expected prom-client v15 histogram internals (hashMap)');
  return map as Record<string, HistogramEntry>;
}

/** Sets every saved series into the registry's metrics (counters are added to, gauges set). */
export function restoreMetrics(registry: Registry, metrics: readonly SavedMetric[]): void {
  for (const m of metrics) {
    const metric = registry.getSingleMetric(m.name);
    if (metric === undefined || !saved(m.name)) continue;
    for (const s of m.series) {
      const labels = Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [k, String(v)]));
      if (metric instanceof Counter && s.value !== undefined) metric.inc(labels, s.value);
      else if (metric instanceof Gauge && s.value !== undefined) metric.set(labels, s.value);
      else if (metric instanceof Histogram && s.buckets !== undefined) {
        metric.zero(labels);
        const entry = Object.values(histogramEntries(metric)).find((e) => Object.entries(labels).every(([k, v]) => String(e.labels[k]) === v) && Object.keys(e.labels).length === Object.keys(labels).length);
        if (entry === undefined || typeof entry.bucketValues !== 'object') throw new Error(`Expected a histogram series for ${m.name} after zero()`);
        for (const [le, n] of Object.entries(s.buckets)) entry.bucketValues[le] = n;
        entry.sum = s.sum ?? 0;
        entry.count = s.count ?? 0;
      }
    }
  }
}
