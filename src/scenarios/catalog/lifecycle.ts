// Process lifecycle: banner, configuration, listeners, shutdown (catalog §3.1 and the samples' main.rs lines).
import { cat, R, sample, type MessageFamily } from './types.js';

const MAIN = 'chronik_server';
const V221 = 'v2.2.1';
const V2104 = 'v2.10.4';

/** Lifecycle message families, keyed by id. */
export const LIFECYCLE = {
  'main.banner': [cat('INFO', MAIN, 'Chronik Server v{}', R.v2_1_0_to_head, 'main.rs:484 / main.rs:1014')],
  'main.buildFeatures': [
    cat('INFO', MAIN, 'Build features: search={}, backup={}, dynamic-config={}', R.v2_1_0_to_head, 'main.rs:485 / main.rs:1015'),
  ],
  'main.loadingConfig': [
    cat('INFO', MAIN, 'Loading cluster configuration from file: {}', R.v2_1_0_to_head, 'main.rs:397 / main.rs:431'),
  ],
  'main.loadedConfig': [
    sample('INFO', MAIN, 'Loaded cluster configuration from file', V221, 'main.rs:410'),
    sample('INFO', MAIN, 'Loaded cluster configuration from file', V2104, 'main.rs:444'),
  ],
  'main.nodeId': [cat('INFO', MAIN, '  Node ID: {}', R.v2_1_0_to_head, 'main.rs:411 / main.rs:445')],
  'main.replicationFactor': [
    sample('INFO', MAIN, '  Replication Factor: {}', V221, 'main.rs:412'),
    sample('INFO', MAIN, '  Replication Factor: {}', V2104, 'main.rs:446'),
  ],
  'main.minIsr': [
    sample('INFO', MAIN, '  Min In-Sync Replicas: {}', V221, 'main.rs:413'),
    sample('INFO', MAIN, '  Min In-Sync Replicas: {}', V2104, 'main.rs:447'),
  ],
  'main.peers': [
    sample('INFO', MAIN, '  Peers: {}', V221, 'main.rs:414'),
    sample('INFO', MAIN, '  Peers: {}', V2104, 'main.rs:448'),
  ],
  'main.clusterMode': [cat('INFO', MAIN, 'Starting in CLUSTER mode (node_id={})', R.v2_2_0_to_head, 'main.rs:550 / main.rs:1087')],
  'main.chronikClusterMode': [
    cat('INFO', MAIN, 'Starting Chronik in CLUSTER mode (node_id={})', R.v2_2_0_to_head, 'main.rs:566 / main.rs:1110'),
  ],
  'main.clusterPeers': [cat('INFO', MAIN, 'Cluster peers: {} nodes', R.v2_2_0_to_head, 'main.rs:567 / main.rs:1111')],
  'main.bootstrappingRaft': [sample('INFO', MAIN, 'Bootstrapping Raft cluster...', V221, 'main.rs:585')],
  'main.raftBootstrapped': [sample('INFO', MAIN, 'Raft cluster bootstrapped successfully', V221, 'main.rs:599')],
  'main.startingRaftGrpc': [sample('INFO', MAIN, 'Starting Raft gRPC server on {}...', V221, 'main.rs:608')],
  'main.raftGrpcStarted': [sample('INFO', MAIN, 'Raft gRPC server started successfully', V221, 'main.rs:610')],
  'main.startingLoop': [
    sample('INFO', MAIN, 'Starting Raft message processing loop...', V221, 'main.rs:613'),
    sample('INFO', MAIN, 'Starting Raft message processing loop...', V2104, 'main.rs:1136'),
  ],
  'main.loopStarted': [sample('INFO', MAIN, 'Raft message loop started successfully', V221, 'main.rs:615')],
  'main.loopStartedElection': [
    sample('INFO', MAIN, '✓ Raft message loop started - leader election can now occur', V2104, 'main.rs:1138'),
  ],
  'main.initServer': [sample('INFO', MAIN, 'Initializing IntegratedKafkaServer...', V221, 'main.rs:637')],
  'main.serverInitialized': [sample('INFO', MAIN, 'IntegratedKafkaServer initialized successfully', V221, 'main.rs:639')],
  'main.kafkaListening': [sample('INFO', MAIN, 'Kafka protocol listening on {}', V221, 'main.rs:655')],
  'main.walReceiverAutoStarted': [sample('INFO', MAIN, 'WAL receiver auto-started on {}', V221, 'main.rs:656')],
  'main.raftConsensus': [sample('INFO', MAIN, 'Raft consensus on {}', V221, 'main.rs:657')],
  'main.metricsEndpoint': [
    cat('INFO', MAIN, 'Metrics endpoint available at http://{}:{}/metrics', R.v2_1_0_to_head, 'main.rs:658 / main.rs:1146'),
  ],
  'main.startingSearchApi': [sample('INFO', MAIN, 'Starting Search API on port {}', V221, 'main.rs:664')],
  'main.searchApiAvailable': [sample('INFO', MAIN, 'Search API available at http://{}:{}', V221, 'main.rs:682')],
  'main.searchApiListening': [sample('INFO', MAIN, 'Search API listening on http://{}:{}', V221, 'main.rs:676')],
  'main.startingAdminApi': [sample('INFO', MAIN, 'Starting Admin API on port {}', V221, 'main.rs:687')],
  'main.adminApiAvailable': [sample('INFO', MAIN, 'Admin API available at http://{}:{}/admin', V221, 'main.rs:690')],
  'main.startingRebalancer': [sample('INFO', MAIN, 'Starting Partition Rebalancer (RF={})', V221, 'main.rs:693')],
  'main.rebalancerStarted': [
    sample('INFO', MAIN, '✓ Partition Rebalancer started (will check every 30s for membership changes)', V221, 'main.rs:699'),
  ],
  'admin.noApiKey': [
    sample('WARN', 'chronik_server::admin_api', '⚠ CHRONIK_ADMIN_API_KEY not set - Admin API will run WITHOUT authentication!', V221, 'admin_api.rs:392'),
  ],
  'admin.insecure': [
    sample('WARN', 'chronik_server::admin_api', '⚠ This is INSECURE for production. Set CHRONIK_ADMIN_API_KEY to enable auth.', V221, 'admin_api.rs:393'),
  ],
  'admin.httpServer': [
    sample('INFO', 'chronik_server::admin_api', 'Starting Admin API HTTP server on {}', V221, 'admin_api.rs:414'),
  ],
  'rebalancer.init': [
    sample('INFO', 'chronik_server::partition_rebalancer', 'Initializing Partition Rebalancer (current nodes: {}, replication_factor: {})', V221, 'partition_rebalancer.rs:73'),
  ],
  'rebalancer.worker': [
    sample('INFO', 'chronik_server::partition_rebalancer', 'Starting Partition Rebalancer background worker (checking every 30s)', V221, 'partition_rebalancer.rs:96'),
  ],
  'monitoring.listening': [
    cat('INFO', 'chronik_monitoring::server', 'Metrics server listening on {}', R.v2_1_0_to_head, 'chronik-monitoring/src/server.rs:71'),
  ],
  'server.kafkaListening': [
    cat('INFO', 'chronik_server::integrated_server', 'Integrated Kafka server listening on {}', ['v2.1.0', 'v2.2.8'], 'integrated_server.rs:1257'),
    cat('INFO', 'chronik_server::integrated_server::server', 'Integrated Kafka server listening on {}', R.v2_2_9_to_head, 'integrated_server/server.rs:693'),
  ],
  'main.sigterm': [cat('INFO', MAIN, 'Received SIGTERM, shutting down...', R.v2_2_0_to_head, 'main.rs:731 / main.rs:1395')],
  'main.shuttingDownNode': [cat('INFO', MAIN, 'Shutting down cluster node {}...', R.v2_2_0_to_head, 'main.rs:735 / main.rs:1399')],
  'server.shuttingDown': [
    cat('INFO', 'chronik_server::integrated_server', 'Shutting down IntegratedKafkaServer...', ['v2.1.0', 'v2.2.8'], 'integrated_server.rs:1224'),
    cat('INFO', 'chronik_server::integrated_server::server', 'Shutting down IntegratedKafkaServer...', R.v2_2_9_to_head, 'integrated_server/server.rs:314'),
  ],
  'server.shutdownComplete': [
    cat('INFO', 'chronik_server::integrated_server', 'IntegratedKafkaServer shutdown complete', ['v2.1.0', 'v2.2.8'], 'integrated_server.rs:1245'),
    cat('INFO', 'chronik_server::integrated_server::server', 'IntegratedKafkaServer shutdown complete', R.v2_2_9_to_head, 'integrated_server/server.rs:335'),
  ],
} as const satisfies Record<string, MessageFamily>;
