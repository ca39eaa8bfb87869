// Bench options from flags (`npm run bench -- --quick --lines 200000`) or the same names in env (BENCH_LINES=…).

import { parseArgs } from 'node:util';

export const FIGURES = ['throughput', 'latency', 'sustained', 'scrape', 'idle', 'memory'] as const;
export type Figure = (typeof FIGURES)[number];

export interface BenchOptions {
  /** Lines of the replay corpus (figures 1–2). */
  readonly lines: number;
  /** Measured runs per figure (the median is reported), after one warm-up run. */
  readonly runs: number;
  /** mtail runs on the coloured corpus (the NO_COLOR corpus, with no target, gets one): mtail is the slow part. */
  readonly mtailRuns: number;
  /** Live-latency samples (figure 3). */
  readonly latencyLines: number;
  /** Sustained-tailing rate (lines/s) and duration (s) (figure 4). */
  readonly rate: number;
  readonly seconds: number;
  /** Partition series (figure 5), watched files and idle seconds (figure 6). */
  readonly partitions: number;
  readonly files: number;
  readonly idleSeconds: number;
  /** Sizes of the two memory-figure logs in MiB (figure 7). */
  readonly smallMiB: number;
  readonly largeMiB: number;
  readonly only: readonly Figure[];
  readonly seed: number;
  /** Corpus generator: the core's `generateBenchLog` when present (auto), or the bench's own templates. */
  readonly generator: 'auto' | 'bench';
  /** Rewrite bench/RESULTS.md with this run. */
  readonly write: boolean;
  readonly json: string | undefined;
  readonly keep: boolean;
}

const FULL = { lines: 2_000_000, runs: 5, mtailRuns: 3, latencyLines: 200, rate: 100_000, seconds: 30, partitions: 10_000, files: 500, idleSeconds: 30, smallMiB: 100, largeMiB: 1024 };
const QUICK = { lines: 200_000, runs: 1, mtailRuns: 1, latencyLines: 50, rate: 20_000, seconds: 5, partitions: 2_000, files: 50, idleSeconds: 5, smallMiB: 20, largeMiB: 100 };

const FLAGS = {
  quick: { type: 'boolean' }, lines: { type: 'string' }, runs: { type: 'string' }, 'mtail-runs': { type: 'string' }, 'latency-lines': { type: 'string' },
  rate: { type: 'string' }, seconds: { type: 'string' }, partitions: { type: 'string' }, files: { type: 'string' },
  'idle-seconds': { type: 'string' }, 'small-mib': { type: 'string' }, 'large-mib': { type: 'string' },
  only: { type: 'string' }, seed: { type: 'string' }, generator: { type: 'string' }, write: { type: 'boolean' },
  json: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `npm run bench -- [options]   (every option also reads from env: --large-mib → BENCH_LARGE_MIB)
  --quick                 small sizes, one run (about a minute)
  --lines N               replay corpus lines (default ${FULL.lines})
  --runs N                measured runs per figure after one warm-up (default ${FULL.runs})
  --mtail-runs N          mtail runs on the coloured corpus (default ${FULL.mtailRuns} or --runs, whichever is fewer; NO_COLOR gets 1)
  --latency-lines N       live-latency samples (default ${FULL.latencyLines})
  --rate N --seconds S    sustained tailing (default ${FULL.rate} lines/s for ${FULL.seconds} s)
  --partitions N          partition series for the scrape figure (N/2 partitions, two series each; default ${FULL.partitions})
  --files N --idle-seconds S   idle CPU with N watched files (default ${FULL.files}, ${FULL.idleSeconds} s)
  --small-mib N --large-mib N  memory figure log sizes (default ${FULL.smallMiB} and ${FULL.largeMiB})
  --only a,b              figures: ${FIGURES.join(', ')}
  --generator auto|bench  corpus from src/scenarios' generateBenchLog when present (auto) or bench/corpus-templates
  --seed N  --write (update bench/RESULTS.md)  --json FILE  --keep (keep the temp dir)`;

function count(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new TypeError(`Expected --${name} to be a positive number, got \`${text}\``);
  return n;
}

/** Parses argv and env once into the frozen options of this run. */
export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: false });
  if (values.help === true) return 'help';
  const get = (name: keyof typeof FLAGS): string | undefined => {
    const v = values[name];
    if (typeof v === 'string') return v;
    return env[`BENCH_${name.toUpperCase().replaceAll('-', '_')}`];
  };
  const flag = (name: 'quick' | 'write' | 'keep'): boolean => values[name] === true || ['1', 'true'].includes(get(name) ?? '');
  const base = flag('quick') ? QUICK : FULL;
  const only = (get('only') ?? FIGURES.join(',')).split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const f of only) {
    if (!(FIGURES as readonly string[]).includes(f)) throw new TypeError(`Expected --only to name figures among ${FIGURES.join(', ')}, got \`${f}\``);
  }
  const generator = get('generator') ?? 'auto';
  if (generator !== 'auto' && generator !== 'bench') throw new TypeError(`Expected --generator to be auto or bench, got \`${generator}\``);
  return Object.freeze({
    lines: count(get('lines'), 'lines', base.lines),
    runs: count(get('runs'), 'runs', base.runs),
    mtailRuns: count(get('mtail-runs'), 'mtail-runs', Math.min(base.mtailRuns, count(get('runs'), 'runs', base.runs))),
    latencyLines: count(get('latency-lines'), 'latency-lines', base.latencyLines),
    rate: count(get('rate'), 'rate', base.rate),
    seconds: count(get('seconds'), 'seconds', base.seconds),
    partitions: count(get('partitions'), 'partitions', base.partitions),
    files: count(get('files'), 'files', base.files),
    idleSeconds: count(get('idle-seconds'), 'idle-seconds', base.idleSeconds),
    smallMiB: count(get('small-mib'), 'small-mib', base.smallMiB),
    largeMiB: count(get('large-mib'), 'large-mib', base.largeMiB),
    only: only as Figure[], // checked against FIGURES above
    seed: count(get('seed'), 'seed', 1),
    generator,
    write: flag('write'),
    json: get('json'),
    keep: flag('keep'),
  });
}
