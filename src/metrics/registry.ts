// The contract as prom-client objects in an own Registry, and the NodeSink that state/ writes through.

import { Counter, Gauge, Histogram, Registry } from './prom-client.js';
import type { RaftRole } from '../chronik/index.js';
import type { ExtraLabels, NodeCounter, NodeGauge, NodeSink, PartitionGauge } from '../state/index.js';
import { EXPORTER_METRICS, NODE_METRICS, STABILIZATION_BUCKETS, type MetricSpec } from './contract.js';
import { registerRuntimeMetrics } from './runtime-metrics.js';

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;
type Labels = Record<string, string>;

/** Labels that name a node on every chronik_log_* series. */
export interface NodeLabels {
  readonly node_id: string;
  readonly cluster_id?: string;
}

export interface MetricsOptions {
  /** Partition series per node and metric before new partitions fold into `__overflow__`. */
  readonly maxPartitions: number;
  /** prom-client's process and Node.js metrics (off for replay, whose output must be deterministic). */
  readonly defaultMetrics: boolean;
  readonly version: string;
}

const ROLES: readonly RaftRole[] = ['follower', 'candidate', 'pre_candidate', 'leader'];
const OVERFLOW = { topic: '__overflow__', partition: 'overflow' } as const;

function build(spec: MetricSpec, registry: Registry, nodeLabels: boolean): AnyMetric {
  const labelNames = nodeLabels ? ['node_id', 'cluster_id', ...spec.labels] : [...spec.labels];
  const common = { name: spec.name, help: spec.help, labelNames, registers: [registry] };
  if (spec.type === 'counter') return new Counter(common);
  if (spec.type === 'gauge') return new Gauge(common);
  return new Histogram({ ...common, buckets: [...STABILIZATION_BUCKETS] });
}

/**
 * A node's sink, plus its series resolved once for writers that batch (the exporter's hot path). Resolving a
 * partition series applies the partition cap at that moment, as a direct write would: resolve in event order.
 */
export interface NodeMetrics extends NodeSink {
  /** Adds `n` to one counter series (a folded partition's: the overflow series). */
  counter(name: NodeCounter, labels: ExtraLabels | undefined): (n: number) => void;
  /** Sets one partition gauge series; undefined when the cap folded the partition (its gauges are not kept). */
  partitionGaugeSeries(name: PartitionGauge, topic: string, partition: string): ((value: number) => void) | undefined;
}

export interface Metrics {
  readonly registry: Registry;
  /** The exporter's own metrics by name (chronik_log_exporter_*). */
  exporter(name: string): AnyMetric;
  /** The sink of one node; the node's counters exist at 0 from this call on. */
  node(labels: NodeLabels): NodeMetrics;
}

/**
 * Creates every metric of the contract in a new Registry.
 * @example
 * const metrics = createMetrics({ maxPartitions: 10_000, defaultMetrics: false, version: '0.1.0' });
 * const sink = metrics.node({ node_id: '1' });
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  const byName = new Map<string, AnyMetric>();
  for (const spec of NODE_METRICS) byName.set(spec.name, build(spec, registry, true));
  for (const spec of EXPORTER_METRICS) byName.set(spec.name, build(spec, registry, false));
  if (options.defaultMetrics) registerRuntimeMetrics(registry);
  const metric = <T extends AnyMetric>(name: string): T => {
    const m = byName.get(name);
    if (m === undefined) throw new Error(`Expected a metric of the contract, got \`${name}\``);
    return m as T; // the caller names a metric of the type it asks for (the NodeCounter/NodeGauge unions)
  };
  metric<Gauge<string>>('chronik_log_exporter_build_info').set({ version: options.version, node_version: process.version }, 1);
  const seriesDropped = metric<Counter<string>>('chronik_log_exporter_series_dropped_total');
  const sinks = new Map<string, NodeMetrics>();

  function createSink(base: Labels): NodeMetrics {
    const children = new Map<string, { inc(n?: number): void }>();
    const partitions = new Map<string, Set<string>>();
    const folded = new Map<string, Set<string>>();
    let version: string | null = null;

    /** Applies the partition cap: the labels to use, or undefined for a gauge of a folded partition. */
    const capped = (name: string, topic: string, partition: string, gauge: boolean): Labels | undefined => {
      const key = `${topic}-${partition}`;
      let seen = partitions.get(name);
      if (seen === undefined) partitions.set(name, (seen = new Set()));
      if (seen.has(key)) return { topic, partition };
      if (seen.size < options.maxPartitions) {
        seen.add(key);
        return { topic, partition };
      }
      let f = folded.get(name);
      if (f === undefined) folded.set(name, (f = new Set()));
      if (!f.has(key)) {
        f.add(key);
        seriesDropped.inc({ metric: name });
      }
      return gauge ? undefined : OVERFLOW;
    };

    const child = (name: NodeCounter, extra: ExtraLabels | undefined): { inc(n?: number): void } => {
      let labels: Labels | undefined = extra === undefined ? undefined : { ...extra };
      if (labels !== undefined && labels.topic !== undefined && labels.partition !== undefined) {
        const c = capped(name, labels.topic, labels.partition, false);
        if (c !== undefined) labels = { ...labels, ...c };
      }
      const cacheKey = labels === undefined ? name : `${name}\u0000${Object.values(labels).join('\u0000')}`;
      let found = children.get(cacheKey);
      if (found === undefined) {
        found = metric<Counter<string>>(name).labels({ ...base, ...labels });
        children.set(cacheKey, found);
      }
      return found;
    };

    for (const spec of NODE_METRICS) {
      for (const zero of spec.zero ?? []) {
        const m = metric(spec.name);
        if (m instanceof Histogram) m.zero({ ...base, ...zero });
        else if (m instanceof Counter) m.inc({ ...base, ...zero }, 0);
      }
    }

    return {
      count: (name, labels) => child(name, labels).inc(),
      countEvent: (level, n = 1) => child('chronik_log_events_total', { level }).inc(n),
      gauge: (name: NodeGauge, value) => metric<Gauge<string>>(name).set(base, value),
      role(role) {
        const g = metric<Gauge<string>>('chronik_log_raft_role');
        for (const r of ROLES) g.set({ ...base, role: r }, r === role ? 1 : 0);
      },
      buildInfo(v) {
        const g = metric<Gauge<string>>('chronik_log_build_info');
        if (version !== null && version !== v) g.remove({ ...base, version });
        version = v;
        g.set({ ...base, version: v }, 1);
      },
      partitionGauge(name: PartitionGauge, topic, partition, value) {
        const labels = capped(name, topic, partition, true);
        if (labels !== undefined) metric<Gauge<string>>(name).set({ ...base, ...labels }, value);
      },
      counter(name, labels) {
        const c = child(name, labels);
        return (n) => c.inc(n);
      },
      partitionGaugeSeries(name, topic, partition) {
        const labels = capped(name, topic, partition, true);
        if (labels === undefined) return undefined;
        const g = metric<Gauge<string>>(name);
        const series = { ...base, ...labels };
        return (value) => g.set(series, value);
      },
      observeStabilization: (seconds) => metric<Histogram<string>>('chronik_log_leadership_stabilization_seconds').observe(base, seconds),
    };
  }

  return {
    registry,
    exporter: (name) => metric(name),
    node(labels) {
      const base: Labels = labels.cluster_id === undefined ? { node_id: labels.node_id } : { node_id: labels.node_id, cluster_id: labels.cluster_id };
      const key = `${labels.cluster_id ?? ''}\u0000${labels.node_id}`;
      let sink = sinks.get(key);
      if (sink === undefined) sinks.set(key, (sink = createSink(base)));
      return sink;
    },
  };
}
