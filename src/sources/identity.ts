// File identity: device + inode + a fingerprint of the first bytes, so that a reused inode, a file replaced in
// place and a copy of a file (logrotate copytruncate) can be told apart.
import { createHash } from 'node:crypto';

/** Bytes of a file's start that go into its key and its truncation probe. */
export const FINGERPRINT_BYTES = 256;
/** Shortest probe that may declare another file a copy (a false "copy" would skip a real file). */
export const MIN_COPY_PROBE_BYTES = 48;

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex').slice(0, 16);
}

export function inodeId(dev: bigint | number, ino: bigint | number): string {
  return `${dev}:${ino}`;
}

/**
 * `dev:ino:at:length:hash`: the stable key of a file whose first non-NUL bytes (at most FINGERPRINT_BYTES) start
 * at offset `at`. A file of NULs only is keyed by its first bytes, `at` 0.
 */
export function fileKey(inode: string, probe: Probe, head: Uint8Array): string {
  const at = probe.at < 0 ? 0 : probe.at;
  const bytes = probe.at < 0 ? head : probe.bytes;
  return `${inode}:${at}:${bytes.length}:${hashBytes(bytes)}`;
}

export interface ParsedKey {
  readonly inode: string;
  readonly at: number;
  readonly length: number;
  readonly hash: string;
}

export function parseKey(key: string): ParsedKey | undefined {
  const match = /^(\d+:\d+):(\d+):(\d+):([0-9a-f]{16})$/.exec(key);
  if (match === null) return undefined;
  const [, inode, at, length, hash] = match;
  if (inode === undefined || at === undefined || length === undefined || hash === undefined) return undefined;
  return { inode, at: Number(at), length: Number(length), hash };
}

/**
 * The bytes that prove a file still holds what was read from it: up to FINGERPRINT_BYTES from its first
 * non-NUL byte. Skipping the NUL run matters: copytruncate under a writer without O_APPEND refills the start of
 * the file with NULs every time, so NULs prove nothing.
 */
export interface Probe {
  /** Offset of the first non-NUL byte; -1 while only NULs (or nothing) have been seen. */
  at: number;
  bytes: Buffer;
}

export function emptyProbe(): Probe {
  return { at: -1, bytes: Buffer.alloc(0) };
}

/** Feeds bytes read at `offset` into a probe that is still growing. */
export function extendProbe(probe: Probe, chunk: Buffer, offset: number): void {
  if (probe.at === -1) {
    let i = 0;
    while (i < chunk.length && chunk[i] === 0) i += 1;
    if (i === chunk.length) return;
    probe.at = offset + i;
    probe.bytes = Buffer.from(chunk.subarray(i, i + FINGERPRINT_BYTES));
    return;
  }
  const end = probe.at + probe.bytes.length;
  if (probe.bytes.length >= FINGERPRINT_BYTES || offset > end || offset + chunk.length <= end) return;
  const more = chunk.subarray(end - offset, end - offset + FINGERPRINT_BYTES - probe.bytes.length);
  probe.bytes = Buffer.concat([probe.bytes, more]);
}

/** A probe over `head` (the first bytes of a file, from offset 0). */
export function probeOf(head: Buffer): Probe {
  const probe = emptyProbe();
  extendProbe(probe, head, 0);
  return probe;
}

export interface ResumeEntry {
  readonly key: string;
  readonly inode: string;
  readonly at: number;
  readonly length: number;
  readonly hash: string;
  readonly offset: number;
}

/** Checkpointed offsets indexed by inode and by fingerprint. */
export interface ResumeIndex {
  readonly byInode: ReadonlyMap<string, readonly ResumeEntry[]>;
  readonly byFingerprint: ReadonlyMap<string, readonly ResumeEntry[]>;
  /** Distinct fingerprint shapes (`at`, length), to hash a candidate file once per shape. */
  readonly shapes: ReadonlyArray<{ readonly at: number; readonly length: number }>;
}

export function indexResume(resume: ReadonlyMap<string, number>): ResumeIndex {
  const byInode = new Map<string, ResumeEntry[]>();
  const byFingerprint = new Map<string, ResumeEntry[]>();
  const shapes = new Map<string, { at: number; length: number }>();
  for (const [key, offset] of resume) {
    const parsed = parseKey(key);
    if (parsed === undefined || !Number.isSafeInteger(offset) || offset < 0) continue;
    const entry: ResumeEntry = { key, offset, ...parsed };
    push(byInode, parsed.inode, entry);
    push(byFingerprint, fingerprintId(parsed.at, parsed.length, parsed.hash), entry);
    shapes.set(`${parsed.at}:${parsed.length}`, { at: parsed.at, length: parsed.length });
  }
  return { byInode, byFingerprint, shapes: [...shapes.values()] };
}

export function fingerprintId(at: number, length: number, hash: string): string {
  return `${at}:${length}:${hash}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
