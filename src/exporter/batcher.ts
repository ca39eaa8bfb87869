// The exporter's per-event metric writes, held per node until the exporter returns to its caller (see
// createBatcher): prom-client hashes a label set on every call, which costs more than parsing a line.

import type { RaftRole } from '../chronik/index.js';
import type { Level } from '../lines/index.js';
import type { NodeMetrics } from '../metrics/index.js';
import type { NodeGauge, NodeSink } from '../state/index.js';

/**
 * A node's held counter series, found by the metric's name and then each label value in turn (a metric's label names
 * come in one order, so its values name a series): no key string is built per event.
 */
interface SeriesNode { held: HeldCount | undefined; next: Map<string, SeriesNode> | undefined }
const seriesNode = (): SeriesNode => ({ held: undefined, next: undefined });

function step(node: SeriesNode, value: string): SeriesNode {
  const next = (node.next ??= new Map());
  let child = next.get(value);
  if (child === undefined) next.set(value, (child = seriesNode()));
  return child;
}

/** A node's sink whose per-event writes wait for {@link Batcher.flush}. */
export type BatchedSink = NodeSink & { flush(): void };

/** Holds back the per-event metric writes of the node that is receiving events; see {@link createBatcher}. */
export interface Batcher {
  wrap(inner: NodeMetrics): BatchedSink;
  /** Writes what is held; the exporter calls it before returning to its caller. */
  flush(): void;
}

/** A counter series' increments since the last flush. */
interface HeldCount { readonly add: (n: number) => void; n: number }
/** A partition gauge series' last value since the last flush; `set` undefined for a partition the cap folded. */
interface HeldGauge { readonly set: ((value: number) => void) | undefined; value: number; due: boolean }

/** Writes and resets held counts. */
function addHeld(held: Iterable<HeldCount>): void {
  for (const c of held) {
    if (c.n === 0) continue;
    c.add(c.n);
    c.n = 0;
  }
}

/**
 * The hot path's metric writes, batched. Every event sets a gauge and increments a counter, and prom-client
 * hashes the label set on each call, which costs more than parsing the line. A scrape (or snapshot) can only
 * happen when the exporter has returned to its caller, so until then only the last value of a gauge and the
 * sum of a counter series matter. A series is resolved through metrics/ the first time it is written, so the
 * partition cap still decides in call order; build info and histograms go straight through. Batches are per
 * node and flushed when another node's batch starts, and held series keep their first-write order, so each
 * metric's series are still created in the order the events created them.
 * @example
 * const batcher = createBatcher();
 * const sink = batcher.wrap(metrics.node({ node_id: '1' }));
 * sink.countEvent('info');
 * batcher.flush(); // chronik_log_events_total{node_id="1",level="info"} += 1
 */
export function createBatcher(): Batcher {
  let active: BatchedSink | undefined;
  const flush = (): void => {
    active?.flush();
    active = undefined;
  };

  function wrap(inner: NodeMetrics): BatchedSink {
    const gauges = new Map<NodeGauge, number>();
    // Kept across flushes with n reset (or due cleared), so a series' first write keeps its place among new series.
    const counts = new Map<string, SeriesNode>(); // by metric name, then label values
    const countOrder: HeldCount[] = []; // every held counter series, in first-write order
    const events = new Map<Level, HeldCount>(); // chronik_log_events_total by level
    const partitionGauges = new Map<string, HeldGauge>();
    let role: RaftRole | null = null;
    let roleDue = false;
    const hold = (): void => {
      if (active === sink) return;
      flush();
      active = sink;
    };
    const sink: BatchedSink = {
      count(name, extra) {
        hold();
        let node = counts.get(name);
        if (node === undefined) counts.set(name, (node = seriesNode()));
        if (extra !== undefined) for (const k in extra) node = step(node, extra[k] ?? '');
        if (node.held === undefined) countOrder.push((node.held = { add: inner.counter(name, extra), n: 1 }));
        else node.held.n++;
      },
      countEvent(level, n = 1) {
        hold();
        const c = events.get(level);
        if (c === undefined) events.set(level, { add: inner.counter('chronik_log_events_total', { level }), n });
        else c.n += n;
      },
      gauge(name, value) {
        hold();
        gauges.set(name, value);
      },
      role(value) {
        hold();
        role = value;
        roleDue = true;
      },
      buildInfo: (version) => inner.buildInfo(version),
      partitionGauge(name, topic, partition, value) {
        hold();
        const key = `${name}\u0000${topic}\u0000${partition}`;
        const g = partitionGauges.get(key);
        if (g === undefined) {
          partitionGauges.set(key, { set: inner.partitionGaugeSeries(name, topic, partition), value, due: true });
        } else {
          g.value = value;
          g.due = true;
        }
      },
      observeStabilization: (seconds) => inner.observeStabilization(seconds),
      flush() {
        for (const [name, value] of gauges) inner.gauge(name, value);
        gauges.clear();
        if (roleDue) inner.role(role);
        roleDue = false;
        for (const g of partitionGauges.values()) {
          if (!g.due) continue;
          g.set?.(g.value);
          g.due = false;
        }
        addHeld(countOrder);
        addHeld(events.values());
      },
    };
    return sink;
  }

  return { wrap, flush };
}
