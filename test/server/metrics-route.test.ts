// /metrics through fastify inject() and through a real listening socket: readiness, formats, gzip, limits.

import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer, REQUEST_LIMITS } from '../../src/server/index.js';
import { capturedLogger, emptyLanding, sampleRegistry } from './helpers.js';

let app: FastifyInstance | undefined;
afterEach(async () => { await app?.close(); app = undefined; });

function build(ready: () => boolean = () => true): FastifyInstance {
  app = createServer({ registry: sampleRegistry(), telemetryPath: '/metrics', isReady: ready, landing: emptyLanding, logger: capturedLogger().logger });
  return app;
}

describe('/metrics', () => {
  it('answers 503 with Retry-After until the initial read is done, then 200', async () => {
    let ready = false;
    const a = build(() => ready);
    const before = await a.inject({ url: '/metrics' });
    expect(before.statusCode).toBe(503);
    expect(before.headers['retry-after']).toBe('1');
    expect((await a.inject({ url: '/readyz' })).statusCode).toBe(503);
    expect((await a.inject({ url: '/healthz' })).statusCode).toBe(200);
    ready = true;
    expect((await a.inject({ url: '/metrics' })).statusCode).toBe(200);
    expect((await a.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('serves the Prometheus text format by default', async () => {
    const r = await build().inject({ url: '/metrics' });
    expect(r.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(r.body).toContain('# TYPE demo_events_total counter');
    expect(r.body).toContain('demo_events_total{kind="a\\"b\\\\c\\nd"} 3');
    expect(r.body).not.toContain('# EOF');
  });

  it('serves OpenMetrics when asked, and the text format is unchanged afterwards', async () => {
    const a = build();
    const r = await a.inject({ url: '/metrics', headers: { accept: 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.2' } });
    expect(r.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(r.body.split('\n')).toEqual(expect.arrayContaining([
      '# TYPE demo_events counter',
      '# HELP demo_events Events \\"seen\\".\\nSecond line.',
      'demo_events_total{kind="a\\"b\\\\c\\nd"} 3',
      '# TYPE demo_temperature_celsius gauge',
      'demo_temperature_celsius 21.5',
      '# TYPE demo_duration_seconds histogram',
      'demo_duration_seconds_bucket{le="1"} 1',
      'demo_duration_seconds_bucket{le="15"} 1',
      'demo_duration_seconds_bucket{le="+Inf"} 2',
      'demo_duration_seconds_sum 20.5',
      'demo_duration_seconds_count 2',
    ]));
    expect(r.body.endsWith('# EOF\n')).toBe(true);
    // prom-client's own OpenMetrics mode would have renamed the counter for good; ours leaves it alone
    const text = await a.inject({ url: '/metrics' });
    expect(text.body).toContain('demo_events_total{kind=');
    expect(text.body).toContain('# TYPE demo_events_total counter');
  });

  it('gzips when asked, and not when gzip is refused', async () => {
    const a = build();
    const plain = await a.inject({ url: '/metrics' });
    const zipped = await a.inject({ url: '/metrics', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    const refused = await a.inject({ url: '/metrics', headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('rejects oversized headers, and negotiates, on a real socket', async () => {
    const a = build();
    const base = await a.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(base);
    const status = (headers: Record<string, string>, body?: string) => new Promise<number | string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/metrics', method: body === undefined ? 'GET' : 'POST', headers, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => resolve(String(error)));
      req.end(body);
    });
    expect(await status({})).toBe(200);
    expect(await status({ 'x-big': 'x'.repeat(REQUEST_LIMITS.headerBytes + 1) })).toBe(431);
    const real = await fetch(`${base}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(real.status).toBe(200);
    expect(real.headers.get('content-type')).toContain('application/openmetrics-text');
    expect(await real.text()).toContain('# EOF');
  });
});
