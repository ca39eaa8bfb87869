// Just enough PromQL lexing to list the metric names an expression selects (no parser is available offline;
// the real parse check is done by a real Prometheus in prometheus.test.ts).

const KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'atan2',
  'inf', 'nan',
]);

/** Grafana's macros and the dashboards' variables, replaced by values Prometheus accepts. */
export function substituteGrafanaVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__interval', '1m')
    .replaceAll('$__range', '1h')
    .replace(/\$\{?(cluster_id|node_id)\}?/g, '.*');
}

/** Metric names selected by `expr` (identifiers that are neither functions, keywords, labels nor strings). */
export function metricNames(expr: string): Set<string> {
  const text = substituteGrafanaVariables(expr)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g)) {
    const [, ident, call] = m;
    if (ident === undefined || call !== undefined || KEYWORDS.has(ident)) continue;
    if (/^\d/.test(ident)) continue;
    names.add(ident);
  }
  return names;
}
