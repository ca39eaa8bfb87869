// Paths of the monitoring bundle (alerts/, dashboards/, docs/) relative to the repository root.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const alertsDir = join(repoRoot, 'alerts');
export const ruleTestsDir = join(alertsDir, 'tests');
export const dashboardsDir = join(repoRoot, 'dashboards');
export const runbookPath = join(repoRoot, 'docs/runbook.md');
/** CI lays shared/ beside the clone; locally the work tree sits next to it too. */
export const sharedContractPath = resolve(repoRoot, '../shared/spec/metrics.md');

/** The same placeholder as RUNBOOK_BASE in alerts/generate.mjs (asserted against the script's text). */
export const RUNBOOK_BASE = 'https://github.com/chronik-log-exporter/chronik-log-exporter/blob/main/docs/runbook.md';

export const ruleFileNames = ['chronik-alerts.rules.yml', 'chronik-recording.rules.yml', 'chronik-slo.rules.yml'] as const;

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Files in `dir` whose names end with `suffix`, sorted, as absolute paths. */
export function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));
}
