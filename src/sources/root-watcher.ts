// inotify discovery for one glob root: fs.watch on the root and its subdirectories down to the glob's depth,
// reporting raw create/delete/rename ('rename') and modify ('change') events by name. Until the root exists (and
// after it is removed or replaced), a watch on its nearest existing ancestor, so a directory created later is
// seen at once.
//
// chokidar is not used for this: it throttles `change` per path (50 ms), `remove` per path (100 ms) and directory
// re-reads (1 s), and after a quick delete + recreate it can miss the new file until the next write: measured
// in the conformance matrix as lost files. Raw directory events have none of that.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export type PathEvent = 'rename' | 'change';

export interface RootWatcherHandlers {
  /** A name in a watched directory was created, deleted, renamed ('rename') or modified ('change'). */
  path(event: PathEvent, file: string): void;
  /** A directory appeared (the root, or one below it): its files need a scan. */
  appeared(dir: string): void;
  error(error: unknown): void;
}

export interface RootWatcher {
  /** Re-evaluates whether the root exists (the safety poll calls this). */
  recheck(): Promise<void>;
  close(): Promise<void>;
}

/** `wanted(file)`: the file matches one of the root's globs; `depth`: directory levels below the root to watch. */
export async function createRootWatcher(
  root: string,
  depth: number,
  wanted: (file: string) => boolean,
  handlers: RootWatcherHandlers,
): Promise<RootWatcher> {
  const watches = new Map<string, FSWatcher>();
  let rootInode: bigint | undefined;
  let waiter: FSWatcher | undefined;
  let waitingOn: string | undefined;
  let closed = false;
  let checking: Promise<void> | undefined;
  let again = false;
  let initialised = false;

  const unwatchTree = (dir: string): void => {
    for (const [watched, watcher] of watches) {
      if (watched === dir || watched.startsWith(`${dir}/`)) {
        watcher.close();
        watches.delete(watched);
      }
    }
  };

  const watchDirectory = async (dir: string, level: number): Promise<void> => {
    if (closed || watches.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (event, name) => onEvent(dir, level, event, name));
    } catch (error) {
      handlers.error(error);
      return;
    }
    watcher.on('error', () => {
      unwatchTree(dir);
      void recheck();
    });
    watches.set(dir, watcher);
    if (level >= depth) return;
    try {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) await watchDirectory(path.join(dir, entry.name), level + 1);
      }
    } catch {
      // Gone or unreadable: the scan reports it; the parent's events bring it back.
    }
  };

  const onEvent = (dir: string, level: number, event: string, name: string | Buffer | null): void => {
    if (name === null) {
      handlers.appeared(dir);
      return;
    }
    const base = name.toString();
    const full = path.join(dir, base);
    // The root's own deletion or rename arrives as an event named after the root itself.
    if (dir === root && base === path.basename(root)) void recheck();
    if (event === 'rename' && level < depth) void subdirectory(full, level + 1);
    if (wanted(full)) handlers.path(event === 'change' ? 'change' : 'rename', full);
  };

  const subdirectory = async (dir: string, level: number): Promise<void> => {
    let isDirectory = false;
    try {
      isDirectory = (await stat(dir)).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (closed) return;
    if (!isDirectory) {
      unwatchTree(dir);
      return;
    }
    if (watches.has(dir)) return;
    await watchDirectory(dir, level);
    handlers.appeared(dir);
  };

  const wait = async (): Promise<void> => {
    const ancestor = await nearestExistingDirectory(path.dirname(root));
    if (closed || ancestor === waitingOn) return;
    waiter?.close();
    waiter = undefined;
    waitingOn = ancestor;
    try {
      waiter = watch(ancestor, { persistent: false }, () => void recheck());
      waiter.on('error', () => void recheck());
    } catch {
      // The poll's recheck covers an ancestor that cannot be watched.
    }
    // What was created between the stat and the new watch raised no event: look once more.
    again = true;
  };

  const evaluate = async (): Promise<void> => {
    const inode = await directoryInode(root);
    if (closed) return;
    if (inode === undefined) {
      unwatchTree(root);
      rootInode = undefined;
      await wait();
      return;
    }
    if (rootInode === inode && watches.has(root)) return;
    const replaced = rootInode !== undefined;
    unwatchTree(root);
    waiter?.close();
    waiter = undefined;
    waitingOn = undefined;
    rootInode = inode;
    await watchDirectory(root, 0);
    if (replaced || initialised) handlers.appeared(root);
  };

  const recheck = (): Promise<void> => {
    again = true;
    checking ??= (async () => {
      try {
        while (again && !closed) {
          again = false;
          await evaluate();
        }
      } catch (error) {
        handlers.error(error);
      } finally {
        checking = undefined;
      }
    })();
    return checking;
  };

  await recheck();
  initialised = true;

  return {
    recheck,
    async close() {
      closed = true;
      waiter?.close();
      waiter = undefined;
      await checking;
      unwatchTree(root);
    },
  };
}

async function directoryInode(dir: string): Promise<bigint | undefined> {
  try {
    const stats = await stat(dir, { bigint: true });
    return stats.isDirectory() ? stats.ino : undefined;
  } catch {
    return undefined;
  }
}

async function nearestExistingDirectory(dir: string): Promise<string> {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((await directoryInode(current)) !== undefined || path.dirname(current) === current) return current;
  }
}
