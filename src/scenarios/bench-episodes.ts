// The bench log's episodes: one ~300 ms slice of a v2.2.1 node-1 log per call, driven by a tiny state machine.
import { addr } from './cluster.js';
import { debugList } from './format.js';
import type { Prng } from './prng.js';
import type { RecordSink } from './bench.js';

const TOPICS = ['payments.eu-west-1.card-authorizations.v3', 'orders.checkout-completed', 'inventory.warehouse-stock-events', 'audit.user-activity.v2'] as const;
const MS = 1000;
const SECOND = 1_000_000;
const CANNOT = (leader: number): string => `Cannot propose: this node (id=1) is not the leader (state=Follower, leader=${leader})`;

/** Mutable state of the benchmarked node (node 1 of a 3-node v2.2.1 cluster). */
export class BenchNode {
  role: 'Leader' | 'Follower' = 'Leader';
  started = false;
  term = 2;
  commit = 9;
  leader = 1;
  /** Peers currently unreachable (a partitioned leader keeps heartbeating them: no check_quorum). */
  readonly down = new Set<number>();
  until = 0;
  nextTimeout = 0;
  nextStorm = 0;
  watcherDue = 0;
  watcherLeader = 0;
}

function commitCycle(sink: RecordSink, node: BenchNode, entries: number): void {
  sink.log('rc.readyUnpersisted', [2]);
  sink.log('rc.persistingEntries', [entries]);
  sink.log('rc.persistedEntries', [entries]);
  sink.wait(100 * MS);
  node.commit += entries;
  sink.log('rc.applied', [entries]);
  sink.log('rc.persistingHardState', [node.term, node.role === 'Leader' ? 1 : node.leader, node.commit]);
  sink.log('rc.persistedHardState', [node.term, node.role === 'Leader' ? 1 : node.leader, node.commit]);
}

function traffic(sink: RecordSink, prng: Prng): void {
  const topic = prng.pick(TOPICS);
  const partition = prng.int(0, 23);
  const offset = prng.int(10_000, 90_000_000);
  const roll = prng.next();
  if (roll < 0.4) sink.log('wr.noIsr', [topic, partition, offset]);
  else if (roll < 0.75) sink.log('isr.quorumTimeout', [topic, partition, offset, 1, 2]);
  else sink.log('produce.quorumTimeout', [topic, partition, offset, `${prng.int(29_000, 31_000) / 1000}s`]);
}

function startup(sink: RecordSink, node: BenchNode): void {
  sink.log('main.banner', ['2.2.1']);
  sink.log('main.buildFeatures', ['true', 'true', 'false']);
  sink.log('main.loadingConfig', ['./test-cluster-node1.toml']);
  sink.log('main.nodeId', [1]);
  sink.log('main.clusterMode', [1]);
  sink.log('rc.bootstrapping', [1, '[(2, "localhost:5002"), (3, "localhost:5003")]']);
  sink.log('store.recoveredHardState', [node.term, node.leader, node.commit]);
  sink.log('rc.usingRecoveredState');
  sink.log('raft.becameFollower', { term: node.term, id: 1 });
  sink.log('raft.newRaft', {
    id: 1, peers: 'Configuration { incoming: Configuration { voters: {1, 2, 3} }, outgoing: Configuration { voters: {} } }',
    'last term': node.term, 'last index': node.commit, applied: node.commit, commit: node.commit, term: node.term,
  });
  sink.log('raft.rawNodeCreated', { id: 1 });
  for (const peer of [2, 3]) sink.log('grpc.addingPeer', [peer, addr.raftUrl(peer)]);
  sink.log('rc.startingGrpc', ['0.0.0.0:5001']);
  sink.log('rc.grpcStarted', ['0.0.0.0:5001']);
  sink.log('rc.loopStarting');
  sink.log('rc.loopStarted');
  sink.log('reg.registering', [1, 'localhost', 9092]);
  sink.log('mgr.recoveryStart', ['"./test-data/node1/wal"'], { span: ['./test-data/node1/wal'] });
  sink.log('mgr.configured', [], { span: ['./test-data/node1/wal'] });
  sink.log('le.monitorStarted');
  sink.log('wr.watcherStarted');
  sink.log('main.metricsEndpoint', ['0.0.0.0', 13001]);
  sink.log('server.kafkaListening', ['0.0.0.0:9092']);
  node.started = true;
  node.role = 'Follower';
  node.leader = 2;
  node.until = sink.time + 3 * SECOND;
  node.nextStorm = sink.time + 3 * SECOND;
}

function stepDown(sink: RecordSink, node: BenchNode, prng: Prng): void {
  sink.log('reg.leaderFailed', [prng.int(1, 3), 'Failed to propose to Raft\n\nCaused by:\n    raft: proposal dropped']);
  node.term += 1;
  node.leader = 2;
  sink.log('raft.higherTerm', { from: 2, id: 1, 'msg type': 'MsgRequestVote', message_term: node.term, term: node.term - 1 });
  sink.log('raft.becameFollower', { term: node.term, id: 1 });
  sink.log('raft.castVote', {
    log_term: node.term - 1, log_index: node.commit, vote: 0, from: 2, msg_term: node.term - 1, msg_index: node.commit,
    term: node.term, id: 1, 'msg type': 'MsgRequestVote',
  });
  sink.log('rc.persistingHardState', [node.term, 2, node.commit]);
  sink.log('rc.persistedHardState', [node.term, 2, node.commit]);
  node.role = 'Follower';
  node.until = sink.time + prng.int(20, 90) * SECOND;
  node.nextStorm = sink.time + 3 * SECOND;
  node.watcherDue = sink.time + prng.int(1, 5) * SECOND;
}

function campaign(sink: RecordSink, node: BenchNode, prng: Prng): void {
  sink.log('raft.startingElection', { id: 1, term: node.term });
  node.term += 1;
  sink.log('raft.becameCandidate', { term: node.term, id: 1 });
  sink.log('raft.broadcastVote', { id: 1, to: debugList([2, 3]), log_index: node.commit, log_term: node.term - 1, term: node.term, type: 'MsgRequestVote' });
  sink.log('rc.persistingHardState', [node.term, 1, node.commit]);
  sink.log('rc.persistedHardState', [node.term, 1, node.commit]);
  sink.log('rc.readyPersisted', [2]);
  sink.wait(prng.int(90, 110) * MS);
  sink.log('raft.votesResponse', { id: 1, term: node.term, type: 'MsgRequestVoteResponse', approvals: 2, rejections: 0, from: 3, vote: 'true' });
  sink.log('raft.becameLeader', { term: node.term, id: 1 });
  node.role = 'Leader';
  node.leader = 1;
  node.nextTimeout = sink.time + 3 * SECOND;
  node.watcherDue = sink.time + prng.int(1, 5) * SECOND;
  commitCycle(sink, node, 1);
}

function watcher(sink: RecordSink, node: BenchNode): void {
  if (node.watcherDue === 0 || sink.time < node.watcherDue) return;
  node.watcherDue = 0;
  if (node.watcherLeader === node.leader) return;
  const isLeader = node.role === 'Leader';
  sink.log('wr.leadershipChanged', [node.watcherLeader, node.leader, 1, node.role, !isLeader, isLeader]);
  node.watcherLeader = node.leader;
  if (isLeader) {
    sink.log('wr.becameLeader');
    sink.log('wr.discovering');
    sink.log('wr.discovered', [2, 'localhost:9292, localhost:9293']);
  } else {
    sink.log('wr.lostLeadership', [node.leader]);
    sink.log('wr.closingConnections');
    sink.log('wr.closedConnections', [2]);
  }
}

function peerDown(sink: RecordSink, node: BenchNode, peer: number): void {
  node.down.add(peer);
  const fields = ['__raft_metadata', '0', String(peer), 'MsgHeartbeat', addr.transientError];
  sink.log('grpc.transientError', [], { fields });
  sink.log('grpc.failedOnRetry', [], { fields });
  sink.log('wr.ackReaderClosed', [addr.walFollower(peer)]);
}

function peerUp(sink: RecordSink, node: BenchNode, peer: number): void {
  node.down.delete(peer);
  sink.log('grpc.connected', [peer, addr.raftUrl(peer)]);
  sink.log('wr.attempting', [addr.walFollower(peer)]);
  sink.log('wr.connected', [addr.walFollower(peer)]);
}

/** Peer 3 flaps; now and then peer 2 is cut off too (a partition the leader does not notice). */
function network(sink: RecordSink, node: BenchNode, prng: Prng): void {
  if (node.down.size === 0) {
    if (prng.chance(0.1)) peerDown(sink, node, 3);
  } else if (node.down.size === 1) {
    if (prng.chance(0.04)) peerDown(sink, node, 2);
    else if (prng.chance(0.03)) peerUp(sink, node, 3);
  } else if (prng.chance(0.03)) {
    peerUp(sink, node, 2);
  }
}

/** Appends one ~300 ms slice of the node's log to `sink`. */
export function episode(sink: RecordSink, node: BenchNode, prng: Prng): void {
  if (!node.started || prng.chance(0.00002)) {
    startup(sink, node);
    return;
  }
  sink.wait(300 * MS + prng.int(-400, 400));
  if (node.role === 'Leader') {
    sink.log('rc.readyUnpersisted', [2]);
    for (const peer of node.down) sink.log('rc.sendFailed', [8, peer, addr.connectError(peer)]);
    if (sink.time >= node.nextTimeout) {
      sink.log('le.leaderTimeout', [TOPICS[0], 0, 1]);
      sink.log('le.electingIsr', [TOPICS[0], 0, 1, debugList([1, 2, 3])]);
      sink.log('le.elected', [TOPICS[0], 0, 1]);
      commitCycle(sink, node, 1);
      node.nextTimeout = sink.time + 12 * SECOND;
    }
    if (prng.chance(0.05)) commitCycle(sink, node, prng.int(1, 4));
    if (prng.chance(0.0045)) stepDown(sink, node, prng);
  } else {
    sink.log('rc.readyPersisted', [1]);
    if (sink.time >= node.nextStorm) {
      sink.log('le.leaderTimeout', [TOPICS[0], 0, node.leader]);
      sink.log('le.electingIsr', [TOPICS[0], 0, node.leader, debugList([node.leader, 1, 3])]);
      sink.log('le.failed', [TOPICS[0], 0, CANNOT(node.leader)]);
      node.nextStorm = sink.time + 3 * SECOND;
    }
    if (sink.time >= node.until) campaign(sink, node, prng);
  }
  if (prng.chance(0.8)) traffic(sink, prng);
  network(sink, node, prng);
  watcher(sink, node);
}
