// serve's reload (POST /-/reload here; SIGHUP in test/cli/signals.test.ts): validated first, a bad config is
// rejected with a log line and the running one keeps going, unchanged sources keep their counters.

import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { serve } from '../../src/modes/serve.js';
import { sample } from '../helpers/exposition.js';
import { waitFor } from '../server/helpers.js';

const root = join(import.meta.dirname, '..', '..');
const follower = readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node2-follower.log'), 'utf8').split('\n').filter((l) => l !== '');
const leader = readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log'), 'utf8').split('\n').filter((l) => l !== '');
const LINES = (source: string) => `chronik_log_exporter_lines_total{source="${source}"}`;
const RELOAD_OK = 'chronik_log_exporter_config_last_reload_successful';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => { await cleanup?.(); cleanup = undefined; });

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'cle-reload-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  const fileA = join(dir, 'a', 'node2.log');
  const fileB = join(dir, 'b', 'node1.log');
  writeFileSync(fileA, `${follower.slice(0, 50).join('\n')}\n`);
  writeFileSync(fileB, `${leader.join('\n')}\n`);
  const configFile = join(dir, 'config.yaml');
  const sourceA = { name: 'a', paths: [join(dir, 'a', '*.log')], count_existing: true };
  const sourceB = { name: 'b', paths: [join(dir, 'b', '*.log')], count_existing: true };
  writeFileSync(configFile, stringify({ sources: [sourceA] }));
  const log: string[] = [];
  const destination = new Writable({ write(chunk: Buffer, _e, cb) { log.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')); cb(); } });
  const abort = new AbortController();
  let base = '';
  const done = serve({
    config: await loadConfig(configFile), configFile, paths: [], listen: ['127.0.0.1:0'], telemetryPath: '/metrics',
    logLevel: 'info', logFormat: 'json', logDestination: destination, signal: abort.signal, onListening: (a) => { base = a[0] ?? ''; },
  });
  await waitFor('listening', () => (base === '' ? undefined : base));
  cleanup = async () => { abort.abort(); expect(await done).toBe(0); rmSync(dir, { recursive: true, force: true }); };
  const scrape = async () => {
    const r = await fetch(`${base}/metrics`);
    return r.status === 200 ? r.text() : undefined;
  };
  const until = (what: string, ok: (t: string) => boolean) => waitFor(what, async () => {
    const t = await scrape();
    return t !== undefined && ok(t) ? t : undefined;
  });
  const reload = async (config: unknown) => {
    writeFileSync(configFile, typeof config === 'string' ? config : stringify(config));
    const r = await fetch(`${base}/-/reload`, { method: 'POST' });
    return { status: r.status, body: await r.text() };
  };
  return { dir, fileA, fileB, sourceA, sourceB, log, base, until, reload };
}

describe('serve reload', () => {
  it('adds a source while the unchanged one keeps reading and keeps its counters', async () => {
    const t = await setup();
    await t.until('history of a', (x) => sample(x, LINES('a')) === 50);
    const added = await t.reload({ sources: [t.sourceA, t.sourceB] });
    expect(added).toEqual({ status: 200, body: 'config reloaded (sources added: 1, changed: 0, removed: 0, unchanged: 1; custom rules: 0)\n' });
    appendFileSync(t.fileA, `${follower.slice(50, 60).join('\n')}\n`);
    const after = await t.until('a grows, b appears', (x) => sample(x, LINES('a')) === 60 && sample(x, LINES('b')) !== undefined);
    expect(sample(after, 'chronik_log_raft_leader_id{node_id="1"}')).toBe(1); // b's history rebuilt node 1's state
    expect(sample(after, RELOAD_OK)).toBe(1);
    expect(t.log.some((l) => l.includes('"msg":"config reloaded"') && l.includes('"added":"b"'))).toBe(true);
  });

  it('rejects a bad config with a log line naming the key, keeps the running one and says so in the metric', async () => {
    const t = await setup();
    await t.until('history of a', (x) => sample(x, LINES('a')) === 50);
    const bad = await t.reload({ sources: [{ ...t.sourceA, count_existing: 'often' }] });
    expect(bad.status).toBe(500);
    expect(bad.body).toContain('sources.0.count_existing: expected true or false, got "often"');
    const failedLine = t.log.find((l) => l.includes('config reload failed'));
    expect(failedLine).toContain('sources.0.count_existing');
    expect(JSON.parse(failedLine ?? '{}')).toMatchObject({ level: 50, trigger: 'http' });
    appendFileSync(t.fileA, `${follower.slice(50, 55).join('\n')}\n`);
    const still = await t.until('the old config keeps reading', (x) => sample(x, LINES('a')) === 55);
    expect(sample(still, RELOAD_OK)).toBe(0);
    const restart = await t.reload({ sources: [t.sourceA], limits: { max_line_bytes: 4096 } });
    expect(restart.status).toBe(500);
    expect(restart.body).toContain('changed key(s) that need a restart: limits');
    const yaml = await t.reload('sources: [\n');
    expect(yaml.body).toContain('not valid YAML');
    const good = await t.reload({ sources: [t.sourceA] });
    expect(good.status).toBe(200);
    expect(sample(await t.until('reloaded', (x) => sample(x, RELOAD_OK) === 1), LINES('a'))).toBe(55);
  });

  it('a changed source resumes where it was: its counters keep their values and nothing is counted twice', async () => {
    const t = await setup();
    const before = await t.until('history of a', (x) => sample(x, LINES('a')) === 50);
    const bytes = sample(before, 'chronik_log_exporter_bytes_total{source="a"}');
    const changed = await t.reload({ sources: [{ ...t.sourceA, node_id: '2' }] });
    expect(changed.body).toContain('changed: 1');
    appendFileSync(t.fileA, `${follower.slice(50, 70).join('\n')}\n`);
    const after = await t.until('appended lines counted once', (x) => sample(x, LINES('a')) === 70);
    expect(sample(after, 'chronik_log_exporter_bytes_total{source="a"}')).toBe((bytes ?? 0) + Buffer.byteLength(`${follower.slice(50, 70).join('\n')}\n`));
    const removed = await t.reload({ sources: [t.sourceB] });
    expect(removed.body).toContain('added: 1, changed: 0, removed: 1');
  });
});
