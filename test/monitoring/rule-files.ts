// Typed views of the Prometheus rule files and promtool rule test files in alerts/.

import { parse } from 'yaml';
import { z } from 'zod';
import { readText } from './repo.js';

const ruleSchema = z.object({
  alert: z.string().optional(),
  record: z.string().optional(),
  expr: z.string(),
  for: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const ruleFileSchema = z.object({
  groups: z.array(z.object({ name: z.string(), interval: z.string().optional(), rules: z.array(ruleSchema) })),
});
export type Rule = z.infer<typeof ruleSchema>;

const ruleTestFileSchema = z.object({
  rule_files: z.array(z.string()),
  tests: z.array(
    z.object({
      name: z.string().optional(),
      alert_rule_test: z
        .array(z.object({ eval_time: z.string(), alertname: z.string(), exp_alerts: z.array(z.unknown()).nullish() }))
        .optional(),
      promql_expr_test: z.array(z.object({ expr: z.string(), eval_time: z.string() })).optional(),
    }),
  ),
});
export type RuleTestFile = z.infer<typeof ruleTestFileSchema>;

export function loadRules(path: string): Rule[] {
  return ruleFileSchema.parse(parse(readText(path))).groups.flatMap((g) => g.rules);
}

export function loadRuleTests(path: string): RuleTestFile {
  return ruleTestFileSchema.parse(parse(readText(path)));
}
