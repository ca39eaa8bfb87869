// Cluster-leader watcher and WAL replication (catalog §3.7 and the samples' wal_replication lines).
import { cat, R, sample, type MessageFamily } from './types.js';

const WR = 'chronik_server::wal_replication';
const V221 = 'v2.2.1';

/** Watcher and WAL-replication families. */
export const WAL_REPLICATION = {
  'wr.watcherStarted': [
    cat('INFO', WR, 'Starting dynamic leader change detection (polling every 5s)', R.v2_2_0_to_head, 'wal_replication.rs:668 / wal_replication.rs:972'),
  ],
  'wr.leadershipChanged': [
    cat('INFO', WR, 'Cluster leadership changed - previous_leader: {}, new_leader: {}, node_id: {}, role: {}, was_leader: {}, is_leader: {}', R.v2_2_0_to_head, 'wal_replication.rs:687 / wal_replication.rs:991'),
  ],
  'wr.becameLeader': [
    cat('INFO', WR, '✅ Became cluster leader - starting WAL replication to followers', R.v2_2_0_to_head, 'wal_replication.rs:697 / wal_replication.rs:1001'),
  ],
  'wr.lostLeadership': [
    cat('WARN', WR, '⚠️ Lost cluster leadership - stopping WAL replication (new_leader: {})', R.v2_2_0_to_head, 'wal_replication.rs:701 / wal_replication.rs:1005'),
  ],
  'wr.closingConnections': [
    cat('INFO', WR, 'Closing all WAL replication connections (no longer leader)', R.v2_2_0_to_head, 'wal_replication.rs:745 / wal_replication.rs:1083'),
  ],
  'wr.closedConnections': [cat('INFO', WR, 'Closed {} WAL replication connections', R.v2_2_0_to_head, 'wal_replication.rs:751 / wal_replication.rs:1089')],
  'wr.attempting': [cat('INFO', WR, 'Attempting to connect to follower: {}', R.v2_2_0_to_head, 'wal_replication.rs:490 / wal_replication.rs:1476')],
  'wr.connected': [cat('INFO', WR, '✅ Connected to follower: {}', R.v2_2_0_to_head, 'wal_replication.rs:494 / wal_replication.rs:1480')],
  'wr.connectFailed': [cat('WARN', WR, 'Failed to connect to follower {}: {}', R.v2_2_0_to_head, 'wal_replication.rs:518 / wal_replication.rs:1506')],
  'wr.ackReaderClosed': [cat('INFO', WR, 'ACK reader: Connection closed by follower {}', R.v2_2_0_to_head, 'wal_replication.rs:553 / wal_replication.rs:830')],
  'wr.noIsr': [
    cat('WARN', WR, 'No in-sync replicas for {}-{} (offset={}), skipping replication', R.v2_2_0_to_head, 'wal_replication.rs:339 / wal_replication.rs:411'),
  ],
  'isr.quorumTimeout': [
    cat('WARN', 'chronik_server::isr_ack_tracker', '⏱️  ISR quorum timeout for {}-{} offset {}: {}/{} ACKs received', R.v2_2_0_to_head, 'isr_ack_tracker.rs:181 / isr_ack_tracker.rs:206'),
  ],
  'produce.quorumTimeout': [
    cat('ERROR', 'chronik_server::produce_handler', 'acks=-1: ISR quorum timeout for {}-{} offset {} after {:?}', R.v2_2_0_to_head, 'produce_handler.rs:1482 / produce_handler.rs:2724'),
  ],
  'wr.spawnedAckReader': [sample('INFO', WR, '✅ Spawned ACK reader for follower: {}', V221, 'wal_replication.rs:511')],
  'wr.ackReaderStarted': [sample('INFO', WR, 'ACK reader started for follower: {}', V221, 'wal_replication.rs:544')],
  'wr.autoDiscovered': [sample('INFO', WR, 'Auto-discovered {} followers from cluster config: {}', V221, 'wal_replication.rs:179')],
  'wr.creatingManager': [
    sample('INFO', WR, 'Creating WalReplicationManager with {} followers, Raft: true, ISR: true, AckTracker: true, ClusterConfig: true', V221, 'wal_replication.rs:188'),
  ],
  'wr.senderStarted': [sample('INFO', WR, 'WAL replication sender worker started', V221, 'wal_replication.rs:406')],
  'wr.managerStarted': [sample('INFO', WR, 'WAL replication connection manager started', V221, 'wal_replication.rs:483')],
  'wr.discoveryStarted': [
    sample('INFO', WR, 'Starting dynamic partition-level follower discovery (polling every 10s)', V221, 'wal_replication.rs:783'),
  ],
  'wr.discovering': [sample('INFO', WR, 'Discovering cluster followers from configuration...', V221, 'wal_replication.rs:714')],
  'wr.discovered': [sample('INFO', WR, 'Discovered {} follower nodes: {}', V221, 'wal_replication.rs:727')],
  'wr.clearedConnections': [
    sample('INFO', WR, 'Cleared old connections - connection manager will establish new follower connections', V221, 'wal_replication.rs:738'),
  ],
  'wr.creatingReceiver': [sample('INFO', WR, 'Creating WalReceiver with ISR ACK tracking for node {}', V221, 'wal_replication.rs:988')],
  'wr.startingReceiver': [sample('INFO', WR, 'Starting WAL receiver on {}', V221, 'wal_replication.rs:1000')],
  'wr.receiverListening': [sample('INFO', WR, '✅ WAL receiver listening on {}', V221, 'wal_replication.rs:1005')],
  'wr.acceptedConnection': [sample('INFO', WR, 'WAL receiver: Accepted connection from {}', V221, 'wal_replication.rs:1013')],
} as const satisfies Record<string, MessageFamily>;
