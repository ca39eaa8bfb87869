// createFileSources: globs → files read exactly once across rotation, truncation, deletion and restarts.
// Structural work (discovery, binding paths to files, rotation, closing) runs one task at a time on a queue;
// reading runs per file (FileTail.pump) and is triggered by inotify on each held descriptor, by path events, and
// by a slow safety poll that also rescans the globs.
import type { BigIntStats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Logger } from 'pino';
import { createErrorReporter, type ErrorReporter } from './errors.js';
import { FileTail, readAt, type FirstBytes, type Identification, type TailHost } from './file-tail.js';
import { isVanished, walkGlob, type CompiledGlob, type FoundFile } from './glob.js';
import { hashBytes, inodeId } from './identity.js';
import { resolveOptions, type CompiledSource, type ResolvedOptions } from './options.js';
import { findCopy, matchResume, type ResumeState } from './recognise.js';
import { createRootWatcher, type PathEvent, type RootWatcher } from './root-watcher.js';
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

interface Found extends FoundFile {
  readonly source: string;
}

interface RootGroup {
  readonly root: string;
  readonly globs: CompiledGlob[];
  depth: number;
}

class FileSourcesRunner implements FileSources, TailHost {
  readonly options: ResolvedOptions;
  readonly sink: SourceSink;
  readonly errors: ErrorReporter;
  readonly ready: Promise<void>;

  readonly #log: Logger;
  readonly #roots: RootGroup[];
  /** Every file seen, by inode. */
  readonly #tails = new Map<string, FileTail>();
  /** What each matched path names, as last seen. */
  readonly #bindings = new Map<string, FileTail>();
  /** Paths whose file went away, and that file: the next file there is a rotation. */
  readonly #vacated = new Map<string, FileTail>();
  /** Paths a file has been rotated away from: names that extend them are rotated generations. */
  readonly #rotatedPaths = new Set<string>();
  readonly #watchers: RootWatcher[] = [];
  readonly #missingRoots = new Set<string>();
  /** Paths a watcher event has named (since they last vanished), and paths only the poll found. */
  readonly #announced = new Set<string>();
  #suspects = new Set<string>();
  /** Found by the initial scan but not opened (permission denied …). */
  readonly #unreadAtStart = new Set<string>();
  readonly #resumeStates = new Map<string, ResumeState>();
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
    this.#roots = groupRoots(options.sources);
    this.ready = this.#start().catch((error: unknown) => {
      this.#log.error({ err: error }, 'file sources failed to start');
    });
  }

  status(): FileStatus[] {
    const list: FileStatus[] = [];
    for (const tail of this.#tails.values()) {
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
    let copy = await findCopy(tail, head, size, this.#tails.values());
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
      tail.waitingSince ??= Date.now();
      if (Date.now() - tail.waitingSince < this.options.rotateWaitMs) return copy;
    }
    const resumed = matchResume(this.options.resume, this.#resumeStates, this.#resumeUsed, tail, probe, head, size);
    if (resumed.kind === 'resume') {
      return { kind: 'read', offset: resumed.offset, history: false, historyEnd: resumed.offset, rotated: resumed.copy };
    }
    const predecessor = tail.predecessor;
    if (predecessor !== undefined) {
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
    const copies = [...this.#tails.values()].filter((other) => other.status === 'parked' && other.copyOf === tail);
    if (copies.length === 0) return;
    tail.lastTruncation = undefined;
    // Two copies of one content (a backup next to the rotated copy): each is read from where the other ended.
    let covered = oldOffset;
    for (const copy of copies) {
      copy.copyOf = undefined;
      copy.continueFrom = covered;
      copy.status = 'closed';
      const handle = await this.#openSame(copy.path, copy.source, copy.inode);
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
      await this.#retire(tail, tail.nlink === 0 ? 'deleted' : 'rotated');
    });
  }

  moved(tail: FileTail): void {
    this.#requestCheck(tail.home);
    if (tail.path !== tail.home) this.#requestCheck(tail.path);
  }

  // ── startup, poll, close ─────────────────────────────────────────────────────────────────────────────────

  async #start(): Promise<void> {
    if (!this.options.usePolling) {
      for (const group of this.#roots) {
        const watcher = await createRootWatcher(group.root, group.depth, (file) => group.globs.some((g) => g.matches(file)), {
          path: (event, file) => this.#onPathEvent(event, file),
          appeared: (root) => void this.#enqueue(() => this.#rescan(root)),
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
    const found = await this.#scan();
    found.sort(oldestFirst);
    await this.#prepareResume(found);
    // Oldest first, one at a time: rebuilt state follows the order in which the lines were written.
    for (const entry of found) {
      if (this.#closed) return;
      const tail = await this.#observe(entry.path, entry.source, entry.stats, true);
      if (tail === undefined) this.#unreadAtStart.add(entry.path);
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

  /** The safety poll: rescan every glob, re-check every path, read every open file. */
  async #poll(): Promise<void> {
    await Promise.all(this.#watchers.map((watcher) => watcher.recheck()));
    const missed = [...this.#suspects].filter((path) => !this.#announced.has(path) && this.#bindings.has(path));
    this.#suspects = new Set();
    if (missed.length > 0) {
      this.#log.warn({ files: missed.slice(0, 5), count: missed.length }, 'file events were lost (inotify queue overflow?); found by the rescan');
      this.sink.watcherOverflow();
    }
    const wasMissing = new Set(this.#missingRoots);
    const found = await this.#scan();
    const seen = new Set(found.map((entry) => entry.path));
    // Not listed is not proof of absence (a rename can fall between readdir and stat): look again.
    for (const path of [...this.#bindings.keys()]) {
      if (!seen.has(path) && !this.#underMissingRoot(path)) await this.#check(path);
    }
    found.sort(oldestFirst);
    const inodes = new Set<string>();
    const looked = new Set<FileTail>();
    for (const entry of found) {
      if (this.#closed) return;
      const inode = inodeId(entry.stats.dev, entry.stats.ino);
      inodes.add(inode);
      const known = this.#tails.get(inode);
      if (known?.status === 'open' && this.#bindings.get(entry.path) === known) {
        // Still there, still open: the listing's stat says whether there is anything to read (or a rewrite to
        // the very same size, which only the modification time shows).
        looked.add(known);
        if (Number(entry.stats.size) !== known.offset || entry.stats.mtimeNs !== known.mtimeNs) void known.pump();
        continue;
      }
      const fresh = [...wasMissing].some((root) => entry.path.startsWith(`${root}/`));
      if (!this.options.usePolling && !fresh && !this.#bindings.has(entry.path) && !this.#announced.has(entry.path)) {
        this.#suspects.add(entry.path);
      }
      await this.#observe(entry.path, entry.source, entry.stats, false);
    }
    // A closed or parked file no scan has listed for a while is gone (or out of the globs' sight): forget it.
    // One scan is not enough: a file renamed while the scan ran is missing from that one listing.
    const now = Date.now();
    const forgetAfter = Math.max(10_000, 3 * this.options.pollIntervalMs);
    for (const [inode, tail] of this.#tails) {
      if (tail.status === 'open') {
        if (!looked.has(tail)) void tail.pump();
      }
      else if (inodes.has(inode) || this.#missingRoots.size > 0) tail.unseenSince = undefined;
      else if (now - (tail.unseenSince ??= now) > forgetAfter) this.#forget(tail);
    }
  }

  async #rescan(root: string): Promise<void> {
    const found = (await this.#scan()).filter((entry) => entry.path.startsWith(`${root}/`));
    found.sort(oldestFirst);
    for (const entry of found) await this.#observe(entry.path, entry.source, entry.stats, false);
  }

  async #close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#pollTimer);
    await Promise.all(this.#watchers.map((watcher) => watcher.close()));
    const closeAll = () => Promise.all([...this.#tails.values()].map((tail) => tail.close('closing')));
    await closeAll();
    await this.#queue;
    await closeAll();
    await this.ready;
  }

  // ── discovery ───────────────────────────────────────────────────────────────────────────────────────────

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(() => (this.#closed ? undefined : task()));
    this.#queue = run.catch((error: unknown) => this.#log.error({ err: error }, 'file sources: internal error'));
    return this.#queue;
  }

  #onPathEvent(event: PathEvent, path: string): void {
    this.#announced.add(path);
    this.#suspects.delete(path);
    const bound = this.#bindings.get(path);
    // A write to a file being read: its descriptor's own watch has already asked for a read; nothing moved.
    if (event === 'change' && bound?.status === 'open') return;
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
    const source = this.#sourceOf(path);
    if (source === undefined) return;
    let stats: BigIntStats;
    try {
      stats = await stat(path, { bigint: true });
    } catch (error) {
      if (isVanished(error)) this.#pathGone(path);
      else this.errors.report({ source, op: 'stat', path }, error);
      return;
    }
    if (stats.isFile()) await this.#observe(path, source, stats, false);
  }

  /** Lists every matched file; logs a root that does not exist yet once, and once more when it appears. */
  async #scan(): Promise<Found[]> {
    const found = new Map<string, Found>();
    for (const source of this.options.sources) {
      for (const glob of source.globs) {
        let files: FoundFile[];
        try {
          files = await walkGlob(glob, (path, error) => this.errors.report({ source: source.name, op: 'readdir', path }, error));
        } catch (error) {
          if (!isVanished(error)) this.errors.report({ source: source.name, op: 'readdir', path: glob.root }, error);
          else if (!this.#missingRoots.has(glob.root)) {
            this.#log.info({ source: source.name, directory: glob.root }, `waiting for directory ${glob.root} to exist`);
          }
          this.#missingRoots.add(glob.root);
          continue;
        }
        if (this.#missingRoots.delete(glob.root)) this.#log.info({ source: source.name, directory: glob.root }, `directory ${glob.root} exists now`);
        for (const file of files) if (!found.has(file.path)) found.set(file.path, { ...file, source: source.name });
      }
    }
    return [...found.values()];
  }

  #underMissingRoot(path: string): boolean {
    for (const root of this.#missingRoots) if (path.startsWith(`${root}/`)) return true;
    return false;
  }

  #sourceOf(path: string): string | undefined {
    for (const source of this.options.sources) if (source.globs.some((glob) => glob.matches(path))) return source.name;
    return undefined;
  }

  async #prepareResume(found: readonly Found[]): Promise<void> {
    const index = this.options.resume;
    if (index.byInode.size === 0) return;
    const byInode = new Map(found.map((entry) => [inodeId(entry.stats.dev, entry.stats.ino), entry.path]));
    for (const [inode, entries] of index.byInode) {
      const path = byInode.get(inode);
      for (const entry of entries) {
        if (path === undefined) {
          this.#resumeStates.set(entry.key, 'gone');
          continue;
        }
        const head = await readHead(path, entry.at, entry.length);
        this.#resumeStates.set(entry.key, head?.length === entry.length && hashBytes(head) === entry.hash ? 'intact' : 'replaced');
      }
    }
  }

  // ── paths and files ─────────────────────────────────────────────────────────────────────────────────────

  /** `path` names the file `stats` describes: bind it, notice rotation, adopt a new file, reopen a grown one. */
  async #observe(path: string, source: string, stats: BigIntStats, initial: boolean): Promise<FileTail | undefined> {
    const inode = inodeId(stats.dev, stats.ino);
    let tail = this.#tails.get(inode);
    if (tail?.status === 'closed' && Number(stats.size) < tail.offset) {
      // A closed file's inode now holds less than was read from it: reused inode or truncated; a new file.
      this.#forget(tail);
      tail = undefined;
    }
    const bound = this.#bindings.get(path);
    if (bound !== undefined && bound !== tail) this.#leave(path, bound);
    if (tail !== undefined) {
      this.#bind(path, tail);
      if (tail.status === 'open') void tail.pump();
      else if (tail.status === 'closed' && Number(stats.size) > tail.offset) await this.#reopen(tail);
      return tail;
    }
    return this.#adopt(path, source, stats, initial, bound ?? this.#vacated.get(path));
  }

  async #adopt(path: string, source: string, stats: BigIntStats, atStart: boolean, predecessor: FileTail | undefined): Promise<FileTail | undefined> {
    // A file there at startup that could not be opened then (EACCES) is still a startup file when it can.
    const initial = atStart || this.#unreadAtStart.has(path);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      // Gone between listing and opening: a loss only if it held bytes.
      if (!isVanished(error) || stats.size > 0n) this.errors.report({ source, op: 'open', path }, error);
      return undefined;
    }
    let held: BigIntStats;
    try {
      held = await handle.stat({ bigint: true });
    } catch (error) {
      await handle.close().catch(() => undefined);
      this.errors.report({ source, op: 'stat', path }, error);
      return undefined;
    }
    const inode = inodeId(held.dev, held.ino);
    if (this.#closed || this.#tails.has(inode)) {
      // Closing, or the path changed between stat and open to a file already known: the next event handles it.
      await handle.close().catch(() => undefined);
      if (!this.#closed) this.#requestCheck(path);
      return undefined;
    }
    this.errors.recovered(path);
    this.#unreadAtStart.delete(path);
    const tail = new FileTail(this, { inode, source, path, initial, historyEnd: initial ? Number(held.size) : 0 });
    tail.predecessor = predecessor;
    this.#log.debug({ path, inode, initial, predecessor: predecessor?.inode }, 'new file');
    this.#tails.set(inode, tail);
    this.#bind(path, tail);
    tail.attach(handle, !this.options.usePolling);
    // A file first seen under a rotated name (x.log.1, x.log-20261126: the name of a path that has been rotated,
    // extended), or where such a file was, was rotated away unseen (two rotations between two looks).
    if (this.#isRotatedName(path) || (predecessor?.rotated === true && (predecessor.home !== path || predecessor.arrivedRotated))) {
      tail.arrivedRotated = true;
      tail.markRotated();
    }
    if (!atStart) void tail.pump();
    return tail;
  }

  async #reopen(tail: FileTail): Promise<void> {
    const handle = await this.#openSame(tail.path, tail.source, tail.inode);
    if (handle === undefined) return;
    if (tail.probe.at >= 0 && !(await readAt(handle, tail.probe.at, tail.probe.bytes.length)).equals(tail.probe.bytes)) {
      // Same inode, other content: treat it as the new file it is.
      await handle.close().catch(() => undefined);
      this.#forget(tail);
      this.#requestCheck(tail.path);
      return;
    }
    tail.reopen(handle, !this.options.usePolling);
    void tail.pump();
  }

  /** Opens `path` if it still names `inode`. */
  async #openSame(path: string, source: string, inode: string): Promise<FileHandle | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
      const held = await handle.stat({ bigint: true });
      if (inodeId(held.dev, held.ino) === inode) return handle;
    } catch (error) {
      if (!isVanished(error)) this.errors.report({ source, op: 'open', path }, error);
      return undefined;
    }
    await handle.close().catch(() => undefined);
    return undefined;
  }

  #bind(path: string, tail: FileTail): void {
    this.#bindings.set(path, tail);
    this.#vacated.delete(path);
    tail.path = path;
  }

  /** `path` no longer names `tail`. If it was the path the file was being written at, the file was rotated. */
  #leave(path: string, tail: FileTail): void {
    this.#bindings.delete(path);
    this.#vacated.set(path, tail);
    this.#log.debug({ path, inode: tail.inode, home: tail.home, status: tail.status, rotated: tail.rotated }, 'path no longer names this file');
    if (tail.status === 'open' && !tail.rotated && tail.home === path) {
      this.#rotatedPaths.add(path);
      tail.markRotated();
      void tail.pump();
    }
  }

  #isRotatedName(path: string): boolean {
    for (const live of this.#rotatedPaths) {
      if (path.length > live.length + 1 && path.startsWith(live) && '.-_'.includes(path.charAt(live.length))) return true;
    }
    return false;
  }

  #pathGone(path: string): void {
    this.#announced.delete(path);
    const bound = this.#bindings.get(path);
    if (bound !== undefined) this.#leave(path, bound);
  }

  async #retire(tail: FileTail, reason: 'rotated' | 'deleted'): Promise<void> {
    this.#log.debug({ path: tail.path, inode: tail.inode, reason, offset: tail.offset }, 'closing an idle rotated file');
    await tail.close(reason);
    if (reason === 'deleted') this.#forget(tail);
  }

  /** Drops a file that is closed (or parked) and no longer visible. */
  #forget(tail: FileTail): void {
    if (this.#tails.get(tail.inode) === tail) this.#tails.delete(tail.inode);
    for (const [path, bound] of this.#bindings) if (bound === tail) this.#bindings.delete(path);
    for (const [path, left] of this.#vacated) if (left === tail) this.#vacated.delete(path);
  }
}

/**
 * Oldest first by modification time; on a tie (same clock tick), rotated names before the live one and higher
 * generations first (`x.log.2` before `x.log.1` before `x.log`).
 */
function oldestFirst(a: Found, b: Found): number {
  const byTime = Number(a.stats.mtimeNs - b.stats.mtimeNs);
  return byTime !== 0 ? byTime : generation(b.path) - generation(a.path);
}

function generation(file: string): number {
  const match = /\.(\d+)(?:\.gz)?$/.exec(file);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

function groupRoots(sources: readonly CompiledSource[]): RootGroup[] {
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
