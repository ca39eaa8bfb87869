// Runtime metrics: prom-client's defaults, collected at most once per RUNTIME_COLLECT_MS of a driven clock.

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerRuntimeMetrics, RUNTIME_COLLECT_MS, throttleCollect } from '../../src/metrics/runtime-metrics.js';

/** Burns CPU until process.cpuUsage() has moved by at least `micros`. */
function burn(micros: number): void {
  const start = process.cpuUsage().user;
  while (process.cpuUsage().user - start < micros) Math.sqrt(Math.random());
}

describe('throttleCollect', () => {
  it('runs collect at most once per period, with its metric as `this`', () => {
    let now = 0;
    const seen: unknown[] = [];
    const metric = { collect(this: unknown) { seen.push(this); return 'collected'; } };
    throttleCollect(metric, 1000, () => now);
    expect(metric.collect()).toBe('collected');
    now = 999;
    expect(metric.collect()).toBeUndefined();
    now = 1000;
    expect(metric.collect()).toBe('collected');
    expect(seen).toEqual([metric, metric]);
  });

  it('leaves a metric without collect alone', () => {
    const metric = { name: 'x' };
    throttleCollect(metric, 1000);
    expect(metric).toEqual({ name: 'x' });
  });
});

describe('registerRuntimeMetrics', () => {
  it('registers the defaults promtool accepts, and collects them once per period', async () => {
    let now = 0;
    const registry = new Registry();
    registerRuntimeMetrics(registry, () => now);
    const names = registry.getMetricsAsArray().map((m) => m.name);
    expect(names).toContain('process_cpu_user_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(names).not.toContain('nodejs_active_handles_total');
    const cpu = async (): Promise<number> => (await registry.getSingleMetric('process_cpu_user_seconds_total')?.get())?.values[0]?.value ?? Number.NaN;
    const first = await cpu();
    burn(20_000);
    expect(await cpu()).toBe(first);
    now += RUNTIME_COLLECT_MS;
    expect(await cpu()).toBeGreaterThan(first);
  });
});
