// The one config schema (zod): YAML file and flags are parsed into this, defaulted and frozen once.

import { z } from 'zod';
import { DEFAULTS } from './defaults.js';
import { BUILTIN_RULE_IDS, rulesSchema } from './rules-schema.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;

/** A duration as seconds: a number, or a string such as `10s`, `500ms`, `5m`. */
const duration = z.union([
  z.number().nonnegative(),
  z.string().regex(DURATION, 'a duration such as "10s", "500ms" or "5m"').transform((s) => {
    const m = DURATION.exec(s);
    return Number(m?.[1]) * UNIT_SECONDS[(m?.[2] ?? 's') as keyof typeof UNIT_SECONDS]; // the regex admits only these units
  }),
]);

const regex = z.string().transform((s, ctx) => {
  try {
    return new RegExp(s);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `a valid regular expression (${(error as Error).message})` }); // RegExp throws SyntaxError
    return z.NEVER;
  }
});

export const sourceSchema = z.strictObject({
  name: z.string().min(1).optional(),
  paths: z.array(z.string().min(1)).min(1),
  node_id: z.union([z.string().min(1), z.number().int().nonnegative().transform(String)]).optional(),
  cluster_id: z.string().min(1).optional(),
  node_id_pattern: regex.optional(),
  format: z.enum(['raw', 'cri', 'docker-json']).default('raw'),
  count_existing: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  sources: z.array(sourceSchema).default([]),
  limits: z.strictObject({
    max_line_bytes: z.number().int().min(256).default(DEFAULTS.limits.max_line_bytes),
    max_partitions: z.number().int().min(1).default(DEFAULTS.limits.max_partitions),
    /** Series per custom-rule metric; past it, new label combinations are dropped and counted. */
    max_rule_series: z.number().int().min(1).default(DEFAULTS.limits.max_rule_series),
  }).prefault({}),
  leadership: z.strictObject({
    stability_window: duration.default(DEFAULTS.leadership.stability_window),
  }).prefault({}),
  state_dir: z.string().min(1).optional(),
  tailing: z.strictObject({
    poll_interval: duration.default(DEFAULTS.tailing.poll_interval),
    rotate_wait: duration.default(DEFAULTS.tailing.rotate_wait),
    use_polling: z.boolean().default(DEFAULTS.tailing.use_polling),
  }).prefault({}),
  disabled_rules: z.array(z.string().refine((id) => BUILTIN_RULE_IDS.has(id), 'the id of a built-in rule (see docs/metrics.md)')).default([]),
  rules: rulesSchema,
});

export type Config = z.output<typeof configSchema>;
export type SourceSettings = z.output<typeof sourceSchema>;
