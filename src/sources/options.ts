// FileSourcesOptions → one frozen, defaulted, checked value; nothing downstream re-checks options.
import type { Logger } from 'pino';
import { compileGlob, type CompiledGlob } from './glob.js';
import { indexResume, type ResumeIndex } from './identity.js';
import type { FileSourcesOptions } from './types.js';

export interface CompiledSource {
  readonly name: string;
  readonly globs: readonly CompiledGlob[];
}

export interface ResolvedOptions {
  readonly sources: readonly CompiledSource[];
  readonly pollIntervalMs: number;
  readonly rotateWaitMs: number;
  readonly readChunkBytes: number;
  readonly usePolling: boolean;
  readonly logger: Logger;
  readonly resume: ResumeIndex;
}

/** Thrown for options that cannot work: a programming or config-mapping error, caught at startup. */
export class SourcesOptionError extends Error {
  readonly code = 'SRC_ERR_OPTION';
  constructor(message: string) {
    super(message);
    this.name = 'SourcesOptionError';
  }
}

export function resolveOptions(options: FileSourcesOptions): ResolvedOptions {
  const cwd = options.cwd ?? process.cwd();
  const names = new Set<string>();
  const sources = options.sources.map((spec, i) => {
    if (spec.name === '') throw new SourcesOptionError(`Expected \`sources[${i}].name\` to be a non-empty string, got ''`);
    if (names.has(spec.name)) throw new SourcesOptionError(`Expected \`sources[${i}].name\` to be unique, got '${spec.name}' twice`);
    names.add(spec.name);
    if (spec.paths.length === 0) throw new SourcesOptionError(`Expected \`sources[${i}].paths\` to hold at least one path or glob, got []`);
    return Object.freeze({ name: spec.name, globs: Object.freeze(spec.paths.map((p) => compileGlob(p, cwd))) });
  });
  return Object.freeze({
    sources: Object.freeze(sources),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs, 1000),
    rotateWaitMs: positive('rotateWaitMs', options.rotateWaitMs, 30_000),
    readChunkBytes: positive('readChunkBytes', options.readChunkBytes, 64 * 1024),
    usePolling: options.usePolling ?? false,
    logger: options.logger,
    resume: indexResume(options.resume ?? new Map()),
  });
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new SourcesOptionError(`Expected \`${name}\` to be a positive number, got ${value}`);
  return Math.ceil(value);
}
