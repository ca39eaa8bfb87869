// examples/systemd/: systemd-analyze verify accepts both units in a root laid out as the install steps leave it;
// the exporter's ExecStart passes its own flag parser, its state dir is systemd's StateDirectory, its config
// passes the schema and its globs match the file chronik.service appends to and logrotate's copy of it.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import picomatch from 'picomatch';
import { afterAll, describe, expect, it } from 'vitest';
import { exporterConfig, exporterFlags, onPath, readRepo, repo } from './helpers.js';
import { hidesRaftLines } from './rust-log.js';

type Unit = Map<string, string[]>; // "Section.Key" → values in order

function parseUnit(path: string): Unit {
  const unit: Unit = new Map();
  let section = '';
  for (const line of readRepo(path).split('\n')) {
    const text = line.trim();
    if (text === '' || text.startsWith('#') || text.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(text);
    if (header !== null) {
      section = header[1] ?? '';
      continue;
    }
    const eq = text.indexOf('=');
    if (eq < 0) throw new Error(`Expected key=value in ${path}, got ${JSON.stringify(text)}`);
    const key = `${section}.${text.slice(0, eq)}`;
    unit.set(key, [...(unit.get(key) ?? []), text.slice(eq + 1)]);
  }
  return unit;
}
const one = (unit: Unit, key: string): string => {
  const values = unit.get(key) ?? [];
  if (values.length !== 1) throw new Error(`Expected one ${key}, got ${JSON.stringify(values)}`);
  return values[0] ?? '';
};
/** ExecStart's argv (the units use no quoting). */
const argv = (command: string): string[] => command.split(/\s+/).filter((w) => w !== '');

const units = {
  exporter: 'examples/systemd/chronik-log-exporter.service',
  chronik: 'examples/systemd/chronik.service',
} as const;
const exporterUnit = parseUnit(units.exporter);
const chronikUnit = parseUnit(units.chronik);

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('examples/systemd', () => {
  it.skipIf(!onPath('systemd-analyze'))('systemd-analyze verify passes both units without a warning (installed in a scratch root)', () => {
    const root = mkdtempSync(join(tmpdir(), 'cle-systemd-'));
    temps.push(root);
    // systemd's own units (sysinit.target, ...) for the dependencies every service gets
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true });
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
    const placeholders: string[] = [];
    for (const file of Object.values(units)) {
      copyFileSync(join(repo, file), join(root, 'etc/systemd/system', basename(file)));
      const unit = parseUnit(file);
      for (const key of ['Service.ExecStart', 'Service.ExecReload']) {
        for (const command of unit.get(key) ?? []) {
          const program = argv(command)[0] ?? '';
          const target = join(root, program);
          mkdirSync(dirname(target), { recursive: true });
          if (existsSync(program)) {
            copyFileSync(program, target);
          } else {
            writeFileSync(target, '#!/bin/sh\n# placeholder for a program the install steps put here\n');
            placeholders.push(program);
          }
          chmodSync(target, 0o755);
        }
      }
    }
    // The only program not on this machine is chronik itself; /usr/bin/env, node's loader, and kill are.
    expect(placeholders).toEqual(['/usr/local/bin/chronik-server']);
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, '--man=no', ...Object.values(units).map((f) => basename(f))], { encoding: 'utf8' });
    expect({ status: r.status, output: `${r.stdout}${r.stderr}` }).toEqual({ status: 0, output: '' });
  });

  it('the exporter\'s ExecStart runs the package bin with flags its own parser accepts, state_dir = systemd\'s StateDirectory', () => {
    const [env, node, cli, ...args] = argv(one(exporterUnit, 'Service.ExecStart'));
    const bin = (JSON.parse(readRepo('package.json')) as { bin: Record<string, string> }).bin['chronik-log-exporter'];
    expect([env, node]).toEqual(['/usr/bin/env', 'node']);
    expect(cli).toBe(`/opt/chronik-log-exporter/${String(bin)}`);
    const flags = exporterFlags(args);
    expect(flags.stateDir).toBe(`/var/lib/${one(exporterUnit, 'Service.StateDirectory')}`);
    expect(flags.config).toBe('/etc/chronik-log-exporter/config.yaml');
    expect(flags.listen).toEqual([':13900']);
    expect(one(exporterUnit, 'Service.ExecReload')).toBe('/bin/kill -HUP $MAINPID'); // serve reloads on SIGHUP
  });

  it('chronik.service appends stdout and stderr to a file in its LogsDirectory, readable by the exporter\'s group', () => {
    const output = one(chronikUnit, 'Service.StandardOutput');
    expect(output).toMatch(/^append:\//);
    expect(one(chronikUnit, 'Service.StandardError')).toBe('inherit'); // 2>&1
    const logFile = output.slice('append:'.length);
    expect(posix.dirname(logFile)).toBe(`/var/log/${one(chronikUnit, 'Service.LogsDirectory')}`);
    expect(one(exporterUnit, 'Service.SupplementaryGroups')).toBe(one(chronikUnit, 'Service.Group'));
    const rustLog = (chronikUnit.get('Service.Environment') ?? []).map((e) => /^RUST_LOG=(.*)$/.exec(e)?.[1]).find((v) => v !== undefined);
    expect(hidesRaftLines(rustLog ?? '')).toBe(false);
  });

  it('the config passes the schema; its globs match chronik\'s log file and logrotate\'s copytruncate copy of it', () => {
    const config = exporterConfig(readRepo('examples/systemd/config.yaml'), 'examples/systemd/config.yaml');
    const logFile = one(chronikUnit, 'Service.StandardOutput').slice('append:'.length);
    const globs = config.sources.flatMap((s) => s.paths);
    const matched = (path: string): boolean => globs.some((g) => picomatch(g)(path));
    expect(matched(logFile)).toBe(true);
    expect(matched(`${logFile}.1`)).toBe(true);
    expect(matched(`${logFile}.2.gz`)).toBe(false);

    const logrotate = readRepo('examples/systemd/logrotate-chronik');
    const block = /^(\S+) \{\n([\s\S]*?)\n\}/m.exec(logrotate);
    expect(picomatch(block?.[1] ?? '')(logFile)).toBe(true);
    const directives = (block?.[2] ?? '').split('\n').map((l) => l.trim());
    expect(directives).toEqual(expect.arrayContaining(['copytruncate', 'delaycompress']));
    expect(directives).not.toContain('dateext');
    if (onPath('logrotate')) {
      const r = spawnSync('logrotate', ['--debug', '--state', join(tmpdir(), `cle-logrotate-${process.pid}`), join(repo, 'examples/systemd/logrotate-chronik')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    } else {
      console.warn('logrotate is not installed: `logrotate --debug examples/systemd/logrotate-chronik` not run (directives checked above)');
    }
  });
});
