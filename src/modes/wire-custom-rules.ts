// Custom rules (config `rules`) on an exporter's registry, with their self-metrics: one wiring for every mode.

import type { Counter } from 'prom-client';
import type { Config } from '../config/index.js';
import type { Metrics } from '../metrics/index.js';
import { createCustomRules, type CustomRules } from '../rules/index.js';

export interface WiredRules {
  readonly rules: CustomRules;
  /** Makes every current rule show in rule_matches_total (at 0 until it matches); drops rules no longer there. */
  show(before: readonly string[]): void;
}

/**
 * Creates the config's custom rules over `metrics`' registry. Pass `(node, event, counting) => rules.apply(…)` as
 * the exporter's `onEvent` (the exporter has to exist first: bind it late).
 */
export function wireCustomRules(metrics: Metrics, config: Readonly<Config>): WiredRules {
  const ruleMatches = metrics.exporter('chronik_log_exporter_rule_matches_total') as Counter<string>; // a counter of the contract
  const seriesDropped = metrics.exporter('chronik_log_exporter_series_dropped_total') as Counter<string>; // a counter of the contract
  const matchChildren = new Map<string, { inc(): void }>();
  const rules = createCustomRules({
    registry: metrics.registry,
    maxSeries: config.limits.max_rule_series,
    onMatch(id) {
      let c = matchChildren.get(id);
      if (c === undefined) matchChildren.set(id, (c = ruleMatches.labels({ rule: id })));
      c.inc();
    },
    onDropped: (metric) => seriesDropped.inc({ metric }),
  }, config.rules);
  const show = (before: readonly string[]): void => {
    for (const id of before) {
      if (!rules.ids().includes(id)) {
        ruleMatches.remove({ rule: id });
        matchChildren.delete(id);
      }
    }
    for (const id of rules.ids()) ruleMatches.inc({ rule: id }, 0);
  };
  show([]);
  return { rules, show };
}
