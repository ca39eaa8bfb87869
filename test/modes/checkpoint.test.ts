// Checkpoints: a restart continues every counter exactly (nothing lost, nothing counted twice).

import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { createExporter } from '../../src/exporter/index.js';
import { serve } from '../../src/modes/serve.js';
import { createCheckpointer } from '../../src/modes/checkpointing.js';
import { createLogger } from '../../src/log/index.js';
import { PassThrough } from 'node:stream';
import { wireCustomRules } from '../../src/modes/wire-custom-rules.js';
import { loadConfig } from '../../src/config/index.js';
import type { CustomRules } from '../../src/rules/index.js';
import { sample } from '../helpers/exposition.js';
import { waitFor } from '../helpers/wait-for.js';

const root = join(import.meta.dirname, '..', '..');
const follower = readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node2-follower.log'), 'utf8').split('\n').filter((l) => l !== '');
const FAILED = 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}';
const LINES = (source: string) => `chronik_log_exporter_lines_total{source="${source}"}`;


const running: (() => Promise<void>)[] = [];
afterEach(async () => { for (const stop of running.splice(0)) await stop(); });

async function start(dir: string, stateDir: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const abort = new AbortController();
  let base = '';
  const done = serve({
    config: validateConfig({ sources: [{ name: 'nodes', paths: [join(dir, '*.log')], count_existing: true }] }, '(test)'),
    configFile: undefined, paths: [], listen: ['127.0.0.1:0'], telemetryPath: '/metrics', logLevel: 'warn', logFormat: 'logfmt',
    signal: abort.signal, onListening: (a) => { base = a[0] ?? ''; }, stateDir,
  });
  await waitFor('listening', async () => (base === '' ? undefined : base));
  let stopped = false;
  const stop = async () => { if (!stopped) { stopped = true; abort.abort(); await done; } };
  running.push(stop);
  return { base, stop };
}
const scrape = async (base: string) => {
  const r = await fetch(`${base}/metrics`);
  return r.status === 200 ? r.text() : undefined;
};

describe('checkpoints', () => {
  it('a restart continues counters exactly, including lines written while the exporter was down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-ckpt-'));
    const state = mkdtempSync(join(tmpdir(), 'cle-state-'));
    try {
      const file = join(dir, 'node2.log');
      const failures = (lines: readonly string[]) => lines.filter((l) => l.includes('Failed to elect leader')).length;
      writeFileSync(file, `${follower.slice(0, 95).join('\n')}\n`);
      const first = await start(dir, state);
      await waitFor('first read', async () => {
        const t = await scrape(first.base);
        return t !== undefined && sample(t, LINES('nodes')) === 95 ? t : undefined;
      });
      await waitFor('first checkpoint', async () => (existsSync(join(state, 'checkpoint.json')) ? true : undefined));
      await first.stop();
      appendFileSync(file, `${follower.slice(95).join('\n')}\n`); // written while the exporter is down

      const second = await start(dir, state);
      const t = await waitFor('catch-up', async () => {
        const x = await scrape(second.base);
        return x !== undefined && sample(x, LINES('nodes')) === follower.length ? x : undefined;
      });
      expect(sample(t, FAILED)).toBe(failures(follower));
      expect(sample(t, 'chronik_log_process_starts_total{node_id="2"}')).toBe(1);
      expect(sample(t, 'chronik_log_leadership_stabilization_seconds_count{node_id="2"}')).toBe(1);
      expect(sample(t, 'chronik_log_leadership_stabilization_seconds_bucket{le="2",node_id="2"}')).toBe(1);
      expect(sample(t, 'chronik_log_raft_leader_id{node_id="2"}')).toBe(1);
      expect(sample(t, 'chronik_log_exporter_checkpoint_writes_total{result="ok"}')).toBeGreaterThanOrEqual(1);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    }
  });

  it('sets a corrupt checkpoint aside and starts without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-ckpt-'));
    const state = mkdtempSync(join(tmpdir(), 'cle-state-'));
    try {
      writeFileSync(join(dir, 'node2.log'), `${follower.join('\n')}\n`);
      writeFileSync(join(state, 'checkpoint.json'), '{"version": 1, "files": [tr');
      const s = await start(dir, state);
      const t = await waitFor('ready', () => scrape(s.base));
      expect(sample(t, FAILED)).toBe(4);
      expect(readdirSync(state).some((f) => f.startsWith('checkpoint.json.corrupt-'))).toBe(true);
      await s.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    }
  });

  it('snapshot and restore give the same exposition', async () => {
    const options = { maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 100, defaultMetrics: false, version: 't' } as const;
    const a = createExporter(options);
    const reader = a.source({ name: 's' }).file('node2.log');
    reader.push(Buffer.from(`${follower.join('\n')}\n`), true);
    reader.end();
    const snapshot = await a.snapshot();
    expect(snapshot).toBeDefined();
    const b = createExporter(options);
    if (snapshot !== undefined) b.restore(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
    b.source({ name: 's' });
    const strip = (s: string) => s.split('\n').filter((l) => !l.startsWith('chronik_log_exporter_build_info')).sort().join('\n'); // restored series may come in another order
    expect(strip(await b.metrics.registry.metrics())).toBe(strip(await a.metrics.registry.metrics()));
    expect(b.nodes()[0]?.state.data.leaderId).toBe(1);
  });

  it('custom rules\' metrics survive a snapshot and restore', async () => {
    const config = await loadConfig(join(root, 'examples/config.yaml'));
    const make = () => {
      let rules: CustomRules | undefined;
      const exporter = createExporter({
        maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 100, defaultMetrics: false, version: 't',
        onEvent: (node, event, counting) => { rules?.apply(node, event, counting); },
      });
      rules = wireCustomRules(exporter.metrics, config).rules;
      return exporter;
    };
    const a = make();
    const reader = a.source({ name: 's' }).file('node1.log');
    reader.push(readFileSync(join(root, 'examples/v2.2.1-cluster/node1.log')), true);
    reader.end();
    const snapshot = await a.snapshot();
    const b = make();
    if (snapshot !== undefined) b.restore(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
    const text = await b.metrics.registry.metrics();
    expect(sample(text, 'chronik_custom_raft_send_failures_total{node_id="1",peer="3"}')).toBe(7);
  });

  it('a checkpoint that cannot be written is counted and retried, never fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-ckpt-'));
    try {
      const blocked = join(dir, 'not-a-dir');
      writeFileSync(blocked, 'a file where the state dir should be'); // every write fails (ENOTDIR), as on a full disk
      const exporter = createExporter({ maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 100, defaultMetrics: false, version: 't' });
      const logger = createLogger({ level: 'error', format: 'json', destination: new PassThrough() });
      const checkpointer = await createCheckpointer({ dir: join(blocked, 'state'), exporter, logger, files: () => [], flush: () => undefined });
      await checkpointer.write();
      await checkpointer.write();
      const text = await exporter.metrics.registry.metrics();
      expect(sample(text, 'chronik_log_exporter_checkpoint_writes_total{result="error"}')).toBe(2);
      expect(sample(text, 'chronik_log_exporter_checkpoint_writes_total{result="ok"}')).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a rotation or truncation shows on /metrics only once a written checkpoint holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-ckpt-'));
    try {
      const blocked = join(dir, 'not-a-dir');
      writeFileSync(blocked, 'a file where the state dir should be'); // writes fail until it is removed
      const exporter = createExporter({ maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 100, defaultMetrics: false, version: 't' });
      const logger = createLogger({ level: 'fatal', format: 'json', destination: new PassThrough() });
      const state = join(blocked, 'state');
      const checkpointer = await createCheckpointer({ dir: state, exporter, logger, files: () => [], flush: () => undefined });
      const rotations = async () => sample(await exporter.metrics.registry.metrics(), 'chronik_log_exporter_file_rotations_total{source="s"}');
      checkpointer.start(60_000);
      try {
        checkpointer.countDurably('chronik_log_exporter_file_rotations_total', { source: 's' });
        await checkpointer.write(); // fails: the count stays out of sight
        expect(await rotations()).toBeUndefined();
        rmSync(blocked);
        await checkpointer.write();
        expect(await rotations()).toBe(1);
        // What the checkpoint holds is what a restart starts from.
        const restarted = createExporter({ maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 100, defaultMetrics: false, version: 't' });
        await createCheckpointer({ dir: state, exporter: restarted, logger, files: () => [], flush: () => undefined });
        expect(sample(await restarted.metrics.registry.metrics(), 'chronik_log_exporter_file_rotations_total{source="s"}')).toBe(1);
      } finally {
        checkpointer.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
