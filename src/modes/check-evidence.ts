// check mode's evidence: what happened, when and on which node, collected while the logs are read.

import type { LogEvent } from '../lines/index.js';
import type { Observation } from '../chronik/index.js';
import type { NodeEntry, Snapshot } from '../exporter/index.js';
import { formatEventTime } from './format-time.js';

export interface Occurrence { readonly time: number; readonly node: string; readonly text: string }

/** Occurrences of one kind of fact: count, first and last. */
export class Tally {
  count = 0;
  first: Occurrence | undefined;
  last: Occurrence | undefined;
  readonly nodes = new Set<string>();
  add(o: Occurrence): void {
    this.count++;
    this.first ??= o;
    this.last = o;
    this.nodes.add(o.node);
  }
}

export interface NodeStartupFacts {
  /** Time of the last startup banner, if any. */
  startup: number | undefined;
  /** Seconds from that banner to stable leadership, once known. */
  stabilization: number | undefined;
  /** Stability was lost after being gained in the last startup. */
  disruptedAfterStable: Occurrence | undefined;
}

export interface Evidence {
  readonly leaderElected: Tally;
  readonly metadataInit: Tally;
  readonly proposalFailures: Tally;
  readonly failedElections: Tally;
  readonly cannotProposePartition: Tally;
  readonly metadataProposed: Tally;
  readonly timeline: Occurrence[];
  readonly startups: Map<string, NodeStartupFacts>;
}

const firstLine = (message: string): string => {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
};

/** Creates an empty evidence record and the exporter hook that fills it. */
export function createEvidence(stabilityWindowSeconds: number): { evidence: Evidence; hook: (node: NodeEntry, event: LogEvent, observations: readonly Observation[], before: Readonly<Snapshot>) => void } {
  const evidence: Evidence = {
    leaderElected: new Tally(), metadataInit: new Tally(), proposalFailures: new Tally(), failedElections: new Tally(),
    cannotProposePartition: new Tally(), metadataProposed: new Tally(), timeline: [], startups: new Map(),
  };
  const initialised = new Set<string>();
  const hook = (node: NodeEntry, event: LogEvent, observations: readonly Observation[], before: Readonly<Snapshot>): void => {
    const id = node.labels.node_id;
    const d = node.state.data;
    const occ = (text: string): Occurrence => ({ time: event.time, node: id, text });
    const line = (): Occurrence => occ(firstLine(event.message));
    let facts = evidence.startups.get(id);
    if (facts === undefined) evidence.startups.set(id, (facts = { startup: undefined, stabilization: undefined, disruptedAfterStable: undefined }));
    for (const o of observations) {
      switch (o.kind) {
        case 'banner':
          facts.startup = event.time;
          facts.stabilization = undefined;
          facts.disruptedAfterStable = undefined;
          evidence.timeline.push(occ(`process start, chronik ${o.version}`));
          break;
        case 'shutdown': evidence.timeline.push(line()); break;
        case 'role':
          if (o.role === 'leader') evidence.leaderElected.add(occ(`became leader at term ${o.term}`));
          evidence.timeline.push(occ(`became ${o.role} at term ${o.term}`));
          break;
        case 'election_started': evidence.timeline.push(occ('starting a new election')); break;
        case 'metadata_init': {
          // v2.2.1 logs two lines per initialisation: one per node and startup.
          const key = `${id}@${facts.startup ?? ''}`;
          if (!initialised.has(key)) {
            initialised.add(key);
            evidence.metadataInit.add(line());
            evidence.timeline.push(line());
          }
          break;
        }
        case 'proposal_failure': evidence.proposalFailures.add(line()); evidence.timeline.push(line()); break;
        case 'partition_election':
          if (!o.ok) {
            evidence.failedElections.add(line());
            evidence.timeline.push(line());
          }
          break;
        case 'not_leader':
          if (o.context === 'partition_election' || o.context === 'partition_proposal') evidence.cannotProposePartition.add(line());
          break;
        case 'partition_meta':
          if (o.isr !== undefined) evidence.metadataProposed.add(line());
          break;
        case 'lost_leadership': evidence.timeline.push(line()); break;
        default: break;
      }
    }
    if (before.leaderId !== d.leaderId) evidence.timeline.push(occ(d.leaderId === 0 ? 'no leader known' : `leader is now node ${d.leaderId}`));
    if (!before.stable && d.stability.stable) {
      const since = d.stability.since ?? event.time;
      if (facts.stabilization === undefined && facts.startup !== undefined) facts.stabilization = Math.max(0, since - facts.startup);
      evidence.timeline.push({ time: since + stabilityWindowSeconds, node: id, text: `leadership stable (settled at ${formatEventTime(since)}, no disruption for ${stabilityWindowSeconds} s)` });
    }
    if (before.stable && !d.stability.stable) {
      const o = line();
      if (facts.disruptedAfterStable === undefined && facts.stabilization !== undefined) facts.disruptedAfterStable = o;
      evidence.timeline.push(occ(`leadership stability lost: ${o.text}`));
    }
  };
  return { evidence, hook };
}
