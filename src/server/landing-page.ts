// The `/` landing page: plain HTML, no external assets, refreshed by the browser every 5 s.

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
}
export interface LandingData {
  readonly version: string;
  readonly telemetryPath: string;
  readonly ready: boolean;
  readonly files: readonly LandingFile[];
  readonly nodes: readonly LandingNode[];
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const row = (cells: readonly string[]): string => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;

/** Renders the landing page. */
export function renderLandingPage(d: LandingData): string {
  const files = d.files.length === 0
    ? '<p>No files are being read yet.</p>'
    : `<table id="files"><tr><th>file</th><th>source</th><th>lag (bytes)</th></tr>${d.files.map((f) => row([f.path, f.source, String(f.lagBytes)])).join('')}</table>`;
  const nodes = d.nodes.length === 0
    ? '<p>No chronik node seen yet.</p>'
    : `<table id="nodes"><tr><th>cluster</th><th>node</th><th>role</th><th>term</th><th>leader</th><th>leadership</th><th>running</th><th>version</th><th>last event</th></tr>${d.nodes
      .map((n) => row([n.clusterId ?? '', n.nodeId, n.role, String(n.term), n.leaderId === 0 ? 'none known' : String(n.leaderId), n.stable ? 'stable' : 'unsettled', n.running ? 'yes' : 'no', n.version, n.lastEvent]))
      .join('')}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>chronik-log-exporter</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:left}th{background:#f3f3f3}.warn{color:#a60}</style>
</head><body>
<h1>chronik-log-exporter</h1>
<p>Version ${escapeHtml(d.version)}. ${d.ready ? 'Initial read done.' : '<span class="warn">Initial read in progress: /metrics answers 503 until it is done.</span>'}</p>
<p><a href="${escapeHtml(d.telemetryPath)}">Metrics</a> · <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></p>
<h2>Nodes</h2>
${nodes}
<h2>Watched files</h2>
${files}
</body></html>
`;
}
