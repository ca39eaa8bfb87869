// Which file each matched path names, and what follows from a change: every file seen (by inode), adopting new
// ones, noticing rotation (a path that no longer names the file being written at it), reopening a closed file that
// grew, and forgetting files that are gone.
import type { BigIntStats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { ErrorReporter } from './errors.js';
import { FileTail, readAt, type TailHost } from './file-tail.js';
import { isVanished } from './glob.js';
import { inodeId } from './identity.js';
import { isRotatedName } from './rotated-name.js';

export interface RegistryOptions {
  readonly host: TailHost;
  readonly errors: ErrorReporter;
  readonly logger: Logger;
  /** inotify on held descriptors (not in polling mode). */
  readonly notify: boolean;
  /** Ask for `path` to be looked at again (a race was lost; the next look settles it). */
  readonly recheck: (path: string) => void;
  readonly closed: () => boolean;
}

export class FileRegistry {
  /** Every file seen, by inode. */
  readonly tails = new Map<string, FileTail>();
  /** What each matched path names, as last seen. */
  readonly #bindings = new Map<string, FileTail>();
  /** Paths whose file went away, and that file: the next file there is its successor. */
  readonly #vacated = new Map<string, FileTail>();
  /** Paths a file has been rotated away from: names that extend them are rotated generations. */
  readonly #rotatedPaths = new Set<string>();
  /** Found by the initial scan but not opened (permission denied …). */
  readonly #unreadAtStart = new Set<string>();
  readonly #options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.#options = options;
  }

  bound(path: string): FileTail | undefined {
    return this.#bindings.get(path);
  }

  boundPaths(): string[] {
    return [...this.#bindings.keys()];
  }

  /** A file found at startup could not be opened: when it can, it is still a startup file. */
  unreadAtStart(path: string): void {
    this.#unreadAtStart.add(path);
  }

  /** `path` names the file `stats` describes: bind it, notice rotation, adopt a new file, reopen a grown one. */
  async observe(path: string, source: string, stats: BigIntStats, atStart: boolean): Promise<FileTail | undefined> {
    let tail = this.tails.get(inodeId(stats.dev, stats.ino));
    if (tail?.status === 'closed' && Number(stats.size) < tail.offset) {
      // A closed file's inode now holds less than was read from it: reused inode or truncated; a new file.
      this.forget(tail);
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
    return this.#adopt(path, source, stats, atStart, bound ?? this.#vacated.get(path));
  }

  /** `path` names nothing now. */
  pathGone(path: string): void {
    const bound = this.#bindings.get(path);
    if (bound !== undefined) this.#leave(path, bound);
  }

  /** Opens `path` if it still names `inode`. */
  async openSame(path: string, source: string, inode: string): Promise<FileHandle | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
      const held = await handle.stat({ bigint: true });
      if (inodeId(held.dev, held.ino) === inode) return handle;
    } catch (error) {
      if (!isVanished(error)) this.#options.errors.report({ source, op: 'open', path }, error);
      return undefined;
    }
    await handle.close().catch(() => undefined);
    return undefined;
  }

  /** Closes a rotated file that has been idle for rotate_wait. */
  async retire(tail: FileTail, reason: 'rotated' | 'deleted'): Promise<void> {
    this.#options.logger.debug({ path: tail.path, inode: tail.inode, reason, offset: tail.offset }, 'closing an idle rotated file');
    await tail.close(reason);
    if (reason === 'deleted') this.forget(tail);
  }

  /** Drops a file that is closed (or parked) and no longer visible. */
  forget(tail: FileTail): void {
    if (this.tails.get(tail.inode) === tail) this.tails.delete(tail.inode);
    for (const [path, bound] of this.#bindings) if (bound === tail) this.#bindings.delete(path);
    for (const [path, left] of this.#vacated) if (left === tail) this.#vacated.delete(path);
  }

  async #adopt(path: string, source: string, stats: BigIntStats, atStart: boolean, predecessor: FileTail | undefined): Promise<FileTail | undefined> {
    const { errors, logger, notify } = this.#options;
    const initial = atStart || this.#unreadAtStart.has(path);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      // Gone between listing and opening: rotation renamed it (its new name is seen on its own) or it was deleted.
      // Neither is a read error; the path is looked at again in case it is already back.
      if (!isVanished(error)) errors.report({ source, op: 'open', path }, error);
      else {
        logger.debug({ source, path, size: stats.size.toString() }, 'file went away between listing and opening');
        if (!this.#options.closed()) this.#options.recheck(path);
      }
      return undefined;
    }
    let held: BigIntStats;
    try {
      held = await handle.stat({ bigint: true });
    } catch (error) {
      await handle.close().catch(() => undefined);
      errors.report({ source, op: 'stat', path }, error);
      return undefined;
    }
    const inode = inodeId(held.dev, held.ino);
    if (this.#options.closed() || this.tails.has(inode)) {
      // Closing, or the path changed between stat and open to a file already known: the next look settles it.
      await handle.close().catch(() => undefined);
      if (!this.#options.closed()) this.#options.recheck(path);
      return undefined;
    }
    errors.recovered(path);
    this.#unreadAtStart.delete(path);
    const tail = new FileTail(this.#options.host, { inode, source, path, initial, historyEnd: initial ? Number(held.size) : 0 });
    tail.predecessor = predecessor;
    logger.debug({ path, inode, initial, predecessor: predecessor?.inode }, 'new file');
    this.tails.set(inode, tail);
    this.#bind(path, tail);
    tail.attach(handle, notify);
    // A file first seen under a rotated name (x.log.1, x.log-20261126: the name of a path that has been rotated,
    // extended), or where such a file was, was rotated away unseen (two rotations between two looks).
    if (this.#isRotatedName(path) || (predecessor?.rotated === true && (predecessor.home !== path || predecessor.arrivedRotated))) {
      tail.arrivedRotated = true;
      tail.markRotated();
    }
    // Startup files are read one by one, oldest first, by the caller.
    if (!atStart) void tail.pump();
    return tail;
  }

  async #reopen(tail: FileTail): Promise<void> {
    const handle = await this.openSame(tail.path, tail.source, tail.inode);
    if (handle === undefined) return;
    if (tail.probe.at >= 0 && !(await readAt(handle, tail.probe.at, tail.probe.bytes.length)).equals(tail.probe.bytes)) {
      // Same inode, other content: treat it as the new file it is.
      await handle.close().catch(() => undefined);
      this.forget(tail);
      this.#options.recheck(tail.path);
      return;
    }
    tail.reopen(handle, this.#options.notify);
    void tail.pump();
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
    this.#options.logger.debug({ path, inode: tail.inode, home: tail.home, status: tail.status, rotated: tail.rotated }, 'path no longer names this file');
    if (tail.status === 'open' && !tail.rotated && tail.home === path) {
      this.#rotatedPaths.add(path);
      tail.markRotated();
      void tail.pump();
    }
  }

  #isRotatedName(path: string): boolean {
    for (const live of this.#rotatedPaths) if (isRotatedName(path, live)) return true;
    return false;
  }
}
