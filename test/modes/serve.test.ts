// serve end to end: real files in a temp dir, the real watcher, real fastify on a loopback port, real promtool.

import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { serve } from '../../src/modes/serve.js';
import { sample } from '../helpers/exposition.js';
import { waitFor } from '../helpers/wait-for.js';
import { promtoolCheckMetrics } from '../helpers/promtool.js';

const root = join(import.meta.dirname, '..', '..');
const follower = readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node2-follower.log'), 'utf8').split('\n');


let stop: (() => Promise<void>) | undefined;
afterEach(async () => { await stop?.(); stop = undefined; });

async function start(config: unknown, paths: string[], extra: Partial<Parameters<typeof serve>[0]> = {}): Promise<string> {
  const abort = new AbortController();
  let base = '';
  const done = serve({
    config: validateConfig(config, '(test)'), configFile: undefined, paths, listen: ['127.0.0.1:0'], telemetryPath: '/metrics',
    logLevel: 'warn', logFormat: 'logfmt', signal: abort.signal, onListening: (a) => { base = a[0] ?? ''; }, ...extra,
  });
  await waitFor('listening', async () => (base === '' ? undefined : base));
  stop = async () => { abort.abort(); expect(await done).toBe(0); };
  return base;
}

const metrics = async (base: string) => {
  const r = await fetch(`${base}/metrics`);
  return r.status === 200 ? r.text() : undefined;
};

describe('serve', () => {
  it('rebuilds state from history without counting, counts appended lines, passes promtool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-serve-'));
    try {
      const file = join(dir, 'node2.log');
      writeFileSync(file, `${follower.slice(0, 90).join('\n')}\n`); // up to the first failed election and past it
      const base = await start({}, [join(dir, '*.log')]);
      const text = await waitFor('ready', () => metrics(base));
      expect(sample(text, 'chronik_log_raft_leader_id{node_id="2"}')).toBe(1);
      // history rebuilds gauges but counts nothing: the partition's counter series does not even exist yet
      expect(sample(text, 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}')).toBeUndefined();
      expect(sample(text, 'chronik_log_leader_timeouts_total{node_id="2",topic="__meta",partition="0"}')).toBeUndefined();
      const live = follower.slice(90).filter((l) => l.includes('Failed to elect leader')).length;
      expect(live).toBeGreaterThan(0);
      appendFileSync(file, `${follower.slice(90).join('\n')}`);
      const after = await waitFor('appended lines counted', async () => {
        const t = await metrics(base);
        const v = t === undefined ? undefined : sample(t, 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}');
        return v === live ? t : undefined;
      });
      const check = promtoolCheckMetrics(after);
      expect(check.output).toBe('');
      const page = await (await fetch(`${base}/`)).text();
      expect(page).toContain('node2.log');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts existing lines with count_existing, and picks up a file created after start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-serve-'));
    try {
      copyFileSync(join(root, 'test/fixtures/samples/v2.2.1-node2-follower.log'), join(dir, 'node2.log'));
      const base = await start({ sources: [{ name: 'nodes', paths: [join(dir, '*.log')], count_existing: true }] }, []);
      const text = await waitFor('ready', () => metrics(base));
      expect(sample(text, 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}')).toBe(4);
      copyFileSync(join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log'), join(dir, 'node1.log'));
      const both = await waitFor('new file read from its first byte', async () => {
        const t = await metrics(base);
        return t !== undefined && sample(t, 'chronik_log_metadata_initializations_total{node_id="1"}') === 1 ? t : undefined;
      });
      // one glob, two nodes' files: each keeps its own node id
      expect(sample(both, 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}')).toBe(4);
      expect(sample(both, 'chronik_log_raft_is_leader{node_id="1"}')).toBe(1);
      expect(sample(both, 'chronik_log_raft_is_leader{node_id="2"}')).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers scrapes while a large history is still being read: 503 from memory, never waiting on the files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-serve-'));
    try {
      const block = `${follower.join('\n')}\n`;
      const file = join(dir, 'node2.log');
      writeFileSync(file, block.repeat(Math.ceil((48 * 1024 * 1024) / block.length))); // ~48 MiB of real lines
      const base = await start({}, [join(dir, '*.log')]);
      const statuses: number[] = [];
      const text = await waitFor('ready', async () => {
        const r = await fetch(`${base}/metrics`);
        statuses.push(r.status);
        if (r.status === 503) expect((await fetch(`${base}/healthz`)).status).toBe(200);
        return r.status === 200 ? r.text() : undefined;
      }, 60_000);
      expect(statuses[0]).toBe(503);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(1);
      expect(sample(text, 'chronik_log_raft_leader_id{node_id="2"}')).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a file that never names its node is released under the id from its path after a few seconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cle-serve-'));
    try {
      const base = await start({ sources: [{ name: 'n', paths: [join(dir, '*.log')], node_id_pattern: 'node(\\d+)' }] }, []);
      await waitFor('ready', () => metrics(base));
      writeFileSync(join(dir, 'node7.log'), '2025-11-08T10:15:05.222807Z  INFO raft::raft: starting a new election\n');
      await waitFor('held event released to node 7', async () => {
        const t = await metrics(base);
        return t !== undefined && sample(t, 'chronik_log_raft_elections_started_total{node_id="7"}') === 1 ? t : undefined;
      }, 15_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--stdin reads standard input as the source "stdin", with the node id given', async () => {
    const input = new PassThrough();
    const base = await start({}, [], { stdin: true, stdinNodeId: '2', stdinStream: input });
    await waitFor('ready', () => metrics(base));
    input.write(`${follower.slice(0, 60).join('\n')}\n`);
    input.write(follower.slice(60).join('\n')); // the unterminated last line counts once the writer closes
    input.end('\n');
    const t = await waitFor('stdin read', async () => {
      const x = await metrics(base);
      return x !== undefined && sample(x, 'chronik_log_exporter_lines_total{source="stdin"}') === follower.length ? x : undefined;
    });
    expect(sample(t, 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}')).toBe(4);
    expect(t).not.toContain('node_id="unknown"');
  });
});

