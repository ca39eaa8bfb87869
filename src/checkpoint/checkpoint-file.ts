// The checkpoint: file offsets plus the full metric and leadership state, in one file written atomically
// (temp file, fsync, rename, fsync of the directory), so a kill -9 at any moment leaves the old or the new one.

import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExporterSnapshot } from '../exporter/index.js';

export const CHECKPOINT_FILE = 'checkpoint.json';

export interface CheckpointFile { readonly key: string; readonly path: string; readonly source: string; readonly offset: number }

export interface Checkpoint {
  readonly version: 1;
  /** Wall time of writing (unix ms). */
  readonly writtenAt: number;
  /** Where each file's state ends: lines from here on are read again after a restart. */
  readonly files: readonly CheckpointFile[];
  readonly exporter: ExporterSnapshot;
}

let writes = 0;

/** Writes `checkpoint` into `dir` atomically. */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, CHECKPOINT_FILE);
  const temp = `${target}.tmp-${process.pid}-${++writes}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify(checkpoint));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/** What reading found: a checkpoint, none, or a corrupt one that was set aside (renamed) with the reason. */
export type ReadResult =
  | { readonly kind: 'ok'; readonly checkpoint: Checkpoint }
  | { readonly kind: 'none' }
  | { readonly kind: 'set-aside'; readonly reason: string; readonly movedTo: string };

const isCheckpoint = (v: unknown): v is Checkpoint => {
  if (v === null || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>; // narrowing parsed JSON field by field below
  const e = c.exporter as Record<string, unknown> | null | undefined;
  return c.version === 1 && Array.isArray(c.files) && c.files.every((f: unknown) => f !== null && typeof f === 'object' && typeof (f as CheckpointFile).key === 'string' && Number.isSafeInteger((f as CheckpointFile).offset))
    && e !== null && typeof e === 'object' && Array.isArray(e.nodes) && Array.isArray(e.metrics) && e.sources !== null && typeof e.sources === 'object';
};

/** Reads the checkpoint in `dir`; a corrupt or unreadable one is renamed aside, never fatal. */
export async function readCheckpoint(dir: string): Promise<ReadResult> {
  const target = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }; // fs errors carry a code
    return setAside(target, `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return setAside(target, `not JSON (${(error as Error).message})`); // JSON.parse throws SyntaxError
  }
  if (!isCheckpoint(parsed)) return setAside(target, 'not a version 1 checkpoint');
  return { kind: 'ok', checkpoint: parsed };
}

async function setAside(target: string, reason: string): Promise<ReadResult> {
  const movedTo = `${target}.corrupt-${Date.now()}`;
  try {
    await rename(target, movedTo);
  } catch {
    return { kind: 'set-aside', reason: `${reason}; could not rename it either`, movedTo: target };
  }
  return { kind: 'set-aside', reason, movedTo };
}
