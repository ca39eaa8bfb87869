// What a reload may change in place, and what needs a restart (it is baked into the running pipeline).

import { isDeepStrictEqual } from 'node:util';
import type { Config } from './schema.js';

/** Top-level keys a reload cannot apply: the exporter's pipeline and tailers were built with them. */
export const RESTART_ONLY_KEYS = ['limits', 'leadership', 'tailing', 'disabled_rules', 'state_dir'] as const satisfies readonly (keyof Config)[];

/**
 * The restart-only keys whose value differs between the running and the new config.
 * @example
 * restartOnlyChanges(running, next); // ['limits'] when max_line_bytes changed
 */
export function restartOnlyChanges(running: Readonly<Config>, next: Readonly<Config>): string[] {
  return RESTART_ONLY_KEYS.filter((key) => !isDeepStrictEqual(running[key], next[key]));
}
