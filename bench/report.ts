// The bench's output: an aligned table for the terminal, the same rows as JSON, and bench/RESULTS.md.

import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Row } from './figures/types.js';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly mtail: string;
  readonly commit: string;
  readonly date: string;
  readonly loadAverage: readonly number[];
}

function quiet(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return 'n/a';
  }
}

export function describeMachine(root: string): Machine {
  const dirty = quiet('git', ['status', '--porcelain', '--', 'src', 'bench'], root) === '' ? '' : ' (+ uncommitted changes)';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    mtail: quiet('mtail', ['--version'], root).split('\n')[0]?.replace(/ git revision.*/, '') ?? 'n/a',
    commit: `${quiet('git', ['rev-parse', '--short=12', 'HEAD'], root)}${dirty}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'lines/s') return value >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : `${(value / 1e3).toFixed(0)} k`;
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'lines') return value.toFixed(0);
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

const verdict = (row: Row): string => (row.holds === undefined ? '' : row.holds ? 'yes' : 'NO');

function cells(row: Row): string[] {
  const unit = row.unit === '×' || row.unit === 'lines/s' ? (row.unit === 'lines/s' ? 'lines/s' : '') : row.unit;
  return [row.figure, row.metric, `${formatValue(row.value, row.unit)} ${unit}`.trim(), row.target === undefined ? '' : `${row.target}${row.unit === '×' ? '×' : ` ${row.unit}`}`, verdict(row)];
}

const HEAD = ['fig', 'measure', 'value', 'target', 'holds'];

export function formatTable(rows: readonly Row[]): string {
  const table = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return table.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

export function formatMarkdown(rows: readonly Row[], machine: Machine, command: string, notes: readonly string[]): string {
  const line = (r: readonly string[]): string => `| ${r.join(' | ')} |`;
  return [
    '# Benchmark results',
    '',
    `Written by \`${command}\` (bench/index.ts); figures are issue 6's. Throughput targets are ratios from the same`,
    'run (so machine noise cancels); latency, memory and CPU targets are absolute. Not a test: CI does not run it.',
    '',
    `- date: ${machine.date}`,
    `- commit: ${machine.commit}`,
    `- machine: ${machine.cpu}, ${machine.cores} vCPUs, ${machine.memoryGiB} GiB, Linux ${machine.kernel}`,
    `- node ${machine.node}; ${machine.mtail}`,
    `- load average when the run ended: ${machine.loadAverage.join(', ')} (the machine is shared: absolute figures move with it)`,
    '',
    line(HEAD),
    line(HEAD.map(() => '---')),
    ...rows.map((r) => line(cells(r))),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}
