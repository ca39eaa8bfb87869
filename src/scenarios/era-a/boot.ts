// Era A process start up to the Raft loop: banner, Raft bootstrap, storage recovery, gRPC server.
import { addr, spawnFor, type ClusterContext, type NodeState } from '../cluster.js';
import { debugString } from '../format.js';
import { campaign, electionTimeout, startRaftLoop } from '../raft.js';
import { ms, type Process } from '../sim.js';
import { logBanner, logRaftNodeCreated, peerListDebug, votersDebug } from '../startup-common.js';

/** Lines and state of an era-A start until the Raft message loop runs; `restart` = persisted state exists. */
export function* bootRaft(ctx: ClusterContext, node: NodeState, restart: boolean, campaigner: boolean): Process {
  const log = node.log;
  const id = node.id;
  const dataDir = `./test-data/node${id}`;
  logBanner(ctx, node, `./test-cluster-node${id}.toml`);
  log.log('main.bootstrappingRaft', [], { optional: true });
  log.log('rc.bootstrapping', [id, peerListDebug(ctx, id)]);
  log.log('rc.initVoters', [votersDebug(ctx)]);
  yield ms(ctx.prng.int(900, 1000) / 1000);
  log.log('wal.groupCommitInit', [10000, 100, 50000], { optional: true });
  log.log('store.recoveryStart', [debugString(dataDir)], { optional: true });
  if (restart) {
    log.log('store.recoveredHardState', [node.term, node.vote, node.commit]);
    log.log('rc.storageInitialized', [], { optional: true });
    log.log('rc.usingRecoveredState');
  } else {
    log.log('store.noSnapshotsDir', [], { optional: true });
    log.log('store.noSnapshot', [], { optional: true });
    log.log('store.noWalDir', [], { optional: true });
    log.log('rc.storageInitialized', [], { optional: true });
    log.log('rc.noRecoveredState');
  }
  logRaftNodeCreated(ctx, node);
  yield ms(0.5);
  for (const peer of ctx.nodes) {
    if (peer.id === id) continue;
    log.log('grpc.addingPeer', [peer.id, addr.raftUrl(peer.id)]);
    log.log('rc.registeredPeer', [peer.id], { optional: true });
  }
  log.log('rc.clusterInitialized', [ctx.nodes.length], { optional: true });
  log.log('rc.senderStarted', [], { optional: true });
  log.log('main.raftBootstrapped', [], { optional: true });
  const raftAddress = `0.0.0.0:${addr.raftPort(id)}`;
  log.log('main.startingRaftGrpc', [raftAddress], { optional: true });
  log.log('rc.startingGrpc', [raftAddress]);
  yield ms(ctx.prng.int(1000, 1100) / 1000);
  log.log('rc.grpcStarted', [raftAddress]);
  node.grpcUp = true;
  log.log('main.raftGrpcStarted', [], { optional: true });
  log.log('main.startingLoop', [], { optional: true });
  log.log('rc.loopStarting');
  log.log('rc.loopStarted');
  startRaftLoop(ctx, node);
  log.log('main.loopStarted', [], { optional: true });
  if (campaigner) spawnFor(ctx, node, firstElection(ctx, node));
}

function* firstElection(ctx: ClusterContext, node: NodeState): Process {
  yield electionTimeout(ctx, node);
  if (node.role === 'Follower' && node.leader === 0) campaign(ctx, node);
}
