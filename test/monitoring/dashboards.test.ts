// Dashboard lint (there is no Grafana here): structure, datasource variable, units, descriptions,
// $__rate_interval, stable uids, and metric names from the contract.

import { describe, expect, it } from 'vitest';
import { isContractSeries } from './contract-metrics.js';
import { dashboardExpressions, loadDashboards, variableSelectors } from './dashboards.js';
import { metricNames } from './promql.js';

const dashboards = loadDashboards();
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** Pinned uids: links, bookmarks and provisioning rely on them never changing. */
const EXPECTED_UIDS: Record<string, string> = {
  'chronik-leadership.json': 'chronik-leadership',
  'chronik-log-exporter-health.json': 'chronik-log-exporter-health',
};

/** Range selectors a dashboard may use: Grafana's macros, and the SLO's fixed 30-day window. */
const ALLOWED_RANGES = new Set(['$__rate_interval', '$__range', '$__interval', '30d']);

/** Problems with the range selectors of one expression. */
export function rangeProblems(expr: string): string[] {
  const problems: string[] = [];
  for (const m of expr.matchAll(/\b(rate|irate|increase|delta|deriv|changes|resets|[a-z]+_over_time)\s*\(/g)) {
    // The range of this call: the first [...] after it at the same nesting depth.
    let depth = 0;
    let range: string | undefined;
    for (let i = (m.index ?? 0) + m[0].length; i < expr.length; i++) {
      const c = expr[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === '[' && depth === 0) {
        range = expr.slice(i + 1, expr.indexOf(']', i));
        break;
      }
    }
    if (range === undefined) problems.push(`${m[1]}() without a range`);
    else if ((m[1] === 'rate' || m[1] === 'irate') && range !== '$__rate_interval') problems.push(`${m[1]}(…[${range}]) instead of [$__rate_interval]`);
    else if (!ALLOWED_RANGES.has(range)) problems.push(`${m[1]}(…[${range}]): fixed range`);
  }
  return problems;
}

describe('dashboard lint helpers', () => {
  it('flags rate() without $__rate_interval and fixed ranges', () => {
    expect(rangeProblems('sum(rate(x[5m]))')).toEqual(['rate(…[5m]) instead of [$__rate_interval]']);
    expect(rangeProblems('increase(x[1h])')).toEqual(['increase(…[1h]): fixed range']);
    expect(rangeProblems('sum by (a) (rate(x{a="1"}[$__rate_interval])) / increase(y[$__range])')).toEqual([]);
  });
});

describe.each(dashboards.map((d) => [d.file, d]))('%s', (file, { raw, dashboard }) => {
  it('has its pinned uid, the current schema and no __inputs', () => {
    expect(dashboard.uid).toBe(EXPECTED_UIDS[file]);
    expect(dashboard.schemaVersion).toBe(42);
    expect(raw).not.toHaveProperty('__inputs');
    expect(JSON.stringify(raw)).not.toContain('${DS_');
    expect(dashboard.title).toMatch(/^chronik \/ /);
  });

  it('has a datasource variable and cluster_id and node_id variables that use it', () => {
    const vars = dashboard.templating.list;
    const ds = vars.filter((v) => v.type === 'datasource');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ name: 'datasource', label: 'Data Source', query: 'prometheus' });
    for (const name of ['cluster_id', 'node_id']) {
      const v = vars.find((x) => x.name === name);
      expect(v, name).toMatchObject({ type: 'query', datasource: DATASOURCE, refresh: 2, includeAll: true, allValue: '.*' });
    }
  });

  it('every panel is titled, described, has a unit and uses the datasource variable', () => {
    const problems: string[] = [];
    const ids = new Set<number>();
    for (const p of dashboard.panels) {
      if (ids.has(p.id)) problems.push(`duplicate panel id ${p.id}`);
      ids.add(p.id);
      if (!p.title?.trim()) problems.push(`panel ${p.id}: no title`);
      if (p.gridPos.x + p.gridPos.w > 24) problems.push(`panel ${p.title}: wider than the grid`);
      if (p.type === 'row') continue;
      if (!p.description?.trim()) problems.push(`panel ${p.title}: no description`);
      if (!p.fieldConfig?.defaults.unit) problems.push(`panel ${p.title}: no unit`);
      if (JSON.stringify(p.datasource) !== JSON.stringify(DATASOURCE)) problems.push(`panel ${p.title}: datasource ${JSON.stringify(p.datasource)}`);
      if ((p.targets ?? []).length === 0) problems.push(`panel ${p.title}: no query`);
      for (const t of p.targets ?? []) {
        if (JSON.stringify(t.datasource) !== JSON.stringify(DATASOURCE)) problems.push(`panel ${p.title} ${t.refId}: datasource`);
      }
    }
    for (const a of dashboard.annotations.list) {
      if (a.builtIn === undefined && JSON.stringify(a.datasource) !== JSON.stringify(DATASOURCE)) problems.push(`annotation ${a.name}: datasource`);
    }
    expect(problems).toEqual([]);
  });

  it('no two panels run the same queries', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const p of dashboard.panels) {
      if (p.targets === undefined) continue;
      const key = p.targets.map((t) => t.expr).join('\n');
      const other = seen.get(key);
      if (other !== undefined) duplicates.push(`${p.title} = ${other}`);
      seen.set(key, p.title ?? String(p.id));
    }
    expect(duplicates).toEqual([]);
  });

  it('rates use $__rate_interval and no query has another fixed range than the SLO window', () => {
    const problems = dashboardExpressions(dashboard).flatMap(({ where, expr }) => rangeProblems(expr).map((p) => `${where}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('queries filter on the cluster_id and node_id variables', () => {
    const problems = dashboardExpressions(dashboard)
      .filter(({ expr }) => !expr.includes('$cluster_id'))
      .map(({ where }) => where);
    expect(problems).toEqual([]);
  });

  it('every metric a query names exists in the metric contract', () => {
    const unknown = [...dashboardExpressions(dashboard), ...variableSelectors(dashboard)].flatMap(({ where, expr }) =>
      [...metricNames(expr)].filter((n) => !isContractSeries(n)).map((n) => `${where}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });
});

describe('dashboards together', () => {
  it('are the two expected files, with unique uids', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual(Object.keys(EXPECTED_UIDS).sort());
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(dashboards.length);
  });
});
