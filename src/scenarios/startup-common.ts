// Startup lines shared by every era: banner, cluster configuration, raft-rs node creation.
import type { ClusterContext, NodeState } from './cluster.js';
import { debugList } from './format.js';

/** Banner and configuration block (`Chronik Server v…` … `Cluster peers: N nodes`). */
export function logBanner(ctx: ClusterContext, node: NodeState, configPath: string): void {
  const log = node.log;
  const n = ctx.nodes.length;
  log.log('main.banner', [ctx.version.replace(/^v/, '')]);
  log.log('main.buildFeatures', ['true', 'true', 'false']);
  log.log('main.loadingConfig', [configPath]);
  log.log('main.loadedConfig', [], { optional: true });
  log.log('main.nodeId', [node.id]);
  log.log('main.replicationFactor', [Math.min(3, n)], { optional: true });
  log.log('main.minIsr', [Math.min(2, n)], { optional: true });
  log.log('main.peers', [n], { optional: true });
  log.log('main.clusterMode', [node.id]);
  log.log('main.chronikClusterMode', [node.id]);
  log.log('main.clusterPeers', [n]);
}

/** `peers=[(2, "localhost:5002"), …]` as chronik's `{:?}` prints the peer list. */
export function peerListDebug(ctx: ClusterContext, id: number): string {
  const peers = ctx.nodes.filter((n) => n.id !== id).map((n) => `(${n.id}, "localhost:${5000 + n.id}")`);
  return `[${peers.join(', ')}]`;
}

/** Voter ids as `{:?}`. */
export function votersDebug(ctx: ClusterContext): string {
  return debugList(ctx.nodes.map((n) => n.id));
}

/** raft-rs boot: `became follower at term T`, `newRaft …`, `RawNode created …` (from the node's persisted state). */
export function logRaftNodeCreated(ctx: ClusterContext, node: NodeState): void {
  const voters = ctx.nodes.map((n) => n.id).join(', ');
  node.log.log('raft.becameFollower', { term: node.term, id: node.id, from_role: 'Follower' });
  node.role = 'Follower';
  node.log.log('raft.newRaft', {
    id: node.id,
    peers: `Configuration { incoming: Configuration { voters: {${voters}} }, outgoing: Configuration { voters: {} } }`,
    'last term': node.lastLogTerm,
    'last index': node.lastIndex,
    applied: node.commit,
    commit: node.commit,
    term: node.term,
  });
  node.log.log('raft.rawNodeCreated', { id: node.id });
}
