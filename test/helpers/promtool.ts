// Runs the real promtool (Debian package `prometheus`; CI installs it).

import { spawnSync } from 'node:child_process';

/** `promtool check metrics` on an exposition; returns promtool's complaints ('' when clean). */
export function promtoolCheckMetrics(exposition: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (r.error !== undefined) throw new Error(`promtool could not run (install the Debian package prometheus): ${r.error.message}`);
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}
