// Listing every file the sources' globs match, oldest first; a root that does not exist yet is logged once when
// first missed and once when it appears.
import type { Logger } from 'pino';
import type { ErrorReporter } from './errors.js';
import { isVanished, walkGlob, type CompiledGlob, type FoundFile } from './glob.js';
import type { CompiledSource } from './options.js';

export interface Found extends FoundFile {
  readonly source: string;
}

export interface RootGroup {
  readonly root: string;
  readonly globs: CompiledGlob[];
  depth: number;
}

export class GlobScanner {
  /** Roots that did not exist at the last scan. */
  readonly missingRoots = new Set<string>();
  readonly #sources: readonly CompiledSource[];
  readonly #errors: ErrorReporter;
  readonly #logger: Logger;

  constructor(sources: readonly CompiledSource[], errors: ErrorReporter, logger: Logger) {
    this.#sources = sources;
    this.#errors = errors;
    this.#logger = logger;
  }

  /** Every matched file (the first source whose glob matches owns it), oldest first. */
  async scan(): Promise<Found[]> {
    const found = new Map<string, Found>();
    for (const source of this.#sources) {
      for (const glob of source.globs) {
        let files: FoundFile[];
        try {
          files = await walkGlob(glob, (path, error) => this.#errors.report({ source: source.name, op: 'readdir', path }, error));
        } catch (error) {
          if (!isVanished(error)) this.#errors.report({ source: source.name, op: 'readdir', path: glob.root }, error);
          else if (!this.missingRoots.has(glob.root)) {
            this.#logger.info({ source: source.name, directory: glob.root }, `waiting for directory ${glob.root} to exist`);
          }
          this.missingRoots.add(glob.root);
          continue;
        }
        if (this.missingRoots.delete(glob.root)) this.#logger.info({ source: source.name, directory: glob.root }, `directory ${glob.root} exists now`);
        for (const file of files) if (!found.has(file.path)) found.set(file.path, { ...file, source: source.name });
      }
    }
    return [...found.values()].sort(oldestFirst);
  }

  underMissingRoot(path: string): boolean {
    for (const root of this.missingRoots) if (path.startsWith(`${root}/`)) return true;
    return false;
  }

  /** The source that owns `path`, if any glob matches it. */
  sourceOf(path: string): string | undefined {
    for (const source of this.#sources) if (source.globs.some((glob) => glob.matches(path))) return source.name;
    return undefined;
  }
}

/**
 * Oldest first by modification time; on a tie (same clock tick), rotated names before the live one and higher
 * generations first (`x.log.2` before `x.log.1` before `x.log`).
 */
export function oldestFirst(a: Found, b: Found): number {
  const byTime = Number(a.stats.mtimeNs - b.stats.mtimeNs);
  return byTime !== 0 ? byTime : generation(b.path) - generation(a.path);
}

function generation(file: string): number {
  const match = /\.(\d+)(?:\.gz)?$/.exec(file);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

/** One watch per distinct root, as deep as its deepest glob. */
export function groupRoots(sources: readonly CompiledSource[]): RootGroup[] {
  const groups = new Map<string, RootGroup>();
  for (const source of sources) {
    for (const glob of source.globs) {
      const group = groups.get(glob.root);
      if (group === undefined) groups.set(glob.root, { root: glob.root, globs: [glob], depth: glob.depth });
      else {
        group.globs.push(glob);
        group.depth = Math.max(group.depth, glob.depth);
      }
    }
  }
  return [...groups.values()];
}
