// Process start and death: resetting a node for a new incarnation, crashing it (with or without a panic).
import { spawnFor, type ClusterContext, type NodeState } from './cluster.js';
import { dropWalConnections } from './replication.js';
import type { Process } from './sim.js';

/** raft-rs `fatal!` location inside the crates.io raft 0.7.0 sources (path illustrative, line from §1.2). */
const PANIC_LOCATION = '/root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/raft-0.7.0/src/raw_node.rs:674:13';

/** Starts a new process on `node`: fresh in-memory state (persisted Raft state kept), then `boot`. */
export function launch(ctx: ClusterContext, node: NodeState, boot: (node: NodeState) => Process): void {
  node.alive = true;
  node.incarnation++;
  node.grpcUp = false;
  node.loopUpAt = Infinity;
  node.inbox.length = 0;
  node.walReceiverUp = false;
  node.connected.clear();
  node.walConnected.clear();
  node.leader = 0;
  node.previousLeader = 0;
  node.lastContact = 0;
  node.role = 'Follower';
  spawnFor(ctx, node, boot(node));
}

/** Kills the process now. With `panic`, stderr first gets a raft-rs `fatal!` panic; otherwise the log just ends. */
export function crash(ctx: ClusterContext, node: NodeState, panic: boolean): void {
  if (panic) {
    node.log.log('panic.header', ['tokio-runtime-worker', PANIC_LOCATION]);
    node.log.log('panic.message', ['not leader but has new msg after advance', node.id]);
    node.log.log('panic.note');
  }
  node.alive = false;
  node.grpcUp = false;
  node.loopUpAt = Infinity;
  dropWalConnections(ctx, node);
}
