// Every catalog entry recognised from a real-format line (catalog examples), with what it means.

import { describe, expect, it } from 'vitest';
import { createClassifier, MESSAGE_RULES, type Observation } from '../../src/chronik/index.js';
import { parseTracingLine, type LogEvent } from '../../src/lines/index.js';

const TS = '2025-11-08T10:15:05.322442Z';
const ev = (level: string, target: string, message: string): LogEvent => {
  const parsed = parseTracingLine(`${TS} ${level.padStart(5)} ${target}: ${message}`);
  if (parsed === undefined) throw new Error(`not a tracing line: ${message}`);
  return { ...parsed, panic: false };
};
const CP = (id: number, state: string, leader: number) => `Cannot propose: this node (id=${id}) is not the leader (state=${state}, leader=${leader})`;

/** One real-format example per rule id, and the observations it must yield. */
const EXAMPLES: Record<string, { event: LogEvent; expect: readonly Observation[] }> = {
  banner: { event: ev('INFO', 'chronik_server', 'Chronik Server v2.2.1'), expect: [{ kind: 'banner', version: '2.2.1' }] },
  node_id: { event: ev('INFO', 'chronik_server', '  Node ID: 2'), expect: [{ kind: 'self_id', nodeId: 2 }] },
  cluster_mode: { event: ev('INFO', 'chronik_server', 'Starting in CLUSTER mode (node_id=2)'), expect: [{ kind: 'self_id', nodeId: 2 }] },
  cluster_mode_run: { event: ev('INFO', 'chronik_server', 'Starting Chronik in CLUSTER mode (node_id=2)'), expect: [{ kind: 'self_id', nodeId: 2 }] },
  raft_bootstrap: { event: ev('INFO', 'chronik_server::raft_cluster', 'Bootstrapping Raft cluster: node_id=1, peers=[(2, "localhost:5002"), (3, "localhost:5003")]'), expect: [{ kind: 'self_id', nodeId: 1 }] },
  shutdown_node: { event: ev('INFO', 'chronik_server', 'Shutting down cluster node 1...'), expect: [{ kind: 'shutdown' }] },
  shutdown_complete: { event: ev('INFO', 'chronik_server::integrated_server::server', 'IntegratedKafkaServer shutdown complete'), expect: [{ kind: 'shutdown' }] },
  raft_became: {
    event: ev('INFO', 'raft::raft', 'became follower at term 3, raft_id: 1, from_role: Leader, term: 3'),
    expect: [{ kind: 'role', role: 'follower', term: 3, raftId: 1, fromLeader: true }, { kind: 'self_id', nodeId: 1 }],
  },
  raft_election: { event: ev('INFO', 'raft::raft', 'starting a new election, raft_id: 1, term: 1'), expect: [{ kind: 'election_started' }, { kind: 'self_id', nodeId: 1 }] },
  raft_higher_term: {
    event: ev('INFO', 'raft::raft', 'received a message with higher term from 1, raft_id: 3, msg type: MsgHeartbeat, message_term: 2, term: 0, from: 1'),
    expect: [{ kind: 'leader', leaderId: 1 }, { kind: 'self_id', nodeId: 3 }],
  },
  hardstate_persisted: { event: ev('INFO', 'chronik_server::raft_cluster', '✓ Persisted HardState: term=2, vote=1, commit=5'), expect: [{ kind: 'term', term: 2 }, { kind: 'commit', commit: 5 }] },
  hardstate_recovered: { event: ev('INFO', 'chronik_wal::raft_storage_impl', '✓ Recovered HardState: term=4, vote=1, commit=10'), expect: [{ kind: 'term', term: 4 }, { kind: 'commit', commit: 10 }] },
  persist_hardstate_failed: { event: ev('ERROR', 'chronik_server::raft_cluster', 'Failed to persist HardState: I/O error: No space left on device (os error 28)'), expect: [{ kind: 'persist_failure', what: 'hardstate' }] },
  persist_entries_failed: { event: ev('ERROR', 'chronik_server::raft_cluster', 'Failed to persist Raft entries: I/O error'), expect: [{ kind: 'persist_failure', what: 'entries' }] },
  leader_change_detected: { event: ev('INFO', 'chronik_server::raft_cluster', '🔄 Leader change detected: 1 → 2 (term=3)'), expect: [{ kind: 'leader', leaderId: 2 }, { kind: 'term', term: 3 }] },
  message_lost: { event: ev('ERROR', 'chronik_server::raft_cluster', 'Message sender: FAILED to send 8 to peer 3 after 10 retries - MESSAGE LOST: gRPC error: status: Unavailable'), expect: [{ kind: 'message_lost' }] },
  raft_server_error: { event: ev('ERROR', 'chronik_server::raft_cluster', 'Raft gRPC server error: transport error'), expect: [{ kind: 'raft_server_error' }] },
  leadership_changed: {
    event: ev('INFO', 'chronik_server::wal_replication', 'Cluster leadership changed - previous_leader: 1, new_leader: 2, node_id: 1, role: Follower, was_leader: true, is_leader: false'),
    expect: [{ kind: 'leader', leaderId: 2 }, { kind: 'is_leader', isLeader: false }],
  },
  became_cluster_leader: { event: ev('INFO', 'chronik_server::wal_replication', '✅ Became cluster leader - starting WAL replication to followers'), expect: [{ kind: 'is_leader', isLeader: true }] },
  lost_cluster_leadership: { event: ev('WARN', 'chronik_server::wal_replication', '⚠️ Lost cluster leadership - stopping WAL replication (new_leader: 2)'), expect: [{ kind: 'lost_leadership' }, { kind: 'leader', leaderId: 2 }] },
  leader_elected_v221: { event: ev('INFO', 'chronik_server::integrated_server', '✓ Raft leader elected (leader_id=1, state=Follower), this node is a follower - waiting for leader to initialize metadata'), expect: [{ kind: 'leader', leaderId: 1 }] },
  leader_elected: { event: ev('INFO', 'chronik_server::cluster::broker_registration', '✓ Raft leader elected: leader_id=1, this_node=2, is_leader=false, state=Follower'), expect: [{ kind: 'self_id', nodeId: 2 }, { kind: 'leader', leaderId: 1 }] },
  metadata_init_verdict: { event: ev('INFO', 'chronik_server::integrated_server', '✓ This node is Raft leader (state=Follower), proceeding with metadata initialization'), expect: [{ kind: 'metadata_init', line: 'verdict' }] },
  metadata_init: { event: ev('INFO', 'chronik_server::integrated_server', 'This node is Raft leader - initializing partition metadata for existing topics'), expect: [{ kind: 'metadata_init', line: 'primary' }] },
  election_stall: { event: ev('WARN', 'chronik_server::integrated_server', 'Raft leader election did not complete within 30 seconds - metadata proposals may fail'), expect: [{ kind: 'election_stall' }] },
  broker_propose_retry: {
    event: ev('DEBUG', 'chronik_server::integrated_server', `Failed to propose broker 2 to Raft (attempt 3/15): ${CP(2, 'Follower', 1)}, retrying in 2s...`),
    expect: [{ kind: 'broker_retry', stage: 'raft' }, { kind: 'not_leader', context: 'broker_registration' }, { kind: 'leader', leaderId: 1 }],
  },
  broker_register_retry: { event: ev('WARN', 'chronik_server::integrated_server', 'Failed to register broker 1 (attempt 3/30): Storage error, retrying in 2s...'), expect: [{ kind: 'broker_retry', stage: 'local' }] },
  broker_gave_up: {
    event: ev('WARN', 'chronik_server::integrated_server', `WARNING: Failed to propose broker 2 to Raft after 16 attempts: ${CP(2, 'Follower', 1)}`),
    expect: [{ kind: 'broker_failure', outcome: 'follower_gave_up' }, { kind: 'not_leader', context: 'broker_registration' }, { kind: 'leader', leaderId: 1 }],
  },
  broker_fatal: { event: ev('ERROR', 'chronik_server::integrated_server', 'FATAL: Failed to register broker 1 after 31 attempts: Storage error'), expect: [{ kind: 'broker_failure', outcome: 'fatal' }] },
  broker_leader_failed: { event: ev('WARN', 'chronik_server::integrated_server', '⚠️  Leader failed to propose broker 2 to Raft: Failed to propose to Raft'), expect: [{ kind: 'broker_failure', outcome: 'leader_failed' }] },
  broker_register_failed: { event: ev('ERROR', 'chronik_server::cluster::broker_registration', '❌ Failed to register broker 2 (localhost:9093): WAL write failed'), expect: [{ kind: 'broker_failure', outcome: 'leader_failed' }] },
  leader_timeout: { event: ev('WARN', 'chronik_server::leader_election', 'Leader timeout for orders-eu-12 (leader=1), triggering election'), expect: [{ kind: 'leader_timeout', topic: 'orders-eu', partition: '12' }] },
  wal_stream_timeout: { event: ev('WARN', 'chronik_server::wal_replication', 'WAL stream timeout detected for orders-0 (31s since last heartbeat)'), expect: [{ kind: 'leader_timeout', topic: 'orders', partition: '0' }] },
  partition_elected: {
    event: ev('INFO', 'chronik_server::leader_election', '✅ Elected new leader for orders-0: node 2 (reason: WAL stream timeout (31s))'),
    expect: [{ kind: 'partition_election', topic: 'orders', partition: '0', ok: true }, { kind: 'partition_meta', topic: 'orders', partition: '0', leader: 2 }],
  },
  partition_election_failed: {
    event: ev('ERROR', 'chronik_server::leader_election', `❌ Failed to elect leader for __meta-0: ${CP(2, 'Follower', 1)}`),
    expect: [{ kind: 'partition_election', topic: '__meta', partition: '0', ok: false }, { kind: 'not_leader', context: 'partition_election' }, { kind: 'leader', leaderId: 1 }],
  },
  propose_assignment_failed: {
    event: ev('WARN', 'chronik_server::integrated_server', `Failed to propose partition assignment for __meta-0: ${CP(1, 'Follower', 0)}`),
    expect: [{ kind: 'proposal_failure', topic: '__meta', partition: '0', proposal: 'assignment' }, { kind: 'not_leader', context: 'partition_proposal' }],
  },
  propose_leader_failed: {
    event: ev('WARN', 'chronik_server::produce_handler', `Failed to propose partition leader for a-b-1: ${CP(1, 'Candidate', 0)}`),
    expect: [{ kind: 'proposal_failure', topic: 'a-b', partition: '1', proposal: 'leader' }, { kind: 'not_leader', context: 'partition_proposal' }],
  },
  propose_isr_failed: { event: ev('WARN', 'chronik_server::integrated_server', 'Failed to propose ISR for t-0: Failed to propose to Raft'), expect: [{ kind: 'proposal_failure', topic: 't', partition: '0', proposal: 'isr' }] },
  propose_assignment_skipped: {
    event: ev('DEBUG', 'chronik_server::produce_handler', `Could not propose partition assignment for orders-0 (expected on followers): ${CP(2, 'Follower', 1)}`),
    expect: [{ kind: 'not_leader', context: 'partition_proposal' }, { kind: 'leader', leaderId: 1 }],
  },
  partition_proposed: {
    event: ev('INFO', 'chronik_server::integrated_server', '✓ Proposed Raft metadata for __meta-0: replicas=[1, 2, 3], leader=1, ISR=[1, 2, 3]'),
    expect: [{ kind: 'partition_meta', topic: '__meta', partition: '0', replicas: 3, leader: 1, isr: 3 }],
  },
  partition_initialized: {
    event: ev('INFO', 'chronik_server::produce_handler', '✓ Initialized Raft partition metadata for orders-0: replicas=[1, 2], leader=2, ISR=[]'),
    expect: [{ kind: 'partition_meta', topic: 'orders', partition: '0', replicas: 2, leader: 2, isr: 0 }],
  },
  wal_replication_dropped: { event: ev('WARN', 'chronik_server::wal_replication', 'WAL replication queue full (100000 records), dropping record for orders-0 offset 1042'), expect: [{ kind: 'wal_dropped', topic: 'orders', partition: '0' }] },
};

describe('message table', () => {
  const classifier = createClassifier({});
  it('has an example for every rule', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(MESSAGE_RULES.map((r) => r.id).sort());
  });
  it.each(Object.entries(EXAMPLES))('%s', (_id, { event, expect: observations }) => {
    expect(classifier.classify(event)).toEqual(observations);
  });

  it('counts each matched rule, and a disabled rule matches nothing', () => {
    const matched: string[] = [];
    const c = createClassifier({ disabled: new Set(['leader_timeout']), onMatch: (r) => matched.push(r) });
    const e = EXAMPLES.leader_timeout?.event;
    if (e === undefined) throw new Error('missing example');
    expect(c.classify(e)).toEqual([]);
    c.classify(EXAMPLES.partition_election_failed?.event ?? e);
    expect(matched).toEqual(['partition_election_failed', 'cannot_propose']);
  });

  it('ignores known wording under a foreign target, and lines that only name other nodes', () => {
    const c = createClassifier({});
    expect(c.classify(ev('INFO', 'my_app', 'Chronik Server v9'))).toEqual([]);
    expect(c.classify(ev('INFO', 'chronik_server::raft_cluster', 'ConfChange AddNode: node_id=4, kafka=n4:9092, wal=n4:9291, raft=n4:5001'))).toEqual([]);
    expect(c.classify(ev('INFO', 'raft::raft', 'received a message with higher term from 1, raft_id: 2, msg type: MsgRequestVote, message_term: 2, term: 0, from: 1'))).toEqual([{ kind: 'self_id', nodeId: 2 }]);
    expect(c.classify(ev('INFO', 'chronik_server::leader_election', 'Triggering leader election for orders-0: WAL stream timeout (31s)'))).toEqual([]);
  });
});
