// A real Prometheus scrapes the server: it asks for OpenMetrics first, parses our writer's output and stores
// counters, gauges and histograms under the names of the text format.

import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../src/server/index.js';
import { startPrometheus, type PrometheusServer } from '../monitoring/prometheus-harness.js';
import { capturedLogger, emptyLanding, sampleRegistry, waitFor } from './helpers.js';

let app: FastifyInstance | undefined;
let prometheus: PrometheusServer | undefined;
afterAll(async () => { await prometheus?.stop(); await app?.close(); });

describe('Prometheus scraping OpenMetrics', () => {
  it('stores every sample of the OpenMetrics exposition, gzipped', async () => {
    const accepts: string[] = [];
    app = createServer({ registry: sampleRegistry(), telemetryPath: '/metrics', isReady: () => true, landing: emptyLanding, logger: capturedLogger().logger });
    app.addHook('onSend', async (request, reply) => { accepts.push(`${request.headers['accept-encoding'] ?? ''} → ${String(reply.getHeader('content-type'))} ${String(reply.getHeader('content-encoding'))}`); });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    prometheus = await startPrometheus({ interval: '1s', scrapeJobs: [{ job: 'cle', targets: [new URL(base).host] }] });
    const value = async (expr: string): Promise<string | undefined> => {
      const r = await prometheus?.query(expr);
      return r?.status === 'success' ? r.data.result[0]?.value?.[1] : undefined;
    };
    expect(await waitFor('a successful scrape', () => value('up{job="cle"} == 1'), 30_000)).toBe('1');
    expect(await value('demo_events_total')).toBe('3');
    expect(await value('demo_temperature_celsius')).toBe('21.5');
    expect(await value('demo_duration_seconds_bucket{le="+Inf"}')).toBe('2');
    expect(await value('demo_duration_seconds_sum')).toBe('20.5');
    expect(accepts[0]).toMatch(/gzip.* → application\/openmetrics-text; version=1\.0\.0; charset=utf-8 gzip$/);
  }, 60_000);
});
