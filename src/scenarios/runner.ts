// Builds a fresh simulated cluster for a scenario definition and runs it, yielding every node's records.
import type { ClusterContext, EraProfile, NodeState } from './cluster.js';
import { parseLogFilter } from './log-filter.js';
import { NodeLog, type NodeOutput } from './node-log.js';
import { scheduleNoise } from './noise.js';
import { createPrng } from './prng.js';
import { Simulation } from './sim.js';
import type { ResolvedScenarioOptions, Verbosity } from './types.js';

/** A named scenario: which chronik version, how it logs, and what happens in the cluster. */
export interface ScenarioDefinition {
  readonly name: string;
  readonly version: string;
  /** One-line story, for docs and reports. */
  readonly summary: string;
  readonly era: EraProfile;
  /** The RUST_LOG directives node `nodeId` runs with. */
  rustLog(nodeId: number, verbosity: Verbosity): string;
  /** Schedules the cluster's starts, failures and restarts. */
  setup(ctx: ClusterContext): void;
}

function createNode(id: number, log: NodeLog): NodeState {
  return {
    id, log, alive: false, incarnation: 0, grpcUp: false, loopUpAt: Infinity, inbox: [],
    role: 'Follower', term: 0, vote: 0, leader: 0, previousLeader: 0, lastIndex: 0, lastLogTerm: 0, commit: 0,
    lastContact: 0, connected: new Set(), walReceiverUp: false, walConnected: new Set(),
  };
}

/**
 * Runs `definition` with `options` from scratch; every call yields the same records (deterministic).
 * Returns, per node id − 1, whether its process is still running when the run ends.
 */
export function* simulate(definition: ScenarioDefinition, options: ResolvedScenarioOptions): Generator<NodeOutput, boolean[], void> {
  const start = options.startMicros;
  const sim = new Simulation<NodeOutput>(start, start + Math.round(options.durationSeconds * 1_000_000));
  const prng = createPrng(options.seed);
  const nodes: NodeState[] = [];
  for (let id = 1; id <= options.nodes; id++) {
    const filter = parseLogFilter(definition.rustLog(id, options.verbosity));
    nodes.push(createNode(id, new NodeLog(sim, prng, id, definition.version, filter)));
  }
  const ctx: ClusterContext = {
    sim, prng, options, version: definition.version, era: definition.era, nodes, metaLeader: 0, raftLog: [],
    preferredCandidate: 1, onLeader: () => undefined,
  };
  definition.setup(ctx);
  if (options.noiseLines > 0) scheduleNoise(ctx, createPrng(options.seed ^ 0x5eed));
  yield* sim.run();
  return nodes.map((node) => node.alive);
}
