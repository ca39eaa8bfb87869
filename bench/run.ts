// Runs one command as a child and measures it: wall time, CPU seconds and peak RSS (GNU time when present).

import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';

export interface RunResult {
  readonly wallSeconds: number;
  /** user + system CPU seconds; NaN without /usr/bin/time. */
  readonly cpuSeconds: number;
  /** Peak resident set size in MiB; NaN without /usr/bin/time. */
  readonly peakRssMiB: number;
  readonly stdout: string;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

/**
 * Runs `command args` to completion; stdout goes to `stdoutFile` (or is discarded), stderr is kept for errors.
 * @example
 * const r = await runMeasured('wc', ['-l', file]);
 */
export async function runMeasured(command: string, args: readonly string[], options: { stdoutFile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const timeFile = `${options.stdoutFile ?? '/tmp/bench'}.time`;
  const argv = hasGnuTime ? [GNU_TIME, '-o', timeFile, '-f', '%e %U %S %M', command, ...args] : [command, ...args];
  const out = options.stdoutFile === undefined ? 'pipe' : openSync(options.stdoutFile, 'w');
  const started = performance.now();
  const child = spawn(argv[0] ?? command, argv.slice(1), { stdio: ['ignore', out, 'pipe'], env: options.env ?? process.env });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { if (stdout.length < 1 << 20) stdout += d; });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 1 << 16) stderr += d; });
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  const wall = (performance.now() - started) / 1000;
  if (typeof out === 'number') closeSync(out);
  if (code !== 0) throw new Error(`Expected \`${command} ${args.join(' ')}\` to exit 0, got ${code}: ${stderr.slice(-2000)}`);
  if (!hasGnuTime) return { wallSeconds: wall, cpuSeconds: Number.NaN, peakRssMiB: Number.NaN, stdout };
  const [, user, system, maxKiB] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  return {
    wallSeconds: wall, // ours: GNU time's %e has only centiseconds
    cpuSeconds: (user ?? Number.NaN) + (system ?? Number.NaN),
    peakRssMiB: (maxKiB ?? Number.NaN) / 1024,
    stdout,
  };
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Median of each field over runs. */
export function medianRun(runs: readonly RunResult[]): Omit<RunResult, 'stdout'> {
  return {
    wallSeconds: median(runs.map((r) => r.wallSeconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
  };
}
