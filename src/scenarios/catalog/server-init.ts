// Non-Raft startup lines as the samples show them: v2.2.1 integrated_server, v2.10.4 cluster::* setup.
import { sample, type MessageFamily } from './types.js';

const IS = 'chronik_server::integrated_server';
const PH = 'chronik_server::produce_handler';
const MGR = 'chronik_wal::manager';
const RECOVER = { name: 'recover', fields: ['data_dir'] } as const;
const V221 = 'v2.2.1';
const V2104 = 'v2.10.4';
const RS = 'chronik_server::cluster::raft_setup';
const SS = 'chronik_server::cluster::server_setup';
const LS = 'chronik_server::cluster::listener_setup';

/** v2.2.1 IntegratedKafkaServer initialisation lines (sample-attested). */
export const SERVER_INIT_V221 = {
  'is.startingInit': [sample('INFO', IS, 'Starting internal server initialization with Raft: true', V221, 'integrated_server.rs:131')],
  'is.metaStoreInit': [sample('INFO', IS, 'Initializing WAL-based metadata store with real WAL adapter', V221, 'integrated_server.rs:139')],
  'is.metaStoreOk': [sample('INFO', IS, 'Successfully initialized WAL-based metadata store with real WAL adapter', V221, 'integrated_server.rs:176')],
  'is.creatingMetaTopic': [sample('INFO', IS, 'Creating internal metadata topic: {}', V221, 'integrated_server.rs:181')],
  'is.metaTopicOk': [sample('INFO', IS, 'Successfully created internal metadata topic', V221, 'integrated_server.rs:195')],
  'is.syncStarting': [
    sample('INFO', IS, 'Starting BIDIRECTIONAL broker synchronization task (Raft ↔ local metadata store)', V221, 'integrated_server.rs:302'),
  ],
  'is.syncStarted': [
    sample('INFO', IS, '✓ BIDIRECTIONAL broker synchronization task started (syncs every 10s)', V221, 'integrated_server.rs:397'),
  ],
  'is.hwRestoring': [sample('INFO', IS, 'Restoring high watermarks from segment metadata...', V221, 'integrated_server.rs:402')],
  'is.hwRestored': [
    sample('INFO', IS, 'High watermark restoration complete', V221, 'integrated_server.rs:1691', { fields: ['restored_count'] }),
  ],
  'is.hwOk': [sample('INFO', IS, 'Successfully restored high watermarks from segment metadata', V221, 'integrated_server.rs:406')],
  'is.objectStore': [sample('INFO', IS, 'Using default local filesystem object store at {}', V221, 'integrated_server.rs:414')],
  'is.skipSegmentClear': [
    sample('INFO', IS, 'Skipping segment clearing - segments contain valid flushed data', V221, 'integrated_server.rs:531'),
  ],
  'is.segmentsPreserved': [sample('INFO', IS, 'Segments directory will be preserved for recovery: {}', V221, 'integrated_server.rs:532')],
  'is.walManagerInit': [sample('INFO', IS, 'Initializing WAL manager with recovery...', V221, 'integrated_server.rs:537')],
  'mgr.recoveryStart': [
    sample('INFO', MGR, 'Starting WAL recovery from {:?} (v1.3.53: using GroupCommitWal only)', V221, 'chronik-wal/src/manager.rs:81', { span: RECOVER }),
  ],
  'mgr.configured': [
    sample('INFO', MGR, 'GroupCommitWal configured: batch_size=10000, batch_MB=50, wait_ms=100, queue_depth=50000 (profile: high, override with CHRONIK_WAL_PROFILE=low/medium/high/ultra)', V221, 'chronik-wal/src/manager.rs:54', { span: RECOVER }),
  ],
  'mgr.groupCommitInit': [
    sample('INFO', 'chronik_wal::group_commit', 'Group commit WAL initialized: max_batch={}, max_wait={}ms, max_queue={}, rotation=enabled', V221, 'chronik-wal/src/group_commit.rs:307', { span: RECOVER }),
  ],
  'mgr.initialized': [
    sample('INFO', MGR, 'WAL manager initialized successfully with group commit (v1.3.53: old PartitionWal removed)', V221, 'chronik-wal/src/manager.rs:67', { span: RECOVER }),
  ],
  'mgr.recovered': [
    sample('INFO', MGR, 'WAL manager recovered successfully (GroupCommitWal-based)', V221, 'chronik-wal/src/manager.rs:86', { span: RECOVER }),
  ],
  'is.walRecoveryDone': [sample('INFO', IS, 'WAL recovery complete - {} partitions loaded', V221, 'integrated_server.rs:545')],
  'is.settingRaft': [sample('INFO', IS, 'Setting RaftCluster for ProduceHandler', V221, 'integrated_server.rs:557')],
  'ph.settingRaft': [
    sample('INFO', PH, 'Setting RaftCluster for ProduceHandler - enables partition replication routing', V221, 'produce_handler.rs:703'),
  ],
  'is.ackTracker': [sample('INFO', IS, 'Created IsrAckTracker for acks=-1 quorum tracking', V221, 'integrated_server.rs:565')],
  'ph.ackTracker': [sample('INFO', PH, 'Setting IsrAckTracker for ProduceHandler - enables acks=-1 quorum', V221, 'produce_handler.rs:715')],
  'is.creatingElector': [sample('INFO', IS, 'Creating LeaderElector for ProduceHandler heartbeat tracking', V221, 'integrated_server.rs:571')],
  'is.electorStarted': [sample('INFO', IS, '✓ LeaderElector monitoring started', V221, 'integrated_server.rs:577')],
  'ph.elector': [sample('INFO', PH, 'Setting LeaderElector for ProduceHandler - enables heartbeat tracking', V221, 'produce_handler.rs:721')],
  'is.initMetaOnStartup': [sample('INFO', IS, 'Initializing Raft metadata for existing topics on startup...', V221, 'integrated_server.rs:591')],
  'is.foundTopicsInit': [sample('INFO', IS, 'Found {} existing topics to initialize in Raft', V221, 'integrated_server.rs:641')],
  'is.isrTracker': [sample('INFO', IS, 'Created ISR tracker (max_lag: 10K entries / 10s)', V221, 'integrated_server.rs:732')],
  'is.createdManager': [
    sample('INFO', IS, 'Created WalReplicationManager with Raft, ISR, and ACK tracking (sharing IsrAckTracker)', V221, 'integrated_server.rs:743'),
  ],
  'is.clearingBuffers': [sample('INFO', IS, 'Clearing all partition buffers before WAL recovery...', V221, 'integrated_server.rs:756')],
  'is.walEmpty': [
    sample('INFO', IS, 'WAL is empty, attempting to restore partition states from metadata store...', V221, 'integrated_server.rs:822'),
  ],
  'is.metaRecoveryDone': [sample('INFO', IS, 'Metadata store recovery complete', V221, 'integrated_server.rs:849')],
  'is.indexerInit': [
    sample('INFO', IS, 'Initializing WAL Indexer for background indexing (WAL → Tantivy → Object Store)', V221, 'integrated_server.rs:895'),
  ],
  'is.indexerStarted': [sample('INFO', IS, 'WAL Indexer started successfully (interval: 30s)', V221, 'integrated_server.rs:924')],
  'is.segmentIndex': [
    sample('INFO', IS, '  Segment index will track Tantivy segments for future query optimization', V221, 'integrated_server.rs:925'),
  ],
  'is.uploaderDisabled': [
    sample('INFO', IS, 'Metadata Uploader disabled (local filesystem backend - no DR benefit)', V221, 'integrated_server.rs:966'),
  ],
  'is.localPersists': [sample('INFO', IS, '  Local metadata already persists to disk and survives restarts', V221, 'integrated_server.rs:967')],
  'is.trueDr': [sample('INFO', IS, '  For true DR, configure S3/GCS/Azure object store', V221, 'integrated_server.rs:968')],
  'is.initialized': [sample('INFO', IS, 'Integrated Kafka server initialized successfully', V221, 'integrated_server.rs:975')],
  'is.nodeId': [sample('INFO', IS, '  Node ID: {}', V221, 'integrated_server.rs:976')],
  'is.advertised': [sample('INFO', IS, '  Advertised: {}', V221, 'integrated_server.rs:977')],
  'is.dataDir': [sample('INFO', IS, '  Data dir: {}', V221, 'integrated_server.rs:978')],
  'is.autoCreate': [sample('INFO', IS, '  Auto-create topics: {}', V221, 'integrated_server.rs:979')],
  'is.compression': [sample('INFO', IS, '  Compression: {}', V221, 'integrated_server.rs:980')],
  'is.indexing': [sample('INFO', IS, '  Indexing: {}', V221, 'integrated_server.rs:981')],
  'is.walIndexing': [sample('INFO', IS, '  WAL Indexing: {}', V221, 'integrated_server.rs:982')],
  'is.defaultTopic': [sample('INFO', IS, "Creating default topic '{}' for client compatibility", V221, 'integrated_server.rs:1010')],
  'is.topicsExist': [sample('INFO', IS, 'Topics already exist ({}), skipping default topic creation', V221, 'integrated_server.rs:1216')],
  'is.clusterAssign': [sample('INFO', IS, 'Cluster mode enabled - performing initial partition assignment', V221, 'integrated_server.rs:1018')],
  'is.assignStart': [sample('INFO', IS, 'Starting partition assignment for existing topics', V221, 'integrated_server.rs:1106')],
  'is.clusterNodes': [sample('INFO', IS, 'Cluster nodes: {:?}', V221, 'integrated_server.rs:1115')],
  'is.foundTopicsAssign': [sample('INFO', IS, 'Found {} topics to assign', V221, 'integrated_server.rs:1124')],
  'is.assigningTopic': [sample('INFO', IS, "Assigning topic '{}': {} partitions, RF={}", V221, 'integrated_server.rs:1132')],
  'is.assignedPartition': [sample('INFO', IS, 'Assigned partition {}/{} to node {} (leader)', V221, 'integrated_server.rs:1170')],
  'is.assignedTopic': [sample('INFO', IS, "Successfully assigned {} partitions for topic '{}'", V221, 'integrated_server.rs:1183')],
  'is.assignDone': [sample('INFO', IS, 'Partition assignment complete', V221, 'integrated_server.rs:1189')],
  'is.brokerCount': [sample('INFO', IS, '✓ Metadata store has {} broker(s): {:?}', V221, 'integrated_server.rs:1032')],
  'is.brokerVisible': [sample('INFO', IS, '✓ Broker {} confirmed visible in metadata', V221, 'integrated_server.rs:1036')],
  'is.receiverEnabled': [sample('INFO', IS, 'WAL receiver enabled on {}', V221, 'integrated_server.rs:1067')],
  'is.receiverConfigured': [
    sample('INFO', IS, 'WAL receiver configured with IsrAckTracker (node_id={})', V221, 'integrated_server.rs:1076'),
  ],
  'is.receiverStarted': [sample('INFO', IS, '✅ WAL receiver started on {}', V221, 'integrated_server.rs:1085')],
  'is.readyForClients': [sample('INFO', IS, 'Ready to accept Kafka client connections', V221, 'integrated_server.rs:1258')],
  'is.concurrency': [
    sample('INFO', IS, 'Request concurrency limited to {} (prevents acks=0 overload)', V221, 'integrated_server.rs:1266'),
  ],
} as const satisfies Record<string, MessageFamily>;

/** v2.10.4 `cluster::*` setup lines (sample-attested). */
export const SERVER_INIT_V2104 = {
  'rs.bootstrapping': [sample('INFO', RS, 'Bootstrapping Raft cluster (node_id={}, peers={})...', V2104, 'cluster/raft_setup.rs:18')],
  'rs.bootstrapped': [sample('INFO', RS, '✓ Raft cluster bootstrapped successfully', V2104, 'cluster/raft_setup.rs:29')],
  'rs.startingGrpc': [sample('INFO', RS, 'Starting Raft gRPC server on {}...', V2104, 'cluster/raft_setup.rs:42')],
  'rs.grpcStarted': [sample('INFO', RS, '✓ Raft gRPC server started successfully', V2104, 'cluster/raft_setup.rs:47')],
  'rs.prewarmBackground': [sample('INFO', RS, 'Pre-warming Raft connections in background...', V2104, 'cluster/raft_setup.rs:52')],
  'rs.loopLater': [sample('INFO', RS, 'Raft message loop will be started by IntegratedKafkaServer', V2104, 'cluster/raft_setup.rs:58')],
  'ss.creatingConfig': [sample('INFO', SS, 'Creating IntegratedServerConfig for cluster mode...', V2104, 'cluster/server_setup.rs:24')],
  'ss.builder': [
    sample('INFO', SS, 'Initializing IntegratedKafkaServer with builder (14-stage initialization)...', V2104, 'cluster/server_setup.rs:48'),
  ],
  // The source holds a mis-encoded "✓" (C3 A2 C2 9C C2 93); tracing-subscriber 0.3.20 escapes the C1 controls.
  'ss.initializedMojibake': [
    sample('INFO', SS, '\u00e2\u009c\u0093 IntegratedKafkaServer initialized successfully (builder pattern)', V2104, 'cluster/server_setup.rs:54'),
  ],
  'ls.starting': [sample('INFO', LS, 'Starting Kafka protocol listener before leader election...', V2104, 'cluster/listener_setup.rs:24')],
  'ls.walReceiverNote': [
    sample('INFO', LS, '  (WalReceiver was started in Stage 15 of IntegratedKafkaServerBuilder::build())', V2104, 'cluster/listener_setup.rs:25'),
  ],
  'ls.kafkaStarting': [sample('INFO', LS, '✓ Kafka protocol listener starting on {}', V2104, 'cluster/listener_setup.rs:28')],
  'ls.allListeners': [sample('INFO', LS, '✓ All TCP listeners now running:', V2104, 'cluster/listener_setup.rs:120')],
  'ls.raftGrpc': [sample('INFO', LS, '  - Raft gRPC: {}', V2104, 'cluster/listener_setup.rs:121')],
  'ls.kafka': [sample('INFO', LS, '  - Kafka protocol: {}', V2104, 'cluster/listener_setup.rs:122')],
  'ls.walReplication': [sample('INFO', LS, '  - WAL replication: {} (background task)', V2104, 'cluster/listener_setup.rs:123')],
} as const satisfies Record<string, MessageFamily>;
