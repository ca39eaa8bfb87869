// Wires the pure stages together: bytes of one file → lines → events → observations → node state → metrics.
// Modes (replay, check, serve) drive it; only they touch files, sockets and clocks.

import { createEventAssembler, createLineSplitter, type Level, type LogEvent } from '../lines/index.js';
import { createClassifier, type Observation, type RaftRole } from '../chronik/index.js';
import {
  createNodeResolver, createNodeState,
  type ExtraLabels, type NodeData, type NodeGauge, type NodeResolver, type NodeSink, type NodeState,
} from '../state/index.js';
import { createMetrics, restoreMetrics, snapshotMetrics, type Metrics, type NodeLabels, type NodeMetrics, type SavedMetric } from '../metrics/index.js';
import type { Counter } from 'prom-client';
import { createContainerUnwrapper, type ContainerFormat } from '../sources/index.js';

/** One configured source (a glob in serve, a file in replay/check). */
export interface SourceConfig {
  readonly name: string;
  readonly nodeId?: string;
  readonly clusterId?: string;
  /** Captures the node id from the file path (first capture group), e.g. /node(\d+)/. */
  readonly nodeIdPattern?: RegExp;
  /** How the file wraps chronik's lines: raw chronik output (default), or a container runtime's log format. */
  readonly format?: 'raw' | ContainerFormat;
}

export interface ExporterOptions {
  readonly maxLineBytes: number;
  readonly stabilityWindowSeconds: number;
  readonly maxPartitions: number;
  readonly defaultMetrics: boolean;
  readonly version: string;
  readonly disabledRules?: ReadonlySet<string>;
  /** Wall clock in ms (injected so that tests drive it). */
  readonly now?: () => number;
  /** Called after each event was applied to its node (check mode's evidence and timeline). */
  readonly onObserved?: ObservedHook;
  /** Called with each event as it reaches its node (custom rules); `counting` is false while rebuilding from history. */
  readonly onEvent?: (node: NodeLabels, event: LogEvent, counting: boolean) => void;
}

export type ObservedHook = (node: NodeEntry, event: LogEvent, observations: readonly Observation[], before: Readonly<Snapshot>) => void;

/** What a hook sees of a node's state just before an event was applied. */
export interface Snapshot { stable: boolean; leaderId: number; isLeader: boolean; role: NodeData['role'] }

export interface NodeEntry {
  readonly labels: NodeLabels;
  readonly state: NodeState;
}

/** Bytes of one file of a source. */
export interface FileReader {
  /** Feeds bytes; `counting` false while rebuilding state from history (gauges only). */
  push(chunk: Buffer, counting: boolean): void;
  /** Reached the end of what the file holds now: emit a pending multi-line event. */
  caughtUp(): void;
  /** End of the file (replay) or the file was rotated away or deleted: flush the unterminated last line too. */
  end(): void;
  /** The file was truncated: forget partial state and read from byte 0 again. */
  reset(): void;
  /** Bytes held for an unterminated line (bounded by max_line_bytes). */
  readonly bufferedBytes: number;
}

export interface SourcePipeline {
  readonly config: SourceConfig;
  file(path: string): FileReader;
  /** Releases events held while waiting for the node id (end of input). */
  release(): void;
}

/** Everything a checkpoint holds of the exporter: node state, established node ids, metric values. */
export interface ExporterSnapshot {
  readonly nodes: readonly { readonly labels: NodeLabels; readonly data: NodeData }[];
  /** Source name and file path (joined by NUL) → the node id that file's log established. */
  readonly sources: Readonly<Record<string, string>>;
  readonly metrics: readonly SavedMetric[];
}

export interface Exporter {
  readonly metrics: Metrics;
  /** The state to checkpoint; undefined while a source holds events waiting for its node id (try again later). */
  snapshot(): Promise<ExporterSnapshot | undefined>;
  /** Restores a checkpoint; call before the first `source()`. */
  restore(snapshot: ExporterSnapshot): void;
  source(config: SourceConfig): SourcePipeline;
  nodes(): readonly NodeEntry[];
  /** Live tailing: resolves stability windows on the wall clock and releases events held too long. */
  tick(): void;
}

const HOLD_WALL_MS = 5000;

/** `name` plus the label values, cached per metric and value so that the per-event lookup builds no string. */
const seriesKeys = new Map<string, Map<string, string>>();
function seriesKey(name: string, extra: ExtraLabels): string {
  let value: string | undefined;
  for (const k in extra) {
    if (value !== undefined) return valuesKey(name, extra); // not a one-label series
    value = extra[k];
  }
  if (value === undefined) return name;
  let byValue = seriesKeys.get(name);
  if (byValue === undefined) seriesKeys.set(name, (byValue = new Map()));
  let key = byValue.get(value);
  if (key === undefined) byValue.set(value, (key = `${name}\u0000${value}`));
  return key;
}

/** `name` and every label value, NUL-separated (a metric's label names come in one order: its values name a series). */
function valuesKey(name: string, extra: ExtraLabels): string {
  let key = name;
  for (const k in extra) key += `\u0000${extra[k] ?? ''}`;
  return key;
}

/** A node's sink whose per-event writes wait for {@link Batcher.flush}. */
type BatchedSink = NodeSink & { flush(): void };

/** Holds back the per-event metric writes of the node that is receiving events; see {@link createBatcher}. */
interface Batcher {
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
 */
function createBatcher(): Batcher {
  let active: BatchedSink | undefined;
  const flush = (): void => {
    active?.flush();
    active = undefined;
  };

  function wrap(inner: NodeMetrics): BatchedSink {
    const gauges = new Map<NodeGauge, number>();
    // Kept across flushes with n reset (or due cleared), so a series' first write keeps its place among new series.
    const counts = new Map<string, HeldCount>();
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
        const key = extra === undefined ? name : seriesKey(name, extra);
        const c = counts.get(key);
        if (c === undefined) counts.set(key, { add: inner.counter(name, extra), n: 1 });
        else c.n++;
      },
      countEvent(level) {
        hold();
        const c = events.get(level);
        if (c === undefined) events.set(level, { add: inner.counter('chronik_log_events_total', { level }), n: 1 });
        else c.n++;
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
        addHeld(counts.values());
        addHeld(events.values());
      },
    };
    return sink;
  }

  return { wrap, flush };
}

/**
 * Creates an exporter: metrics, classifier and per-node state behind one set of sources.
 * @example
 * const exporter = createExporter({ maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 10000, defaultMetrics: false, version: '0.1.0' });
 * const reader = exporter.source({ name: 'node1.log' }).file('node1.log');
 * reader.push(bytes, true); reader.end();
 */
export function createExporter(options: ExporterOptions): Exporter {
  const now = options.now ?? Date.now;
  const metrics = createMetrics({ maxPartitions: options.maxPartitions, defaultMetrics: options.defaultMetrics, version: options.version });
  const ruleMatches = metrics.exporter('chronik_log_exporter_rule_matches_total') as Counter<string>; // a counter of the contract
  // Matches per rule since the last flush, in first-match order (the order their series are created in).
  const matchCounts = new Map<string, { child: { inc(n: number): void }; n: number }>();
  const classifier = createClassifier({
    ...(options.disabledRules === undefined ? {} : { disabled: options.disabledRules }),
    onMatch(rule) {
      const c = matchCounts.get(rule);
      if (c === undefined) matchCounts.set(rule, { child: ruleMatches.labels({ rule }), n: 1 });
      else c.n++;
    },
  });
  const batcher = createBatcher();
  /** Writes every held metric update: called before each entry point returns to its caller. */
  // The wall clock, read once per call into the exporter (every entry point ends with flushMetrics, which
  // forgets it): Date.now() costs ~0.1 µs on some VMs, as much as a third of a line's parsing.
  let wallOfCall: number | undefined;
  const wallNow = (): number => (wallOfCall ??= now());
  const flushMetrics = (): void => {
    wallOfCall = undefined;
    batcher.flush();
    for (const c of matchCounts.values()) {
      if (c.n === 0) continue;
      c.child.inc(c.n);
      c.n = 0;
    }
  };
  const nodes = new Map<string, NodeEntry & { wallAtLastEvent: number }>();
  const resolvers = new Map<string, NodeResolver>();
  const restoredNodes = new Map<string, NodeData>();
  const restoredSources = new Map<string, string>();
  const counter = (name: string) => metrics.exporter(name) as Counter<string>; // names below are counters of the contract

  const nodeFor = (labels: NodeLabels): NodeEntry & { wallAtLastEvent: number } => {
    const key = `${labels.cluster_id ?? ''}\u0000${labels.node_id}`;
    let entry = nodes.get(key);
    if (entry === undefined) {
      batcher.flush(); // a new node's zeroed series come after what other nodes wrote before it
      const state = createNodeState(batcher.wrap(metrics.node(labels)), { stabilityWindowSeconds: options.stabilityWindowSeconds }, restoredNodes.get(key));
      entry = { labels, state, wallAtLastEvent: now() };
      nodes.set(key, entry);
    }
    return entry;
  };

  function source(config: SourceConfig): SourcePipeline {
    const lines = counter('chronik_log_exporter_lines_total').labels({ source: config.name });
    const bytes = counter('chronik_log_exporter_bytes_total').labels({ source: config.name });
    const unparsed = counter('chronik_log_exporter_lines_unparsed_total').labels({ source: config.name });
    const dropped = counter('chronik_log_exporter_lines_dropped_total').labels({ source: config.name, reason: 'too_long' });
    const nul = counter('chronik_log_exporter_bytes_skipped_total').labels({ source: config.name, reason: 'nul' });
    const conflicts = counter('chronik_log_exporter_node_id_conflicts_total').labels({ source: config.name });
    for (const c of [lines, bytes, unparsed, dropped, nul, conflicts]) c.inc(0);
    // One resolver per path: a glob source covers several nodes' files, each file is one node's log, and a
    // file that replaces another at the same path (rotation) inherits the id its predecessor established.
    const byPath = new Map<string, NodeResolver>();
    const resolverFor = (path: string): NodeResolver => {
      const known = byPath.get(path);
      if (known !== undefined) return known;
      const idFromPath = config.nodeIdPattern?.exec(path)?.[1];
      // The node the last event went to: consecutive events of a file almost always share it.
      let lastNodeId: string | undefined;
      let lastEntry: (NodeEntry & { wallAtLastEvent: number }) | undefined;
      const resolver = createNodeResolver({
        ...(config.nodeId === undefined ? {} : { configured: config.nodeId }),
        known: restoredSources.get(`${config.name}\u0000${path}`),
        fromPath: idFromPath,
        now,
        onConflict: () => conflicts.inc(),
        deliver(nodeId, event, observations, counting) {
          let entry = lastEntry;
          if (entry === undefined || nodeId !== lastNodeId) {
            const labels: NodeLabels = config.clusterId === undefined ? { node_id: nodeId } : { node_id: nodeId, cluster_id: config.clusterId };
            entry = lastEntry = nodeFor(labels);
            lastNodeId = nodeId;
          }
          entry.wallAtLastEvent = wallNow();
          options.onEvent?.(entry.labels, event, counting);
          if (options.onObserved === undefined) {
            entry.state.apply(event, observations, counting);
            return;
          }
          const d = entry.state.data;
          const before: Snapshot = { stable: d.stability.stable, leaderId: d.leaderId, isLeader: d.isLeader, role: d.role };
          entry.state.apply(event, observations, counting);
          options.onObserved(entry, event, observations, before);
        },
      });
      byPath.set(path, resolver);
      resolvers.set(`${config.name}\u0000${path}`, resolver);
      return resolver;
    };

    function file(path: string): FileReader {
      const resolver = resolverFor(path);
      let counting = true;
      let pendingLines = 0; // lines since the last flush: one counter update per call instead of per line
      const flush = (): void => {
        if (pendingLines > 0) lines.inc(pendingLines);
        pendingLines = 0;
        flushMetrics();
      };
      const assembler = createEventAssembler({
        onEvent: (event) => resolver.push(event, classifier.classify(event), counting),
        onUnparsed: () => unparsed.inc(),
        // Messages stay in their bytes until the classifier needs them (push settles them before returning);
        // hooks may keep events, so with hooks every message is decoded up front.
        undecodedMessages: options.onEvent === undefined && options.onObserved === undefined,
      });
      // Container runtimes wrap each of chronik's lines (CRI, docker json-file): unwrap, join partial pieces.
      const unwrapper = config.format === undefined || config.format === 'raw' ? undefined : createContainerUnwrapper(config.format, { maxLineBytes: options.maxLineBytes });
      const unwrapped = (line: string): void => {
        const r = unwrapper?.push(line);
        if (r === undefined) return;
        if (r.kind === 'line') assembler.line(r.text);
        else if (r.kind === 'invalid') unparsed.inc();
        else if (r.kind === 'too_long') dropped.inc();
      };
      const flushPieces = (): void => {
        for (const piece of unwrapper?.flush() ?? []) assembler.line(piece.text);
      };
      const newSplitter = () => createLineSplitter({
        maxLineBytes: options.maxLineBytes,
        onLine(line) {
          pendingLines++;
          if (unwrapper === undefined) assembler.line(line);
          else unwrapped(line);
        },
        ...(unwrapper === undefined ? {
          onLineBytes(chunk: Buffer, start: number, end: number) {
            if (!assembler.lineBytes(chunk, start, end)) return false;
            pendingLines++;
            return true;
          },
        } : {}),
        onTooLong: () => dropped.inc(),
        onNulSkipped: (n) => nul.inc(n),
      });
      let splitter = newSplitter();
      return {
        push(chunk, countingNow) {
          if (countingNow !== counting) {
            assembler.flush(); // an event of the history must not be counted because the next line is live
            counting = countingNow;
          }
          // Bytes count once their line is complete: a partial last line is not in a checkpoint's offset, and is
          // read (and would be counted) again after a restart.
          const heldBefore = splitter.bufferedBytes;
          splitter.push(chunk);
          assembler.settle(); // the caller may reuse the chunk's buffer once push returns
          bytes.inc(chunk.length + heldBefore - splitter.bufferedBytes);
          flush();
        },
        caughtUp() {
          assembler.flush();
          flush();
        },
        end() {
          bytes.inc(splitter.bufferedBytes); // the unterminated last line is a line now
          splitter.end();
          flushPieces(); // the file went away: pieces whose last part never came are lines too
          assembler.flush();
          flush();
        },
        reset() {
          assembler.flush();
          flush();
          unwrapper?.reset();
          splitter = newSplitter();
        },
        get bufferedBytes() { return splitter.bufferedBytes; },
      };
    }

    return {
      config,
      file,
      release() {
        for (const resolver of byPath.values()) resolver.release();
        flushMetrics();
      },
    };
  }

  return {
    metrics,
    source,
    nodes: () => [...nodes.values()],
    async snapshot() {
      flushMetrics();
      for (const r of resolvers.values()) if (r.heldSince !== undefined) return undefined;
      const sources: Record<string, string> = {};
      for (const [name, r] of resolvers) if (r.nodeId !== undefined) sources[name] = r.nodeId;
      return {
        nodes: [...nodes.values()].map((n) => ({ labels: n.labels, data: structuredClone(n.state.data) })),
        sources,
        metrics: await snapshotMetrics(metrics.registry),
      };
    },
    restore(snapshot) {
      for (const [name, id] of Object.entries(snapshot.sources)) restoredSources.set(name, id);
      for (const n of snapshot.nodes) {
        restoredNodes.set(`${n.labels.cluster_id ?? ''}\u0000${n.labels.node_id}`, structuredClone(n.data));
        nodeFor(n.labels);
      }
      // After the nodes exist: creating a node zeroes its series, which must not wipe the restored values.
      restoreMetrics(metrics.registry, snapshot.metrics);
    },
    tick() {
      const wall = now();
      for (const r of resolvers.values()) {
        if (r.heldSince !== undefined && wall - r.heldSince >= HOLD_WALL_MS) r.release();
      }
      for (const entry of nodes.values()) {
        const d = entry.state.data;
        if (d.lastEventTime === 0) continue;
        entry.state.tick(d.lastEventTime + (wall - entry.wallAtLastEvent) / 1000, true);
      }
      flushMetrics();
    },
  };
}
