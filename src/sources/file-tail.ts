// One file being read: a descriptor held across renames and deletion, an offset, and a probe of the first bytes.
// pump() reads to EOF (coalescing concurrent requests) and detects in-place truncation; what a new file is and
// what happens around it (copies, checkpoints, rotation) is decided by the host.
import { watch, type FSWatcher } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { ErrorReporter } from './errors.js';
import { emptyProbe, extendProbe, FINGERPRINT_BYTES, fileKey, probeOf, type Probe } from './identity.js';
import type { ResolvedOptions } from './options.js';
import type { CloseReason, OpenInfo, SourceSink, TailedFile } from './types.js';

/** Chunks read before the probe is checked again and they are delivered. */
const BATCH_CHUNKS = 16;

/** How the host wants a file that just got its first bytes to be read. */
export type Identification =
  | ({ readonly kind: 'read'; readonly rotated: boolean } & OpenInfo)
  | { readonly kind: 'park'; readonly of: FileTail }
  | { readonly kind: 'wait' };

/** A file's first bytes (`head`, from offset 0) and its probe (first non-NUL bytes). */
export interface FirstBytes {
  readonly head: Buffer;
  readonly probe: Probe;
}

export interface TailHost {
  readonly options: ResolvedOptions;
  readonly sink: SourceSink;
  readonly errors: ErrorReporter;
  identify(tail: FileTail, first: FirstBytes, size: number): Promise<Identification>;
  /** `tail` was truncated: read the parked copies of its old content from `oldOffset`. */
  truncating(tail: FileTail, oldOffset: number): Promise<void>;
  /** A rotated tail has been idle for rotate_wait. */
  idle(tail: FileTail): void;
  /** The file was renamed or lost its last link: what its path names now needs a look. */
  moved(tail: FileTail): void;
}

export type TailStatus = 'open' | 'closed' | 'parked';

export interface TailInit {
  readonly inode: string;
  readonly source: string;
  readonly path: string;
  readonly initial: boolean;
  readonly historyEnd: number;
}

export class FileTail {
  readonly inode: string;
  readonly source: string;
  /** Latest path the file was seen at. */
  path: string;
  /** Path it was first bound to; leaving it is a rotation. */
  readonly home: string;
  status: TailStatus = 'closed';
  /** Renamed away or deleted: closed once idle for rotate_wait. */
  rotated = false;
  /** First seen where a rotated file had been: a rotated file itself. */
  arrivedRotated = false;
  /** Closed or parked, and not listed by the scans since then. */
  unseenSince: number | undefined;
  file: TailedFile | undefined;
  offset = 0;
  /** Size and modification time at the last look. */
  size = 0;
  mtimeNs = -1n;
  nlink = 1;
  probe: Probe = emptyProbe();
  /** Found by the initial scan: its first bytes are history unless a checkpoint names it. */
  initial: boolean;
  readonly historyEnd: number;
  /** The file that had this path before: read to its end before this one starts. */
  predecessor: FileTail | undefined;
  /** A parked copy: the file it duplicates. */
  copyOf: FileTail | undefined;
  /** Set on a copy of truncated content: start reading there. */
  continueFrom: number | undefined;
  /** The old content when this file was truncated and no copy of it was known yet. */
  lastTruncation: { readonly probe: Probe; readonly offset: number } | undefined;
  lastGrowthAt = Date.now();
  /** When identification first had to wait (a file that may be a copy still being written). */
  waitingSince: number | undefined;

  readonly #host: TailHost;
  #handle: FileHandle | undefined;
  #watcher: FSWatcher | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #pumping: Promise<void> | undefined;
  #again = false;
  /** Passes started; drain() waiters wait for a given pass to end. */
  #started = 0;
  #waiters: Array<{ readonly target: number; readonly resolve: () => void }> = [];
  /** Data was delivered since the last caughtUp. */
  #unflushed = false;
  /** Modification time when the probe last held. */
  #probedMtime = -1n;

  constructor(host: TailHost, init: TailInit) {
    this.#host = host;
    this.inode = init.inode;
    this.source = init.source;
    this.path = init.path;
    this.home = init.path;
    this.initial = init.initial;
    this.historyEnd = init.historyEnd;
  }

  get handle(): FileHandle | undefined {
    return this.#handle;
  }

  /** Takes ownership of an open descriptor; with `notify`, inotify on that descriptor's inode triggers reads. */
  attach(handle: FileHandle, notify: boolean): void {
    this.#handle = handle;
    this.status = 'open';
    if (!notify) return;
    try {
      // /proc/self/fd/N names the inode we hold, whatever happens to the path (Linux; elsewhere the path).
      const target = process.platform === 'linux' ? `/proc/self/fd/${handle.fd}` : this.path;
      this.#watcher = watch(target, { persistent: false }, (event) => {
        if (event === 'rename') this.#host.moved(this);
        void this.pump();
      });
      this.#watcher.on('error', () => this.#unwatch());
    } catch {
      // No inotify watch left (ENOSPC) or none possible: the safety poll reads this file.
    }
  }

  /** Reads what the file holds. Calls made while a pass runs are served by one more pass. */
  pump(): Promise<void> {
    this.#again = true;
    this.#pumping ??= this.#run();
    return this.#pumping;
  }

  /**
   * Resolves once a pass that started after this call is done: the file has been read at least to the size it
   * had when the call was made. Unlike pump(), bounded under a writer that never pauses.
   */
  drain(): Promise<void> {
    if (this.status !== 'open') return Promise.resolve();
    const target = this.#started + 1;
    const done = new Promise<void>((resolve) => this.#waiters.push({ target, resolve }));
    void this.pump();
    return done;
  }

  /** A closed file grew again: read on from where it stopped (announced again with `open`). */
  reopen(handle: FileHandle, notify: boolean): void {
    this.attach(handle, notify);
    this.lastGrowthAt = Date.now();
    if (this.rotated) this.armIdle(this.#host.options.rotateWaitMs);
    if (this.file !== undefined) this.#host.sink.open(this.file, { offset: this.offset, history: false, historyEnd: this.offset });
  }

  markRotated(): void {
    if (this.rotated) return;
    this.rotated = true;
    this.lastGrowthAt = Date.now();
    this.armIdle(this.#host.options.rotateWaitMs);
  }

  armIdle(delayMs: number): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.#host.idle(this), delayMs);
    this.#idleTimer.unref();
  }

  /**
   * Parks a copy of `of` (not read: its content is `of`'s), synchronously, so that no truncation of `of` can
   * slip between the decision and the parking. If `of` is truncated later, the copy is read from the old offset.
   */
  park(of: FileTail): void {
    this.copyOf = of;
    this.status = 'parked';
    clearTimeout(this.#idleTimer);
    this.#unwatch();
    const handle = this.#handle;
    this.#handle = undefined;
    void handle?.close().catch(() => undefined);
  }

  /** Stops reading; `closed(reason)` is sent if the file was announced. Safe to call twice. */
  async close(reason: CloseReason | undefined, status: TailStatus = 'closed'): Promise<void> {
    const wasOpen = this.status === 'open';
    this.status = status;
    clearTimeout(this.#idleTimer);
    this.#unwatch();
    const handle = this.#handle;
    this.#handle = undefined;
    // FileHandle.close waits for a read in flight; the pass sees the status and delivers nothing more.
    await handle?.close().catch(() => undefined);
    if (wasOpen && reason !== undefined && this.file !== undefined) this.#host.sink.closed(this.file, reason);
  }

  #unwatch(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  async #run(): Promise<void> {
    try {
      while (this.#again && this.status === 'open') {
        this.#again = false;
        this.#started += 1;
        await this.#pass();
        this.#settle(this.#started);
      }
    } finally {
      this.#pumping = undefined;
      this.#settle(Infinity);
    }
  }

  #settle(done: number): void {
    if (this.#waiters.length === 0) return;
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiting) {
      if (waiter.target <= done) waiter.resolve();
      else this.#waiters.push(waiter);
    }
  }

  /** One fstat, then read up to the size it gave. A pass that delivered asks for another: only a pass that finds
   * nothing new says caughtUp, and a writer that never pauses cannot keep one pass going forever. */
  async #pass(): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined) return;
    try {
      const big = await handle.stat({ bigint: true });
      if (this.status !== 'open') return;
      const stats = { size: Number(big.size), nlink: Number(big.nlink), mtimeNs: big.mtimeNs };
      this.mtimeNs = big.mtimeNs;
      this.size = stats.size;
      if (stats.nlink === 0 && this.nlink !== 0 && !this.rotated) this.#host.moved(this);
      this.nlink = stats.nlink;
      if (this.file === undefined && (stats.size === 0 || !(await this.#identify(handle, stats.size)))) return;
      const file = this.file;
      if (file === undefined || this.status !== 'open') return;
      // Truncated: shorter than what was read, or other first bytes (rewritten past the old offset, or to exactly
      // it: then only the modification time tells, so the probe is read when it changed).
      const changed = stats.size > this.offset || stats.mtimeNs !== this.#probedMtime;
      if (stats.size < this.offset || (changed && !(await this.#probeHolds(handle)))) {
        await this.#truncated();
        this.#again = true;
        return;
      }
      this.#probedMtime = stats.mtimeNs;
      if (stats.size === this.offset) {
        if (this.#unflushed) {
          this.#unflushed = false;
          this.#host.sink.caughtUp(file);
        }
        return;
      }
      const end = stats.size;
      const chunkBytes = this.#host.options.readChunkBytes;
      while (this.offset < end) {
        // Read a batch, then check the probe again before delivering it: a truncation during the reads would
        // otherwise hand on the NUL hole or the new content's bytes as if they were the old content's. A batch
        // read just before a truncation is dropped too; a copy of the old content (copytruncate) brings it back.
        const batch: Buffer[] = [];
        let position = this.offset;
        const batchEnd = Math.min(end, position + chunkBytes * BATCH_CHUNKS);
        while (position < batchEnd) {
          const want = Math.min(chunkBytes, batchEnd - position);
          const buffer = Buffer.allocUnsafe(want);
          const { bytesRead } = await handle.read(buffer, 0, want, position);
          if (this.status !== 'open' || this.file !== file) return;
          if (bytesRead === 0) break;
          batch.push(bytesRead === want ? buffer : buffer.subarray(0, bytesRead));
          position += bytesRead;
        }
        if (!(await this.#probeHolds(handle)) || this.status !== 'open' || this.file !== file) {
          if (this.status === 'open' && this.file === file) await this.#truncated();
          this.#again = true;
          return;
        }
        for (const chunk of batch) this.#deliver(file, chunk);
        if (position < batchEnd) break;
      }
      this.#unflushed = true;
      this.#again = true;
    } catch (error) {
      if (this.status !== 'open') return;
      this.#host.errors.report({ source: this.source, op: 'read', path: this.path }, error);
    }
  }

  #deliver(file: TailedFile, chunk: Buffer): void {
    const start = this.offset;
    this.offset += chunk.length;
    if (this.probe.bytes.length < FINGERPRINT_BYTES) extendProbe(this.probe, chunk, start);
    if (this.rotated) this.lastGrowthAt = Date.now();
    this.#host.sink.data(file, chunk, this.offset);
  }

  async #identify(handle: FileHandle, size: number): Promise<boolean> {
    const head = await readAt(handle, 0, Math.min(size, FINGERPRINT_BYTES));
    if (head.length === 0 || this.status !== 'open') return false;
    const probe = await probeFile(handle, head, size, this.#host.options.readChunkBytes);
    if (this.status !== 'open') return false;
    const decision = await this.#host.identify(this, { head, probe }, size);
    if (this.status !== 'open') return false;
    if (decision.kind === 'wait' || decision.kind === 'park') return false;
    this.waitingSince = undefined;
    this.file = Object.freeze({ key: fileKey(this.inode, probe, head), path: this.path, source: this.source });
    this.offset = decision.offset;
    this.probe = probe;
    if (decision.rotated) this.markRotated();
    this.#host.sink.open(this.file, { offset: decision.offset, history: decision.history, historyEnd: decision.historyEnd });
    return true;
  }

  /** The probe's bytes are still where they were read: same content, so no truncate-and-rewrite happened. */
  async #probeHolds(handle: FileHandle): Promise<boolean> {
    const { at, bytes } = this.probe;
    if (at < 0 || bytes.length === 0) return true;
    const now = await readAt(handle, at, bytes.length);
    return now.equals(bytes);
  }

  async #truncated(): Promise<void> {
    const file = this.file;
    // One synchronous step: from here on the old content exists only in copies, and a copy being identified
    // right now sees `lastTruncation`, never the old probe as if the file still held it. The copy continues
    // where the sink's complete lines end: a partial last line it held is read whole from the copy.
    const held = file === undefined ? 0 : this.#host.sink.truncated(file);
    const oldOffset = this.offset - held;
    this.lastTruncation = { probe: this.probe, offset: oldOffset };
    this.file = undefined;
    this.offset = 0;
    this.probe = emptyProbe();
    this.#unflushed = false;
    this.initial = false;
    this.predecessor = undefined;
    await this.#host.truncating(this, oldOffset);
  }
}

/** Reads up to `length` bytes at `position` (fewer at EOF). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
}

/** The probe of a file of `size` bytes starting with `head`: past a leading NUL run (read through, if need be). */
async function probeFile(handle: FileHandle, head: Buffer, size: number, chunkBytes: number): Promise<Probe> {
  const probe = probeOf(head);
  for (let position = head.length; probe.at < 0 && position < size; ) {
    const chunk = await readAt(handle, position, Math.min(chunkBytes, size - position));
    if (chunk.length === 0) break;
    extendProbe(probe, chunk, position);
    position += chunk.length;
  }
  if (probe.at >= 0 && probe.bytes.length < FINGERPRINT_BYTES && probe.at + probe.bytes.length < size) {
    probe.bytes = await readAt(handle, probe.at, Math.min(FINGERPRINT_BYTES, size - probe.at));
  }
  return probe;
}
