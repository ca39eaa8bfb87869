// Partition leader election (catalog §3.6): polling monitor in era A, event-driven from v2.2.7.
import { cat, R, type MessageFamily } from './types.js';

const LE = 'chronik_server::leader_election';

/** Partition leader-election families. */
export const LEADER_ELECTION = {
  'le.monitorStarted': [cat('INFO', LE, 'Leader election monitor started', R.eraA, 'leader_election.rs:80')],
  'le.leaderTimeout': [cat('WARN', LE, 'Leader timeout for {}-{} (leader={}), triggering election', R.eraA, 'leader_election.rs:146')],
  'le.electingIsr': [
    cat('INFO', LE, 'Electing first ISR member as leader for {}-{}: {} (ISR: {:?})', R.upTo2_2_8, 'leader_election.rs:248'),
  ],
  'le.elected': [cat('INFO', LE, '✅ Elected new leader for {}-{}: node {}', R.eraA, 'leader_election.rs:182')],
  'le.failed': [cat('ERROR', LE, '❌ Failed to elect leader for {}-{}: {}', R.eraA, 'leader_election.rs:198')],
  'le.eventDriven': [
    cat('INFO', LE, 'LeaderElector created in EVENT-DRIVEN mode (no continuous monitoring)', R.v2_2_7_to_head, 'leader_election.rs:80'),
  ],
  'le.triggering': [cat('WARN', LE, 'Triggering leader election for {}-{}: {}', R.v2_2_7_to_head, 'leader_election.rs:135')],
  'le.electingReplica': [
    cat('INFO', LE, 'Electing first replica as leader for {}-{}: {} (replicas: {:?})', R.v2_2_9_to_head, 'leader_election.rs:206'),
  ],
  'le.electedReason': [cat('INFO', LE, '✅ Elected new leader for {}-{}: node {} (reason: {})', R.v2_2_7_to_head, 'leader_election.rs:157')],
  'le.failedReason': [cat('ERROR', LE, '❌ Failed to elect leader for {}-{}: {} (reason: {})', R.v2_2_7_to_head, 'leader_election.rs:164')],
  'wal.streamTimeout': [
    cat('WARN', 'chronik_server::wal_replication', 'WAL stream timeout detected for {}-{} ({}s since last heartbeat)', R.v2_2_7_to_head, 'wal_replication.rs:2330'),
  ],
} as const satisfies Record<string, MessageFamily>;
