// renderExposition against prom-client itself: the text format must be byte for byte `registry.metrics()`, before
// and after series change (the label cache must never serve stale text); OpenMetrics must carry the same samples
// as prom-client's own OpenMetrics mode, with the spec's spellings.

import fc from 'fast-check';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics, renderExposition } from '../../src/metrics/index.js';
import { promtoolCheckMetrics } from '../helpers/promtool.js';

const NASTY = ['plain', 'a"b\\c\nd', '\\n', '""', 'ünïcödé ✓', '', 'tab\there', '\\"\n'];
const VALUES = [0, 1, -1, 0.1, 1e21, 1e-7, -0, Number.NaN, Infinity, -Infinity, 2 ** 53];

/** The same metrics in `registry`: labels that need escaping, special values, a labelled histogram, an empty counter. */
function fill(registry: Registry): { counter: Counter<string>; gauge: Gauge<string>; histogram: Histogram<string> } {
  const counter = new Counter({ name: 'demo_events_total', help: 'Events "seen".\nSecond \\ line.', labelNames: ['kind', 'node_id'], registers: [registry] });
  NASTY.forEach((kind, i) => counter.inc({ kind, node_id: String(i) }, i));
  counter.inc({ kind: 'numeric', node_id: 7 as unknown as string }, 1); // prom-client accepts numbers as label values
  new Counter({ name: 'demo_never_total', help: 'Never incremented.', labelNames: ['kind'], registers: [registry] });
  const gauge = new Gauge({ name: 'demo_value', help: 'Values.', labelNames: ['v'], registers: [registry] });
  VALUES.forEach((v, i) => gauge.set({ v: String(i) }, v));
  new Gauge({ name: 'demo_plain', help: 'No labels.', registers: [registry] }).set(21.5);
  const histogram = new Histogram({ name: 'demo_seconds', help: 'A histogram.', labelNames: ['node_id'], buckets: [0.5, 1, 15], registers: [registry] });
  histogram.observe({ node_id: 'a"\n' }, 0.7);
  histogram.observe({ node_id: 'b' }, 20);
  new Histogram({ name: 'demo_bare_seconds', help: 'No labels.', buckets: [1], registers: [registry] }).observe(0.1);
  return { counter, gauge, histogram };
}

/** Sample lines as a map `name{labels}` → value text, and the TYPE lines, of an OpenMetrics body. */
function samples(body: string): { values: Map<string, string>; types: string[] } {
  const values = new Map<string, string>();
  const types: string[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('# TYPE ')) types.push(line);
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), line.slice(at + 1));
  }
  return { values, types: types.sort() };
}

describe('renderExposition', () => {
  it('writes the text format byte for byte as prom-client does, and again after series changed', async () => {
    const registry = new Registry();
    const { counter, gauge, histogram } = fill(registry);
    expect(await renderExposition(registry, 'text')).toBe(await registry.metrics());
    counter.inc({ kind: 'a"b\\c\nd', node_id: '1' }, 5);
    gauge.set({ v: '3' }, Number.NaN);
    gauge.remove({ v: '0' });
    histogram.observe({ node_id: 'b' }, 0.2);
    histogram.observe({ node_id: 'c' }, 1);
    const after = await renderExposition(registry, 'text');
    expect(after).toBe(await registry.metrics());
    expect(after).toContain('demo_events_total{kind="a\\"b\\\\c\\nd",node_id="1"} 6');
    expect(after).toContain('demo_seconds_bucket{le="15",node_id="a\\"\\n"} 1');
    expect(promtoolCheckMetrics(after).output).toBe('');
  });

  it('writes the text format as prom-client does for any label value and sample value', async () => {
    const label = fc.string({ unit: fc.constantFrom('a', 'é', '"', '\\', '\n', 'n', ' ', '✓'), maxLength: 8 });
    const value = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(...VALUES));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(label, label, value), { maxLength: 20 }), async (series) => {
      const registry = new Registry();
      const gauge = new Gauge({ name: 'g', help: 'h', labelNames: ['x', 'y'], registers: [registry] });
      const counter = new Counter({ name: 'c_total', help: 'h', labelNames: ['x', 'y'], registers: [registry] });
      for (const [x, y, v] of series) {
        gauge.set({ x, y }, v);
        if (v >= 0 && Number.isFinite(v)) counter.inc({ x, y }, v);
      }
      expect(await renderExposition(registry, 'text')).toBe(await registry.metrics());
      for (const [x, y] of series) gauge.inc({ x, y }, 1);
      expect(await renderExposition(registry, 'text')).toBe(await registry.metrics());
    }), { numRuns: 200 });
  });

  it('writes OpenMetrics with the samples of prom-client\'s own OpenMetrics mode', async () => {
    const registry = new Registry();
    fill(registry);
    const ours = await renderExposition(registry, 'openmetrics');
    await renderExposition(registry, 'text'); // warm the label cache from the other format
    expect(await renderExposition(registry, 'openmetrics')).toBe(ours);
    const reference = new Registry();
    fill(reference);
    // prom-client types a registry's content type as fixed at construction; it is a plain runtime setting
    (reference as unknown as Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>).setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const theirs = await reference.metrics();
    const a = samples(ours);
    const b = samples(theirs);
    expect(a.types).toEqual(b.types);
    // prom-client writes NaN as `Nan`, which OpenMetrics does not allow; otherwise the samples are the same.
    expect(a.values).toEqual(new Map([...b.values].map(([k, v]) => [k, v === 'Nan' ? 'NaN' : v])));
    expect(ours).toContain('demo_value{v="7"} NaN\n');
    expect(ours).toContain('# TYPE demo_events counter\n# HELP demo_events Events \\"seen\\".\\nSecond \\\\ line.\n');
    expect(ours).toContain('demo_bare_seconds_bucket{le="+Inf"} 1\n');
    expect(ours.endsWith('\n# EOF\n')).toBe(true);
    // and the registry still renders its counters under their own names in the text format
    expect(await renderExposition(registry, 'text')).toBe(await registry.metrics());
  });

  it('writes the exporter\'s own registry (default metrics, partition series, histogram) as prom-client does', async () => {
    const metrics = createMetrics({ maxPartitions: 3, defaultMetrics: false, version: 'test' });
    const sink = metrics.node({ node_id: '1', cluster_id: 'c"1' });
    for (const p of ['0', '1', '2', '3']) {
      sink.count('chronik_log_partition_elections_total', { topic: 't\\x', partition: p, result: 'elected' });
      sink.partitionGauge('chronik_log_partition_leader_id', 't\\x', p, 2);
    }
    sink.role('leader');
    sink.observeStabilization(3.5);
    expect(await renderExposition(metrics.registry, 'text')).toBe(await metrics.registry.metrics());
    sink.role('follower');
    sink.partitionGauge('chronik_log_partition_leader_id', 't\\x', '1', 3);
    expect(await renderExposition(metrics.registry, 'text')).toBe(await metrics.registry.metrics());
  });
});
