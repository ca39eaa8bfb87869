// Starts file sources on a temp dir with a recording sink; everything is closed when the test ends.
import { onTestFinished } from 'vitest';
import { createFileSources, type FileSources, type FileSourcesOptions } from '../../src/sources/index.js';
import { captureLogger, makeTempDir, RecordingSink, type CapturedLogger } from './helpers.js';

export interface Started {
  readonly sources: FileSources;
  readonly sink: RecordingSink;
  readonly log: CapturedLogger;
}

/** Defaults keep the safety poll out of the way (60 s), so a test proves inotify alone unless it says otherwise. */
export function startSources(options: Omit<FileSourcesOptions, 'logger'>, sink = new RecordingSink()): Started {
  const log = captureLogger();
  const sources = createFileSources({ pollIntervalMs: 60_000, rotateWaitMs: 200, ...options, logger: log.logger }, sink);
  onTestFinished(() => sources.close());
  return { sources, sink, log };
}

export async function tempDir(): Promise<string> {
  const { dir, cleanup } = await makeTempDir();
  onTestFinished(cleanup);
  return dir;
}
