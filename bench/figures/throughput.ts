// Figures 1 and 2: replay throughput on the coloured and NO_COLOR corpus, against mtail --one_shot, the minimal
// Node loop and `wc -l`, runs interleaved so that machine noise hits every tool alike.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusInfo } from '../corpus.js';
import { medianRun, runMeasured, type RunResult } from '../run.js';
import { sampleSum } from '../serve-process.js';
import type { BenchContext, FigureResult, Row } from './types.js';

const MIB = 1024 * 1024;

function hasMtail(): boolean {
  try {
    execFileSync('mtail', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Tool {
  readonly name: string;
  run(file: string, out: string): Promise<RunResult>;
  /** Lines the tool says it read (a check that it read them all). */
  lines(out: string, result: RunResult): number;
}

function tools(ctx: BenchContext): Tool[] {
  const list: Tool[] = [
    {
      name: 'replay',
      run: (file, out) => runMeasured(process.execPath, [join(ctx.root, 'dist/src/cli.js'), 'replay', file], { stdoutFile: out }),
      lines: (out) => sampleSum(readFileSync(out, 'utf8'), 'chronik_log_exporter_lines_total'),
    },
    {
      name: 'node-loop',
      run: (file) => runMeasured(process.execPath, [join(ctx.root, 'dist/bench/node-loop.js'), file]),
      lines: (_out, r) => (JSON.parse(r.stdout) as { lines: number }).lines, // node-loop prints this shape
    },
    {
      name: 'wc -l',
      run: (file) => runMeasured('wc', ['-l', file]),
      lines: (_out, r) => Number.parseInt(r.stdout, 10),
    },
  ];
  if (hasMtail()) {
    list.push({
      name: 'mtail',
      run: (file, out) => runMeasured('mtail', ['--one_shot', '--one_shot_format=prometheus', '--progs', join(ctx.root, 'bench/mtail'), '--logs', file, '--logtostderr', '--v=0', '--stderrthreshold=ERROR'], { stdoutFile: out }),
      lines: (out) => sampleSum(readFileSync(out, 'utf8'), 'chronik_log_lines_total'),
    });
  }
  return list;
}

/** Events by lower-cased level and the total of rule matches: ours and the mtail program must agree on the corpus. */
function eventsByLevel(exposition: string): string {
  const out: string[] = [];
  for (const line of exposition.split('\n')) {
    const m = /^chronik_log_events_total\{.*level="(\w+)".*\} (\S+)$/.exec(line);
    const value = Number(m?.[2]); // mtail prints large counts as 1.526103e+06
    if (m !== null && value !== 0) out.push(`${(m[1] ?? '').toLowerCase()}=${value}`);
  }
  let matches = 0; // rule ids differ between the two, their total must not
  for (const line of exposition.split('\n')) {
    if (/^chronik_log(?:_exporter)?_rule_matches_total\{/.test(line)) matches += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return `${out.sort().join(' ')} rule_matches=${matches}`;
}

/** Measures every tool on `corpus`: one warm-up round (page cache, CPU clocks), then `runs` interleaved rounds, in alternating order (mtail: `mtailRuns`). */
export async function measureThroughput(ctx: BenchContext, corpus: CorpusInfo, label: string, runs: number, mtailRuns: number): Promise<FigureResult> {
  const list = tools(ctx);
  const results = new Map<string, RunResult[]>(list.map((t) => [t.name, []]));
  const out = join(ctx.tmp, 'throughput.out');
  const levels = new Map<string, string>();
  for (let round = 0; round <= runs; round++) {
    // Every other round in reverse order: no tool always runs right after another (mtail's minute of both CPUs).
    for (const tool of round % 2 === 0 ? list : [...list].reverse()) {
      // mtail is a Go binary: nothing to warm up but the page cache, which the others warm; it is the slowest.
      if ((round === 0 || round > mtailRuns) && tool.name === 'mtail') continue;
      const r = await tool.run(corpus.path, out);
      const lines = tool.lines(out, r);
      if (lines !== corpus.lines) throw new Error(`Expected ${tool.name} to read ${corpus.lines} lines of ${corpus.path}, got ${lines}`);
      ctx.log(`  ${label} ${round === 0 ? 'warm-up' : `run ${round}`}: ${tool.name} ${r.wallSeconds.toFixed(2)} s, ${r.cpuSeconds.toFixed(2)} CPU-s, ${r.peakRssMiB.toFixed(0)} MiB`);
      if (round > 0) results.get(tool.name)?.push(r);
      if (tool.name === 'replay' || tool.name === 'mtail') levels.set(tool.name, eventsByLevel(readFileSync(out, 'utf8')));
    }
  }
  if (levels.has('mtail') && levels.get('mtail') !== levels.get('replay')) {
    throw new Error(`Expected the mtail program to count the events the exporter counts, got ${levels.get('mtail') ?? ''} vs ${levels.get('replay') ?? ''}`);
  }

  const data: Record<string, unknown> = { corpus: { lines: corpus.lines, bytes: corpus.bytes, generator: corpus.generator } };
  const rows: Row[] = [];
  const perTool = new Map<string, { linesPerSecond: number; cpuSeconds: number; peakRssMiB: number }>();
  for (const tool of list) {
    const m = medianRun(results.get(tool.name) ?? []);
    const linesPerSecond = corpus.lines / m.wallSeconds;
    perTool.set(tool.name, { linesPerSecond, cpuSeconds: m.cpuSeconds, peakRssMiB: m.peakRssMiB });
    data[tool.name] = { ...m, linesPerSecond, mibPerSecond: corpus.bytes / MIB / m.wallSeconds, runs: results.get(tool.name)?.map((r) => r.wallSeconds) };
    const figure = tool.name === 'replay' ? '1' : '2';
    rows.push({ figure, metric: `${tool.name} ${label}: lines/s`, value: linesPerSecond, unit: 'lines/s' });
    rows.push({ figure, metric: `${tool.name} ${label}: MiB/s`, value: corpus.bytes / MIB / m.wallSeconds, unit: 'MiB/s' });
    if (tool.name !== 'wc -l') {
      rows.push({ figure, metric: `${tool.name} ${label}: CPU-seconds`, value: m.cpuSeconds, unit: 's' });
      rows.push({ figure, metric: `${tool.name} ${label}: peak RSS`, value: m.peakRssMiB, unit: 'MiB', ...(tool.name === 'replay' ? { target: '< 120', holds: m.peakRssMiB < 120 } : {}) });
    }
  }
  const ours = perTool.get('replay')?.linesPerSecond ?? Number.NaN;
  const mtail = perTool.get('mtail')?.linesPerSecond;
  const loop = perTool.get('node-loop')?.linesPerSecond ?? Number.NaN;
  const coloured = label === 'coloured';
  if (mtail !== undefined) {
    rows.push({ figure: '2', metric: `replay/mtail ${label}`, value: ours / mtail, unit: '×', ...(coloured ? { target: '≥ 5', holds: ours / mtail >= 5 } : {}) });
    data.ratioMtail = ours / mtail;
  }
  rows.push({ figure: '2', metric: `replay/node-loop ${label}`, value: ours / loop, unit: '×', ...(coloured ? { target: '≥ 0.6', holds: ours / loop >= 0.6 } : {}) });
  data.ratioNodeLoop = ours / loop;
  return { rows, data };
}
