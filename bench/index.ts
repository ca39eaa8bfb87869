// `npm run bench`: issue 6's figures 1–7, each against references measured in the same run. See bench/RESULTS.md.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus, type CorpusInfo } from './corpus.js';
import { measureLatency, measureSustained } from './figures/live.js';
import { measureIdle, measureMemory, measureScrape } from './figures/static.js';
import { measureThroughput } from './figures/throughput.js';
import type { BenchContext, FigureResult, Row } from './figures/types.js';
import { parseBenchOptions, USAGE, type Figure } from './options.js';
import { describeMachine, formatMarkdown, formatTable } from './report.js';

const KEEP_MARKER = '<!-- Everything below this line is kept when `npm run bench -- --write` rewrites the figures above. -->';

/** The repo root: dist/bench/index.js → ../.. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'chronik-bench-'));
  const started = performance.now();
  const ctx: BenchContext = {
    root: ROOT,
    tmp,
    log: (message) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`),
  };
  const rows: Row[] = [];
  const data: Record<string, unknown> = { options };
  const notes: string[] = [];
  const wants = (f: Figure): boolean => options.only.includes(f);
  const run = async (name: string, figure: () => Promise<FigureResult>): Promise<void> => {
    ctx.log(`${name}…`);
    try {
      const result = await figure();
      rows.push(...result.rows);
      data[name] = result.data;
    } catch (error) {
      // One figure failing (say, serve not starting) must not hide the others.
      const message = error instanceof Error ? error.message : String(error);
      ctx.log(`${name} failed: ${message}`);
      notes.push(`${name}: not measured (${message.split('\n')[0] ?? ''})`);
      data[name] = { error: message };
    }
  };

  try {
    let coloured: CorpusInfo | undefined;
    if (wants('throughput') || wants('sustained')) {
      ctx.log(`writing the ${options.lines}-line coloured corpus`);
      coloured = await writeCorpus(join(tmp, 'coloured.log'), { lines: options.lines, ansi: true, seed: options.seed, generator: options.generator });
      const { lines, bytes, leadershipLines, generator } = coloured;
      notes.push(`corpus: ${lines} lines, ${(bytes / lines).toFixed(0)} bytes a line with ANSI, ${generator === 'bench-templates' ? `${((leadershipLines / lines) * 100).toFixed(1)} % leadership lines, ` : ''}generator ${generator}, seed ${options.seed}`);
    }
    if (wants('throughput') && coloured !== undefined) {
      const corpus = coloured;
      await run('throughput coloured', () => measureThroughput(ctx, corpus, 'coloured', options.runs, options.mtailRuns));
      ctx.log(`writing the ${options.lines}-line NO_COLOR corpus`);
      const plain = await writeCorpus(join(tmp, 'plain.log'), { lines: options.lines, ansi: false, seed: options.seed, generator: options.generator });
      await run('throughput NO_COLOR', () => measureThroughput(ctx, plain, 'NO_COLOR', options.runs, 1));
      rmSync(plain.path);
    }
    if (wants('latency')) await run('latency', () => measureLatency(ctx, options.latencyLines, options.seed));
    if (wants('sustained') && coloured !== undefined) {
      const corpus = coloured;
      await run('sustained', () => measureSustained(ctx, corpus, options.rate, options.seconds));
    }
    if (wants('scrape')) await run('scrape', () => measureScrape(ctx, options.partitions));
    if (wants('idle')) await run('idle', () => measureIdle(ctx, options.files, options.idleSeconds));
    if (wants('memory')) {
      const bytesPerLine = coloured === undefined ? 250 : coloured.bytes / coloured.lines;
      await run('memory', () => measureMemory(ctx, options.smallMiB, options.largeMiB, options.seed, options.generator, bytesPerLine));
    }
  } finally {
    if (options.keep) ctx.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }

  const machine = describeMachine(ROOT);
  data.machine = machine;
  data.rows = rows;
  notes.push(`medians of ${options.runs} run(s) after a warm-up round (mtail: ${options.mtailRuns} on the coloured corpus, 1 on NO_COLOR, no warm-up: a Go binary); total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(`\n${formatTable(rows)}\n\n${notes.join('\n')}\n\n`);
  process.stdout.write(`${JSON.stringify({ machine, rows }, null, 2)}\n`);
  if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify(data, null, 2)}\n`);
  if (options.write) {
    const args = process.argv.slice(2).filter((a, i, all) => a !== '--json' && all[i - 1] !== '--json'); // a local path
    const command = `npm run bench -- ${args.join(' ')}`.trim();
    const file = join(ROOT, 'bench', 'RESULTS.md');
    // Hand-written analysis below the marker survives a rewrite of the figures above it.
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const kept = previous.includes(KEEP_MARKER) ? previous.slice(previous.indexOf(KEEP_MARKER)) : `${KEEP_MARKER}\n`;
    writeFileSync(file, `${formatMarkdown(rows, machine, command, notes)}\n${kept}`);
    ctx.log('wrote bench/RESULTS.md');
  }
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
