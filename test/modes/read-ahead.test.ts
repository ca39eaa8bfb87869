// replay and check through the read-ahead thread: the same output as reading on one thread, for any input; and
// the plan the thread computes is the one the exporter follows (never abandoned as out of step).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/chronik/index.js';
import { createExporter, type PlanStats } from '../../src/exporter/index.js';
import { createLinePlanner, planDetached, type LinePlan } from '../../src/lines/index.js';
import { generateBenchLog, generateScenario } from '../../src/scenarios/index.js';
import { buildCli, runCli } from '../cli/build-cli.js';

const E = '\x1b';

/** Inputs the splitter treats specially: CRLF, NUL holes, an over-long line, no newline at the end. */
function oddLog(): string {
  const bench = [...generateBenchLog({ lines: 3000, seed: 7 })];
  const lines = bench.map((l, i) => (i % 97 === 0 ? `${l}\r` : i % 211 === 0 ? `\u0000\u0000\u0000${l}` : l));
  lines.splice(1500, 0, `${E}[2m2025-11-08T10:16:00.000000Z${E}[0m ${E}[32m INFO${E}[0m ${'x'.repeat(70_000)}`);
  return lines.join('\n'); // unterminated last line
}

describe('the plan (in process)', () => {
  it('is followed line for line, and gives the exposition of locating each line here', async () => {
    const text = Buffer.from(`${oddLog()}\n${[...generateBenchLog({ lines: 20_000, ansi: false })].join('\n')}`);
    const quiet = createClassifier({}).quiet;
    const expositionOf = async (planned: boolean | 'detached', piece: number): Promise<{ exposition: string; stats: PlanStats }> => {
      const exporter = createExporter({ maxLineBytes: 65_536, stabilityWindowSeconds: 10, maxPartitions: 10_000, defaultMetrics: false, version: 'test' });
      const planner = createLinePlanner({ maxLineBytes: 65_536, quiet: createClassifier({}).quiet });
      const source = exporter.source({ name: 'node.log' });
      const reader = source.file('node.log');
      let plan: LinePlan = { count: 0, ints: new Int32Array(0), times: new Float64Array(0) };
      for (let at = 0; at < text.length; at += piece) {
        const chunk = text.subarray(at, at + piece);
        plan = planned === 'detached' ? planDetached(chunk, plan, { maxLineBytes: 65_536, quiet, whole: at === 0 }) : planner.plan(chunk, plan);
        reader.push(chunk, true, planned === false ? undefined : plan);
      }
      reader.end();
      source.release();
      return { exposition: await exporter.metrics.registry.metrics(), stats: { ...exporter.planStats } };
    };
    for (const piece of [1 << 20, 4099]) {
      const planned = await expositionOf(true, piece);
      expect(planned.stats.missed).toBe(0);
      expect(planned.stats.used).toBe(Math.ceil(text.length / piece));
      expect(planned.stats.runLines).toBeGreaterThan(11_500); // most of the 23 000 lines, in runs
      const unplanned = await expositionOf(false, piece);
      expect(unplanned.stats).toEqual({ used: 0, missed: 0, runLines: 0 });
      expect(planned.exposition).toBe(unplanned.exposition);
      // Chunks planned each on its own (as the read-ahead threads do): the first line of each is located here.
      const detached = await expositionOf('detached', piece);
      expect(detached.exposition).toBe(planned.exposition);
      expect(detached.stats.missed).toBe(0);
      expect(detached.stats.used).toBe(Math.ceil(text.length / piece));
    }
  });
});

describe('a chunk planned on its own', () => {
  it('is planned as the splitter cuts it: CRLF, empty, over-long and NUL-led lines, a partial last line', () => {
    const quiet = createClassifier({}).quiet;
    const coloured = [...generateBenchLog({ lines: 400, seed: 11 })];
    const plain = [...generateBenchLog({ lines: 400, seed: 11, ansi: false })];
    const long = `${E}[2m2025-11-08T10:16:00.000000Z${E}[0m ${E}[32m INFO${E}[0m ${'x'.repeat(3000)}`;
    const slots = (p: LinePlan) => ({ ints: [...p.ints.subarray(0, p.count * 9)], times: [...p.times.subarray(0, p.count)] });
    let checked = 0;
    // NO_COLOR chunks are searched for ESC once: with none the lines are not searched one by one, with one (a colour
    // code inside a message) that line is no NO_COLOR header.
    for (const variant of ['as is', 'crlf', 'long', 'empty', 'nul', 'no colour', 'no colour, one escape'] as const) {
      const bench = variant.startsWith('no colour') ? plain : coloured;
      const lines = bench.map((l, i) => (i % 37 !== 5 ? l : variant === 'crlf' ? `${l}\r` : variant === 'long' ? long : variant === 'empty' ? '' : variant === 'nul' ? `\u0000\u0000${l}` : variant === 'no colour, one escape' && i === 42 ? `${l} ${E}[1mbold${E}[0m` : l));
      const text = Buffer.from(lines.join('\n'));
      for (const [from, to] of [[0, text.length], [1000, 20_000], [5, 60_000], [30_000, text.length - 17]] as const) {
        const chunk = text.subarray(from, to);
        const fast = planDetached(chunk, { count: 0, ints: new Int32Array(0), times: new Float64Array(0) }, { maxLineBytes: 2048, quiet, whole: from === 0 });
        const start = from === 0 ? 0 : chunk.indexOf(10) + 1;
        const split = createLinePlanner({ maxLineBytes: 2048, quiet }).plan(chunk.subarray(start), { count: 0, ints: new Int32Array(0), times: new Float64Array(0) }, start);
        expect(fast.count).toBeGreaterThan(10);
        expect(slots(fast)).toEqual(slots(split));
        checked++;
      }
    }
    expect(checked).toBe(28);
  });
});

describe('replay and check through the read-ahead thread (compiled CLI)', () => {
  let cli: string;
  let cleanup: () => void;
  let dir: string;
  const files: string[] = [];
  beforeAll(async () => {
    ({ cli, cleanup } = await buildCli());
    dir = mkdtempSync(join(tmpdir(), 'cle-read-ahead-'));
    const write = (name: string, text: string): void => {
      writeFileSync(join(dir, name), text);
      files.push(join(dir, name));
    };
    write('bench.log', `${[...generateBenchLog({ lines: 30_000 })].join('\n')}\n`); // several 1 MiB chunks
    write('odd.log', oddLog());
    write('empty.log', '');
    for (const node of generateScenario('v2.2.1-storm', { noiseLines: 5000 }).nodes) write(node.fileName, `${[...node.lines].join('\n')}\n`);
  }, 120_000);
  afterAll(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replay: the same exposition with and without it', async () => {
    const off = await runCli(cli, ['replay', '--read-ahead', 'off', ...files], { timeoutMs: 60_000 });
    const on = await runCli(cli, ['replay', '--read-ahead=on', ...files], { timeoutMs: 60_000 });
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/chronik_log_exporter_lines_dropped_total\{source="[^"]*odd\.log",reason="too_long"\} 1/);
    expect(on).toEqual(off);
  }, 120_000);

  it('threads started before the program loads do not hold the process: an unreadable file exits 2 at once', async () => {
    // `on` starts the threads before the files are checked; they wait for work that never comes.
    for (const command of ['replay', 'check']) {
      const r = await runCli(cli, [command, '--read-ahead', 'on', join(dir, 'bench.log'), join(dir, 'missing.log')], { timeoutMs: 20_000 });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('missing.log: no such file') as unknown });
    }
  }, 60_000);

  it('check, and a container-wrapped source (no plan used): the same output', async () => {
    const storm = files.filter((f) => /node\d/.test(f));
    const [off, on] = await Promise.all(['off', 'on'].map((mode) => runCli(cli, ['check', '--timeline', ...storm], { env: { CHRONIK_LOG_EXPORTER_READ_AHEAD: mode }, timeoutMs: 60_000 })));
    expect(off?.stdout).toContain('FAIL');
    expect(on).toEqual(off);
    const docker = join(dir, 'docker.log');
    writeFileSync(docker, `${[...generateBenchLog({ lines: 2000 })].map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2025-11-08T10:15:02.000000000Z' })).join('\n')}\n`);
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `sources:\n  - name: docker\n    paths: [${JSON.stringify(docker)}]\n    format: docker-json\n`);
    const [a, b] = await Promise.all(['off', 'on'].map((mode) => runCli(cli, ['replay', '--config', config, '--read-ahead', mode, docker], { timeoutMs: 60_000 })));
    expect(a?.stderr).toBe('');
    expect(a?.stdout).toContain('chronik_log_events_total{');
    expect(b).toEqual(a);
  }, 120_000);

  it('through 1, 2 or 3 threads, chunks out of order: the same exposition (compiled modules, in process)', async () => {
    type ReadFiles = (files: readonly string[], o: object) => Promise<{ metrics: { registry: { metrics(): Promise<string> } }; planStats: PlanStats }>;
    const { readFiles } = (await import(pathToFileURL(join(dirname(cli), 'modes', 'read-files.js')).href)) as { readFiles: ReadFiles };
    const { defaultConfig } = (await import(pathToFileURL(join(dirname(cli), 'config', 'index.js')).href)) as { defaultConfig: () => object };
    const run = (o: object) => readFiles(files, { config: defaultConfig(), ...o });
    const off = await run({ readAhead: 'off' });
    expect(off.planStats.used).toBe(0);
    const exposition = await off.metrics.registry.metrics();
    for (const threads of [1, 2, 3]) {
      const on = await run({ readAhead: 'on', readAheadThreads: threads });
      expect(await on.metrics.registry.metrics()).toBe(exposition);
      // Every chunk came with its plan and the exporter followed it (none fell back to locating lines itself).
      expect({ missed: on.planStats.missed, used: on.planStats.used > 5 }).toEqual({ missed: 0, used: true });
    }
  }, 120_000);

  it('a bad --read-ahead value names the flag and the choices', async () => {
    const r = await runCli(cli, ['replay', '--read-ahead', 'maybe', files[0] ?? '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Expected --read-ahead to be `auto` or `on` or `off`, got `maybe`');
  });
});
