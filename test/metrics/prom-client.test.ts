// metrics/ loads prom-client's classes from its lib files (start-up): they must be the classes its index exports.

import * as promClient from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram } from '../../src/metrics/index.js';
import { collectDefaultMetrics, Registry } from '../../src/metrics/prom-client.js';

describe('prom-client classes', () => {
  it('are the ones prom-client exports', () => {
    expect(Registry).toBe(promClient.Registry);
    expect(Counter).toBe(promClient.Counter);
    expect(Gauge).toBe(promClient.Gauge);
    expect(Histogram).toBe(promClient.Histogram);
  });

  it('collectDefaultMetrics registers the default metrics', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    expect((await registry.getMetricsAsJSON()).map((m) => m.name)).toContain('process_cpu_seconds_total');
  });
});
