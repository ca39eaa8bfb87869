// Custom rules at run time: each log event against the configured rules, each match an action on a metric of the
// shared registry. Prefilters (level, target, a literal the message must hold) run before any regex.

import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from '../metrics/index.js';
import type { RuleSettings } from '../config/index.js';
import type { LogEvent } from '../lines/index.js';
import type { NodeLabels } from '../metrics/index.js';
import { requiredLiteral } from './regex/index.js';

/** A label value longer than this is cut (log text is untrusted). */
export const MAX_LABEL_VALUE_CHARS = 256;

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;

/** What one rule did with one event. */
export interface RuleOutcome {
  readonly rule: string;
  readonly metric: string;
  readonly type: RuleSettings['action']['type'];
  /** 'inc', 'set', 'observe'; 'skipped' when the value was not a number, 'dropped' past the series cap, 'history' for a counter while rebuilding. */
  readonly did: 'inc' | 'set' | 'observe' | 'skipped' | 'dropped' | 'history';
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface CustomRulesOptions {
  readonly registry: Registry;
  /** Series per metric before new label sets are dropped. */
  readonly maxSeries: number;
  /** Per match, for `chronik_log_exporter_rule_matches_total{rule}`. */
  readonly onMatch?: (rule: string) => void;
  /** A new label set was refused by the cap, reported once per label set (`chronik_log_exporter_series_dropped_total{metric}`). */
  readonly onDropped?: (metric: string) => void;
}

export interface CustomRules {
  /** Runs every rule on the event (`counting` false: history, gauges only). Returns what was done, or undefined if nothing matched. */
  apply(node: NodeLabels, event: LogEvent, counting: boolean): readonly RuleOutcome[] | undefined;
  /** Swaps in a new rule list; metrics whose definition is unchanged keep their series and values. */
  replace(rules: readonly RuleSettings[]): void;
  /** Ids of the current rules. */
  ids(): readonly string[];
}

interface Compiled {
  readonly settings: RuleSettings;
  readonly levels: ReadonlySet<string> | undefined;
  readonly regex: RegExp;
  readonly literal: string;
  readonly anchoredLiteral: boolean;
  readonly metric: MetricEntry;
  readonly labels: readonly (readonly [string, string | { capture: string }])[];
}

/** `refused`: label sets turned away by the cap, remembered (boundedly) to report each once. */
interface MetricEntry { readonly definition: string; readonly metric: AnyMetric; readonly series: Set<string>; readonly refused: Set<string> }

const definitionOf = (a: RuleSettings['action']): string => JSON.stringify([a.type, a.help ?? '', Object.keys(a.labels).sort(), a.buckets ?? []]);

/**
 * Compiles the rules and registers their metrics in `registry`.
 * @example
 * const rules = createCustomRules({ registry, maxSeries: 1000 }, config.rules);
 * rules.apply({ node_id: '1' }, event, true);
 */
export function createCustomRules(options: CustomRulesOptions, initial: readonly RuleSettings[]): CustomRules {
  const metrics = new Map<string, MetricEntry>();
  let compiled: Compiled[] = [];

  const metricFor = (rule: RuleSettings): MetricEntry => {
    const a = rule.action;
    const definition = definitionOf(a);
    const existing = metrics.get(a.metric);
    if (existing !== undefined && existing.definition === definition) return existing;
    if (existing !== undefined) options.registry.removeSingleMetric(a.metric);
    const common = {
      name: a.metric,
      help: a.help ?? `Custom rule ${rule.id}.`,
      labelNames: ['node_id', 'cluster_id', ...Object.keys(a.labels)],
      registers: [options.registry],
    };
    let metric: AnyMetric;
    if (a.type === 'counter') metric = new Counter(common);
    else if (a.type === 'gauge') metric = new Gauge(common);
    else metric = new Histogram({ ...common, ...(a.buckets === undefined ? {} : { buckets: [...a.buckets] }) });
    const entry = { definition, metric, series: new Set<string>(), refused: new Set<string>() };
    metrics.set(a.metric, entry);
    return entry;
  };

  function replace(rules: readonly RuleSettings[]): void {
    const wanted = new Set(rules.map((r) => r.action.metric));
    for (const name of [...metrics.keys()]) {
      if (!wanted.has(name)) {
        options.registry.removeSingleMetric(name);
        metrics.delete(name);
      }
    }
    compiled = rules.map((settings) => {
      const { literal, anchored } = requiredLiteral(settings.match.message);
      return {
        settings,
        levels: settings.match.level === undefined ? undefined : new Set(settings.match.level),
        regex: new RegExp(settings.match.message, 'u'),
        literal,
        anchoredLiteral: anchored,
        metric: metricFor(settings),
        labels: Object.entries(settings.action.labels),
      };
    });
  }

  const valueOf = (a: RuleSettings['action'], groups: Record<string, string | undefined> | undefined): number => {
    if (a.value === undefined) return 1;
    const raw = typeof a.value === 'number' ? a.value : Number(groups?.[a.value.capture] ?? Number.NaN);
    return raw * a.scale;
  };

  function run(c: Compiled, node: NodeLabels, counting: boolean, groups: Record<string, string | undefined> | undefined): RuleOutcome {
    const a = c.settings.action;
    const labels: Record<string, string> = node.cluster_id === undefined ? { node_id: node.node_id } : { node_id: node.node_id, cluster_id: node.cluster_id };
    for (const [name, v] of c.labels) {
      const s = typeof v === 'string' ? v : groups?.[v.capture] ?? '';
      labels[name] = s.length > MAX_LABEL_VALUE_CHARS ? s.slice(0, MAX_LABEL_VALUE_CHARS) : s;
    }
    const value = valueOf(a, groups);
    const outcome = (did: RuleOutcome['did']): RuleOutcome => ({ rule: c.settings.id, metric: a.metric, type: a.type, did, labels, value });
    if (!Number.isFinite(value) || (a.type === 'counter' && value < 0)) return outcome('skipped');
    if (a.type !== 'gauge' && !counting) return outcome('history');
    const key = Object.values(labels).join('\u0000');
    if (!c.metric.series.has(key)) {
      if (c.metric.series.size >= options.maxSeries) {
        const { refused } = c.metric;
        if (!refused.has(key)) {
          if (refused.size < 10 * options.maxSeries) refused.add(key); // past that, each refusal reports again
          options.onDropped?.(a.metric);
        }
        return outcome('dropped');
      }
      c.metric.series.add(key);
    }
    const m = c.metric.metric;
    if (m instanceof Counter) m.inc(labels, value);
    else if (m instanceof Gauge) m.set(labels, value);
    else m.observe(labels, value);
    return outcome(a.type === 'counter' ? 'inc' : a.type === 'gauge' ? 'set' : 'observe');
  }

  replace(initial);
  return {
    apply(node, event, counting) {
      let out: RuleOutcome[] | undefined;
      for (const c of compiled) {
        const m = c.settings.match;
        if (c.levels !== undefined && !c.levels.has(event.level)) continue;
        if (m.target !== undefined && event.target !== m.target) continue;
        if (m.target_prefix !== undefined && !event.target.startsWith(m.target_prefix)) continue;
        if (c.literal !== '' && !(c.anchoredLiteral ? event.message.startsWith(c.literal) : event.message.includes(c.literal))) continue;
        const found = c.regex.exec(event.message);
        if (found === null) continue;
        options.onMatch?.(c.settings.id);
        (out ??= []).push(run(c, node, counting, found.groups));
      }
      return out;
    },
    replace,
    ids: () => compiled.map((c) => c.settings.id),
  };
}
