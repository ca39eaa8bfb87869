// Shared by the deployment-recipe tests: repository paths, YAML reading, the exporter's own flag parser and
// config schema (compile-free: imported from src/), and promtool.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FlagError, parseFlags, type Flags } from '../../src/config/flags.js';
import { validateConfig } from '../../src/config/load-config.js';

export const repo = resolve(import.meta.dirname, '..', '..');

/** The recipe directories these tests cover. */
export const recipeDirs = ['examples/prometheus', 'examples/kubernetes', 'examples/systemd', 'examples/docker-compose'] as const;

/** Every file under `dir` (repository-relative), sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(repo, path));
    }
  };
  walk(join(repo, dir));
  return out.sort();
}

export function readRepo(path: string): string {
  return readFileSync(join(repo, path), 'utf8');
}

/** The YAML documents of a repository file, with merge keys (`<<:`) resolved; throws on any parse error. */
export function yamlDocs(path: string): unknown[] {
  const docs = parseAllDocuments(readRepo(path), { merge: true });
  if (!Array.isArray(docs)) throw new Error(`Expected YAML documents in ${path}, got an empty stream`);
  for (const doc of docs) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`Expected ${path} to parse cleanly, got: ${problems.map((p) => p.message).join('; ')}`);
  }
  return docs.map((doc) => doc.toJS() as unknown).filter((doc) => doc !== null);
}

/** A plain object view for navigating parsed manifests (tests fail loudly on a wrong shape anyway). */
export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are untyped data

export function yamlObjects(path: string): Obj[] {
  return yamlDocs(path).map((doc) => {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`Expected a mapping in ${path}, got ${JSON.stringify(doc)}`);
    return doc as Obj;
  });
}

/**
 * The exporter's own command-line parser on a container's args or a unit's ExecStart: unknown flags throw
 * FlagError exactly as `chronik-log-exporter` would exit 2. Environment variables are ignored.
 */
export function exporterFlags(args: readonly string[]): Flags {
  const flags = parseFlags(args, {});
  const command = flags.positionals[0];
  if (command !== 'serve') throw new FlagError(`Expected the command \`serve\`, got \`${String(command)}\``);
  return flags;
}

/** Validates a config text with the exporter's schema; throws ConfigError listing every problem. */
export function exporterConfig(text: string, name: string): ReturnType<typeof validateConfig> {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1) throw new Error(`Expected one YAML document in ${name}`);
  return validateConfig(docs[0]?.toJS() ?? {}, name);
}

/** `promtool check config FILE` (Debian package prometheus). */
export function promtoolCheckConfig(file: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
  if (r.error !== undefined) throw new Error(`promtool could not run (install the Debian package prometheus): ${r.error.message}`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Whether a command is on PATH. */
export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Builds a throw-away filesystem root in which each absolute `path` of `files` is a symlink to a repository
 * file or directory: the layout an install step or a container's mounts produce. Returns the root.
 */
export function installLayout(root: string, files: Readonly<Record<string, string>>): string {
  for (const [path, source] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(isAbsolute(source) ? source : join(repo, source), target);
  }
  return root;
}

/** The rule files `alerts/*.rules.yml` a Prometheus config must load, by file name. */
export function ruleFileNames(): string[] {
  return readdirSync(join(repo, 'alerts')).filter((name) => name.endsWith('.rules.yml')).sort();
}

/** Asserts promtool accepted a config and loaded every rule file (a glob matching nothing passes silently). */
export function expectConfigWithAllRules(result: { status: number | null; output: string }): void {
  if (result.status !== 0) throw new Error(`Expected promtool check config to pass, got exit ${String(result.status)}:\n${result.output}`);
  const names = ruleFileNames();
  if (names.length === 0) throw new Error('Expected rule files in alerts/');
  if (!result.output.includes(`SUCCESS: ${names.length} rule files found`)) throw new Error(`Expected ${names.length} rule files found, got:\n${result.output}`);
  for (const name of names) {
    if (!new RegExp(`Checking \\S*/${name.replaceAll('.', '\\.')}\\n\\s+SUCCESS: \\d+ rules found`).test(result.output)) {
      throw new Error(`Expected promtool to check ${name} successfully, got:\n${result.output}`);
    }
  }
}
