// Recognising what a newly readable file is, from its first bytes: a copy of a file being read (logrotate `copy`,
// or copytruncate before the truncation is seen), the copy of content that was truncated away (read it from the
// old offset: the bytes not yet read are only there), or a file a checkpoint names.
import { open } from 'node:fs/promises';
import type { FileTail } from './file-tail.js';
import { readAt } from './file-tail.js';
import type { FoundFile } from './glob.js';
import { fingerprintId, hashBytes, inodeId, MIN_COPY_PROBE_BYTES, type Probe, type ResumeEntry, type ResumeIndex } from './identity.js';

export type CopyVerdict =
  | { readonly kind: 'none' }
  /** Equal so far but shorter than the probe: maybe a copy still being written. */
  | { readonly kind: 'wait' }
  | { readonly kind: 'duplicate'; readonly of: FileTail }
  | { readonly kind: 'continuation'; readonly of: FileTail; readonly offset: number };

/**
 * Compares `tail` (whose first bytes are `head`, size `size`, NULs only up to `size` if `nulsOnly`) with every
 * other known file.
 */
export async function findCopy(tail: FileTail, head: Buffer, size: number, nulsOnly: boolean, others: Iterable<FileTail>): Promise<CopyVerdict> {
  for (const other of others) {
    if (other === tail || other.status === 'parked') continue;
    const truncation = other.lastTruncation;
    if (truncation !== undefined) {
      const verdict = await compareProbe(tail, head, size, nulsOnly, truncation.probe);
      if (verdict === 'match') {
        other.lastTruncation = undefined;
        return { kind: 'continuation', of: other, offset: truncation.offset };
      }
      if (verdict === 'prefix') return { kind: 'wait' };
    }
    if (other.file !== undefined) {
      const verdict = await compareProbe(tail, head, size, nulsOnly, other.probe);
      if (verdict === 'match') return { kind: 'duplicate', of: other };
      if (verdict === 'prefix') return { kind: 'wait' };
    }
  }
  return { kind: 'none' };
}

async function compareProbe(tail: FileTail, head: Buffer, size: number, nulsOnly: boolean, probe: Probe): Promise<'match' | 'prefix' | 'no'> {
  if (probe.at < 0 || probe.bytes.length < MIN_COPY_PROBE_BYTES) return 'no';
  // Only NULs so far, no more of them than lead the other file: the start of a copy of a file that a writer
  // without O_APPEND refilled after a truncation (copytruncate again), still being written.
  if (size <= probe.at) return nulsOnly ? 'prefix' : 'no';
  const length = Math.min(size - probe.at, probe.bytes.length);
  let bytes: Buffer;
  if (probe.at + length <= head.length) {
    bytes = head.subarray(probe.at, probe.at + length);
  } else {
    const handle = tail.handle;
    if (handle === undefined) return 'no';
    bytes = await readAt(handle, probe.at, length);
  }
  if (bytes.length === 0 || !bytes.equals(probe.bytes.subarray(0, bytes.length))) return 'no';
  return bytes.length === probe.bytes.length ? 'match' : 'prefix';
}

/** What the checkpoint says about each entry's file at startup. */
export type ResumeState = 'intact' | 'replaced' | 'gone';

/** For each checkpoint entry: is its file (by inode) among those found at startup, with the same first bytes? */
export async function resumeStates(index: ResumeIndex, found: readonly FoundFile[]): Promise<Map<string, ResumeState>> {
  const states = new Map<string, ResumeState>();
  if (index.byInode.size === 0) return states;
  const byInode = new Map(found.map((entry) => [inodeId(entry.stats.dev, entry.stats.ino), entry.path]));
  for (const [inode, entries] of index.byInode) {
    const path = byInode.get(inode);
    for (const entry of entries) {
      const head = path === undefined ? undefined : await readHead(path, entry.at, entry.length);
      if (path === undefined) states.set(entry.key, 'gone');
      else states.set(entry.key, head?.length === entry.length && hashBytes(head) === entry.hash ? 'intact' : 'replaced');
    }
  }
  return states;
}

async function readHead(path: string, at: number, length: number): Promise<Buffer | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      return await readAt(handle, at, length);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

export type ResumeVerdict =
  | { readonly kind: 'none' }
  /** The checkpoint named this inode with other first bytes: truncated or replaced since; all of it is new. */
  | { readonly kind: 'replaced' }
  | { readonly kind: 'resume'; readonly offset: number; readonly copy: boolean };

/**
 * Finds the checkpoint entry for a file: same inode and first bytes; or, for a file found at startup, a copy of
 * checkpointed content whose original was truncated or removed since (copytruncate while the exporter was down).
 */
export function matchResume(
  index: ResumeIndex,
  states: ReadonlyMap<string, ResumeState>,
  used: Set<string>,
  tail: FileTail,
  probe: Probe,
  head: Buffer,
  size: number,
): ResumeVerdict {
  const at = probe.at < 0 ? 0 : probe.at;
  const bytes = probe.at < 0 ? head : probe.bytes;
  // Several entries can name one content: its key was taken over fewer first bytes by an earlier life (the file was
  // shorter then), and a later life wrote it again under its full key. The furthest offset is the latest position.
  let best: ResumeEntry | undefined;
  let replaced = false;
  for (const entry of index.byInode.get(tail.inode) ?? []) {
    if (entry.at === at && bytes.length >= entry.length && hashBytes(bytes.subarray(0, entry.length)) === entry.hash && entry.offset <= size) {
      if (best === undefined || entry.offset > best.offset) best = entry;
    } else replaced = true;
  }
  if (best !== undefined) {
    used.add(best.key);
    return { kind: 'resume', offset: best.offset, copy: false };
  }
  if (replaced) return { kind: 'replaced' };
  if (!tail.initial) return { kind: 'none' };
  for (const shape of index.shapes) {
    if (shape.at !== at || shape.length > bytes.length) continue;
    for (const entry of index.byFingerprint.get(fingerprintId(at, shape.length, hashBytes(bytes.subarray(0, shape.length)))) ?? []) {
      if (used.has(entry.key) || entry.inode === tail.inode || states.get(entry.key) === 'intact') continue;
      if (best === undefined || entry.offset > best.offset) best = entry;
    }
  }
  if (best === undefined) return { kind: 'none' };
  used.add(best.key);
  return { kind: 'resume', offset: Math.min(best.offset, size), copy: true };
}
