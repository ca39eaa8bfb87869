// The commands of the README and the deployment docs that can run here, run as written (from a private build of
// the CLI, in the repository root): every replay/check/config/rules command line whose files are in the
// repository; the tour's `npm start` (serve without sources: the bundled example cluster); and the Kubernetes
// sidecar's container args, run for real with only its two mount points moved into a temp dir, to show that
// state_dir makes counters continue across a restart. Commands on paths of a real installation (/var/log/…,
// /etc/…) cannot run here; the test lists them and fails on any other path that does not exist.

import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/config/flags.js';
import { buildCli, runCli } from '../cli/build-cli.js';
import { promtoolCheckMetrics } from '../helpers/promtool.js';
import { freePort } from '../monitoring/prometheus-harness.js';
import { repo, yamlObjects, type Obj } from './helpers.js';
import { invocations, type Invocation } from './shell.js';

const documents = ['README.md', 'docs/cli.md', 'docs/deployment.md', 'docs/configuration.md', 'docs/troubleshooting.md'];

/** Expands a glob as sh would (one directory level, relative to the repository); a plain path is itself. */
function expand(arg: string): string[] {
  if (!/[*?[{]/.test(arg)) return [arg];
  const dir = posix.dirname(arg);
  if (!existsSync(join(repo, dir))) return [arg];
  const matches = readdirSync(join(repo, dir)).filter((name) => picomatch(posix.basename(arg))(name)).sort().map((name) => posix.join(dir, name));
  return matches.length === 0 ? [arg] : matches;
}

/** The files a command line names: positional operands, --config and --web.config.file. */
function filesOf(invocation: Invocation): string[] {
  const flags = parseFlags(invocation.args, {});
  const [command, ...operands] = flags.positionals;
  const files = command === 'config' || command === 'rules' ? operands.slice(1) : operands;
  return [...files, ...[flags.config, flags.webConfigFile].filter((f) => f !== undefined)].flatMap(expand);
}

/** A synopsis (`check [options] FILE...`, `hash-password < PASSWORD`): placeholders, nothing to run. */
const isSynopsis = (i: Invocation): boolean =>
  i.args.some((a) => /^\[|\]$|^[A-Z][A-Z_]*(\.\.\.)?$/.test(a)) || /^[A-Z][A-Z_]*$/.test(i.stdinFrom ?? '');
const isServe = (i: Invocation): boolean => ['serve', undefined].includes(parseFlags(i.args, {}).positionals[0]) && !i.args.includes('--help') && !i.args.includes('--version');
const found = documents.flatMap((file) => invocations(file)).filter((i) => i.via !== 'docker' && !isSynopsis(i));
const runnable = found.filter((i) => !isServe(i) && filesOf(i).every((f) => existsSync(join(repo, f))));
const elsewhere = found.filter((i) => !runnable.includes(i) && !isServe(i));

let cli = '';

/** Runs the CLI with `input` on standard input (a `printf … |` before the command). */
function runWithInput(args: readonly string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repo, env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
beforeAll(async () => {
  ({ cli } = await buildCli());
}, 300_000);

describe('documented commands that can run here, run as written', () => {
  it('finds the tour\'s check and replay commands among them', () => {
    expect(runnable.filter((i) => i.file === 'README.md').map((i) => i.args.join(' '))).toEqual(expect.arrayContaining([
      'check examples/v2.2.1-cluster/node2.log',
      'check --timeline examples/v2.2.1-cluster/*.log',
      'replay examples/v2.2.1-cluster/node1.log',
    ]));
  });

  it('leaves out only commands on paths of a real installation', () => {
    for (const i of elsewhere) {
      const missing = filesOf(i).filter((f) => !existsSync(join(repo, f)));
      for (const f of missing) {
        // a path of a real installation, or a file an earlier step of the same block makes (a script, not run here)
        if (i.madeInBlock.includes(f)) continue;
        expect(f, `${i.file}: \`${i.line}\` names a file that does not exist`).toMatch(/^\/(var|etc|opt)\//);
      }
    }
  });

  it.each(runnable.map((i) => [`${i.file}: ${i.line}`, i] as const))('%s', async (_name, invocation) => {
    const args = invocation.args.flatMap(expand);
    const r = invocation.stdin === undefined ? await runCli(cli, args, { env: { ...invocation.env } }) : await runWithInput(args, invocation.stdin);
    const command = parseFlags(args, {}).positionals[0];
    expect(r.stderr).not.toMatch(/unexpected error/);
    if (command === 'check') {
      expect([0, 1, 3], r.stderr).toContain(r.code);
      if (args.includes('--json')) expect(JSON.parse(r.stdout)).toHaveProperty('rows');
      else expect(r.stdout).toMatch(/^Overall: (PASS|FAIL|INCONCLUSIVE)/m);
      if (args.includes('--timeline')) expect(r.stdout).toMatch(/^Timeline/m);
    } else {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
    if (command === 'hash-password') expect(r.stdout).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}\n$/);
    if (command === 'replay' && !args.includes('--format')) expect(promtoolCheckMetrics(r.stdout)).toEqual({ status: 0, output: '' });
  });

  it('the tour: `check` on the v2.2.1 follower log fails with the follower storm (exit 1)', async () => {
    const r = await runCli(cli, ['check', 'examples/v2.2.1-cluster/node2.log']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Zero failed partition elections +FAIL +\d+ "Failed to elect leader" errors on node\(s\) 2; first 2025-11-08T10:15:37/m);
    expect(r.stdout).toMatch(/^Overall: FAIL$/m);
  });
});

// ── serve ──

interface Served { readonly url: string; readonly child: ChildProcess; output: () => string; stop: () => Promise<number | null> }

async function serve(args: readonly string[], env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? '', CHRONIK_LOG_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, served: Served, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      // not listening yet
    }
    if (served.child.exitCode !== null || Date.now() > deadline) throw new Error(`Expected ${what}; exporter output:\n${served.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const metric = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
const scrape = async (served: Served): Promise<string | undefined> => {
  const r = await fetch(`${served.url}/metrics`);
  return r.status === 200 ? r.text() : undefined;
};

const temps: string[] = [];
const running: Served[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** serve command lines that can start here: no state dir or listen address of a real installation. */
const serves = found.filter((i) => isServe(i) && !i.args.some((a) => a.startsWith('--state.dir') || a.startsWith('--web.listen-address')) && filesOf(i).every((f) => existsSync(join(repo, f))));

describe('serve', () => {
  it('finds the README\'s serve commands among those that can start here', () => {
    expect(serves.filter((i) => i.file === 'README.md').map((i) => i.args.join(' '))).toEqual([
      'serve --log.path /var/log/chronik/*.log',
      'serve --config examples/config.yaml',
    ]);
  });

  it.each(serves.map((i) => [`${i.file}: ${i.line}`, i] as const))('%s: starts, answers /healthz and /metrics, stops cleanly (on a free port)', async (_name, invocation) => {
    const served = await serve(invocation.args, { ...invocation.env });
    running.push(served);
    await waitFor('/metrics to answer 200', () => scrape(served), served);
    expect(await (await fetch(`${served.url}/healthz`)).text()).toBe('ok\n');
    expect(served.output()).not.toMatch(/level=(error|fatal)/);
    expect(await served.stop()).toBe(0);
  });

  it('the tour\'s `npm start` (serve, no sources): the bundled example cluster, its elections in /metrics, the landing page, /healthz', async () => {
    const served = await serve(['serve']);
    running.push(served);
    const text = await waitFor('/metrics to answer 200', () => scrape(served), served);
    expect(served.output()).toContain('no sources configured: serving the bundled example cluster logs');
    expect(metric(text, 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}')).toBeGreaterThan(0);
    const landing = await (await fetch(`${served.url}/`)).text();
    for (const node of ['1', '2', '3']) expect(landing).toContain(`<td>${node}</td>`);
    expect(await (await fetch(`${served.url}/healthz`)).text()).toBe('ok\n');
    expect(await served.stop()).toBe(0);
  });

  it('the Kubernetes sidecar\'s args: counts the pod\'s log, checkpoints into --state.dir, and continues its counters after a restart', async () => {
    const spec = yamlObjects('examples/kubernetes/sidecar/statefulset.yaml').find((o) => o.kind === 'StatefulSet')?.spec.template.spec as Obj;
    const exporter = (spec.containers as Obj[]).find((c) => c.name === 'chronik-log-exporter') as Obj;
    const configMap = yamlObjects('examples/kubernetes/sidecar/exporter-config.yaml')[0] as Obj;
    // The pod's two mount points, moved into a temp dir; everything else as written.
    const dir = mkdtempSync(join(tmpdir(), 'cle-sidecar-'));
    temps.push(dir);
    const moved = (path: string): string => path.replace('/var/log/chronik', join(dir, 'logs')).replace('/var/lib/chronik-log-exporter', join(dir, 'state')).replace('/etc/chronik-log-exporter', dir);
    writeFileSync(join(dir, 'config.yaml'), moved(configMap.data['config.yaml'] as string));
    const args = (exporter.args as string[]).map(moved);
    const lines = readFileSync(join(repo, 'examples/v2.2.1-cluster/node2.log'), 'utf8').split('\n').filter((l) => l !== '');
    const failed = lines.filter((l) => l.includes('Failed to elect leader'));
    const log = join(dir, 'logs', 'chronik-1.log');
    const series = 'chronik_log_partition_elections_total{node_id="2",topic="__meta",partition="0",result="failed"}';
    mkdirSync(join(dir, 'logs'));
    writeFileSync(log, `${lines.join('\n')}\n`);

    const first = await serve(args, {});
    running.push(first);
    // count_existing: true in the sidecar's config: the pod's log is all news
    await waitFor(`${failed.length} failed elections`, async () => ((m) => (m === failed.length ? m : undefined))(metric((await scrape(first)) ?? '', series)), first);
    appendFileSync(log, `${failed[0]}\n`);
    await waitFor('one more', async () => ((m) => (m === failed.length + 1 ? m : undefined))(metric((await scrape(first)) ?? '', series)), first);
    expect(await first.stop()).toBe(0);
    expect(readdirSync(join(dir, 'state'))).toContain('checkpoint.json');

    appendFileSync(log, `${failed[1]}\n`); // written while the exporter is down
    const second = await serve(args, {});
    running.push(second);
    const text = await waitFor('/metrics after the restart', () => scrape(second), second);
    expect(second.output()).toContain('checkpoint restored');
    expect(metric(text, series)).toBe(failed.length + 2); // continued, and the line from the downtime counted once
    expect(await second.stop()).toBe(0);
  });
});
