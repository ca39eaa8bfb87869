// replay and check: every file read from its first byte to its last, each file one node's log.

import { closeSync, openSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createExporter, type Exporter, type FileReader, type ObservedHook } from '../exporter/index.js';
import type { Config } from '../config/index.js';
import type { LogEvent } from '../lines/index.js';
import type { NodeLabels } from '../metrics/index.js';
import { VERSION } from '../version.js';
import type { CustomRules } from '../rules/index.js';
import { sourceConfig } from './source-config.js';
import { readAhead } from './read-ahead.js';
import { useReadAhead } from './read-ahead-threads.js';
import { InputError } from './input-error.js';
import { readFull } from './read-bounce.js';

export interface ReadFilesOptions {
  readonly config: Readonly<Config>;
  readonly onObserved?: ObservedHook;
  /** Read through read-ahead threads (read-ahead.ts): `auto` for inputs of 16 MiB or more (read-ahead-threads.ts). */
  readonly readAhead?: 'auto' | 'on' | 'off';
  /** Read-ahead threads (default: read-ahead-threads.ts's choice from the CPU count). */
  readonly readAheadThreads?: number;
}

/** Read size (and the read-ahead threads' chunk size): one buffer, reused for every read of every file. */
const READ_BYTES = 1024 * 1024;

/** Pushes `file` from its first byte to its end into `reader`, through one reused buffer. */
function readInto(file: string, reader: FileReader, buffer: Buffer): void {
  const fd = openSync(file, 'r');
  try {
    for (let at = 0, n = readFull(fd, buffer, 0); n > 0; n = readFull(fd, buffer, (at += n))) reader.push(buffer.subarray(0, n), true);
  } finally {
    closeSync(fd);
  }
}

/** Checks every file first, so that a typo in the last argument fails before any output. */
async function assertReadable(files: readonly string[]): Promise<void> {
  const problems: string[] = [];
  for (const file of files) {
    try {
      await access(file, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error'; // fs errors carry a code
      problems.push(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code}`);
    }
  }
  if (problems.length > 0) throw new InputError(`Cannot read ${problems.length === 1 ? 'a log file' : 'log files'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** Reads `files` completely into a new exporter (every line counted) and returns it. */
export async function readFiles(files: readonly string[], options: ReadFilesOptions): Promise<Exporter> {
  if (files.length === 0) throw new InputError('Expected at least one log file');
  await assertReadable(files);
  const { config } = options;
  let rules: CustomRules | undefined;
  const exporter = createExporter({
    maxLineBytes: config.limits.max_line_bytes,
    stabilityWindowSeconds: config.leadership.stability_window,
    maxPartitions: config.limits.max_partitions,
    defaultMetrics: false,
    version: VERSION,
    disabledRules: new Set(config.disabled_rules),
    holdMetrics: true, // the registry is read once every file was read
    // Custom rules see every event; without any, the exporter need not call out per event.
    ...(config.rules.length === 0 ? {} : { onEvent: (node: NodeLabels, event: LogEvent, counting: boolean) => { rules?.apply(node, event, counting); } }),
    ...(options.onObserved === undefined ? {} : { onObserved: options.onObserved }),
  });
  if (config.rules.length > 0) {
    const { wireCustomRules } = await import('./wire-custom-rules.js'); // loaded only when there are rules to wire
    rules = wireCustomRules(exporter.metrics, config).rules;
  }
  const sources = files.map((file) => {
    const settings = config.sources.find((s) => s.paths.includes(file));
    return sourceConfig(file, settings);
  });
  if (useReadAhead(files, options.readAhead ?? 'auto')) {
    let reader: FileReader | undefined;
    let source: ReturnType<typeof exporter.source> | undefined;
    // A plan is only of use where the exporter reads lines as bytes (not inside a container runtime's wrapping).
    const planned = sources.map((s) => s.format === undefined || s.format === 'raw');
    const ahead = readAhead({ files, planned, maxLineBytes: config.limits.max_line_bytes, disabledRules: config.disabled_rules, chunkBytes: READ_BYTES }, options.readAheadThreads);
    for await (const item of ahead) {
      const src = sources[item.file] ?? { name: files[item.file] ?? '' };
      if (reader === undefined) {
        source = exporter.source(src);
        reader = source.file(files[item.file] ?? '');
      }
      if (item.kind === 'end') {
        reader.end();
        source?.release();
        reader = undefined;
        continue;
      }
      reader.push(item.chunk, true, planned[item.file] === true ? item.plan : undefined);
      item.release();
    }
    return exporter;
  }
  // Synchronous reads: nothing else runs in replay or check, and a stream's fresh 64 KiB Buffer per read and
  // promise per chunk cost more than a reused buffer (and leave garbage that grows the peak RSS).
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  files.forEach((file, i) => {
    const source = exporter.source(sources[i] ?? { name: file });
    const reader = source.file(file);
    readInto(file, reader, buffer);
    reader.end();
    source.release();
  });
  return exporter;
}
