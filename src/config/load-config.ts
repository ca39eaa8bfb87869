// Reads and validates the YAML config; a bad config is a coded error naming every key path at once.

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { configSchema, type Config } from './schema.js';

/** A configuration problem: exit code 2, with every issue listed. */
export class ConfigError extends Error {
  readonly code = 'CLE_ERR_CONFIG';
  constructor(readonly file: string, readonly problems: readonly string[]) {
    super(`Invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
};

const at = (root: unknown, path: readonly PropertyKey[]): unknown => {
  let v: unknown = root;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined; // walking parsed YAML
  return v;
};

/** Validates an already parsed document (also used for flags-only configs). */
export function validateConfig(raw: unknown, file: string): Readonly<Config> {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return Object.freeze(result.data);
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return `${key}: unknown key(s) ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
    return `${key}: expected ${issue.message.replace(/^Invalid input: expected /, '')}, got ${describe(at(raw, issue.path))}`;
  });
  throw new ConfigError(file, problems);
}

/** Loads a YAML config file. */
export async function loadConfig(file: string): Promise<Readonly<Config>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]); // fs errors carry a code
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML: ${(error as Error).message}`]); // yaml throws YAMLParseError
  }
  return validateConfig(raw, file);
}
