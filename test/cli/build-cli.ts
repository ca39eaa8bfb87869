// Compiles src/ once per test file into a private directory (never the shared dist/, which others build too)
// and runs the CLI from it as a child process.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Builds with tsc into node_modules/.cache (inside the repo, so that package.json and node_modules resolve as
 * from dist/). tsc emits even when a file someone else is editing fails to type-check; only the CLI must exist.
 */
export async function buildCli(): Promise<{ cli: string; cleanup: () => void }> {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'cle-cli-test-'));
  await new Promise<void>((resolve) => {
    execFile(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir, '--sourceMap', 'false'], { cwd: root }, () => resolve());
  });
  const cli = join(outDir, 'src', 'cli.js');
  if (!existsSync(cli)) throw new Error(`Expected tsc to emit ${cli}`);
  return { cli, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
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
