// The rule files in alerts/: promtool checks and unit tests, and the conventions every alert follows.

import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isContractSeries } from './contract-metrics.js';
import { metricNames } from './promql.js';
import { RUNBOOK_BASE, alertsDir, filesEndingWith, readText, repoRoot, ruleFileNames, ruleTestsDir, runbookPath } from './repo.js';
import { loadRuleTests, loadRules, type Rule } from './rule-files.js';
import { runBinary } from './run-binary.js';

const ruleFiles = ruleFileNames.map((name) => join(alertsDir, name));
const testFiles = filesEndingWith(ruleTestsDir, '.test.yml');
const rules = ruleFiles.flatMap((f) => loadRules(f).map((rule) => ({ file: basename(f), rule })));
const alerts = rules.filter((r): r is { file: string; rule: Rule & { alert: string } } => r.rule.alert !== undefined);
const alertNames = [...new Set(alerts.map((a) => a.rule.alert))].sort();
const recorded = new Set(rules.flatMap((r) => (r.rule.record === undefined ? [] : [r.rule.record])));
const ruleTests = testFiles.map((f) => ({ file: basename(f), tests: loadRuleTests(f).tests }));

/** The list of alerts that must exist (more are welcome). */
const REQUIRED_ALERTS = [
  'ChronikPartitionElectionFailed', 'ChronikPartitionProposalFailed', 'ChronikMultipleMetadataInitializers',
  'ChronikLeadershipNotStable', 'ChronikNoRaftLeader', 'ChronikMultipleRaftLeaders', 'ChronikStaleLeader',
  'ChronikLeaderDisagreement', 'ChronikFrequentLeaderChanges', 'ChronikLeaderTimeoutsHigh',
  'ChronikBrokerRegistrationFailed', 'ChronikRaftPersistFailed', 'ChronikRaftMessagesLost',
  'ChronikLeaderElectionStalled', 'ChronikWalReplicationDropping', 'ChronikUncleanRestart', 'ChronikPanic',
  'ChronikLogStale', 'ChronikLogExporterDown', 'ChronikLogExporterErrors', 'ChronikLeadershipStabilizationBudgetBurn',
];

describe('promtool', () => {
  it.each(ruleFiles.map((f) => [basename(f), f]))('check rules %s', async (_name, file) => {
    const r = await runBinary('promtool', ['check', 'rules', file], repoRoot);
    expect(r.code, r.output).toBe(0);
  });

  it.each(testFiles.map((f) => [basename(f), f]))('test rules %s', async (_name, file) => {
    const r = await runBinary('promtool', ['test', 'rules', file], repoRoot);
    expect(r.code, r.output).toBe(0);
  });

  it('test rules fails when an expectation is wrong (the unit tests can fail)', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'chronik-ruletest-'));
    try {
      const broken = readText(join(ruleTestsDir, 'leadership.test.yml'))
        .replaceAll('../chronik-alerts.rules.yml', join(alertsDir, 'chronik-alerts.rules.yml'))
        .replace('for partition orders-0 1 time(s)', 'for partition orders-0 9 time(s)');
      const file = join(dir, 'broken.test.yml');
      await writeFile(file, broken);
      const r = await runBinary('promtool', ['test', 'rules', file], repoRoot);
      expect(r.code).not.toBe(0);
      expect(r.output).toContain('orders-0 1 time(s)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('alert rules', () => {
  it('include every alert the issue asks for', () => {
    expect(REQUIRED_ALERTS.filter((a) => !alertNames.includes(a))).toEqual([]);
  });

  it.each(alerts.map((a, i) => [`${a.rule.alert}#${i}`, a.rule]))('%s has severity, summary, description and its runbook_url', (_n, rule) => {
    expect(['critical', 'warning']).toContain(rule.labels?.['severity']);
    const annotations = rule.annotations ?? {};
    expect(annotations['summary'], 'summary').toMatch(/\S/);
    const description = annotations['description'] ?? '';
    // Names where it happens: a node (or the cluster, for cluster-wide alerts) or the exporter target.
    expect(description).toMatch(/\$labels\.(node_id|cluster_id|instance)/);
    // ... and the value, except for a down target (the value is up's 0).
    if (rule.alert !== 'ChronikLogExporterDown') expect(description).toContain('$value');
    expect(annotations['runbook_url']).toBe(`${RUNBOOK_BASE}#${rule.alert.toLowerCase()}`);
  });

  it('runbook_url base is the constant of alerts/generate.mjs', () => {
    expect(readText(join(alertsDir, 'generate.mjs'))).toContain(`'${RUNBOOK_BASE}'`);
  });

  it('docs/runbook.md has one section per alert, and none for alerts that do not exist', () => {
    const sections = [...readText(runbookPath).matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    expect([...sections].sort()).toEqual(alertNames);
  });

  it('every alert has a promtool case that fires and one that must not', () => {
    const cases = ruleTests.flatMap((t) => t.tests.flatMap((test) => test.alert_rule_test ?? []));
    const missing = alertNames.flatMap((name) => {
      const mine = cases.filter((c) => c.alertname === name);
      return [
        ...(mine.some((c) => (c.exp_alerts ?? []).length > 0) ? [] : [`${name}: no firing case`]),
        ...(mine.some((c) => (c.exp_alerts ?? []).length === 0) ? [] : [`${name}: no must-not-fire case`]),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('the two-cluster test expects silence from every alert', () => {
    const twoClusters = ruleTests.find((t) => t.file === 'two-clusters.test.yml');
    const silent = new Set(twoClusters?.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((c) => (c.exp_alerts ?? []).length === 0).map((c) => c.alertname)));
    expect(alertNames.filter((a) => !silent.has(a))).toEqual([]);
  });

  it('every recording rule is checked by a promtool test or used by a tested rule', () => {
    const exprs = [
      ...ruleTests.flatMap((t) => t.tests.flatMap((test) => (test.promql_expr_test ?? []).map((p) => p.expr))),
      ...rules.map((r) => r.rule.expr),
    ].join('\n');
    expect([...recorded].filter((name) => !exprs.includes(name))).toEqual([]);
  });
});

describe('metric names in rules', () => {
  it.each(rules.map((r, i) => [`${r.file} ${r.rule.alert ?? r.rule.record ?? ''}#${i}`, r.rule.expr]))(
    '%s uses only contract metrics and recorded series',
    (_n, expr) => {
      const unknown = [...metricNames(expr)].filter((name) => !isContractSeries(name) && !recorded.has(name));
      expect(unknown).toEqual([]);
    },
  );

  it('the name check catches a misspelt metric', () => {
    expect([...metricNames('increase(chronik_log_partition_election_total[5m]) > 0')].filter((n) => !isContractSeries(n))).toEqual([
      'chronik_log_partition_election_total',
    ]);
  });
});

describe('generated files', () => {
  it('runbook links, PrometheusRule and Grafana alert rules are up to date (node alerts/generate.mjs --check)', async () => {
    const r = await runBinary(process.execPath, [join(alertsDir, 'generate.mjs'), '--check'], repoRoot);
    expect(r.code, r.output).toBe(0);
  });

  it('Grafana-managed alerts hold exactly the critical alerts', () => {
    const text = readText(join(repoRoot, 'examples/grafana/provisioning/alerting/chronik-page-alerts.yaml'));
    const titles = [...text.matchAll(/^\s+title: (\S+)/gm)].map((m) => m[1]);
    const critical = alerts.filter((a) => a.rule.labels?.['severity'] === 'critical');
    expect(titles).toHaveLength(critical.length);
    for (const a of critical) expect(titles.some((t) => t?.startsWith(a.rule.alert))).toBe(true);
  });
});
