// docs/metrics.md must match the registry's table; the registry must carry every metric of the contract.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics, EXPORTER_METRICS, NODE_METRICS, renderMetricsReference } from '../../src/metrics/index.js';

const root = join(import.meta.dirname, '..', '..');
const doc = join(root, 'docs', 'metrics.md');

describe('metrics reference', () => {
  it('docs/metrics.md is up to date', () => {
    const text = renderMetricsReference();
    if (process.env.UPDATE_DOCS === '1' || !existsSync(doc)) writeFileSync(doc, text);
    expect(readFileSync(doc, 'utf8')).toBe(text);
  });

  it('names every metric of shared/spec/metrics.md (when shared/ is beside the checkout)', () => {
    const spec = join(root, '..', 'shared', 'spec', 'metrics.md');
    if (!existsSync(spec)) return;
    const names = new Set([...readFileSync(spec, 'utf8').matchAll(/\b(chronik_log_[a-z_]+)\b/g)].map((m) => m[1]));
    const ours = new Set([...NODE_METRICS, ...EXPORTER_METRICS].map((m) => m.name));
    const missing = [...names].filter((n) => n !== undefined && !ours.has(n) && !/^chronik_log_(leadership_stabilization_seconds_(bucket|count|sum)|exporter_)$/.test(n));
    expect(missing).toEqual([]);
  });

  it('registers every metric of the table in its own registry, without the promtool-rejected defaults', async () => {
    const metrics = createMetrics({ maxPartitions: 2, defaultMetrics: true, version: 'test' });
    const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    for (const m of [...NODE_METRICS, ...EXPORTER_METRICS]) expect(names).toContain(m.name);
    expect(names).not.toContain('nodejs_active_handles_total');
    expect(names).toContain('process_cpu_user_seconds_total');
  });

  it('folds partitions past the cap into __overflow__ and counts each folded partition once', async () => {
    const metrics = createMetrics({ maxPartitions: 2, defaultMetrics: false, version: 'test' });
    const sink = metrics.node({ node_id: '1' });
    for (const p of ['0', '1', '2', '3', '3']) sink.count('chronik_log_leader_timeouts_total', { topic: 't', partition: p });
    const text = await metrics.registry.metrics();
    expect(text).toContain('chronik_log_leader_timeouts_total{node_id="1",topic="__overflow__",partition="overflow"} 3');
    expect(text).toContain('chronik_log_leader_timeouts_total{node_id="1",topic="t",partition="1"} 1');
    expect(text).toContain('chronik_log_exporter_series_dropped_total{metric="chronik_log_leader_timeouts_total"} 2');
  });
});
