// `serve` as a child process for the live figures: a free port, readiness, scrapes, and CPU/RSS from /proc.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Linux clock ticks per second (USER_HZ), which /proc/PID/stat counts in. */
const TICKS_PER_SECOND = 100;

export interface ServeProcess {
  readonly pid: number;
  readonly url: string;
  /** GET the telemetry path: the body and the time it took. */
  scrape(): Promise<{ body: string; ms: number }>;
  /** user + system CPU seconds used so far. */
  cpuSeconds(): number;
  rssMiB(): number;
  peakRssMiB(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function procStatus(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? Number.NaN) / 1024;
}

/** Sum of a metric's samples in an exposition (all label sets). */
export function sampleSum(body: string, metric: string): number {
  let sum = 0;
  for (const line of body.split('\n')) {
    if (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Starts `node dist/src/cli.js serve` with `args` and resolves once /readyz answers 200.
 * @example
 * const serve = await startServe(root, ['--log.path', file]);
 */
export async function startServe(root: string, args: readonly string[], deadlineMs = 60_000): Promise<ServeProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist/src/cli.js'), 'serve', '--web.listen-address', `127.0.0.1:${port}`, '--log.level', 'warn', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 1 << 16) stderr += d; });
  let exited = false;
  const closed = new Promise<void>((resolve) => child.on('close', () => { exited = true; resolve(); }));
  const pid = child.pid;
  if (pid === undefined) throw new Error('Expected serve to start, got no pid');

  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`Expected serve to keep running, it exited: ${stderr.slice(-2000)}`);
    if (Date.now() - started > deadlineMs) {
      child.kill('SIGKILL');
      throw new Error(`Expected serve to be ready within ${deadlineMs} ms: ${stderr.slice(-2000)}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  return {
    pid,
    url,
    async scrape() {
      const t0 = performance.now();
      const response = await fetch(`${url}/metrics`);
      const body = await response.text();
      return { body, ms: performance.now() - t0 };
    },
    cpuSeconds() {
      // Fields after the parenthesised command: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    },
    rssMiB: () => procStatus(pid, 'VmRSS'),
    peakRssMiB: () => procStatus(pid, 'VmHWM'),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5000);
      await closed;
      clearTimeout(timer);
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
