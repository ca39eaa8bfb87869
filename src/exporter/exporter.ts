// Wires the pure stages together: bytes of one file → lines → events → observations → node state → metrics.
// Modes (replay, check, serve) drive it; only they touch files, sockets and clocks.

import {
  createEventAssembler, createLineSplitter, PLAN_LEVELS, PLAN_OTHER, PLAN_QUIET, plannedEnd, plannedKind, plannedLocation,
  plannedResume, plannedRun, plannedStart, tallyRun,
  type HeaderLocation, type Level, type LinePlan, type LogEvent,
} from '../lines/index.js';
import { createClassifier, type Observation } from '../chronik/index.js';
import {
  createNodeResolver, createNodeState, UNKNOWN_NODE,
  type NodeData, type NodeResolver, type NodeState,
} from '../state/index.js';
import { createMetrics, restoreMetrics, snapshotMetrics, type Metrics, type NodeLabels, type SavedMetric } from '../metrics/index.js';
import { createBatcher } from './batcher.js';
import type { Counter } from 'prom-client';
import { createContainerUnwrapper, isRotatedName, type ContainerFormat } from '../sources/index.js';

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
  /**
   * Metric writes wait for the end of a file (or `release`) instead of each push: for replay and check, which read
   * the registry only once everything was read. Writing them costs ~0.1 ms a push.
   */
  readonly holdMetrics?: boolean;
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
  /**
   * Feeds bytes; `counting` false while rebuilding state from history (gauges only). `plan`: the chunk's lines
   * located ahead by a {@link LinePlanner} that was given every chunk of this file (replay's read-ahead thread).
   */
  push(chunk: Buffer, counting: boolean, plan?: LinePlan): void;
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
  /**
   * Chunks pushed with a plan that was followed to its end, or abandoned (out of step with the splitter); lines
   * delivered in runs. For tests and profiling.
   */
  readonly planStats: Readonly<PlanStats>;
  /** Live tailing: resolves stability windows on the wall clock and releases events held too long. */
  tick(): void;
}

const HOLD_WALL_MS = 5000;

type Entry = NodeEntry & { wallAtLastEvent: number };
/** A path's node attribution: its resolver, and the node its events without observations go to now. */
interface PathNodes { readonly resolver: NodeResolver; quietEntry(): Entry | undefined }

export interface PlanStats { used: number; missed: number; runLines: number }

/**
 * Creates an exporter: metrics, classifier and per-node state behind one set of sources.
 * @example
 * const exporter = createExporter({ maxLineBytes: 65536, stabilityWindowSeconds: 10, maxPartitions: 10000, defaultMetrics: false, version: '0.1.0' });
 * const reader = exporter.source({ name: 'node1.log' }).file('node1.log');
 * reader.push(bytes, true); reader.end();
 */
export function createExporter(options: ExporterOptions): Exporter {
  const now = options.now ?? Date.now;
  const planStats: PlanStats = { used: 0, missed: 0, runLines: 0 };
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
  // Without hooks, events that say nothing skip being built (the assembler's `quiet` path): hooks see every event.
  const quietEvents = options.onEvent === undefined && options.onObserved === undefined;
  // The wall clock, read once per call into the exporter (every entry point ends with endCall or flushMetrics,
  // which forget it): Date.now() costs ~0.1 µs on some VMs, as much as a third of a line's parsing.
  let wallOfCall: number | undefined;
  const wallNow = (): number => (wallOfCall ??= now());
  const endCall = (): void => { wallOfCall = undefined; };
  /** Writes every held metric update: called before each entry point returns to its caller (push: unless holdMetrics). */
  const flushMetrics = (): void => {
    endCall();
    batcher.flush();
    for (const c of matchCounts.values()) {
      if (c.n === 0) continue;
      c.child.inc(c.n);
      c.n = 0;
    }
  };
  const nodes = new Map<string, Entry>();
  const resolvers = new Map<string, NodeResolver>();
  const restoredNodes = new Map<string, NodeData>();
  const restoredSources = new Map<string, string>();
  const counter = (name: string) => metrics.exporter(name) as Counter<string>; // names below are counters of the contract

  const nodeFor = (labels: NodeLabels): Entry => {
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
    const byPath = new Map<string, PathNodes>();
    /**
     * The id of a file's own log stream as its rotated generations tell it, this life or the last: a copytruncate
     * copy (`node2.log.1`) continues `node2.log`, and `node2.log` continues the copy that holds its banner. Never
     * "unknown".
     */
    const inheritedId = (path: string): string | undefined => {
      const usable = (id: string | undefined): id is string => id !== undefined && id !== UNKNOWN_NODE;
      const related = (other: string): boolean => isRotatedName(path, other) || isRotatedName(other, path);
      for (const [other, { resolver: r }] of byPath) if (related(other) && usable(r.nodeId)) return r.nodeId;
      for (const [key, id] of restoredSources) {
        const [name, other = ''] = key.split('\u0000');
        if (name === config.name && related(other) && usable(id)) return id;
      }
      return undefined;
    };
    const nodesFor = (path: string): PathNodes => {
      const known = byPath.get(path);
      if (known !== undefined) return known;
      const idFromPath = config.nodeIdPattern?.exec(path)?.[1];
      // The node the last event went to: consecutive events of a file almost always share it.
      let lastNodeId: string | undefined;
      let lastEntry: Entry | undefined;
      /** The node an event goes to, now that it has one. */
      const entryOf = (nodeId: string): Entry => {
        let entry = lastEntry;
        if (entry === undefined || nodeId !== lastNodeId) {
          const labels: NodeLabels = config.clusterId === undefined ? { node_id: nodeId } : { node_id: nodeId, cluster_id: config.clusterId };
          entry = lastEntry = nodeFor(labels);
          lastNodeId = nodeId;
        }
        entry.wallAtLastEvent = wallNow();
        return entry;
      };
      const resolver = createNodeResolver({
        ...(config.nodeId === undefined ? {} : { configured: config.nodeId }),
        known: restoredSources.get(`${config.name}\u0000${path}`) ?? inheritedId(path),
        inherited: () => inheritedId(path),
        fromPath: idFromPath,
        now,
        onConflict: () => conflicts.inc(),
        deliver(nodeId, event, observations, counting) {
          const entry = entryOf(nodeId);
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
      const nodes: PathNodes = {
        resolver,
        // While the resolver holds no events, an event without observations goes straight to the node in use.
        quietEntry: () => (resolver.nodeId === undefined ? undefined : entryOf(resolver.nodeId)),
      };
      byPath.set(path, nodes);
      resolvers.set(`${config.name}\u0000${path}`, resolver);
      return nodes;
    };

    function file(path: string): FileReader {
      const { resolver, quietEntry } = nodesFor(path);
      let counting = true;
      let pendingLines = 0; // lines since the last flush: one counter update per call instead of per line
      /** A quiet event (see the assembler's `quiet`): false while its node is not known (then it is built and held). */
      const takeQuiet = (time: number, level: Level): boolean => {
        const entry = quietEntry();
        entry?.state.applyQuiet(time, level, counting);
        return entry !== undefined;
      };
      const flush = (): void => {
        if (pendingLines > 0) lines.inc(pendingLines);
        pendingLines = 0;
        flushMetrics();
      };
      const assembler = createEventAssembler({
        onEvent: (event) => resolver.push(event, classifier.classify(event), counting),
        onUnparsed: () => unparsed.inc(),
        // Messages stay in their bytes until the classifier needs them (push settles them before returning), and
        // events that only count are never built; hooks see and may keep every event, so with hooks neither.
        undecodedMessages: quietEvents,
        ...(quietEvents ? { quiet: { test: classifier.quiet, take: takeQuiet } } : {}),
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
            // A plan made from a chunk's first newline on (a second planner thread's) lacks a first line that
            // started the chunk: that one is located here.
            if (plan !== undefined && !(planned < plan.count && start < plannedStart(plan, planned))) {
              const i = planned++;
              if (i < plan.count && plannedStart(plan, i) === start && plannedEnd(plan, i) === end) {
                const kind = plannedKind(plan, i);
                if (kind === PLAN_OTHER) return false;
                const run = plannedRun(plan, i);
                if (run > 0 && takeRun(plan, i, run)) {
                  planned = i + run;
                  pendingLines += run;
                  planStats.runLines += run;
                  return plannedResume(plan, i);
                }
                assembler.lineLocated(chunk, end, plannedLocation(plan, i, location), kind === PLAN_QUIET);
                pendingLines++;
                return true;
              }
              plan = undefined; // out of step (never expected): locate the rest here
              planStats.missed++;
            }
            if (!assembler.lineBytes(chunk, start, end)) return false;
            pendingLines++;
            return true;
          },
        } : {}),
        onTooLong: () => dropped.inc(),
        onNulSkipped: (n) => nul.inc(n),
      });
      let splitter = newSplitter();
      // The pushed chunk's plan, and the next line of it.
      let plan: LinePlan | undefined;
      let planned = 0;
      // A run of quiet lines of a plan, delivered at once: the latest time and counts by level (PLAN_LEVELS order).
      const runCounts = new Float64Array(PLAN_LEVELS.length);
      let runLatest = 0;
      const takeRunNow = (): boolean => {
        const entry = quietEntry();
        entry?.state.applyQuietMany(runLatest, PLAN_LEVELS, runCounts, counting);
        return entry !== undefined;
      };
      const takeRun = (p: LinePlan, first: number, n: number): boolean => {
        runLatest = tallyRun(p, first, n, runCounts);
        return assembler.lineRun(p.times[first + n - 1] ?? 0, takeRunNow);
      };
      const location: HeaderLocation = { time: 0, level: 'info', targetStart: 0, targetEnd: 0, messageStart: 0, escape: -1 };
      return {
        push(chunk, countingNow, chunkPlan) {
          if (countingNow !== counting) {
            assembler.flush(); // an event of the history must not be counted because the next line is live
            counting = countingNow;
          }
          // Bytes count once their line is complete: a partial last line is not in a checkpoint's offset, and is
          // read (and would be counted) again after a restart.
          const heldBefore = splitter.bufferedBytes;
          plan = chunkPlan;
          planned = 0;
          splitter.push(chunk);
          if (plan !== undefined) {
            if (planned === plan.count) planStats.used++;
            else planStats.missed++;
          }
          plan = undefined;
          assembler.settle(); // the caller may reuse the chunk's buffer once push returns
          bytes.inc(chunk.length + heldBefore - splitter.bufferedBytes);
          if (options.holdMetrics === true) endCall();
          else flush();
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
        for (const { resolver } of byPath.values()) resolver.release();
        flushMetrics();
      },
    };
  }

  return {
    metrics,
    source,
    nodes: () => [...nodes.values()],
    planStats,
    async snapshot() {
      flushMetrics();
      for (const r of resolvers.values()) if (r.heldSince !== undefined) return undefined;
      // Ids restored from the last checkpoint stay for paths not read again yet (a rotated file found later).
      const sources: Record<string, string> = Object.fromEntries(restoredSources);
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
