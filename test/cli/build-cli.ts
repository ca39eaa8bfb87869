// Compiles src/ once per test run into a private directory (never the shared dist/, which others build too)
// and runs the CLI from it as a child process.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Builds with tsc into `outDir`; tsc emits even when a file someone else is editing fails to type-check. */
function tsc(outDir: string): Promise<void> {
  return new Promise<void>((resolve) => {
    execFile(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir, '--sourceMap', 'false'], { cwd: root }, () => resolve());
  });
}

/** The vitest parent process: its pid and, where /proc tells it, its start time (pids are reused). */
function runId(): string {
  try {
    const fields = readFileSync(`/proc/${process.ppid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return `${process.ppid}-${fields[19] ?? ''}`;
  } catch {
    return String(process.ppid);
  }
}

/**
 * Builds once per test run (the test files of one run share the vitest parent process) into node_modules/.cache,
 * inside the repo so that package.json and node_modules resolve as from dist/. The first file to get there takes a
 * lock directory and builds; the others wait for its `done` marker. Builds of earlier runs are removed.
 */
export async function buildCli(): Promise<{ cli: string; cleanup: () => void }> {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = join(cache, `cle-cli-test-${runId()}`);
  const done = join(outDir, 'done');
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (old.startsWith('cle-cli-test-') && path !== outDir && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  let builder = false;
  try {
    mkdirSync(outDir);
    builder = true;
  } catch { /* another test file of this run builds it */ }
  if (builder) {
    await tsc(outDir);
    writeFileSync(done, '');
  } else {
    const deadline = Date.now() + 180_000;
    while (!existsSync(done)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the CLI build in ${outDir}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const cli = join(outDir, 'src', 'cli.js');
  if (!existsSync(cli)) throw new Error(`Expected tsc to emit ${cli}`);
  return { cli, cleanup: () => undefined }; // shared with the other files of the run; removed by a later run
}

/** Runs the built CLI; never throws on a non-zero exit. */
export function runCli(cli: string, args: readonly string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], {
      cwd: options.cwd ?? root,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 20_000,
    }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
