// A real Prometheus server for tests: temporary config and data dir, a free loopback port, readiness polled
// with a deadline, the HTTP API, and stop(). Used to check queries and rule files now; the end-to-end test
// (scenario logs -> exporter -> Prometheus -> alerts) is to pass the exporter as a scrape target.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScrapeJob {
  readonly job: string;
  /** host:port of each target; `$self` stands for this Prometheus' own address. */
  readonly targets: readonly string[];
  /** Target labels, e.g. { cluster_id: 'c1' }. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly metricsPath?: string;
}

export interface PrometheusOptions {
  /** Absolute paths of rule files to load. */
  readonly ruleFiles?: readonly string[];
  readonly scrapeJobs?: readonly ScrapeJob[];
  /** Scrape and rule evaluation interval, e.g. '1s'. */
  readonly interval?: string;
  readonly readyTimeoutMs?: number;
  /** The binary (default `prometheus` on PATH: Debian package prometheus). */
  readonly binary?: string;
}

export interface QueryError {
  readonly status: 'error';
  readonly errorType: string;
  readonly error: string;
}
export interface QuerySuccess {
  readonly status: 'success';
  readonly data: { readonly resultType: string; readonly result: readonly { metric: Record<string, string>; value?: [number, string] }[] };
}
export type QueryResponse = QueryError | QuerySuccess;

export interface ActiveAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing' | 'inactive';
  readonly activeAt?: string;
  readonly value?: string;
}

export interface RuleGroupStatus {
  readonly name: string;
  readonly file: string;
  /** Evaluation interval in seconds. */
  readonly interval: number;
  readonly rules: readonly { name: string; type: 'alerting' | 'recording'; health: string; lastError?: string; lastEvaluation: string }[];
}

export interface PrometheusServer {
  readonly url: string;
  readonly dir: string;
  /** Instant query; resolves with Prometheus' JSON whether it succeeded or not. */
  query(expr: string, time?: Date): Promise<QueryResponse>;
  alerts(): Promise<ActiveAlert[]>;
  ruleGroups(): Promise<RuleGroupStatus[]>;
  /** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
  waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** Waits until an alert named `name` (and matching `labels`) is in one of `states`. */
  waitForAlert(name: string, states: readonly ActiveAlert['state'][], labels?: Record<string, string>, timeoutMs?: number): Promise<ActiveAlert>;
  /** Output Prometheus wrote so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

function configYaml(options: PrometheusOptions, selfAddress: string): string {
  const interval = options.interval ?? '1s';
  const lines = [`global:`, `  scrape_interval: ${interval}`, `  evaluation_interval: ${interval}`];
  const rules = options.ruleFiles ?? [];
  if (rules.length > 0) lines.push('rule_files:', ...rules.map((r) => `  - ${JSON.stringify(r)}`));
  const jobs = options.scrapeJobs ?? [];
  if (jobs.length > 0) {
    lines.push('scrape_configs:');
    for (const j of jobs) {
      lines.push(`  - job_name: ${JSON.stringify(j.job)}`, `    metrics_path: ${JSON.stringify(j.metricsPath ?? '/metrics')}`);
      const targets = j.targets.map((t) => (t === '$self' ? selfAddress : t));
      lines.push('    static_configs:', `      - targets: ${JSON.stringify(targets)}`);
      if (j.labels !== undefined) lines.push(`        labels: ${JSON.stringify(j.labels)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  onTimeout: () => string,
  abort: () => string | undefined = () => undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    const reason = abort();
    if (reason !== undefined) throw new Error(`Expected ${what}, got ${reason}\n${onTimeout()}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(`Expected ${what} within ${timeoutMs} ms, got none${lastError ? ` (last error: ${lastError})` : ''}\n${onTimeout()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

/**
 * Starts Prometheus and resolves once `/-/ready` answers 200; rejects (and cleans up) otherwise. A port
 * taken between choosing and binding it is retried with another one.
 */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('address already in use')) throw error;
    }
  }
}

async function startOnce(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'chronik-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  const port = await freePort();
  await writeFile(configFile, configYaml(options, `127.0.0.1:${port}`));
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(
    options.binary ?? 'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited(child);
        clearTimeout(killTimer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const getJson = async (path: string): Promise<unknown> => {
    const response = await fetch(`${url}${path}`);
    return response.json();
  };

  const server: PrometheusServer = {
    url,
    dir,
    async query(expr, time) {
      const params = new URLSearchParams({ query: expr });
      if (time !== undefined) params.set('time', String(time.getTime() / 1000));
      return (await getJson(`/api/v1/query?${params.toString()}`)) as QueryResponse;
    },
    async alerts() {
      const body = (await getJson('/api/v1/alerts')) as { data: { alerts: ActiveAlert[] } };
      return body.data.alerts;
    },
    async ruleGroups() {
      const body = (await getJson('/api/v1/rules')) as { data: { groups: RuleGroupStatus[] } };
      return body.data.groups;
    },
    waitFor(what, check, timeoutMs = 20_000) {
      return pollUntil(what, check, timeoutMs, () => output);
    },
    waitForAlert(name, states, labels = {}, timeoutMs = 30_000) {
      return pollUntil(
        `alert ${name}${JSON.stringify(labels)} in state ${states.join('/')}`,
        async () =>
          (await server.alerts()).find(
            (a) => a.labels['alertname'] === name && states.includes(a.state) && Object.entries(labels).every(([k, v]) => a.labels[k] === v),
          ),
        timeoutMs,
        () => output,
      );
    },
    log: () => output,
    stop,
  };

  try {
    await pollUntil(
      `Prometheus ready on ${url}`,
      async () => {
        const response = await fetch(`${url}/-/ready`);
        return response.status === 200 ? true : undefined;
      },
      options.readyTimeoutMs ?? 20_000,
      () => output,
      () => {
        if (spawnError !== undefined) return `no process (install the Debian package prometheus): ${spawnError.message}`;
        if (child.exitCode !== null || child.signalCode !== null) return `prometheus exited (${child.exitCode ?? child.signalCode})`;
        return undefined;
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}
