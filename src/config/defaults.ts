// The config's default values, without zod: schema.ts takes its defaults from here, and replay or check without a
// config file use `defaultConfig()` so that they never load the schema (zod costs 0.25–0.5 s of start-up).

import type { Config } from './schema.js';

/** Every default of the schema, in one place. */
export const DEFAULTS = Object.freeze({
  limits: Object.freeze({ max_line_bytes: 64 * 1024, max_partitions: 10_000, max_rule_series: 1000 }),
  leadership: Object.freeze({ stability_window: 10 }),
  tailing: Object.freeze({ poll_interval: 10, rotate_wait: 30, use_polling: false }),
});

/**
 * The config an empty file gives (what `validateConfig({}, …)` returns), built without the schema.
 * @example
 * const config = defaultConfig(); // config.limits.max_line_bytes === 65536
 */
export function defaultConfig(): Readonly<Config> {
  return Object.freeze({
    sources: [],
    limits: { ...DEFAULTS.limits },
    leadership: { ...DEFAULTS.leadership },
    tailing: { ...DEFAULTS.tailing },
    disabled_rules: [],
    rules: [],
  });
}
