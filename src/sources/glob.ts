// Source globs → the directory to watch and walk, how deep matches can sit, and a matcher (chokidar ≥ 4 has no globs).
import { stat as statCallback, type BigIntStats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

export interface CompiledGlob {
  /** The pattern made absolute. */
  readonly pattern: string;
  /** Deepest directory without glob characters: what is watched and walked. */
  readonly root: string;
  /** Directory levels below `root` that can hold a match (`Infinity` for `**`). */
  readonly depth: number;
  readonly matches: (file: string) => boolean;
}

/** Compiles one source path or glob, relative to `cwd`. */
export function compileGlob(pattern: string, cwd: string): CompiledGlob {
  const absolute = path.resolve(cwd, pattern);
  const scan = picomatch.scan(absolute);
  if (!scan.isGlob) {
    return Object.freeze({ pattern: absolute, root: path.dirname(absolute), depth: 0, matches: (file: string) => file === absolute });
  }
  const root = scan.base === '' ? path.parse(absolute).root : scan.base;
  const unbounded = scan.glob.includes('**') || (scan.isBrace && /\{[^}]*\/[^}]*\}/.test(scan.glob));
  const depth = unbounded ? Infinity : scan.glob.split('/').length - 1;
  const isMatch = picomatch(absolute);
  return Object.freeze({ pattern: absolute, root, depth, matches: (file: string) => isMatch(file) });
}

export interface FoundFile {
  readonly path: string;
  readonly stats: BigIntStats;
}

/**
 * Lists the files under `glob.root` that the glob matches. Throws the root's own error (ENOENT while it does not
 * exist yet, EACCES …); errors below the root are passed to `onError` and the walk goes on.
 */
export async function walkGlob(glob: CompiledGlob, onError: (dir: string, error: unknown) => void): Promise<FoundFile[]> {
  const candidates: string[] = [];
  const visit = async (dir: string, level: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (level === 0) throw error;
      if (!isVanished(error)) onError(dir, error);
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (level < glob.depth) await visit(full, level + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && glob.matches(full)) {
        candidates.push(full);
      }
    }
  };
  await visit(glob.root, 0);
  // Stats in parallel batches: a quarter of the CPU of one-by-one awaits, for the many-files safety poll.
  const found: FoundFile[] = [];
  for (let i = 0; i < candidates.length; i += STAT_BATCH) {
    const batch = candidates.slice(i, i + STAT_BATCH);
    const results = await statEach(batch);
    batch.forEach((full, j) => {
      const result = results[j];
      if (result instanceof Error) {
        if (!isVanished(result)) onError(full, result);
      } else if (result?.isFile() === true) found.push({ path: full, stats: result });
    });
  }
  return found;
}

const STAT_BATCH = 64;

/**
 * Stats every path at once, each to its stats or its error, in order. Through fs's callbacks: half the CPU of
 * fs/promises' stat (which creates a promise per call in C++), which the safety poll pays per watched file.
 */
function statEach(paths: readonly string[]): Promise<Array<BigIntStats | Error>> {
  return new Promise((resolve) => {
    const results = new Array<BigIntStats | Error>(paths.length);
    let left = paths.length;
    if (left === 0) resolve(results);
    paths.forEach((full, i) => {
      statCallback(full, { bigint: true }, (error, stats) => {
        results[i] = error ?? stats;
        if (--left === 0) resolve(results);
      });
    });
  });
}

/** ENOENT/ENOTDIR: the path went away between two calls, which rotation does all the time. */
export function isVanished(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
