// prom-client's metric classes, loaded from their own files: its index also loads default metrics, pushgateway
// (http, https) and cluster aggregation, ≈ 50 ms of start-up (a quarter of replay's) for what only serve uses.
// test/metrics/prom-client.test.ts checks that these are the very classes prom-client exports.

import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';

const require = createRequire(import.meta.url);

// Each lib file's module.exports is the class its name says (prom-client 15's lib/ layout).
export const Registry = require('prom-client/lib/registry') as typeof PromClient.Registry;
export const Counter = require('prom-client/lib/counter') as typeof PromClient.Counter;
export const Gauge = require('prom-client/lib/gauge') as typeof PromClient.Gauge;
export const Histogram = require('prom-client/lib/histogram') as typeof PromClient.Histogram;
export type Registry = PromClient.Registry;
export type Counter<T extends string = string> = PromClient.Counter<T>;
export type Gauge<T extends string = string> = PromClient.Gauge<T>;
export type Histogram<T extends string = string> = PromClient.Histogram<T>;

/** prom-client's collectDefaultMetrics, loaded on first use (serve only). */
export function collectDefaultMetrics(config: PromClient.DefaultMetricsCollectorConfiguration<PromClient.RegistryContentType>): void {
  (require('prom-client/lib/defaultMetrics') as typeof PromClient.collectDefaultMetrics)(config); // the function prom-client exports under that name
}
