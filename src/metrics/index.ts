// metrics/: the metric contract as prom-client objects in an own Registry; the partition cap.
export { createMetrics } from './registry.js';
export { Counter, Gauge, Histogram } from './prom-client.js';
export type { Metrics, MetricsOptions, NodeLabels, NodeMetrics } from './registry.js';
export { EXPORTER_METRICS, NODE_METRICS, STABILIZATION_BUCKETS } from './contract.js';
export type { MetricSpec, MetricType } from './contract.js';
export { renderMetricsReference } from './reference.js';
export { restoreMetrics, snapshotMetrics } from './snapshot.js';
export type { SavedMetric, SavedSeries } from './snapshot.js';
export { renderExposition } from './exposition.js';
export type { ExpositionFormat } from './exposition.js';
