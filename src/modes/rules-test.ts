// `rules test CONFIG LOGFILE`: for people writing rules. Reads the log and prints, per event, which built-in and
// custom rules matched it and what each custom rule did to its metric (like promtail's dry-run inspect).

import { readFile } from 'node:fs/promises';
import { createClassifier } from '../chronik/index.js';
import { loadConfig } from '../config/index.js';
import { createExporter } from '../exporter/index.js';
import type { LogEvent } from '../lines/index.js';
import { createCustomRules, type CustomRules, type RuleOutcome } from '../rules/index.js';
import { sourceConfig } from './source-config.js';
import { VERSION } from '../version.js';
import { formatEventTime } from './format-time.js';
import { InputError } from './input-error.js';

const MESSAGE_CHARS = 160;

const series = (o: RuleOutcome): string =>
  `${o.metric}{${Object.entries(o.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;

const describe = (o: RuleOutcome): string => {
  switch (o.did) {
    case 'inc': return `${o.rule}: ${series(o)} += ${o.value}`;
    case 'set': return `${o.rule}: ${series(o)} = ${o.value}`;
    case 'observe': return `${o.rule}: ${series(o)} observe ${o.value}`;
    case 'skipped': return `${o.rule}: matched, but its value is not a number: nothing done`;
    case 'dropped': return `${o.rule}: matched, but ${o.metric} is at its series limit (limits.max_rule_series): dropped`;
    case 'history': return `${o.rule}: ${series(o)} (history: not counted)`;
  }
};

const headline = (event: LogEvent): string => {
  const first = event.message.split('\n', 1)[0] ?? '';
  const text = first.length > MESSAGE_CHARS ? `${first.slice(0, MESSAGE_CHARS)}…` : first;
  return `${formatEventTime(event.time)} ${event.level.toUpperCase()} ${event.target || '(panic)'}: ${text}`;
};

/**
 * Runs the config's rules over one log file; returns the report.
 * @example
 * process.stdout.write(await rulesTest('config.yaml', 'node1.log'));
 */
export async function rulesTest(configFile: string, logFile: string): Promise<string> {
  const config = await loadConfig(configFile);
  let bytes: Buffer;
  try {
    bytes = await readFile(logFile);
  } catch (error) {
    throw new InputError(`Cannot read the log file ${logFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`); // fs errors carry a code
  }
  const out: string[] = [];
  const counts = new Map<string, number>();
  let events = 0;
  let builtin: string[] = [];
  const classifier = createClassifier({ disabled: new Set(config.disabled_rules), onMatch: (id) => builtin.push(id) });
  let rules: CustomRules | undefined;
  const exporter = createExporter({
    maxLineBytes: config.limits.max_line_bytes,
    stabilityWindowSeconds: config.leadership.stability_window,
    maxPartitions: config.limits.max_partitions,
    defaultMetrics: false,
    version: VERSION,
    disabledRules: new Set(config.disabled_rules),
    onEvent(node, event) {
      events++;
      builtin = [];
      classifier.classify(event);
      const outcomes = rules?.apply(node, event, true) ?? [];
      out.push(headline(event));
      for (const id of builtin) out.push(`  built-in ${id}`);
      for (const o of outcomes) out.push(`  custom ${describe(o)}`);
      if (builtin.length === 0 && outcomes.length === 0) out.push('  no rule matched');
      for (const id of [...builtin, ...outcomes.map((o) => o.rule)]) counts.set(id, (counts.get(id) ?? 0) + 1);
    },
  });
  rules = createCustomRules({ registry: exporter.metrics.registry, maxSeries: config.limits.max_rule_series }, config.rules);
  const settings = config.sources.find((s) => s.paths.includes(logFile));
  const source = exporter.source(sourceConfig(logFile, settings));
  const reader = source.file(logFile);
  reader.push(bytes, true);
  reader.end();
  source.release();

  out.push('', `${events} events.`);
  for (const r of config.rules) out.push(`custom ${r.id}: ${counts.get(r.id) ?? 0} match${counts.get(r.id) === 1 ? '' : 'es'}`);
  const builtins = [...counts].filter(([id]) => !config.rules.some((r) => r.id === id)).sort((a, b) => b[1] - a[1]);
  if (builtins.length > 0) out.push(`built-in: ${builtins.map(([id, n]) => `${id} ${n}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}
