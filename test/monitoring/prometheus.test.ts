// A real Prometheus (Debian package prometheus) on a loopback port: it loads the rule files and parses every
// dashboard query with its variables substituted, and the harness itself scrapes and reports alerts.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardExpressions, loadDashboards, variableSelectors } from './dashboards.js';
import { startPrometheus, type PrometheusServer } from './prometheus-harness.js';
import { substituteGrafanaVariables } from './promql.js';
import { alertsDir, ruleFileNames } from './repo.js';
import { loadRules } from './rule-files.js';

const ruleFiles = ruleFileNames.map((name) => join(alertsDir, name));
const queries = loadDashboards().flatMap(({ file, dashboard }) =>
  [...dashboardExpressions(dashboard), ...variableSelectors(dashboard)].map(({ where, expr }) => ({ name: `${file} ${where}`, expr })),
);

let prometheus: PrometheusServer;
let extraDir: string;

beforeAll(async () => {
  // One rule of the harness's own, to see an alert go pending/firing through the HTTP API.
  extraDir = await mkdtemp(join(tmpdir(), 'chronik-harness-rules-'));
  const harnessRules = join(extraDir, 'harness.rules.yml');
  await writeFile(
    harnessRules,
    'groups:\n  - name: harness\n    rules:\n      - alert: HarnessTargetUp\n        expr: up{job="prometheus-self"} == 1\n        labels: {severity: none}\n',
  );
  prometheus = await startPrometheus({
    ruleFiles: [...ruleFiles, harnessRules],
    interval: '1s',
    // Prometheus scrapes itself: the scrape path the end-to-end test will use with the exporter as target.
    scrapeJobs: [{ job: 'prometheus-self', targets: ['$self'], labels: { cluster_id: 'harness' } }],
  });
});

afterAll(async () => {
  await prometheus?.stop();
  if (extraDir !== undefined) await rm(extraDir, { recursive: true, force: true });
});

describe('dashboard queries on a real Prometheus', () => {
  it.each(queries.map((q) => [q.name, q.expr]))('%s parses', async (_name, expr) => {
    const response = await prometheus.query(substituteGrafanaVariables(expr));
    expect(response.status === 'error' ? `${response.errorType}: ${response.error}` : 'ok').toBe('ok');
  });

  it('a query with a syntax error is reported as one (the check can fail)', async () => {
    const response = await prometheus.query(substituteGrafanaVariables('sum(rate(chronik_log_events_total[$__rate_interval])'));
    expect(response.status).toBe('error');
  });
});

describe('rule files on a real Prometheus', () => {
  it('loads every group and evaluates every rule without error', async () => {
    const expected = ruleFiles.flatMap((f) => loadRules(f)).length + 1;
    // Groups with their own longer interval (the SLO groups) first run at an offset within it: only the
    // groups on the global 1 s interval are waited for; the others must at least not be in error.
    const groups = await prometheus.waitFor('every 1 s rule evaluated once', async () => {
      const g = await prometheus.ruleGroups();
      const fast = g.filter((x) => x.interval <= 1).flatMap((x) => x.rules);
      const count = g.flatMap((x) => x.rules).length;
      return count === expected && fast.length > 0 && fast.every((r) => r.health === 'ok') ? g : undefined;
    });
    const unhealthy = groups.flatMap((g) => g.rules.filter((r) => r.health === 'err').map((r) => `${g.name}/${r.name}: ${r.lastError ?? r.health}`));
    expect(unhealthy).toEqual([]);
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['chronik-leadership', 'chronik-cluster', 'chronik-leadership-slo']));
  });
});

describe('harness', () => {
  it('scrapes a target with its target labels and reports alerts through the API', async () => {
    const up = await prometheus.waitFor('the self-scrape', async () => {
      const r = await prometheus.query('up{job="prometheus-self"}');
      return r.status === 'success' && r.data.result[0]?.value?.[1] === '1' ? r.data.result[0] : undefined;
    });
    expect(up.metric).toMatchObject({ job: 'prometheus-self', cluster_id: 'harness' });
    const alert = await prometheus.waitForAlert('HarnessTargetUp', ['firing'], { cluster_id: 'harness' });
    expect(alert.labels['severity']).toBe('none');
    // No chronik alert fires on a Prometheus that scrapes no exporter.
    expect((await prometheus.alerts()).filter((a) => a.labels['alertname']?.startsWith('Chronik'))).toEqual([]);
  });

  it('reports a Prometheus that cannot start, with its output', async () => {
    const bad = join(extraDir, 'bad.rules.yml');
    await writeFile(bad, 'groups:\n  - name: bad\n    rules:\n      - alert: Bad\n        expr: sum(\n');
    const started = startPrometheus({ ruleFiles: [bad], readyTimeoutMs: 10_000 });
    // Should it start after all, stop it rather than leak it.
    started.then((p) => p.stop(), () => undefined).catch(() => undefined);
    await expect(started).rejects.toThrow(/prometheus exited[\s\S]*bad\.rules\.yml/);
  });
});
