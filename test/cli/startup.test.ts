// replay and check without a config file must not load the config schema: zod alone is 0.25–0.5 s of start-up.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, root } from './build-cli.js';

let cli = '';
const dir = mkdtempSync(join(tmpdir(), 'cle-startup-'));
beforeAll(async () => { ({ cli } = await buildCli()); }, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ES modules the CLI resolves for `args` (a module.register hook prints each one to stderr). */
function modulesLoaded(args: readonly string[]): Promise<string[]> {
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, 'export async function resolve(s, c, next) { const r = await next(s, c); process._rawDebug(`loaded ${r.url}`); return r; }\n');
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', pathToFileURL(register).href, cli, ...args], { cwd: root, encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (error !== null) reject(error);
      else resolve(stderr.split('\n').filter((l) => l.startsWith('loaded ')));
    });
  });
}

describe('start-up', () => {
  const log = join(root, 'examples/v2.2.1-cluster/node1.log');

  it('replay without --config loads no zod', async () => {
    const loaded = await modulesLoaded(['replay', log]);
    expect(loaded.some((l) => l.includes('/src/exporter/'))).toBe(true); // the hook sees the CLI's modules
    expect(loaded.filter((l) => l.includes('/node_modules/zod/'))).toEqual([]);
  });

  it('replay with --config does load the schema', async () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'limits: { max_partitions: 5 }\n');
    const loaded = await modulesLoaded(['replay', '--config', config, log]);
    expect(loaded.some((l) => l.includes('/node_modules/zod/'))).toBe(true);
  });
});
