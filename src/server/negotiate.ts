// Content negotiation for /metrics: the exposition format from Accept, gzip from Accept-Encoding (RFC 9110 q-values).

import type { ExpositionFormat } from '../metrics/index.js';

export type { ExpositionFormat };

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

interface MediaRange { readonly type: string; readonly params: ReadonlyMap<string, string>; readonly q: number; readonly order: number }

function parseList(header: string): MediaRange[] {
  return header.split(',').map((part, order) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
    }
    const q = params.has('q') ? Number(params.get('q')) : 1;
    return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, order };
  }).filter((r) => r.type !== '');
}

const OPENMETRICS_VERSIONS = new Set(['1.0.0', '0.0.1']);

/**
 * The format to answer with: the acceptable format with the highest q (the first listed on a tie); Prometheus
 * text when nothing we speak is asked for, as the Go client does.
 * @example
 * negotiateFormat('application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.2'); // 'openmetrics'
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (accept === undefined || accept === '') return 'text';
  let best: { format: ExpositionFormat; q: number; order: number } | undefined;
  for (const r of parseList(accept)) {
    if (r.q <= 0) continue;
    let format: ExpositionFormat | undefined;
    if (r.type === 'application/openmetrics-text') {
      const v = r.params.get('version');
      if (v === undefined || OPENMETRICS_VERSIONS.has(v)) format = 'openmetrics';
    } else if (r.type === 'text/plain' || r.type === 'text/*' || r.type === '*/*') {
      format = 'text';
    }
    if (format !== undefined && (best === undefined || r.q > best.q)) best = { format, q: r.q, order: r.order };
  }
  return best?.format ?? 'text';
}

/** True when Accept-Encoding allows gzip (explicitly, or through `*`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const r of parseList(acceptEncoding)) {
    if (r.type === 'gzip' || r.type === 'x-gzip') gzip = r.q;
    else if (r.type === '*') star = r.q;
  }
  return (gzip ?? star ?? 0) > 0;
}
