// Reads and validates the YAML config; a bad config is a coded error naming every key path at once.

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ConfigError } from './config-error.js';
import { formatIssues } from './format-issues.js';
import { configSchema, type Config } from './schema.js';

/** Validates an already parsed document (also used for flags-only configs). */
export function validateConfig(raw: unknown, file: string): Readonly<Config> {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return Object.freeze(result.data);
  throw new ConfigError(file, formatIssues(result.error.issues, raw));
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
