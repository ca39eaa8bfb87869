// Typed views of the Grafana dashboards in dashboards/ (only the fields the checks read).

import { basename } from 'node:path';
import { z } from 'zod';
import { dashboardsDir, filesEndingWith, readText } from './repo.js';

const datasourceRef = z.object({ type: z.string(), uid: z.string() });
const targetSchema = z.object({ refId: z.string(), expr: z.string(), datasource: datasourceRef.optional() });
const panelSchema = z.object({
  id: z.number(),
  type: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  datasource: datasourceRef.optional(),
  gridPos: z.object({ h: z.number(), w: z.number(), x: z.number(), y: z.number() }),
  targets: z.array(targetSchema).optional(),
  fieldConfig: z.object({ defaults: z.object({ unit: z.string().optional() }).loose() }).optional(),
});
const variableSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    query: z.union([z.string(), z.object({ query: z.string() }).loose()]).optional(),
    datasource: datasourceRef.optional(),
    refresh: z.number().optional(),
    includeAll: z.boolean().optional(),
    allValue: z.string().optional(),
    label: z.string().optional(),
  })
  .loose();
const annotationSchema = z
  .object({ name: z.string(), builtIn: z.number().optional(), datasource: datasourceRef, expr: z.string().optional() })
  .loose();
const dashboardSchema = z
  .object({
    uid: z.string(),
    title: z.string(),
    schemaVersion: z.number(),
    panels: z.array(panelSchema),
    templating: z.object({ list: z.array(variableSchema) }),
    annotations: z.object({ list: z.array(annotationSchema) }),
  })
  .loose();

export type Dashboard = z.infer<typeof dashboardSchema>;
export type Panel = z.infer<typeof panelSchema>;

export interface DashboardFile {
  readonly file: string;
  readonly raw: Record<string, unknown>;
  readonly dashboard: Dashboard;
}

export function loadDashboards(): DashboardFile[] {
  return filesEndingWith(dashboardsDir, '.json').map((path) => {
    const raw: unknown = JSON.parse(readText(path));
    if (typeof raw !== 'object' || raw === null) throw new Error(`Expected a JSON object in ${path}`);
    return { file: basename(path), raw: raw as Record<string, unknown>, dashboard: dashboardSchema.parse(raw) };
  });
}

/** Every PromQL expression of a dashboard, with where it comes from. */
export function dashboardExpressions(d: Dashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const p of d.panels) for (const t of p.targets ?? []) out.push({ where: `panel "${p.title ?? p.id}" ${t.refId}`, expr: t.expr });
  for (const a of d.annotations.list) if (a.expr !== undefined) out.push({ where: `annotation "${a.name}"`, expr: a.expr });
  return out;
}

/** Grafana's `label_values(selector, label)` variable queries, as the PromQL selector they run. */
export function variableSelectors(d: Dashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const v of d.templating.list) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
    const m = /^label_values\((.+),\s*[A-Za-z_][A-Za-z0-9_]*\)$/.exec(q);
    out.push({ where: `variable ${v.name}`, expr: m?.[1] ?? q });
  }
  return out;
}
