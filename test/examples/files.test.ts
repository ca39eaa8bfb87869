// Every file of the deployment recipes parses in its own format: YAML (every document, merge keys resolved),
// JSON, and chronik's TOML (Python's tomllib, where python3 ≥ 3.11 is there). A file of another kind fails here
// until a test knows how to read it.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, recipeDirs, repo, yamlDocs } from './helpers.js';

const files = recipeDirs.flatMap((dir) => filesUnder(dir));
const python = spawnSync('python3', ['-c', 'import tomllib'], { encoding: 'utf8' });
const hasTomllib = python.error === undefined && python.status === 0;

/** Files read by a dedicated test of their own (systemd units, logrotate), not by a generic parser. */
const checkedElsewhere = new Set([
  'examples/systemd/chronik-log-exporter.service',
  'examples/systemd/chronik.service',
  'examples/systemd/logrotate-chronik',
]);

describe('deployment recipe files', () => {
  it('exist in every recipe directory', () => {
    for (const dir of recipeDirs) expect(files.some((f) => f.startsWith(`${dir}/`)), dir).toBe(true);
  });

  it.each(files.filter((f) => /\.(ya?ml|json)$/.test(f)))('%s parses', (file) => {
    if (file.endsWith('.json')) expect(JSON.parse(readFileSync(join(repo, file), 'utf8'))).toBeTypeOf('object');
    else expect(yamlDocs(file).length).toBeGreaterThan(0);
  });

  it.skipIf(!hasTomllib).each(files.filter((f) => f.endsWith('.toml')))('%s is valid TOML', (file) => {
    const r = spawnSync('python3', ['-c', 'import sys, tomllib; tomllib.load(open(sys.argv[1], "rb"))', join(repo, file)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('are all of a kind some test reads', () => {
    const unknown = files.filter((f) => !/\.(ya?ml|json|toml)$/.test(f) && !checkedElsewhere.has(f));
    expect(unknown).toEqual([]);
  });
});
