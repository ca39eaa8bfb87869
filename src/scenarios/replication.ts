// WAL-replication connection manager (v2.2.x, 30 s retries) and the 5 s cluster-leadership watcher.
import { addr, jitter, nodeById, peersOf, type ClusterContext, type NodeState } from './cluster.js';
import { ms, sec, type Process } from './sim.js';

/** Connects this node's WalReplicationManager to every peer's WAL receiver, retrying every 30 s. */
export function* connectionManager(ctx: ClusterContext, node: NodeState): Process {
  for (;;) {
    for (const peerId of peersOf(ctx, node.id)) {
      if (node.walConnected.has(peerId)) continue;
      const peer = nodeById(ctx, peerId);
      const target = addr.walFollower(peerId);
      node.log.log('wr.attempting', [target]);
      yield ms(ctx.prng.int(1, 5) / 10);
      if (peer.alive && peer.walReceiverUp) {
        node.walConnected.add(peerId);
        node.log.log('wr.connected', [target]);
        node.log.log('wr.spawnedAckReader', [target], { optional: true });
        node.log.log('wr.ackReaderStarted', [target], { optional: true });
        peer.log.log('wr.acceptedConnection', [`127.0.0.1:${ctx.prng.int(40000, 60999)}`], { optional: true });
      } else {
        node.log.log('wr.connectFailed', [target, 'Connection refused (os error 111)']);
      }
    }
    yield jitter(ctx, sec(30), ms(1));
  }
}

/** Logs `ACK reader: Connection closed by follower …` on every node that streamed WAL to `dead`. */
export function dropWalConnections(ctx: ClusterContext, dead: NodeState): void {
  for (const node of ctx.nodes) {
    if (node.alive && node.walConnected.delete(dead.id)) node.log.log('wr.ackReaderClosed', [addr.walFollower(dead.id)]);
  }
}

/** One WalReplicationManager's leader-change detection: polls the Raft leader every 5 s. */
export function* leadershipWatcher(ctx: ClusterContext, node: NodeState): Process {
  let previous = 0;
  let wasLeader = false;
  for (;;) {
    yield jitter(ctx, sec(5), ms(0.3));
    const current = node.leader;
    if (current === previous) continue;
    const isLeader = node.role === 'Leader';
    node.log.log('wr.leadershipChanged', [previous, current, node.id, node.role, wasLeader, isLeader]);
    if (isLeader && !wasLeader) {
      node.log.log('wr.becameLeader');
      const followers = peersOf(ctx, node.id).map(addr.walFollower);
      node.log.log('wr.discovering', [], { optional: true });
      node.log.log('wr.discovered', [followers.length, followers.join(', ')], { optional: true });
      node.log.log('wr.clearedConnections', [], { optional: true });
    } else if (wasLeader && !isLeader) {
      node.log.log('wr.lostLeadership', [current]);
      node.log.log('wr.closingConnections');
      node.log.log('wr.closedConnections', [node.walConnected.size]);
      node.walConnected.clear();
    }
    previous = current;
    wasLeader = isLeader;
  }
}
