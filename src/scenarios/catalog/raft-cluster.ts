// chronik's Raft bootstrap, transport and persistence lines (catalog §3.2, §3.3 and sample raft_cluster lines).
import { cat, R, sample, type MessageFamily } from './types.js';

const RC = 'chronik_server::raft_cluster';
const GRPC = 'chronik_raft::transport::grpc';
const STORE = 'chronik_wal::raft_storage_impl';
const V221 = 'v2.2.1';
const V2104 = 'v2.10.4';
const TRANSPORT_FIELDS = ['topic', 'partition', 'to', 'msg_type', 'error'] as const;

/** Raft bootstrap and transport families. */
export const RAFT_BOOTSTRAP = {
  'rc.bootstrapping': [
    cat('INFO', RC, 'Bootstrapping Raft cluster: node_id={}, peers={:?}', R.v2_2_0_to_head, 'raft_cluster.rs:74 / raft_cluster.rs:420'),
  ],
  'rc.initVoters': [cat('INFO', RC, 'Initializing Raft cluster with voters: {:?}', R.v2_2_0_to_head, 'raft_cluster.rs:96 / raft_cluster.rs:434')],
  'rc.highProfile': [sample('INFO', RC, 'Using HIGH profile for Raft metadata WAL (default for stability)', V2104, 'raft_cluster.rs:192')],
  'wal.groupCommitInit': [
    sample('INFO', 'chronik_wal::group_commit', 'Group commit WAL initialized: max_batch={}, max_wait={}ms, max_queue={}, rotation=enabled', V221, 'chronik-wal/src/group_commit.rs:307'),
  ],
  'store.recoveryStart': [
    sample('INFO', STORE, 'Starting Raft WAL recovery from {:?}', V221, 'raft_storage_impl.rs:96'),
    sample('INFO', STORE, 'Starting Raft WAL recovery from {:?}', V2104, 'raft_storage_impl.rs:355'),
  ],
  'store.noSnapshotsDir': [
    sample('INFO', STORE, 'No snapshots directory found', V221, 'raft_storage_impl.rs:504'),
    sample('INFO', STORE, 'No snapshots directory found', V2104, 'raft_storage_impl.rs:676'),
  ],
  'store.noSnapshot': [
    sample('INFO', STORE, 'No snapshot found - will recover from WAL only', V221, 'raft_storage_impl.rs:108'),
    sample('INFO', STORE, 'No snapshot found - will recover from WAL only', V2104, 'raft_storage_impl.rs:97'),
  ],
  'store.noWalDir': [
    sample('INFO', STORE, 'No Raft WAL directory found - starting with empty state', V221, 'raft_storage_impl.rs:116'),
    sample('INFO', STORE, 'No Raft WAL directory found - starting with empty state', V2104, 'raft_storage_impl.rs:114'),
  ],
  'store.recoveredHardState': [
    cat('INFO', STORE, '✓ Recovered HardState: term={}, vote={}, commit={}', R.v2_2_0_to_head, 'raft_storage_impl.rs:258 / raft_storage_impl.rs:244'),
  ],
  'rc.storageInitialized': [
    sample('INFO', RC, '✓ Raft WAL storage initialized (persistent)', V221, 'raft_cluster.rs:112'),
    sample('INFO', RC, '✓ Raft WAL storage initialized (persistent)', V2104, 'raft_cluster.rs:210'),
  ],
  'rc.noRecoveredState': [
    cat('INFO', RC, 'No recovered Raft state - initializing fresh cluster', R.v2_2_0_to_head, 'raft_cluster.rs:116 / raft_cluster.rs:224'),
  ],
  'rc.usingRecoveredState': [cat('INFO', RC, '✓ Using recovered Raft state from WAL', R.eraA, 'raft_cluster.rs:126')],
  'rc.usingRecoveredStateVoters': [
    cat('INFO', RC, '✓ Using recovered Raft state from WAL (voters: {:?})', R.v2_2_7_to_head, 'raft_cluster.rs:241'),
  ],
  'grpc.addingPeer': [
    cat('INFO', GRPC, 'Adding peer {} at {} (will connect lazily on first message)', R.v2_2_0_to_head, 'grpc.rs:291 / grpc.rs:330'),
  ],
  'rc.registeredPeer': [
    sample('INFO', RC, '✓ Registered peer {} in gRPC transport', V221, 'raft_cluster.rs:157'),
    sample('INFO', RC, '✓ Registered peer {} in gRPC transport', V2104, 'raft_cluster.rs:285'),
  ],
  'rc.clusterInitialized': [
    sample('INFO', RC, '✓ Raft cluster initialized with {} voters and gRPC transport', V221, 'raft_cluster.rs:160'),
    sample('INFO', RC, '✓ Raft cluster initialized with {} voters and gRPC transport', V2104, 'raft_cluster.rs:448'),
  ],
  'rc.senderStarted': [
    sample('INFO', RC, '✓ Raft message sender task started', V221, 'raft_cluster.rs:193'),
    sample('INFO', RC, '✓ Raft message sender task started', V2104, 'raft_cluster.rs:369'),
  ],
  'rc.startingGrpc': [cat('INFO', RC, 'Starting Raft gRPC server on {}', R.v2_2_0_to_head, 'raft_cluster.rs:813 / raft_cluster.rs:1936')],
  'rc.grpcStarted': [cat('INFO', RC, '✓ Raft gRPC server started on {}', R.v2_2_0_to_head, 'raft_cluster.rs:845 / raft_cluster.rs:2010')],
  'rc.loopStarting': [
    cat('INFO', RC, 'Starting Raft message processing loop', R.eraA, 'raft_cluster.rs:861'),
    cat('INFO', RC, 'Multi-node mode: starting Raft message processing loop', R.v2_2_7_to_head, 'raft_cluster.rs:2079'),
  ],
  'rc.loopStarted': [cat('INFO', RC, '✓ Raft message loop started', R.v2_2_0_to_head, 'raft_cluster.rs:1216 / raft_cluster.rs:2580')],
  'grpc.connected': [cat('INFO', GRPC, 'Connected to peer {} at {}', R.v2_1_0_to_head, 'grpc.rs:123')],
  'grpc.transientError': [
    cat('WARN', GRPC, 'Raft RPC failed with transient error, retrying once', R.v2_1_0_to_head, 'grpc.rs:212 / grpc.rs:251', { fields: TRANSPORT_FIELDS }),
  ],
  'grpc.failedOnRetry': [
    cat('WARN', GRPC, 'Raft RPC failed on retry', R.v2_1_0_to_head, 'grpc.rs:249 / grpc.rs:288', { fields: TRANSPORT_FIELDS }),
  ],
  'rc.sendFailed': [
    cat('WARN', RC, 'Message sender: failed to send {:?} to peer {}: {}', ['v2.2.0', 'v2.2.7'], 'raft_cluster.rs:186'),
  ],
  'rc.messageLost': [
    cat('ERROR', RC, 'Message sender: FAILED to send {:?} to peer {} after {} retries - MESSAGE LOST: {}', R.v2_2_8_to_head, 'raft_cluster.rs:346'),
  ],
  'rc.prewarming': [cat('INFO', RC, 'Pre-warming gRPC connections to {} peers...', R.v2_2_9_to_head, 'raft_cluster.rs:519')],
  'rc.prewarmed': [cat('INFO', RC, '✓ Pre-warmed connection to peer {} (attempt {})', R.v2_2_9_to_head, 'raft_cluster.rs:533')],
  'rc.prewarmFailed': [
    cat('WARN', RC, 'Failed to pre-warm connection to peer {} after {} attempts (continuing anyway): {}', R.v2_2_9_to_head, 'raft_cluster.rs:545'),
  ],
  'rc.peerNotReady': [cat('WARN', RC, '⚠ Peer {} may not be ready yet - first heartbeats may fail', R.v2_2_9_to_head, 'raft_cluster.rs:555')],
  'rc.prewarmDone': [sample('INFO', RC, '✓ Completed gRPC connection pre-warming', V2104, 'raft_cluster.rs:562')],
} as const satisfies Record<string, MessageFamily>;

/** Raft term, persistence and apply families (§3.3). */
export const RAFT_STATE = {
  'rc.persistingHardState': [
    cat('INFO', RC, 'Persisting HardState: term={}, vote={}, commit={}', R.upTo2_2_8, 'raft_cluster.rs:1106'),
    cat('INFO', RC, 'Persisting HardState (holding lock): term={}, vote={}, commit={}', R.v2_2_9_to_head, 'raft_cluster.rs:2347'),
  ],
  'rc.persistedHardState': [
    cat('INFO', RC, '✓ Persisted HardState: term={}, vote={}, commit={}', R.v2_2_0_to_head, 'raft_cluster.rs:1121 / raft_cluster.rs:2352'),
  ],
  'rc.persistingEntries': [
    cat('INFO', RC, 'Persisting {} Raft entries to WAL', R.upTo2_2_8, 'raft_cluster.rs:1083'),
    cat('INFO', RC, 'Persisting {} Raft entries to WAL (holding lock)', R.v2_2_9_to_head, 'raft_cluster.rs:2325'),
  ],
  'rc.persistedEntries': [
    cat('INFO', RC, '✓ Persisted {} Raft entries to WAL', R.v2_2_0_to_head, 'raft_cluster.rs:1099 / raft_cluster.rs:2333'),
  ],
  'rc.readyUnpersisted': [
    cat('INFO', RC, 'Raft ready: {} unpersisted messages to send', R.upTo2_2_8, 'raft_cluster.rs:906'),
    cat('DEBUG', RC, 'Raft ready: {} unpersisted messages to send', R.v2_2_9_to_head, 'raft_cluster.rs:2139'),
  ],
  'rc.readyPersisted': [
    cat('INFO', RC, 'Raft ready: {} persisted messages to send', R.upTo2_2_8, 'raft_cluster.rs:1130'),
    cat('DEBUG', RC, 'Raft ready: {} persisted messages to send', R.v2_2_9_to_head, 'raft_cluster.rs:2370'),
  ],
  'rc.applied': [cat('INFO', RC, '✓ Applied {} committed entries to state machine', R.eraA, 'raft_cluster.rs:1071')],
  'rc.leaderChangeDetected': [
    cat('INFO', RC, '🔄 Leader change detected: {} → {} (term={})', R.v2_2_8_to_head, 'raft_cluster.rs:2462'),
  ],
  'rc.dbgCollected': [
    sample('INFO', RC, '🔍 DEBUG: Collected {} normal committed entries for application (filtered out {} ConfChange)', V2104, 'raft_cluster.rs:2302'),
  ],
  'rc.dbgApplying': [
    sample('INFO', RC, '🔍 DEBUG: Applying {} committed entries to state machine (AFTER advance)', V2104, 'raft_cluster.rs:2435'),
  ],
  'rc.dbgApplyCalled': [
    sample('INFO', RC, '🔍 DEBUG apply_committed_entries: Called with {} entries', V2104, 'raft_cluster.rs:1178'),
  ],
  'rc.dbgApplyEntry': [
    sample('INFO', RC, '🔍 DEBUG apply_committed_entries: Entry {}/{} - index={}, data.len()={}', V2104, 'raft_cluster.rs:1188'),
  ],
  'rc.dbgApplyEmpty': [
    sample('WARN', RC, '⚠️ DEBUG apply_committed_entries: Entry {} has empty data, skipping', V2104, 'raft_cluster.rs:1193'),
  ],
  'rc.dbgApplyFinished': [
    sample('INFO', RC, '🔍 DEBUG apply_committed_entries: Finished - applied={}, skipped={}, total={}', V2104, 'raft_cluster.rs:1269'),
  ],
  'rc.dbgApplied': [
    sample('INFO', RC, '✅ DEBUG: Successfully applied {} committed entries to state machine', V2104, 'raft_cluster.rs:2443'),
  ],
} as const satisfies Record<string, MessageFamily>;
