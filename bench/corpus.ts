// Writes the bench corpus: a deterministic chronik v2.2.x log in tracing-subscriber's Full format, ANSI or not.
// Uses the core's scenario generator (`generateBenchLog`) when src/scenarios exports one, else the templates here.

import { closeSync, openSync, writeSync } from 'node:fs';
import { startupRecords, TEMPLATES, type BenchLevel, type BenchRecord, type BenchState } from './corpus-templates.js';
import { createPrng } from '../src/scenarios/index.js';

export interface CorpusOptions {
  /** Physical lines to write (continuation lines included). */
  readonly lines: number;
  readonly ansi: boolean;
  readonly seed: number;
  /** A process restart (shutdown line, banner block) every this many lines. */
  readonly restartEvery?: number;
  /** `auto`: the core's generateBenchLog when src/scenarios exports it; `bench`: always the templates here. */
  readonly generator?: 'auto' | 'bench';
}

export interface CorpusInfo {
  readonly path: string;
  readonly lines: number;
  readonly bytes: number;
  /** Lines that match a leadership rule (the templates' own count; 0 when the shared generator wrote it). */
  readonly leadershipLines: number;
  readonly generator: 'scenarios' | 'bench-templates';
}

const COLOUR: Record<BenchLevel, string> = { INFO: '32', WARN: '33', ERROR: '31', DEBUG: '34' };
const LEVEL: Record<BenchLevel, string> = { INFO: ' INFO', WARN: ' WARN', ERROR: 'ERROR', DEBUG: 'DEBUG' };
const FLUSH_BYTES = 1 << 20;

type SharedGenerator = (options: { lines: number; ansi: boolean; seed: number }) => Iterable<string>;

/** The core's generator, if src/scenarios has one by now (it is being written alongside the bench). */
async function sharedGenerator(): Promise<SharedGenerator | undefined> {
  const specifier = '../src/scenarios/index.js'; // a variable: the module may not exist yet
  try {
    const mod: unknown = await import(specifier);
    const fn = (mod as { generateBenchLog?: unknown }).generateBenchLog; // checked just below
    return typeof fn === 'function' ? (fn as SharedGenerator) : undefined; // its documented signature
  } catch {
    return undefined;
  }
}

let cachedSecond = -1;
let cachedPrefix = '';

function timestamp(micros: number): string {
  const second = Math.floor(micros / 1_000_000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19); // 2025-11-08T10:15:02
  }
  return `${cachedPrefix}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

/** One record as tracing-subscriber's Full formatter writes it. */
export function renderRecord(record: BenchRecord, micros: number, ansi: boolean): string {
  const ts = timestamp(micros);
  const { level, target, span, message, fields } = record;
  if (!ansi) {
    const spanText = span === undefined ? '' : `${span.name}{${span.fields.map(([k, v]) => `${k}=${v}`).join(' ')}}: `;
    const fieldText = fields.map(([k, v]) => ` ${k}=${v}`).join('');
    return `${ts} ${LEVEL[level]} ${spanText}${target}: ${message}${fieldText}`;
  }
  const dim = (s: string): string => `\x1b[2m${s}\x1b[0m`;
  const bold = (s: string): string => `\x1b[1m${s}\x1b[0m`;
  const field = ([k, v]: readonly [string, string]): string => `\x1b[3m${k}\x1b[0m${dim('=')}${v}`;
  const spanText = span === undefined ? '' : `${bold(span.name)}${bold('{')}${span.fields.map(field).join(' ')}${bold('}')}${dim(':')} `;
  const fieldText = fields.map((f) => ` ${field(f)}`).join('');
  return `${dim(ts)} \x1b[${COLOUR[level]}m${LEVEL[level]}\x1b[0m ${spanText}${dim(target)}${dim(':')} ${message}${fieldText}`;
}

/**
 * Writes `options.lines` lines to `path`.
 * @example
 * await writeCorpus('/tmp/x/chronik.log', { lines: 2_000_000, ansi: true, seed: 1 });
 */
export async function writeCorpus(path: string, options: CorpusOptions): Promise<CorpusInfo> {
  const fd = openSync(path, 'w');
  let pending: string[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  let lines = 0;
  const out = (line: string): void => {
    pending.push(line);
    pendingBytes += line.length;
    lines++;
    if (pendingBytes >= FLUSH_BYTES) flush();
  };
  const flush = (): void => {
    if (pending.length === 0) return;
    const chunk = Buffer.from(`${pending.join('\n')}\n`, 'utf8');
    writeSync(fd, chunk);
    bytes += chunk.length;
    pending = [];
    pendingBytes = 0;
  };

  try {
    const shared = options.generator === 'bench' ? undefined : await sharedGenerator();
    if (shared !== undefined) {
      for (const line of shared({ lines: options.lines, ansi: options.ansi, seed: options.seed })) {
        if (lines >= options.lines) break;
        out(line);
      }
      flush();
      return { path, lines, bytes, leadershipLines: 0, generator: 'scenarios' };
    }

    const rng = createPrng(options.seed);
    const total = TEMPLATES.reduce((sum, t) => sum + t.weight, 0);
    const restartEvery = options.restartEvery ?? 400_000;
    const state: BenchState = { term: 1, commit: 0, leader: 1, offset: 1_000_000 };
    let micros = Date.UTC(2025, 10, 8, 10, 15, 2) * 1000;
    let leadershipLines = 0;
    let nextRestart = 0;
    const emit = (record: BenchRecord): void => {
      micros += rng.int(20, 2500);
      out(renderRecord(record, micros, options.ansi));
      for (const c of record.continuation) if (lines < options.lines) out(c);
    };
    while (lines < options.lines) {
      if (lines >= nextRestart) {
        if (nextRestart > 0) {
          emit({ level: 'INFO', target: 'chronik_server', message: 'Shutting down cluster node 1...', fields: [], continuation: [] });
          leadershipLines++;
        }
        for (const r of startupRecords('2.2.1')) {
          emit(r);
          leadershipLines++;
        }
        nextRestart += restartEvery;
        continue;
      }
      let pick = rng.next() * total;
      for (const t of TEMPLATES) {
        pick -= t.weight;
        if (pick < 0) {
          emit(t.make(rng, state));
          if (t.leadership) leadershipLines++;
          break;
        }
      }
    }
    flush();
    return { path, lines, bytes, leadershipLines, generator: 'bench-templates' };
  } finally {
    closeSync(fd);
  }
}
