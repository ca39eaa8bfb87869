// Custom rules at run time, through the real exporter on a real chronik log: actions, labels, history, caps, reload.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig, type RuleSettings } from '../../src/config/index.js';
import { createExporter } from '../../src/exporter/index.js';
import { createCustomRules, type CustomRules } from '../../src/rules/index.js';
import { sample } from '../helpers/exposition.js';

const root = join(import.meta.dirname, '..', '..');
const leaderLog = readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log'));

const RULES = validateConfig({
  rules: [
    {
      id: 'send_failed', match: { level: 'warn', target: 'chronik_server::raft_cluster', message: '^Message sender: failed to send (?<t>\\d+) to peer (?<peer>\\d+):' },
      action: { type: 'counter', metric: 'custom_send_failures_total', labels: { peer: { capture: 'peer' }, kind: 'raft' } },
    },
    {
      id: 'entries_persisted', match: { target_prefix: 'chronik_server::', message: '^✓ Persisted (?<n>\\d+) Raft entries to WAL' },
      action: { type: 'counter', metric: 'custom_entries_persisted_total', value: { capture: 'n' } },
    },
    {
      id: 'unpersisted', match: { message: '^Raft ready: (?<n>\\d+) unpersisted messages to send' },
      action: { type: 'gauge', metric: 'custom_unpersisted_messages', value: { capture: 'n' } },
    },
    {
      id: 'applied', match: { level: ['info'], message: 'Applied (?<n>\\d+) committed entries' },
      action: { type: 'histogram', metric: 'custom_applied_entries', value: { capture: 'n' }, scale: 0.5, buckets: [0.5, 1, 5] },
    },
  ],
}, '(test)').rules;

function run(rules: readonly RuleSettings[], counting = true, maxSeries = 1000) {
  let custom: CustomRules | undefined;
  const matches: string[] = [];
  const dropped: string[] = [];
  const exporter = createExporter({
    maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 100, defaultMetrics: false, version: 't',
    onEvent: (node, event, c) => { custom?.apply(node, event, c); },
  });
  custom = createCustomRules({ registry: exporter.metrics.registry, maxSeries, onMatch: (id) => matches.push(id), onDropped: (m) => dropped.push(m) }, rules);
  const source = exporter.source({ name: 'node1.log', clusterId: 'c1' });
  const reader = source.file('node1.log');
  reader.push(leaderLog, counting);
  reader.end();
  source.release();
  return { text: () => exporter.metrics.registry.metrics(), matches, dropped, custom, reader };
}

const count = (xs: readonly string[], x: string) => xs.filter((y) => y === x).length;

describe('custom rules', () => {
  it('increments, sets and observes with labels from captures and constants, node_id and cluster_id added', async () => {
    const r = run(RULES);
    const text = await r.text();
    expect(sample(text, 'custom_send_failures_total{node_id="1",cluster_id="c1",peer="3",kind="raft"}')).toBe(6);
    expect(sample(text, 'custom_send_failures_total{node_id="1",cluster_id="c1",peer="2",kind="raft"}')).toBe(1);
    expect(sample(text, 'custom_entries_persisted_total{node_id="1",cluster_id="c1"}')).toBe(1 + 4 + 3 + 1); // the captured counts, summed
    expect(sample(text, 'custom_unpersisted_messages{node_id="1",cluster_id="c1"}')).toBeGreaterThan(0);
    expect(sample(text, 'custom_applied_entries_bucket{le="0.5",node_id="1",cluster_id="c1"}')).toBe(2);
    expect(sample(text, 'custom_applied_entries_bucket{le="1",node_id="1",cluster_id="c1"}')).toBe(2);
    expect(sample(text, 'custom_applied_entries_bucket{le="5",node_id="1",cluster_id="c1"}')).toBe(4);
    expect(sample(text, 'custom_applied_entries_sum{node_id="1",cluster_id="c1"}')).toBe((1 + 1 + 3 + 4) * 0.5); // scale 0.5
    expect(count(r.matches, 'send_failed')).toBe(7);
    expect(count(r.matches, 'unpersisted')).toBe(31);
  });

  it('history rebuilds gauges and counts nothing', async () => {
    const text = await run(RULES, false).text();
    expect(text).not.toMatch(/^custom_send_failures_total\{/m);
    expect(sample(text, 'custom_applied_entries_count{node_id="1",cluster_id="c1"}')).toBeUndefined();
    expect(sample(text, 'custom_unpersisted_messages{node_id="1",cluster_id="c1"}')).toBeGreaterThan(0);
  });

  it('caps the series of a metric and reports what it dropped', async () => {
    const r = run(RULES.slice(0, 1), true, 1);
    const text = await r.text();
    expect(text.match(/^custom_send_failures_total\{/gm)).toHaveLength(1);
    expect(r.dropped).toEqual(['custom_send_failures_total']); // one label set (peer 2) refused, however often it came
  });

  it('replace keeps the values of unchanged metrics, rebuilds changed ones and drops removed ones', async () => {
    const r = run(RULES);
    const changedHistogram = { ...RULES[3], action: { ...RULES[3]?.action, buckets: [1, 2] } } as RuleSettings; // same rule, other buckets
    r.custom.replace([RULES[0], changedHistogram].filter((x) => x !== undefined));
    const text = await r.text();
    expect(sample(text, 'custom_send_failures_total{node_id="1",cluster_id="c1",peer="3",kind="raft"}')).toBe(6);
    expect(text).not.toContain('custom_entries_persisted_total');
    expect(text).toContain('# TYPE custom_applied_entries histogram');
    expect(sample(text, 'custom_applied_entries_count{node_id="1",cluster_id="c1"}')).toBeUndefined();
    expect(r.custom.ids()).toEqual(['send_failed', 'applied']);
  });
});
