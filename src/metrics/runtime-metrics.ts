// prom-client's process and Node.js metrics, made cheap for a process that mostly waits. Two costs of the
// defaults matter here: the event-loop delay monitor wakes the process every 10 ms (≈ 0.6 % of a core on an idle
// exporter, more than everything else it does when no log is written), and one collection costs ≈ 1.3 ms of CPU
// (the delay histogram's stddev alone ≈ 0.4 ms), which a client polling /metrics back to back pays per scrape.

import { collectDefaultMetrics, type Registry } from './prom-client.js';

/** prom-client defaults that promtool rejects (gauges named *_total). */
const REJECTED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * Event-loop delay sampling period: 10× fewer wakeups than prom-client's 10 ms; a stall longer than 100 ms is
 * still always seen, shorter ones in proportion to their length.
 */
export const EVENT_LOOP_RESOLUTION_MS = 100;

/**
 * Runtime values are collected at most once per second: scrapes closer together than that (several Prometheus
 * servers, a client polling) get the values of the last collection. The event-loop delay statistics then cover
 * the second or more since the collection before, as they cover the time since the last scrape otherwise.
 */
export const RUNTIME_COLLECT_MS = 1000;

/** A metric's collect function as prom-client stores it (called by `get()` before reading values). */
interface Collecting { collect?: (() => unknown) | undefined }

/**
 * Makes `metric`'s collect function run at most once per `periodMs` (by `now`, in ms); calls in between do nothing.
 * @example
 * throttleCollect(registry.getSingleMetric('process_open_fds'), 1000);
 */
export function throttleCollect(metric: object, periodMs: number, now: () => number = () => performance.now()): void {
  const target = metric as Collecting; // prom-client v15 metrics keep `collect` as an own property
  const collect = target.collect;
  if (typeof collect !== 'function') return;
  let last = Number.NEGATIVE_INFINITY;
  target.collect = function throttled(this: unknown) {
    const t = now();
    if (t - last < periodMs) return undefined;
    last = t;
    return collect.call(this);
  };
}

/**
 * Registers prom-client's default metrics in `registry` (less those promtool rejects), sampling event-loop delay
 * every EVENT_LOOP_RESOLUTION_MS and collecting at most every RUNTIME_COLLECT_MS (by `now`, in ms).
 * @example
 * registerRuntimeMetrics(registry);
 */
export function registerRuntimeMetrics(registry: Registry, now?: () => number): void {
  const before = new Set(registry.getMetricsAsArray());
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  for (const name of REJECTED_DEFAULTS) registry.removeSingleMetric(name);
  for (const metric of registry.getMetricsAsArray()) if (!before.has(metric)) throttleCollect(metric, RUNTIME_COLLECT_MS, now);
}
