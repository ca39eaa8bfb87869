// The `/` landing page: plain HTML, no external assets and no script, refreshed by the browser every 5 s.
// Everything that comes from logs (node ids, versions, file names) is attacker-controlled text: all of it is escaped.

import type { NodeVerdict } from './node-verdicts.js';

export interface LandingFile { readonly path: string; readonly source: string; readonly lagBytes: number }
export interface LandingNode {
  readonly nodeId: string;
  readonly clusterId?: string;
  readonly role: string;
  readonly term: number;
  readonly leaderId: number;
  readonly stable: boolean;
  readonly running: boolean;
  readonly version: string;
  readonly lastEvent: string;
  readonly verdicts?: readonly NodeVerdict[];
}
export interface LandingData {
  readonly version: string;
  readonly telemetryPath: string;
  readonly ready: boolean;
  readonly files: readonly LandingFile[];
  readonly nodes: readonly LandingNode[];
  /** False after a config reload failed (the previous config still runs). */
  readonly configOk?: boolean;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const cells = (values: readonly string[]): string => values.map((c) => `<td>${escapeHtml(c)}</td>`).join('');

const bytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

function nodeRows(n: LandingNode): string {
  const id = `${n.clusterId === undefined ? '' : `${n.clusterId}/`}${n.nodeId}`;
  const verdicts = (n.verdicts ?? []).map((v) => `<li class="${v.verdict === 'PASS' ? 'pass' : v.verdict === 'FAIL' ? 'fail' : 'warn'}"><b>${v.verdict}</b> ${escapeHtml(v.check)} <span class="detail">(${escapeHtml(v.detail)})</span></li>`).join('');
  return `<tr class="node" data-node="${escapeHtml(id)}">${cells([n.clusterId ?? '', n.nodeId, n.role, String(n.term), n.leaderId === 0 ? 'none known' : String(n.leaderId)])}`
    + `<td class="${n.stable ? 'pass' : 'fail'}">${n.stable ? 'stable' : 'unsettled'}</td>${cells([n.running ? 'yes' : 'no', n.version, n.lastEvent])}`
    + `<td><ul class="verdicts">${verdicts}</ul></td></tr>`;
}

/** Renders the landing page. */
export function renderLandingPage(d: LandingData): string {
  const files = d.files.length === 0
    ? '<p>No files are being read yet.</p>'
    : `<table id="files"><tr><th>file</th><th>source</th><th>lag</th></tr>${d.files
      .map((f) => `<tr class="file" data-lag="${f.lagBytes}">${cells([f.path, f.source, bytes(f.lagBytes)])}</tr>`).join('')}</table>`;
  const nodes = d.nodes.length === 0
    ? '<p>No chronik node seen yet.</p>'
    : `<table id="nodes"><tr><th>cluster</th><th>node</th><th>role</th><th>term</th><th>leader</th><th>leadership</th><th>running</th><th>version</th><th>last event</th><th>live checks</th></tr>${d.nodes.map(nodeRows).join('')}</table>`;
  const state = d.ready ? 'Initial read done.' : '<span class="warn">Initial read in progress: /metrics answers 503 until it is done.</span>';
  const config = d.configOk === false ? ' <span class="warn">The last config reload failed: the previous config still runs (see the exporter\'s log).</span>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chronik-log-exporter</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:left;vertical-align:top}th{background:#f3f3f3}.warn{color:#a60}.pass{color:#176f2c}.fail{color:#b00020}ul.verdicts{margin:0;padding-left:1em;white-space:nowrap}.detail{color:#666}</style>
</head><body>
<h1>chronik-log-exporter</h1>
<p id="status">Version ${escapeHtml(d.version)}. ${state}${config}</p>
<p><a href="${escapeHtml(d.telemetryPath)}">Metrics</a> · <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></p>
<h2>Nodes</h2>
${nodes}
<h2>Watched files</h2>
${files}
</body></html>
`;
}
