// createFileSources: globs → files read exactly once across rotation, truncation, deletion and restarts.
// Structural work (discovery, binding paths to files, rotation, closing) runs one task at a time on a queue;
// reading runs per file (FileTail.pump), triggered by inotify on each held descriptor, by directory events, and
// by a slow safety poll that also rescans the globs.
import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { createErrorReporter, type ErrorReporter } from './errors.js';
import { FileRegistry } from './file-registry.js';
import type { FileTail, FirstBytes, Identification, TailHost } from './file-tail.js';
import { isVanished } from './glob.js';
import { inodeId } from './identity.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { findCopy, matchResume, resumeStates, type ResumeState } from './recognise.js';
import { createRootWatcher, type PathEvent, type RootWatcher } from './root-watcher.js';
import { GlobScanner, groupRoots } from './scan.js';
import type { FileSources, FileSourcesOptions, FileStatus, SourceSink } from './types.js';

/**
 * Tails the files of `options.sources` into `sink`.
 *
 * @example
 * const sources = createFileSources({ sources: [{ name: 'node1', paths: ['/var/log/chronik/server.log*'] }], logger }, sink);
 * await sources.ready; // history read
 * // … later
 * await sources.close();
 */
export function createFileSources(options: FileSourcesOptions, sink: SourceSink): FileSources {
  return new FileSourcesRunner(resolveOptions(options), sink);
}

class FileSourcesRunner implements FileSources, TailHost {
  readonly options: ResolvedOptions;
  readonly sink: SourceSink;
  readonly errors: ErrorReporter;
  readonly ready: Promise<void>;

  readonly #log: Logger;
  readonly #files: FileRegistry;
  readonly #scanner: GlobScanner;
  readonly #watchers: RootWatcher[] = [];
  /** Paths a watcher event has named (since they last vanished), and paths only the poll found. */
  readonly #announced = new Set<string>();
  #suspects = new Set<string>();
  #resumeStates = new Map<string, ResumeState>();
  readonly #resumeUsed = new Set<string>();
  #queue: Promise<void> = Promise.resolve();
  readonly #queued = new Set<string>();
  #initialDone = false;
  readonly #deferred = new Set<string>();
  #pollTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: ResolvedOptions, sink: SourceSink) {
    this.options = options;
    this.sink = sink;
    this.#log = options.logger;
    this.errors = createErrorReporter(options.logger, sink);
    this.#scanner = new GlobScanner(options.sources, this.errors, options.logger);
    this.#files = new FileRegistry({
      host: this,
      errors: this.errors,
      logger: options.logger,
      notify: !options.usePolling,
      recheck: (path) => this.#requestCheck(path),
      closed: () => this.#closed,
    });
    this.ready = this.#start().catch((error: unknown) => {
      this.#log.error({ err: error }, 'file sources failed to start');
    });
  }

  status(): FileStatus[] {
    const list: FileStatus[] = [];
    for (const tail of this.#files.tails.values()) {
      if (tail.status !== 'open' || tail.file === undefined) continue;
      list.push({ key: tail.file.key, path: tail.path, source: tail.source, offset: tail.offset, size: Math.max(tail.size, tail.offset) });
    }
    return list;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  // ── TailHost ──────────────────────────────────────────────────────────────────────────────────────────────

  async identify(tail: FileTail, { head, probe }: FirstBytes, size: number): Promise<Identification> {
    if (tail.continueFrom !== undefined) {
      const offset = Math.min(tail.continueFrom, size);
      tail.continueFrom = undefined;
      return { kind: 'read', offset, history: false, historyEnd: offset, rotated: true };
    }
    let copy = await findCopy(tail, head, size, probe.at < 0, this.#files.tails.values());
    // Synchronous from here to the decision: a truncation of the original cannot interleave.
    const truncation = copy.kind === 'duplicate' && copy.of.file === undefined ? copy.of.lastTruncation : undefined;
    if (copy.kind === 'duplicate' && truncation !== undefined) {
      // The original was truncated while the bytes were compared: this is the copy of its old content.
      copy.of.lastTruncation = undefined;
      copy = { kind: 'continuation', of: copy.of, offset: truncation.offset };
    }
    if (copy.kind === 'duplicate') {
      this.#log.debug({ path: tail.path, of: copy.of.path }, 'copy of a file being read: not read again');
      tail.park(copy.of);
      return { kind: 'park', of: copy.of };
    }
    if (copy.kind === 'continuation') {
      const offset = Math.min(copy.offset, size);
      this.#log.debug({ path: tail.path, of: copy.of.path, offset }, 'copy of truncated content: reading its unread end');
      return { kind: 'read', offset, history: false, historyEnd: offset, rotated: true };
    }
    if (copy.kind === 'wait') {
      if (tail.waitingSince === undefined) this.#log.debug({ path: tail.path, size }, 'maybe a copy still being written: waiting');
      tail.waitingSince ??= Date.now();
      if (Date.now() - tail.waitingSince < this.options.rotateWaitMs) return copy;
    }
    const resumed = matchResume(this.options.resume, this.#resumeStates, this.#resumeUsed, tail, probe, head, size);
    if (resumed.kind === 'resume') {
      return { kind: 'read', offset: resumed.offset, history: false, historyEnd: resumed.offset, rotated: resumed.copy };
    }
    const predecessor = tail.predecessor;
    if (predecessor !== undefined) {
      // The file that had this path before is read to its end first, and this one is its rotation.
      tail.predecessor = undefined;
      await predecessor.drain();
      this.sink.rotated(tail.source);
    }
    if (tail.initial && resumed.kind === 'none' && tail.historyEnd > 0) {
      return { kind: 'read', offset: 0, history: true, historyEnd: tail.historyEnd, rotated: false };
    }
    return { kind: 'read', offset: 0, history: false, historyEnd: 0, rotated: false };
  }

  async truncating(tail: FileTail, oldOffset: number): Promise<void> {
    // Synchronous until the first await: a parked copy takes the old content, nothing else may claim it.
    const copies = [...this.#files.tails.values()].filter((other) => other.status === 'parked' && other.copyOf === tail);
    if (copies.length === 0) return;
    tail.lastTruncation = undefined;
    // Two copies of one content (a backup next to the rotated copy): each is read from where the other ended.
    let covered = oldOffset;
    for (const copy of copies) {
      copy.copyOf = undefined;
      copy.continueFrom = covered;
      copy.status = 'closed';
      const handle = await this.#files.openSame(copy.path, copy.source, copy.inode);
      if (handle === undefined) continue;
      copy.attach(handle, !this.options.usePolling);
      this.#log.debug({ path: copy.path, of: tail.path, offset: covered }, 'copy of truncated content: reading its unread end');
      await copy.drain();
      covered = Math.max(covered, copy.offset);
    }
  }

  idle(tail: FileTail): void {
    void this.#enqueue(async () => {
      const wait = this.options.rotateWaitMs;
      if (tail.status !== 'open' || !tail.rotated) return;
      if (Date.now() - tail.lastGrowthAt < wait) return tail.armIdle(wait - (Date.now() - tail.lastGrowthAt));
      await tail.drain();
      if (Date.now() - tail.lastGrowthAt < wait) return tail.armIdle(wait);
      await this.#files.retire(tail, tail.nlink === 0 ? 'deleted' : 'rotated');
    });
  }

  moved(tail: FileTail): void {
    this.#requestCheck(tail.home);
    if (tail.path !== tail.home) this.#requestCheck(tail.path);
  }

  // ── startup, poll, close ─────────────────────────────────────────────────────────────────────────────────

  async #start(): Promise<void> {
    if (!this.options.usePolling) {
      for (const group of groupRoots(this.options.sources)) {
        const watcher = await createRootWatcher(group.root, group.depth, (file) => group.globs.some((glob) => glob.matches(file)), {
          path: (event, file) => this.#onPathEvent(event, file),
          appeared: (dir) => void this.#enqueue(() => this.#rescan(dir)),
          error: (error) => this.#onWatcherError(error),
        });
        if (this.#closed) return void (await watcher.close());
        this.#watchers.push(watcher);
      }
    }
    await this.#enqueue(() => this.#initialRead());
    this.#schedulePoll();
  }

  async #initialRead(): Promise<void> {
    const found = await this.#scanner.scan();
    this.#resumeStates = await resumeStates(this.options.resume, found);
    // Oldest first, one at a time: rebuilt state follows the order in which the lines were written.
    for (const entry of found) {
      if (this.#closed) return;
      const tail = await this.#files.observe(entry.path, entry.source, entry.stats, true);
      if (tail === undefined) this.#files.unreadAtStart(entry.path);
      if (tail === undefined || !tail.initial) continue;
      for (let progress = -1; tail.status === 'open' && tail.offset !== progress; ) {
        progress = tail.offset;
        await tail.drain();
        if (tail.file === undefined || tail.offset >= tail.historyEnd) break;
      }
    }
    this.#initialDone = true;
    this.#log.info({ files: this.status().length }, 'file sources: initial read done');
    for (const path of this.#deferred) this.#requestCheck(path);
    this.#deferred.clear();
  }

  #schedulePoll(): void {
    if (this.#closed) return;
    this.#pollTimer = setTimeout(() => {
      void this.#enqueue(() => this.#poll()).finally(() => this.#schedulePoll());
    }, this.options.pollIntervalMs);
    this.#pollTimer.unref();
  }

  /** The safety poll: rescan every glob, re-check every path, read every open file that may have grown. */
  async #poll(): Promise<void> {
    await Promise.all(this.#watchers.map((watcher) => watcher.recheck()));
    this.#countMissedEvents();
    const wasMissing = new Set(this.#scanner.missingRoots);
    const found = await this.#scanner.scan();
    const seen = new Set(found.map((entry) => entry.path));
    // Not listed is not proof of absence (a rename can fall between readdir and stat): look again.
    for (const path of this.#files.boundPaths()) {
      if (!seen.has(path) && !this.#scanner.underMissingRoot(path)) await this.#check(path);
    }
    const inodes = new Set<string>();
    const looked = new Set<FileTail>();
    for (const entry of found) {
      if (this.#closed) return;
      const inode = inodeId(entry.stats.dev, entry.stats.ino);
      inodes.add(inode);
      const known = this.#files.tails.get(inode);
      if (known?.status === 'open' && this.#files.bound(entry.path) === known) {
        // Still there, still open: the listing's stat says whether there is anything to read (or a rewrite to
        // the very same size, which only the modification time shows).
        looked.add(known);
        if (Number(entry.stats.size) !== known.offset || entry.stats.mtimeNs !== known.mtimeNs) void known.pump();
        continue;
      }
      const fresh = [...wasMissing].some((root) => entry.path.startsWith(`${root}/`));
      if (!this.options.usePolling && !fresh && this.#files.bound(entry.path) === undefined && !this.#announced.has(entry.path)) {
        this.#suspects.add(entry.path);
      }
      await this.#files.observe(entry.path, entry.source, entry.stats, false);
    }
    // A closed or parked file no scan has listed for a while is gone (or out of the globs' sight): forget it.
    // One scan is not enough: a file renamed while the scan ran is missing from that one listing.
    const now = Date.now();
    const forgetAfter = Math.max(10_000, 3 * this.options.pollIntervalMs);
    for (const [inode, tail] of this.#files.tails) {
      if (tail.status === 'open') {
        if (!looked.has(tail)) void tail.pump();
      } else if (inodes.has(inode) || this.#scanner.missingRoots.size > 0) tail.unseenSince = undefined;
      else if (now - (tail.unseenSince ??= now) > forgetAfter) this.#files.forget(tail);
    }
  }

  /**
   * libuv drops inotify's IN_Q_OVERFLOW without a word, so an overflow shows only as files the poll found that no
   * event ever named: counted when the previous poll found them and still no event came.
   */
  #countMissedEvents(): void {
    const missed = [...this.#suspects].filter((path) => !this.#announced.has(path) && this.#files.bound(path) !== undefined);
    this.#suspects = new Set();
    if (missed.length === 0) return;
    this.#log.warn({ files: missed.slice(0, 5), count: missed.length }, 'file events were lost (inotify queue overflow?); found by the rescan');
    this.sink.watcherOverflow();
  }

  async #rescan(dir: string): Promise<void> {
    for (const entry of await this.#scanner.scan()) {
      if (entry.path.startsWith(`${dir}/`)) await this.#files.observe(entry.path, entry.source, entry.stats, false);
    }
  }

  async #close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#pollTimer);
    await Promise.all(this.#watchers.map((watcher) => watcher.close()));
    const closeAll = () => Promise.all([...this.#files.tails.values()].map((tail) => tail.close('closing')));
    await closeAll();
    await this.#queue;
    await closeAll();
    await this.ready;
  }

  // ── events and checks ───────────────────────────────────────────────────────────────────────────────────

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(() => (this.#closed ? undefined : task()));
    this.#queue = run.catch((error: unknown) => this.#log.error({ err: error }, 'file sources: internal error'));
    return this.#queue;
  }

  #onPathEvent(event: PathEvent, path: string): void {
    this.#announced.add(path);
    this.#suspects.delete(path);
    // A write to a file being read: its descriptor's own watch has already asked for a read; nothing moved.
    if (event === 'change' && this.#files.bound(path)?.status === 'open') return;
    this.#requestCheck(path);
  }

  #onWatcherError(error: unknown): void {
    this.#log.warn({ err: error }, 'file watcher error; rescanning');
    this.sink.watcherOverflow();
    void this.#enqueue(() => this.#poll());
  }

  #requestCheck(path: string): void {
    if (!this.#initialDone) {
      this.#deferred.add(path);
      return;
    }
    if (this.#queued.has(path)) return;
    this.#queued.add(path);
    void this.#enqueue(async () => {
      this.#queued.delete(path);
      await this.#check(path);
    });
  }

  async #check(path: string): Promise<void> {
    const source = this.#scanner.sourceOf(path);
    if (source === undefined) return;
    let stats: BigIntStats;
    try {
      stats = await stat(path, { bigint: true });
    } catch (error) {
      if (isVanished(error)) {
        this.#announced.delete(path);
        this.#files.pathGone(path);
      } else this.errors.report({ source, op: 'stat', path }, error);
      return;
    }
    if (stats.isFile()) await this.#files.observe(path, source, stats, false);
  }
}
