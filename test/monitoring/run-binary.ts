// Runs a real binary (promtool, node) and returns its exit code and output; never throws on a non-zero exit.

import { execFile } from 'node:child_process';

export interface RunResult {
  readonly code: number;
  readonly output: string;
}

export function runBinary(file: string, args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`Expected \`${file}\` to run (Debian package prometheus for promtool), got ${error.message}`));
        return;
      }
      resolvePromise({ code: error === null ? 0 : Number(error.code), output: `${stdout}${stderr}`.trim() });
    });
  });
}
