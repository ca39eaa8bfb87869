// What differs inside era A (v2.2.0–v2.2.6), per the catalog's §3 era notes.
import { compareVersions } from '../version.js';

/** Behaviour switches of one era-A version. */
export interface EraAFeatures {
  /** v2.2.1+: 15 × 2 s Raft proposal loop for the node's own broker, then "after 16 attempts". */
  readonly brokerRaftLoop: boolean;
  /** v2.2.0: every node, followers included, believes it may initialise partition metadata. */
  readonly everyNodeInitialisesMetadata: boolean;
  /** ≤ v2.2.2: the leader-election monitor runs on followers too (`is_leader_ready()`), failing every 3 s. */
  readonly followersRunMonitor: boolean;
}

/** The switches for `version` (must be within v2.2.0–v2.2.6). */
export function eraAFeatures(version: string): EraAFeatures {
  return {
    brokerRaftLoop: compareVersions(version, 'v2.2.1') >= 0,
    everyNodeInitialisesMetadata: compareVersions(version, 'v2.2.0') === 0,
    followersRunMonitor: compareVersions(version, 'v2.2.2') <= 0,
  };
}

/** The anyhow text of `RaftCluster::propose` on a non-leader (never a line of its own). */
export function cannotPropose(id: number, state: string, leader: number): string {
  return `Cannot propose: this node (id=${id}) is not the leader (state=${state}, leader=${leader})`;
}
