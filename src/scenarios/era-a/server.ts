// Era A IntegratedKafkaServer start after the Raft loop: registration, recovery, metadata init, listeners.
import { addr, spawnFor, type ClusterContext, type NodeState } from '../cluster.js';
import { debugList, debugString } from '../format.js';
import { connectionManager, leadershipWatcher } from '../replication.js';
import { ms, sec, type Process } from '../sim.js';
import type { EraAFeatures } from './features.js';
import { initialiseMetadata } from './metadata.js';
import { leaderElectionMonitor } from './monitor.js';
import { registerBroker, syncBrokers } from './registration.js';

function* recoverWal(ctx: ClusterContext, node: NodeState): Process {
  const log = node.log;
  const dataDir = `./test-data/node${node.id}`;
  const walDir = `${dataDir}/wal`;
  const span = { optional: true, span: [walDir] } as const;
  yield ms(ctx.prng.int(2500, 5000) / 1000);
  log.log('is.hwRestored', [], { optional: true, fields: ['0'] });
  log.log('is.hwOk', [], { optional: true });
  log.log('is.objectStore', [`${dataDir}/segments`], { optional: true });
  yield ms(ctx.prng.int(6000, 8000) / 1000);
  log.log('is.skipSegmentClear', [], { optional: true });
  log.log('is.segmentsPreserved', [`${dataDir}/segments`], { optional: true });
  log.log('is.walManagerInit', [], { optional: true });
  log.log('mgr.recoveryStart', [debugString(walDir)], span);
  log.log('mgr.configured', [], span);
  log.log('mgr.groupCommitInit', [10000, 100, 50000], span);
  log.log('mgr.initialized', [], span);
  log.log('mgr.recovered', [], span);
  log.log('is.walRecoveryDone', [0], { optional: true });
  yield ms(ctx.prng.int(20, 40));
}

function* startLeaderElector(ctx: ClusterContext, node: NodeState, features: EraAFeatures): Process {
  const log = node.log;
  for (const id of ['is.settingRaft', 'ph.settingRaft', 'is.ackTracker', 'ph.ackTracker', 'is.creatingElector', 'is.electorStarted'] as const) {
    log.log(id, [], { optional: true });
  }
  log.log('le.monitorStarted');
  spawnFor(ctx, node, leaderElectionMonitor(ctx, node, features));
  log.log('ph.elector', [], { optional: true });
  yield 0;
}

function* startReplication(ctx: ClusterContext, node: NodeState): Process {
  const log = node.log;
  const followers = ctx.nodes.filter((n) => n.id !== node.id).map((n) => addr.walFollower(n.id));
  log.log('is.isrTracker', [], { optional: true });
  log.log('wr.autoDiscovered', [followers.length, followers.join(', ')], { optional: true });
  log.log('wr.creatingManager', [followers.length], { optional: true });
  log.log('is.createdManager', [], { optional: true });
  log.log('wr.senderStarted', [], { optional: true });
  log.log('wr.managerStarted', [], { optional: true });
  spawnFor(ctx, node, connectionManager(ctx, node));
  log.log('wr.watcherStarted');
  spawnFor(ctx, node, leadershipWatcher(ctx, node));
  log.log('wr.discoveryStarted', [], { optional: true });
  yield ms(ctx.prng.int(1, 2) / 10);
}

function logServerSummary(ctx: ClusterContext, node: NodeState): void {
  const log = node.log;
  const id = node.id;
  const opt = { optional: true } as const;
  for (const key of ['is.clearingBuffers', 'is.walEmpty', 'is.metaRecoveryDone', 'is.indexerInit', 'is.indexerStarted'] as const) log.log(key, [], opt);
  for (const key of ['is.segmentIndex', 'is.uploaderDisabled', 'is.localPersists', 'is.trueDr', 'is.initialized'] as const) log.log(key, [], opt);
  log.log('is.nodeId', [id], opt);
  log.log('is.advertised', [`localhost:${addr.kafkaPort(id)}`], opt);
  log.log('is.dataDir', [`./test-data/node${id}`], opt);
  for (const key of ['is.autoCreate', 'is.compression', 'is.indexing', 'is.walIndexing'] as const) log.log(key, ['true'], opt);
  log.log('is.defaultTopic', ['chronik-default'], opt);
  log.log('is.topicsExist', [1], opt);
  log.log('is.clusterAssign', [], opt);
  log.log('is.assignStart', [], opt);
  log.log('is.clusterNodes', [debugList(ctx.nodes.map((n) => n.id))], opt);
  log.log('is.foundTopicsAssign', [1], opt);
  log.log('is.assigningTopic', ['__meta', 1, 1], opt);
  log.log('is.assignedPartition', ['__meta', 0, ctx.metaLeader === 0 ? 1 : ctx.metaLeader], opt);
  log.log('is.assignedTopic', [1, '__meta'], opt);
  log.log('is.assignDone', [], opt);
}

function logListeners(ctx: ClusterContext, node: NodeState): void {
  const log = node.log;
  const id = node.id;
  const opt = { optional: true } as const;
  const wal = `0.0.0.0:${addr.walPort(id)}`;
  const kafka = `0.0.0.0:${addr.kafkaPort(id)}`;
  log.log('reg.verifying', [id]);
  const brokers = node.role === 'Leader' ? [id] : ctx.nodes.map((n) => n.id);
  log.log('is.brokerCount', [brokers.length, debugList(brokers)], opt);
  log.log('is.brokerVisible', [id], opt);
  log.log('is.receiverEnabled', [wal], opt);
  log.log('wr.creatingReceiver', [id], opt);
  log.log('is.receiverConfigured', [id], opt);
  log.log('is.receiverStarted', [wal], opt);
  log.log('wr.startingReceiver', [wal], opt);
  log.log('wr.receiverListening', [wal], opt);
  node.walReceiverUp = true;
  log.log('main.serverInitialized', [], opt);
  log.log('main.kafkaListening', [kafka], opt);
  log.log('main.walReceiverAutoStarted', [wal], opt);
  log.log('main.raftConsensus', [`0.0.0.0:${addr.raftPort(id)}`], opt);
  log.log('main.metricsEndpoint', ['0.0.0.0', addr.metricsPort(id)]);
  log.log('main.startingSearchApi', [addr.searchPort(id)], opt);
  log.log('main.searchApiAvailable', ['0.0.0.0', addr.searchPort(id)], opt);
  log.log('main.startingAdminApi', [addr.adminPort(id)], opt);
  log.log('monitoring.listening', [`0.0.0.0:${addr.metricsPort(id)}`]);
  log.log('admin.noApiKey', [], opt);
  log.log('admin.insecure', [], opt);
  log.log('admin.httpServer', [`0.0.0.0:${addr.adminPort(id)}`], opt);
  log.log('main.adminApiAvailable', ['0.0.0.0', addr.adminPort(id)], opt);
  log.log('main.startingRebalancer', [Math.min(3, ctx.nodes.length)], opt);
  log.log('rebalancer.init', [ctx.nodes.length, Math.min(3, ctx.nodes.length)], opt);
  log.log('main.rebalancerStarted', [], opt);
  log.log('rebalancer.worker', [], opt);
  log.log('server.kafkaListening', [kafka]);
  log.log('is.readyForClients', [], opt);
  log.log('is.concurrency', [1000], opt);
  log.log('main.searchApiListening', ['0.0.0.0', addr.searchPort(id)], opt);
}

/** The IntegratedKafkaServer part of an era-A start (everything after the Raft message loop). */
export function* startServer(ctx: ClusterContext, node: NodeState, features: EraAFeatures): Process {
  const log = node.log;
  const opt = { optional: true } as const;
  log.log('main.initServer', [], opt);
  log.log('is.startingInit', [], opt);
  yield ms(0.45);
  log.log('is.metaStoreInit', [], opt);
  yield ms(ctx.prng.int(35, 40));
  log.log('is.metaStoreOk', [], opt);
  log.log('is.creatingMetaTopic', ['__meta'], opt);
  yield ms(ctx.prng.int(4, 5));
  log.log('is.metaTopicOk', [], opt);
  yield* registerBroker(ctx, node, features);
  yield* syncBrokers(ctx, node);
  yield* recoverWal(ctx, node);
  yield* startLeaderElector(ctx, node, features);
  yield* initialiseMetadata(ctx, node, features);
  yield* startReplication(ctx, node);
  logServerSummary(ctx, node);
  yield ms(ctx.prng.int(5, 9));
  logListeners(ctx, node);
  yield sec(0);
}
