// Custom rules in the config: match a log event (level, target, a regex with named captures), act on a metric.
// Everything that can be wrong is checked here, at load: names, captures, types, and the regex's safety.

import { z } from 'zod';
import { GENERIC_RULES, MESSAGE_RULES } from '../chronik/index.js';
import { checkRegex } from '../rules/regex/index.js';

/** Ids of the built-in rules (for `disabled_rules`, and reserved: a custom rule may not reuse one). */
export const BUILTIN_RULE_IDS: ReadonlySet<string> = new Set([...MESSAGE_RULES.map((r) => r.id), ...GENERIC_RULES.map((r) => r.id)]);

const LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Prefixes of the built-in contract and of the process metrics served next to it. */
const RESERVED_PREFIXES = ['chronik_log_', 'process_', 'nodejs_'] as const;
const RESERVED_LABELS = new Set(['node_id', 'cluster_id', 'le', 'quantile']);

const labelValue = z.union([
  z.string(),
  z.number().transform(String),
  z.strictObject({ capture: z.string().min(1) }),
]);

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'an id of lower-case letters, digits and `_`, starting with a letter'),
  match: z.strictObject({
    level: z.union([z.enum(LEVELS).transform((l) => [l]), z.array(z.enum(LEVELS)).min(1)]).optional(),
    target: z.string().min(1).optional(),
    target_prefix: z.string().min(1).optional(),
    message: z.string().min(1),
  }),
  action: z.strictObject({
    type: z.enum(['counter', 'gauge', 'histogram']),
    metric: z.string().regex(METRIC_NAME, 'a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)'),
    help: z.string().min(1).optional(),
    value: z.union([z.number(), z.strictObject({ capture: z.string().min(1) })]).optional(),
    scale: z.number().refine((n) => Number.isFinite(n) && n !== 0, 'a finite non-zero number').default(1),
    buckets: z.array(z.number()).min(1).optional(),
    labels: z.record(z.string(), labelValue).default({}),
  }),
});

export type RuleSettings = z.output<typeof ruleSchema>;

/** Cross-field checks of one rule; `issue(path, message)` reports with a key path below the rule. */
function checkRule(rule: RuleSettings, issue: (path: PropertyKey[], message: string) => void): void {
  const who = `rule \`${rule.id}\``;
  if (BUILTIN_RULE_IDS.has(rule.id)) issue(['id'], `${who}: \`${rule.id}\` is a built-in rule id (pick another; switch the built-in off with disabled_rules)`);
  const { match, action } = rule;
  if (match.target !== undefined && match.target_prefix !== undefined) issue(['match'], `${who}: give target or target_prefix, not both`);

  const verdict = checkRegex(match.message);
  let names: readonly string[] = [];
  if (verdict.safe) names = verdict.names;
  else issue(['match', 'message'], `${who}: expected a regex that cannot backtrack badly, got ${JSON.stringify(match.message)}: ${verdict.message}`);

  const { metric, type } = action;
  const reserved = RESERVED_PREFIXES.find((p) => metric.startsWith(p));
  if (reserved !== undefined) issue(['action', 'metric'], `${who}: expected a name outside the built-in metrics, got \`${metric}\` (the \`${reserved}\` prefix is reserved)`);
  if (type === 'counter' && !metric.endsWith('_total')) issue(['action', 'metric'], `${who}: expected a counter name ending in \`_total\`, got \`${metric}\``);
  if (type !== 'counter' && metric.endsWith('_total')) issue(['action', 'metric'], `${who}: expected a ${type} name not ending in \`_total\` (that suffix means a counter), got \`${metric}\``);
  if (type === 'histogram' && /_(bucket|count|sum)$/.test(metric)) issue(['action', 'metric'], `${who}: expected a histogram name without a _bucket/_count/_sum suffix, got \`${metric}\``);
  if (type !== 'histogram' && action.buckets !== undefined) issue(['action', 'buckets'], `${who}: buckets are for histograms only`);
  if (type !== 'counter' && action.value === undefined) issue(['action', 'value'], `${who}: a ${type} needs a value (a number, or { capture: name })`);
  if (type === 'counter' && typeof action.value === 'number' && action.value < 0) issue(['action', 'value'], `${who}: expected a counter increment ≥ 0, got ${action.value}`);

  const captureExists = (path: PropertyKey[], capture: string) => {
    if (verdict.safe && !names.includes(capture)) {
      issue(path, `${who}: expected the name of a capture group of match.message (${names.length === 0 ? 'it has none: use (?<name>…)' : names.map((n) => `\`${n}\``).join(', ')}), got \`${capture}\``);
    }
  };
  if (typeof action.value === 'object') captureExists(['action', 'value', 'capture'], action.value.capture);
  for (const [name, value] of Object.entries(action.labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) issue(['action', 'labels', name], `${who}: expected a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __), got \`${name}\``);
    else if (RESERVED_LABELS.has(name)) issue(['action', 'labels', name], `${who}: \`${name}\` is reserved (node_id and cluster_id are added to every series)`);
    if (typeof value === 'object') captureExists(['action', 'labels', name, 'capture'], value.capture);
  }
}

/** The `rules` list: each rule checked, ids unique, and a metric fed by several rules defined the same way by all. */
export const rulesSchema = z.array(ruleSchema).default([]).superRefine((rules, ctx) => {
  const ids = new Map<string, number>();
  const metrics = new Map<string, { index: number; shape: string }>();
  rules.forEach((rule, index) => {
    checkRule(rule, (path, message) => ctx.addIssue({ code: 'custom', path: [index, ...path], message, params: { plain: true } }));
    const first = ids.get(rule.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `rule id \`${rule.id}\` is already used by rules.${first}`, params: { plain: true } });
    else ids.set(rule.id, index);
    const a = rule.action;
    const shape = JSON.stringify([a.type, a.help ?? '', Object.keys(a.labels).sort(), a.buckets ?? []]);
    const seen = metrics.get(a.metric);
    if (seen === undefined) metrics.set(a.metric, { index, shape });
    else if (seen.shape !== shape) {
      ctx.addIssue({ code: 'custom', path: [index, 'action'], message: `rule \`${rule.id}\`: metric \`${a.metric}\` is also fed by rules.${seen.index} with another type, help, label names or buckets`, params: { plain: true } });
    }
  });
});
