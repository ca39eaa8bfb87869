// End to end: chronik logs appended live (timestamps rewritten to now) → the exporter (serve) → a real
// Prometheus scraping it every second with the bundled rules → the alerts that must be pending or firing.
// `for:` durations are promtool's to test (alerts/tests); here an alert counts once it is pending or firing.
// The rules run with their minute windows scaled down 20x (10m → 30s): a new counter series' first increment
// only fires once the exporter has been scraped for a whole window, and a test cannot wait 10 minutes.

import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { serve } from '../../src/modes/serve.js';
import { generateScenario } from '../../src/scenarios/index.js';
import { startPrometheus, type PrometheusServer } from './prometheus-harness.js';
import { dashboardExpressions, loadDashboards } from './dashboards.js';
import { substituteGrafanaVariables } from './promql.js';

const root = join(import.meta.dirname, '..', '..');
const TS = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{6})Z/;
const SCALE = 20;
/** Time compression of the appended logs: 4 s of log time per second, so counters rise across scrapes. */
const SPEEDUP = 4;

/** A rule file with every `[Nm]` range and `offset Nm` divided by SCALE. */
function scaledRules(file: string, into: string): string {
  const text = readFileSync(join(root, 'alerts', file), 'utf8')
    .replace(/\[(\d+)m\]/g, (_m, n: string) => `[${(Number(n) * 60) / SCALE}s]`)
    .replace(/offset (\d+)m\b/g, (_m, n: string) => `offset ${(Number(n) * 60) / SCALE}s`);
  const out = join(into, file);
  writeFileSync(out, text);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timeOf = (line: string): number | undefined => {
  const m = TS.exec(line);
  return m === null ? undefined : Date.parse(m[0]);
};

/** Log lines with every timestamp moved so that the first one is `start` (ms), ANSI and all. */
function shifted(lines: readonly string[], start: number): string[] {
  const first = lines.map((l) => TS.exec(l)).find((m) => m !== null);
  const base = first === null || first === undefined ? start : Date.parse(first[0]);
  return lines.map((line) => line.replace(TS, (ts, micros: string) => {
    const t = new Date(Date.parse(ts) - base + start).toISOString();
    return `${t.slice(0, 19)}.${micros}Z`;
  }));
}

/** The clusters: one directory (and cluster_id) each, with the generator's logs of one scenario. */
const CLUSTERS = { bug: 'v2.2.0-bug', storm: 'v2.2.1-storm', healthy: 'v2.2.3-healthy' } as const;

let dir = '';
let prometheus: PrometheusServer | undefined;
const abort = new AbortController();
let served: Promise<number> | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cle-e2e-'));
  const sources = Object.keys(CLUSTERS).map((c) => ({ name: c, paths: [join(dir, c, '*.log')], cluster_id: c }));
  const start = Date.now();
  const files = Object.entries(CLUSTERS).flatMap(([cluster, scenario]) => generateScenario(scenario).nodes.map((node) => {
    mkdirSync(join(dir, cluster), { recursive: true });
    const lines = shifted([...node.lines], start);
    const split = lines.findIndex((l) => /Node ID: |CLUSTER mode \(node_id=|raft_id: /.test(l)) + 1;
    const path = join(dir, cluster, node.fileName);
    writeFileSync(path, `${lines.slice(0, split).join('\n')}\n`); // the node becomes known: its counters exist at 0
    return { path, rest: lines.slice(split) };
  }));
  let address = '';
  served = serve({
    config: validateConfig({ sources, leadership: { stability_window: '10s' } }, '(e2e)'), configFile: undefined, paths: [],
    listen: ['127.0.0.1:0'], telemetryPath: '/metrics', logLevel: 'warn', logFormat: 'logfmt', signal: abort.signal,
    onListening: (a) => { address = (a[0] ?? '').replace('http://', ''); },
  });
  const deadline = Date.now() + 10_000;
  while (address === '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  prometheus = await startPrometheus({
    interval: '1s',
    ruleFiles: ['chronik-alerts.rules.yml', 'chronik-recording.rules.yml', 'chronik-slo.rules.yml'].map((f) => scaledRules(f, dir)),
    scrapeJobs: [{ job: 'chronik-log-exporter', targets: [address] }],
  });
  const p = prometheus;
  // Prometheus must have scraped the zeros before anything happens, so that increase() sees every event.
  await p.waitFor('zeros scraped', async () => {
    const r = await p.query('count(chronik_log_partition_elections_total or chronik_log_events_total)');
    return r.status === 'success' && JSON.stringify(r).includes('"value"') ? true : undefined;
  }, 30_000);
  await sleep((600 / SCALE) * 1000 + 2000); // one scaled 10m window with the exporter known: first increments count
  // Append live, paced by log time (compressed), all files interleaved.
  const events = files.flatMap((f) => {
    let last = 0;
    return f.rest.map((line) => ({ path: f.path, line, t: (last = timeOf(line) ?? last) }));
  }).sort((a, b) => a.t - b.t);
  const t0 = events[0]?.t ?? 0;
  const wall0 = Date.now();
  for (let i = 0; i < events.length;) {
    const due = wall0 + ((events[i]?.t ?? t0) - t0) / SPEEDUP;
    if (due > Date.now()) await sleep(Math.min(250, due - Date.now()));
    const batch = new Map<string, string[]>();
    while (i < events.length && wall0 + ((events[i]?.t ?? t0) - t0) / SPEEDUP <= Date.now()) {
      const e = events[i++];
      if (e !== undefined) batch.set(e.path, [...(batch.get(e.path) ?? []), e.line]);
    }
    for (const [path, lines] of batch) appendFileSync(path, `${lines.join('\n')}\n`);
  }
}, 180_000);

afterAll(async () => {
  abort.abort();
  await served;
  await prometheus?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const active = ['pending', 'firing'] as const;

/** Panels this run cannot populate, and why: their series only exist once such a fault has happened. */
const EXPECTED_EMPTY: readonly string[] = [
  'chronik-log-exporter-health.json panel "Read errors" A', // read_errors_total{code} appears with the first I/O error
  'chronik-log-exporter-health.json panel "Partitions folded by the cap" A', // series_dropped_total{metric} appears when the cap folds a partition
  'chronik-log-exporter-health.json panel "Watcher overflows, node id conflicts, checkpoint errors" C', // checkpoint metrics exist only with a state_dir
];

describe('alerts on a real Prometheus scraping the exporter', () => {
  it('the v2.2.0 bug: failed elections, failed proposals, two metadata initializers', async () => {
    const p = prometheus;
    if (p === undefined) throw new Error('no Prometheus');
    await p.waitForAlert('ChronikPartitionElectionFailed', active, { cluster_id: 'bug' }, 60_000);
    await p.waitForAlert('ChronikPartitionProposalFailed', active, { cluster_id: 'bug' }, 60_000);
    await p.waitForAlert('ChronikMultipleMetadataInitializers', active, { cluster_id: 'bug' }, 60_000);
  }, 90_000);

  it('the v2.2.1 follower storm: failed elections on the follower only', async () => {
    const p = prometheus;
    if (p === undefined) throw new Error('no Prometheus');
    if (process.env.E2E_DEBUG === '1') {
      for (const q of ['chronik_log_partition_elections_total', 'chronik_log_metadata_initializer', 'chronik_log_node_running', 'chronik_log_exporter_lines_total']) console.log(q, JSON.stringify(await p.query(q)));
    }
    await p.waitForAlert('ChronikPartitionElectionFailed', active, { cluster_id: 'storm' }, 60_000);
    const nodes = new Set((await p.alerts()).filter((a) => a.labels.alertname === 'ChronikPartitionElectionFailed' && a.labels.cluster_id === 'storm').map((a) => a.labels.node_id));
    expect(nodes.has('1')).toBe(false); // the leader is fine: only followers storm
  }, 90_000);

  it('a healthy cluster fires none of the error alerts', async () => {
    const p = prometheus;
    if (p === undefined) throw new Error('no Prometheus');
    // by now the other clusters' alerts are active: the rules have been evaluated on everything appended
    await p.waitForAlert('ChronikPartitionElectionFailed', active, { cluster_id: 'storm' }, 60_000);
    const healthy = (await p.alerts()).filter((a) => a.labels.cluster_id === 'healthy');
    expect(healthy.map((a) => a.labels.alertname)).toEqual([]);
    const r = await p.query('chronik_log_raft_is_leader{cluster_id="healthy"}');
    expect(JSON.stringify(r)).toContain('"1"');
  }, 90_000);

  it('every dashboard query returns data from the scenarios (those they cannot populate are listed with why)', async () => {
    const p = prometheus;
    if (p === undefined) throw new Error('no Prometheus');
    await p.waitForAlert('ChronikPartitionElectionFailed', active, { cluster_id: 'storm' }, 60_000);
    await new Promise((r) => setTimeout(r, 3000)); // a few more evaluations of the recording rules
    const empty: string[] = [];
    for (const d of loadDashboards()) {
      for (const { where, expr } of dashboardExpressions(d.dashboard)) {
        const r = await p.query(substituteGrafanaVariables(expr));
        expect(r.status, `${d.file} ${where}: ${expr}`).toBe('success');
        if (!JSON.stringify(r).includes('"value"')) empty.push(`${d.file} ${where}`);
      }
    }
    if (process.env.E2E_DEBUG === '1') console.log(empty.join('\n'));
    expect(empty).toEqual(EXPECTED_EMPTY);
  }, 90_000);
});

