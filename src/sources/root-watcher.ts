// inotify discovery for one glob root: chokidar on the root once it exists; until then (and after the root is
// removed or replaced) a plain watch on its nearest existing ancestor, so a directory created later is seen at once.
import { watch as watchPath, type FSWatcher as PathWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { watch as chokidar, type FSWatcher } from 'chokidar';

export type PathEvent = 'add' | 'change' | 'unlink';

export interface RootWatcherHandlers {
  path(event: PathEvent, file: string): void;
  /** The root exists now (it did not, or it was replaced): its files need a scan. */
  appeared(root: string): void;
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
  let watcher: FSWatcher | undefined;
  let watchedInode: bigint | undefined;
  let waiter: PathWatcher | undefined;
  let waitingOn: string | undefined;
  let closed = false;
  let checking: Promise<void> | undefined;
  let again = false;
  let initialised = false;

  const startChokidar = async (inode: bigint): Promise<void> => {
    const instance = chokidar(root, {
      ignoreInitial: true,
      atomic: false,
      persistent: false,
      followSymlinks: true,
      ...(Number.isFinite(depth) ? { depth } : {}),
      ignored: (file, stats) => stats !== undefined && !stats.isDirectory() && !wanted(file),
    });
    instance.on('add', (file) => handlers.path('add', file));
    instance.on('change', (file) => handlers.path('change', file));
    instance.on('unlink', (file) => handlers.path('unlink', file));
    instance.on('unlinkDir', (dir) => {
      if (dir === root) void recheck();
    });
    instance.on('error', (error) => handlers.error(error));
    await new Promise<void>((resolve) => instance.once('ready', resolve));
    watcher = instance;
    watchedInode = inode;
  };

  const stopChokidar = async (): Promise<void> => {
    const instance = watcher;
    watcher = undefined;
    watchedInode = undefined;
    await instance?.close();
  };

  const wait = async (): Promise<void> => {
    const ancestor = await nearestExistingDirectory(path.dirname(root));
    if (closed || ancestor === waitingOn) return;
    waiter?.close();
    waiter = undefined;
    waitingOn = ancestor;
    try {
      waiter = watchPath(ancestor, { persistent: false }, () => void recheck());
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
      if (watcher !== undefined) await stopChokidar();
      await wait();
      return;
    }
    if (watcher !== undefined && watchedInode === inode) return;
    const replaced = watcher !== undefined;
    await stopChokidar();
    waiter?.close();
    waiter = undefined;
    waitingOn = undefined;
    await startChokidar(inode);
    if (closed) {
      await stopChokidar();
      return;
    }
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
      await stopChokidar();
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
