// The simulated cluster: per-node Raft/process state, addresses, and the context every process shares.
import type { NodeLog, NodeOutput } from './node-log.js';
import type { Prng } from './prng.js';
import type { Simulation } from './sim.js';
import type { ResolvedScenarioOptions } from './types.js';

/** Raft role as raft-rs names it. */
export type Role = 'Follower' | 'Candidate' | 'Leader';

/** Mutable state of one node (one chronik process at a time). */
export interface NodeState {
  readonly id: number;
  readonly log: NodeLog;
  alive: boolean;
  /** Bumped at every process start; processes of older incarnations stop. */
  incarnation: number;
  grpcUp: boolean;
  /** When the Raft loop runs; Infinity while not started (messages then wait in `inbox`). */
  loopUpAt: number;
  /** Messages delivered before the Raft loop started, processed when it starts. */
  readonly inbox: Array<() => void>;
  role: Role;
  term: number;
  vote: number;
  /** Raft's own leader id (0 = none). */
  leader: number;
  /** Last non-zero leader this process saw (for `Leader change detected A → B`). */
  previousLeader: number;
  lastIndex: number;
  /** Term of the last log entry. */
  lastLogTerm: number;
  commit: number;
  /** Last time a leader (or a candidate we voted for) was heard. */
  lastContact: number;
  /** Peers with an open transport channel (`Connected to peer` already logged). */
  readonly connected: Set<number>;
  walReceiverUp: boolean;
  /** Followers this node streams WAL to (its connection manager is connected to them). */
  readonly walConnected: Set<number>;
}

/** Behaviour that differs between era A (v2.2.0–v2.2.6) and era C (v2.2.9+). */
export interface EraProfile {
  readonly era: 'A' | 'C';
  /** Randomised election timeout range in µs ([tick, 2·tick) × 100 ms). */
  readonly electionTimeout: readonly [number, number];
  /** Era C retries a send for ~5.5 s before `MESSAGE LOST`; era A logs each failure at once. */
  readonly lostAfterRetries: boolean;
}

/** Everything a scenario's processes share. */
export interface ClusterContext {
  readonly sim: Simulation<NodeOutput>;
  readonly prng: Prng;
  readonly options: ResolvedScenarioOptions;
  readonly version: string;
  readonly era: EraProfile;
  readonly nodes: readonly NodeState[];
  /** Leader recorded in the committed `__meta-0` partition metadata (era A); 0 until committed. */
  metaLeader: number;
  /** The replicated Raft log: term and payload size per index (index 1 at position 0). */
  readonly raftLog: Array<{ readonly term: number; readonly dataLen: number }>;
  /** Node whose election timer fires first when a leader disappears (lowest surviving id by default). */
  preferredCandidate: number;
  /** Called when a node becomes Raft leader (scenario-specific follow-ups). */
  onLeader: (node: NodeState) => void;
}

/** The node with `id` (1-based); throws for an unknown id. */
export function nodeById(ctx: ClusterContext, id: number): NodeState {
  const node = ctx.nodes[id - 1];
  if (node === undefined) throw new RangeError(`Expected a node id from 1 to ${ctx.nodes.length}, got ${id}`);
  return node;
}

/** Ids of every node except `id`. */
export function peersOf(ctx: ClusterContext, id: number): number[] {
  return ctx.nodes.map((n) => n.id).filter((other) => other !== id);
}

/** Majority of the voter set. */
export function quorum(ctx: ClusterContext): number {
  return Math.floor(ctx.nodes.length / 2) + 1;
}

/** Reachable over the network right now (process alive, Raft gRPC server listening). */
export function reachable(node: NodeState): boolean {
  return node.alive && node.grpcUp;
}

/** Per-node ports and addresses, as the launch scripts configure them. */
export const addr = {
  raftPort: (id: number): number => 5000 + id,
  kafkaPort: (id: number): number => 9091 + id,
  walPort: (id: number): number => 9290 + id,
  metricsPort: (id: number): number => 13000 + id,
  searchPort: (id: number): number => 6000 + id,
  adminPort: (id: number): number => 10000 + id,
  raftUrl: (id: number): string => `http://localhost:${5000 + id}`,
  walFollower: (id: number): string => `localhost:${9290 + id}`,
  /** tonic Status text when a connect to a down peer fails (illustrative runtime text, catalog §3.8). */
  connectError: (id: number): string =>
    `gRPC error: status: Unavailable, message: "Failed to connect to http://localhost:${5000 + id}: transport error", details: [], metadata: MetadataMap { headers: {} }`,
  /** tonic Status text of a failed RPC on a pooled channel (illustrative, catalog §1.3). */
  transientError:
    'status: Unavailable, message: "error trying to connect: tcp connect error: Connection refused (os error 111)", details: [], metadata: MetadataMap { headers: {} }',
} as const;

/** Starts a generator process bound to the node's current incarnation. */
export function spawnFor(ctx: ClusterContext, node: NodeState, process: Generator<number, void, void>, delay = 0): void {
  const incarnation = node.incarnation;
  ctx.sim.spawn(process, () => node.alive && node.incarnation === incarnation, delay);
}

/** Runs `run` at `time` unless the node's incarnation changed (or it died) by then. */
export function atFor(ctx: ClusterContext, node: NodeState, time: number, run: () => void): void {
  const incarnation = node.incarnation;
  ctx.sim.at(time, () => {
    if (node.alive && node.incarnation === incarnation) run();
  });
}

/** A jittered duration: `base` µs ± `spread` µs. */
export function jitter(ctx: ClusterContext, base: number, spread: number): number {
  return base + ctx.prng.int(-spread, spread);
}
