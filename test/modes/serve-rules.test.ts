// Custom rules in serve: live lines counted, each rule in chronik_log_exporter_rule_matches_total{rule}, and a
// reload that adds a rule keeps the values of the metrics it did not change.

import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { serve } from '../../src/modes/serve.js';
import { sample } from '../helpers/exposition.js';
import { waitFor } from '../server/helpers.js';

const root = join(import.meta.dirname, '..', '..');
const leader = readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log'), 'utf8').split('\n').filter((l) => l !== '');

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => { await cleanup?.(); cleanup = undefined; });

const sendFailed = {
  id: 'send_failed',
  match: { level: 'warn', message: '^Message sender: failed to send (?<t>\\d+) to peer (?<peer>\\d+):' },
  action: { type: 'counter', metric: 'custom_send_failures_total', labels: { peer: { capture: 'peer' } } },
};
const persisted = {
  id: 'persisted',
  match: { message: '^✓ Persisted (?<n>\\d+) Raft entries to WAL' },
  action: { type: 'counter', metric: 'custom_persisted_total', value: { capture: 'n' } },
};

describe('serve with custom rules', () => {
  it('counts live lines per rule and keeps unchanged rule metrics across a reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-rules-'));
    const file = join(dir, 'node1.log');
    writeFileSync(file, `${leader.slice(0, 10).join('\n')}\n`);
    const configFile = join(dir, 'config.yaml');
    const source = { name: 'n', paths: [join(dir, '*.log')] };
    writeFileSync(configFile, stringify({ sources: [source], rules: [sendFailed] }));
    const abort = new AbortController();
    let base = '';
    const done = serve({
      config: await loadConfig(configFile), configFile, paths: [], listen: ['127.0.0.1:0'], telemetryPath: '/metrics',
      logLevel: 'warn', logFormat: 'logfmt', signal: abort.signal, onListening: (a) => { base = a[0] ?? ''; },
    });
    cleanup = async () => { abort.abort(); await done; rmSync(dir, { recursive: true, force: true }); };
    await waitFor('listening', () => (base === '' ? undefined : base));
    const scrape = async (ok: (t: string) => boolean) => waitFor('metrics', async () => {
      const r = await fetch(`${base}/metrics`);
      const t = r.status === 200 ? await r.text() : undefined;
      return t !== undefined && ok(t) ? t : undefined;
    });
    const ready = await scrape(() => true);
    expect(sample(ready, 'chronik_log_exporter_rule_matches_total{rule="send_failed"}')).toBe(0);

    appendFileSync(file, `${leader.slice(10).join('\n')}\n`);
    const failures = leader.slice(10).filter((l) => l.includes('Message sender: failed to send') && l.includes('to peer 3')).length;
    const live = await scrape((t) => sample(t, 'custom_send_failures_total{node_id="1",peer="3"}') === failures);
    expect(failures).toBeGreaterThan(0);
    const matches = sample(live, 'chronik_log_exporter_rule_matches_total{rule="send_failed"}');
    expect(matches).toBeGreaterThanOrEqual(failures);

    writeFileSync(configFile, stringify({ sources: [source], rules: [sendFailed, persisted] }));
    const r = await fetch(`${base}/-/reload`, { method: 'POST' });
    expect(await r.text()).toContain('custom rules: 2');
    const after = await scrape((t) => sample(t, 'chronik_log_exporter_rule_matches_total{rule="persisted"}') === 0);
    expect(sample(after, 'custom_send_failures_total{node_id="1",peer="3"}')).toBe(failures);
    expect(sample(after, 'chronik_log_exporter_rule_matches_total{rule="send_failed"}')).toBe(matches);

    writeFileSync(configFile, stringify({ sources: [source], rules: [persisted] }));
    expect((await fetch(`${base}/-/reload`, { method: 'POST' })).status).toBe(200);
    const removed = await scrape((t) => !t.includes('custom_send_failures_total'));
    expect(removed).not.toContain('rule="send_failed"');
  });
});
