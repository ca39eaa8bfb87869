// Era C (v2.10.4) process start, following the v2.10.4 node-1 sample: raft_setup, pre-warm, builder, leader wait.
import { addr, nodeById, peersOf, reachable, spawnFor, type ClusterContext, type NodeState } from '../cluster.js';
import { debugString } from '../format.js';
import { campaign, electionTimeout, startRaftLoop } from '../raft.js';
import { leadershipWatcher } from '../replication.js';
import { ms, type Process } from '../sim.js';
import { logBanner, logRaftNodeCreated, peerListDebug, votersDebug } from '../startup-common.js';

const HOME = '/home/ubuntu/Development/chronik-stream/tests/cluster';

function* prewarm(ctx: ClusterContext, node: NodeState): Process {
  for (const peerId of peersOf(ctx, node.id)) {
    let connected = false;
    for (let attempt = 1; attempt <= 30 && !connected; attempt++) {
      if (reachable(nodeById(ctx, peerId))) {
        node.log.log('grpc.connected', [peerId, addr.raftUrl(peerId)]);
        node.connected.add(peerId);
        node.log.log('rc.prewarmed', [peerId, attempt]);
        connected = true;
      } else {
        yield ms(100) + ctx.prng.int(0, 400);
      }
    }
    if (!connected) {
      node.log.log('rc.prewarmFailed', [peerId, 30, addr.connectError(peerId)]);
      node.log.log('rc.peerNotReady', [peerId]);
    }
  }
  node.log.log('rc.prewarmDone', [], { optional: true });
}

function* bootstrapRaft(ctx: ClusterContext, node: NodeState): Process {
  const log = node.log;
  const id = node.id;
  log.log('rs.bootstrapping', [id, ctx.nodes.length - 1], { optional: true });
  log.log('rc.bootstrapping', [id, peerListDebug(ctx, id)]);
  log.log('rc.initVoters', [votersDebug(ctx)]);
  log.log('rc.highProfile', [], { optional: true });
  yield ms(1.03);
  log.log('store.recoveryStart', [debugString(`${HOME}/data/node${id}`)], { optional: true });
  log.log('store.noSnapshotsDir', [], { optional: true });
  log.log('store.noSnapshot', [], { optional: true });
  log.log('store.noWalDir', [], { optional: true });
  log.log('rc.storageInitialized', [], { optional: true });
  log.log('rc.noRecoveredState');
  logRaftNodeCreated(ctx, node);
  yield ms(0.43);
  for (const peerId of peersOf(ctx, id)) {
    log.log('grpc.addingPeer', [peerId, addr.raftUrl(peerId)]);
    log.log('rc.registeredPeer', [peerId], { optional: true });
  }
  log.log('rc.clusterInitialized', [ctx.nodes.length], { optional: true });
  log.log('rc.senderStarted', [], { optional: true });
  yield ms(0.3);
  const raftAddress = `0.0.0.0:${addr.raftPort(id)}`;
  log.log('rs.bootstrapped', [], { optional: true });
  log.log('rs.startingGrpc', [raftAddress], { optional: true });
  log.log('rc.startingGrpc', [raftAddress]);
  yield ms(ctx.prng.int(1050, 1150) / 1000);
  log.log('rc.grpcStarted', [raftAddress]);
  node.grpcUp = true;
  log.log('rs.grpcStarted', [], { optional: true });
  log.log('rs.prewarmBackground', [], { optional: true });
  log.log('rs.loopLater', [], { optional: true });
  log.log('rc.prewarming', [ctx.nodes.length - 1]);
  spawnFor(ctx, node, prewarm(ctx, node));
}

function* buildServer(ctx: ClusterContext, node: NodeState): Process {
  const log = node.log;
  const id = node.id;
  log.log('ss.creatingConfig', [], { optional: true });
  yield ms(0.44);
  log.log('ss.builder', [], { optional: true });
  log.log('le.eventDriven');
  for (const delay of [ms(ctx.prng.int(190, 230)), ms(ctx.prng.int(160, 200))]) {
    yield delay;
    log.log('wr.watcherStarted');
    spawnFor(ctx, node, leadershipWatcher(ctx, node));
  }
  yield ms(ctx.prng.int(300, 350));
  log.log('ss.initializedMojibake', [], { optional: true });
  yield ms(0.4);
  const opt = { optional: true } as const;
  log.log('ls.starting', [], opt);
  log.log('ls.walReceiverNote', [], opt);
  log.log('ls.kafkaStarting', [`0.0.0.0:${addr.kafkaPort(id)}`], opt);
  log.log('ls.allListeners', [], opt);
  log.log('ls.raftGrpc', [`0.0.0.0:${addr.raftPort(id)}`], opt);
  log.log('ls.kafka', [`0.0.0.0:${addr.kafkaPort(id)}`], opt);
  log.log('ls.walReplication', [`0.0.0.0:${addr.walPort(id)}`], opt);
  node.walReceiverUp = true;
}

function* registerBrokers(ctx: ClusterContext, node: NodeState): Process {
  const log = node.log;
  log.log('br.taskSpawned', [], { optional: true });
  log.log('br.registeringFromConfig', [ctx.nodes.length], { optional: true });
  yield ms(ctx.prng.int(11, 14));
  for (const broker of ctx.nodes) {
    log.log('br.registered', [broker.id, `localhost:${addr.kafkaPort(broker.id)}`]);
    yield ms(ctx.prng.int(4400, 4800) / 1000);
  }
  log.log('br.taskCompleted', [], { optional: true });
  log.log('br.startingAssignment', [], { optional: true });
  yield ms(ctx.prng.int(11, 14));
  log.log('br.assignmentDone');
}

/** A complete era-C start; `campaigner` = the node whose election timer fires first at cluster start. */
export function* bootEraC(ctx: ClusterContext, node: NodeState, campaigner: boolean): Process {
  const log = node.log;
  logBanner(ctx, node, `${HOME}/node${node.id}.toml`);
  yield ms(0.19);
  yield* bootstrapRaft(ctx, node);
  yield* buildServer(ctx, node);
  log.log('main.startingLoop', [], { optional: true });
  log.log('rc.loopStarting');
  log.log('rc.loopStarted');
  startRaftLoop(ctx, node);
  log.log('main.loopStartedElection', [], { optional: true });
  log.log('br.waiting');
  if (campaigner) {
    spawnFor(ctx, node, (function* firstElection(): Process {
      yield electionTimeout(ctx, node);
      if (node.role === 'Follower' && node.leader === 0) campaign(ctx, node);
    })());
  }
  for (let poll = 0; poll < 100 && node.leader === 0; poll++) yield ms(100) + ctx.prng.int(0, 600);
  if (node.leader !== 0) {
    const isLeader = node.role === 'Leader';
    log.log('br.leaderElected', [node.leader, node.id, isLeader, node.role]);
    if (isLeader) {
      log.log('br.leaderSpawning');
      spawnFor(ctx, node, registerBrokers(ctx, node));
    } else {
      log.log('br.followerLocal');
    }
  } else {
    log.log('br.followerLocal');
  }
  yield ms(ctx.prng.int(1, 3));
  log.log('main.metricsEndpoint', ['0.0.0.0', addr.metricsPort(node.id)]);
  log.log('monitoring.listening', [`0.0.0.0:${addr.metricsPort(node.id)}`]);
}
