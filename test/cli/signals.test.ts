// serve as a process: SIGHUP reloads (a bad config is logged and ignored), SIGTERM and SIGINT stop it with exit
// code 0 within a few seconds, writing the final checkpoint first.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sample } from '../helpers/exposition.js';
import { waitFor } from '../server/helpers.js';
import { buildCli, root } from './build-cli.js';

let cli = '';
let cleanup = (): void => undefined;
beforeAll(async () => { ({ cli, cleanup } = await buildCli()); }, 120_000);
afterAll(() => cleanup());

interface Running { child: ChildProcess; log: Record<string, unknown>[]; base: string; exit: Promise<{ code: number | null; signal: string | null; ms: number }>; signalAt: () => number }

async function start(args: readonly string[]): Promise<Running> {
  const child = spawn(process.execPath, [cli, 'serve', '--web.listen-address', '127.0.0.1:0', '--log.format', 'json', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const log: Record<string, unknown>[] = [];
  let rest = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) if (l !== '') log.push(JSON.parse(l) as Record<string, unknown>); // --log.format json
  });
  let sentAt = 0;
  const exit = new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - sentAt }));
  });
  const listening = await waitFor('listening', () => log.find((l) => l.msg === 'chronik-log-exporter listening'), 20_000);
  const base = String(listening.addresses).split(',')[0] ?? '';
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => { sentAt = Date.now(); return kill(signal); };
  return { child, log, base, exit, signalAt: () => sentAt };
}

const scrape = async (base: string) => {
  const r = await fetch(`${base}/metrics`);
  return r.status === 200 ? r.text() : undefined;
};

describe('serve signals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cle-signals-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('SIGHUP reloads a good config, keeps the old one on a bad one; SIGTERM writes the checkpoint and exits 0', async () => {
    writeFileSync(join(dir, 'node2.log'), readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node2-follower.log')));
    writeFileSync(join(dir, 'node1.other'), readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log')));
    const config = join(dir, 'config.yaml');
    const a = { name: 'a', paths: [join(dir, '*.log')], count_existing: true };
    writeFileSync(config, stringify({ sources: [a] }));
    const state = join(dir, 'state');
    const p = await start(['--config', config, '--state.dir', state]);
    const first = await waitFor('ready', () => scrape(p.base));
    const linesA = sample(first, 'chronik_log_exporter_lines_total{source="a"}');

    writeFileSync(config, stringify({ sources: [a, { name: 'b', paths: [join(dir, '*.other')], count_existing: true }] }));
    p.child.kill('SIGHUP');
    const reloaded = await waitFor('source b', async () => {
      const t = await scrape(p.base);
      return t !== undefined && sample(t, 'chronik_log_exporter_lines_total{source="b"}') !== undefined ? t : undefined;
    });
    expect(sample(reloaded, 'chronik_log_exporter_lines_total{source="a"}')).toBe(linesA);
    expect(p.log.some((l) => l.msg === 'config reloaded' && l.trigger === 'SIGHUP')).toBe(true);

    writeFileSync(config, 'sources: {}\n');
    p.child.kill('SIGHUP');
    const failed = await waitFor('reload failure logged', () => p.log.find((l) => String(l.msg).startsWith('config reload failed')));
    expect(failed).toMatchObject({ level: 50, trigger: 'SIGHUP' });
    expect(String(failed.problems)).toContain('sources: expected a list, got a mapping');
    const kept = await scrape(p.base);
    expect(kept === undefined ? undefined : sample(kept, 'chronik_log_exporter_config_last_reload_successful')).toBe(0);
    expect(kept === undefined ? undefined : sample(kept, 'chronik_log_exporter_lines_total{source="b"}')).toBeDefined();

    rmSync(join(state, 'checkpoint.json'), { force: true }); // the one written after the initial read: SIGTERM must write its own
    p.child.kill('SIGTERM');
    const exit = await p.exit;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(5000);
    expect(existsSync(join(state, 'checkpoint.json'))).toBe(true);
    const messages = p.log.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  }, 60_000);

  it('SIGINT stops it too', async () => {
    const p = await start(['--log.path', join(dir, '*.log')]);
    await waitFor('ready', () => scrape(p.base));
    p.child.kill('SIGINT');
    expect(await p.exit).toMatchObject({ code: 0, signal: null });
    expect(p.log.find((l) => l.msg === 'shutting down')).toMatchObject({ why: 'SIGINT' });
  }, 60_000);
});
