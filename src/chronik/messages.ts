// The knowledge of chronik-server's log messages, as data: one entry per message (source: the catalog,
// ../shared/reference/chronik-log-formats.md). Each entry says where the message comes from, in which versions
// it exists, what it means, and which observations it yields. classify.ts is the only code that reads this.

import { listSize, splitPartitionKey } from './partition-key.js';
import type { Observation, ProposeContext, ProposalKind, RaftRole } from './observations.js';

/** One known chronik-server (or raft-rs) message. */
export interface MessageRule {
  /** Stable id: the `rule` label of `chronik_log_exporter_rule_matches_total`, and the key to switch it off. */
  readonly id: string;
  /** Target family the message is logged under (targets moved between modules across versions). */
  readonly target: 'chronik_server' | 'chronik_wal' | 'raft::';
  /** Literal start of the message: the cheap prefilter before the pattern runs. */
  readonly prefix: string;
  /** Anchored pattern on the whole message (ANSI stripped); omitted when the prefix says it all. */
  readonly pattern?: RegExp;
  /** chronik versions that log it (catalog "Present in"). */
  readonly versions: string;
  /** The catalog's source reference (v2.2.1 / v2.10.4). */
  readonly source: string;
  readonly meaning: string;
  /** Context for a `Cannot propose: …` text embedded in this message. */
  readonly proposeContext?: ProposeContext;
  /** Observations for a match (`m` is null for prefix-only rules). */
  readonly observe: (m: RegExpExecArray | null) => readonly Observation[];
}

const NONE: readonly Observation[] = [];
const int = (s: string | undefined): number => (s === undefined ? 0 : Number.parseInt(s, 10));
const roleOf = (s: string | undefined): RaftRole => (s === 'pre-candidate' ? 'pre_candidate' : (s as RaftRole)); // pattern admits only the four role words

function partition(key: string | undefined, make: (topic: string, partition: string) => Observation): readonly Observation[] {
  const split = splitPartitionKey(key ?? '');
  return split === undefined ? NONE : [make(split[0], split[1])];
}

function proposalFailure(proposal: ProposalKind) {
  return (m: RegExpExecArray | null) =>
    partition(m?.[1], (topic, p) => ({ kind: 'proposal_failure', topic, partition: p, proposal }));
}

function partitionMeta(m: RegExpExecArray | null): readonly Observation[] {
  return partition(m?.[1], (topic, p) => ({
    kind: 'partition_meta', topic, partition: p,
    replicas: listSize(m?.[2] ?? ''), leader: int(m?.[3]), isr: listSize(m?.[4] ?? ''),
  }));
}

/** Every message the exporter understands. Order matters only among rules sharing a prefix. */
export const MESSAGE_RULES: readonly MessageRule[] = [
  // --- process lifecycle (§3.1) ---
  {
    id: 'banner', target: 'chronik_server', prefix: 'Chronik Server v', pattern: /^Chronik Server v(\S+)$/,
    versions: 'v1.3.28–v2.10.4', source: 'main.rs:484 / main.rs:1014',
    meaning: 'first line of every process start',
    observe: (m) => [{ kind: 'banner', version: m?.[1] ?? '' }],
  },
  {
    id: 'node_id', target: 'chronik_server', prefix: '  Node ID: ', pattern: /^ {2}Node ID: (\d+)$/,
    versions: 'v2.1.0–v2.10.4', source: 'main.rs:411 / main.rs:445',
    meaning: 'own node id, from the loaded cluster config',
    observe: (m) => [{ kind: 'self_id', nodeId: int(m?.[1]) }],
  },
  {
    id: 'cluster_mode', target: 'chronik_server', prefix: 'Starting in CLUSTER mode (node_id=', pattern: /^Starting in CLUSTER mode \(node_id=(\d+)\)$/,
    versions: 'v2.2.0–v2.10.4', source: 'main.rs:550 / main.rs:1087',
    meaning: 'cluster mode with own node id',
    observe: (m) => [{ kind: 'self_id', nodeId: int(m?.[1]) }],
  },
  {
    id: 'cluster_mode_run', target: 'chronik_server', prefix: 'Starting Chronik in CLUSTER mode (node_id=', pattern: /^Starting Chronik in CLUSTER mode \(node_id=(\d+)\)$/,
    versions: 'v2.2.0–v2.10.4', source: 'main.rs:566 / main.rs:1110',
    meaning: 'cluster mode with own node id (run_cluster_mode)',
    observe: (m) => [{ kind: 'self_id', nodeId: int(m?.[1]) }],
  },
  {
    id: 'raft_bootstrap', target: 'chronik_server', prefix: 'Bootstrapping Raft cluster', pattern: /^Bootstrapping Raft cluster(?::| \() ?node_id=(\d+)/,
    versions: 'v2.2.0–v2.10.4', source: 'raft_cluster.rs:74 / raft_cluster.rs:420, cluster/raft_setup.rs',
    meaning: 'Raft node starting with own node id',
    observe: (m) => [{ kind: 'self_id', nodeId: int(m?.[1]) }],
  },
  {
    id: 'shutdown_node', target: 'chronik_server', prefix: 'Shutting down cluster node ',
    versions: 'v2.2.0–v2.10.4', source: 'main.rs:735 / main.rs:1399',
    meaning: 'clean shutdown begins',
    observe: () => [{ kind: 'shutdown' }],
  },
  {
    id: 'shutdown_complete', target: 'chronik_server', prefix: 'IntegratedKafkaServer shutdown complete',
    versions: 'v2.1.0–v2.10.4', source: 'integrated_server.rs:1245 / integrated_server/server.rs:335',
    meaning: 'clean shutdown finished',
    observe: () => [{ kind: 'shutdown' }],
  },
  // --- raft-rs (§2.3), rendered by raft 0.7.0 (≤ v2.2.21) or the vendored copy with from_role (v2.2.22+) ---
  {
    id: 'raft_became', target: 'raft::', prefix: 'became ',
    pattern: /^became (follower|candidate|pre-candidate|leader) at term (\d+), raft_id: (\d+)(?:, from_role: (\w+))?, term: \d+/,
    versions: 'v2.2.0–v2.10.4', source: 'raft.rs:1132,1156,1182,1240 / vendored raft.rs:1162,1187,1213,1271',
    meaning: 'Raft role change (also the boot-time follower at term 0)',
    observe: (m) => [{ kind: 'role', role: roleOf(m?.[1]), term: int(m?.[2]), raftId: int(m?.[3]), fromLeader: m?.[4] === 'Leader' }],
  },
  {
    id: 'raft_election', target: 'raft::', prefix: 'starting a new election',
    versions: 'v2.2.0–v2.10.4', source: 'raft.rs:1562 / vendored raft.rs:1569',
    meaning: 'election timeout fired: this node campaigns',
    observe: () => [{ kind: 'election_started' }],
  },
  {
    id: 'raft_higher_term', target: 'raft::', prefix: 'received a message with higher term from ',
    pattern: /^received a message with higher term from (\d+), raft_id: \d+, msg type: (MsgAppend|MsgHeartbeat|MsgSnapshot),/,
    versions: 'v2.2.0–v2.10.4', source: 'raft.rs:1376 / vendored raft.rs:1399',
    meaning: 'a leader (only leaders send append, heartbeat or snapshot) has a higher term',
    observe: (m) => [{ kind: 'leader', leaderId: int(m?.[1]) }],
  },
  // --- Raft term, persistence (§3.2, §3.3) ---
  {
    id: 'hardstate_persisted', target: 'chronik_server', prefix: '✓ Persisted HardState: term=',
    pattern: /^✓ Persisted HardState: term=(\d+), vote=\d+, commit=(\d+)/,
    versions: 'v2.2.0–v2.10.4', source: 'raft_cluster.rs:1121 / raft_cluster.rs:2052,2352',
    meaning: 'term and commit index after fsync',
    observe: (m) => [{ kind: 'term', term: int(m?.[1]) }, { kind: 'commit', commit: int(m?.[2]) }],
  },
  {
    id: 'hardstate_recovered', target: 'chronik_wal', prefix: '✓ Recovered HardState: term=',
    pattern: /^✓ Recovered HardState: term=(\d+), vote=\d+, commit=(\d+)/,
    versions: 'v2.2.0–v2.10.4', source: 'raft_storage_impl.rs:258 / raft_storage_impl.rs:244',
    meaning: 'term and commit index recovered at restart',
    observe: (m) => [{ kind: 'term', term: int(m?.[1]) }, { kind: 'commit', commit: int(m?.[2]) }],
  },
  {
    id: 'persist_hardstate_failed', target: 'chronik_server', prefix: 'Failed to persist HardState: ',
    versions: 'v2.2.0–v2.10.4', source: 'raft_cluster.rs:1119 / raft_cluster.rs:2055,2355',
    meaning: 'Raft durability failure',
    observe: () => [{ kind: 'persist_failure', what: 'hardstate' }],
  },
  {
    id: 'persist_entries_failed', target: 'chronik_server', prefix: 'Failed to persist Raft entries: ',
    versions: 'v2.2.0–v2.10.4', source: 'raft_cluster.rs:1097 / raft_cluster.rs:2037,2336',
    meaning: 'Raft durability failure',
    observe: () => [{ kind: 'persist_failure', what: 'entries' }],
  },
  {
    id: 'leader_change_detected', target: 'chronik_server', prefix: '🔄 Leader change detected: ',
    pattern: /^🔄 Leader change detected: \d+ → (\d+) \(term=(\d+)\)/,
    versions: 'v2.2.8–v2.10.4', source: '— / raft_cluster.rs:2462',
    meaning: 'explicit leader change with term (not logged for the first leader)',
    observe: (m) => [{ kind: 'leader', leaderId: int(m?.[1]) }, { kind: 'term', term: int(m?.[2]) }],
  },
  {
    id: 'message_lost', target: 'chronik_server', prefix: 'Message sender: FAILED to send ', pattern: /^Message sender: FAILED to send .* - MESSAGE LOST: /,
    versions: 'v2.2.8–v2.10.4', source: '— / raft_cluster.rs:346',
    meaning: 'a Raft message to a peer was dropped after 10 retries',
    observe: () => [{ kind: 'message_lost' }],
  },
  {
    id: 'raft_server_error', target: 'chronik_server', prefix: 'Raft gRPC server error: ',
    versions: 'v2.2.0–v2.10.4', source: 'raft_cluster.rs:838 / raft_cluster.rs:2003',
    meaning: 'the Raft RPC server died: the node can no longer vote or replicate',
    observe: () => [{ kind: 'raft_server_error' }],
  },
  // --- cluster-leader watcher (§3.7), duplicated from v2.2.8 ---
  {
    id: 'leadership_changed', target: 'chronik_server', prefix: 'Cluster leadership changed - previous_leader: ',
    pattern: /^Cluster leadership changed - previous_leader: \d+, new_leader: (\d+), node_id: \d+, role: \w+, was_leader: (?:true|false), is_leader: (true|false)/,
    versions: 'v2.2.0–v2.10.4', source: 'wal_replication.rs:687 / wal_replication.rs:991',
    meaning: 'leadership watcher (5 s poll): the leader as this node sees it, and its own is-leader flag',
    observe: (m) => [{ kind: 'leader', leaderId: int(m?.[1]) }, { kind: 'is_leader', isLeader: m?.[2] === 'true' }],
  },
  {
    id: 'became_cluster_leader', target: 'chronik_server', prefix: '✅ Became cluster leader - ',
    versions: 'v2.2.0–v2.10.4', source: 'wal_replication.rs:697 / wal_replication.rs:1001',
    meaning: 'the watcher saw this node become leader',
    observe: () => [{ kind: 'is_leader', isLeader: true }],
  },
  {
    id: 'lost_cluster_leadership', target: 'chronik_server', prefix: '⚠️ Lost cluster leadership',
    pattern: /^⚠️ Lost cluster leadership - stopping WAL replication \(new_leader: (\d+)\)/,
    versions: 'v2.2.0–v2.10.4', source: 'wal_replication.rs:701 / wal_replication.rs:1005',
    meaning: 'step-down seen by the watcher',
    observe: (m) => {
      const leaderId = int(m?.[1]);
      return leaderId === 0 ? [{ kind: 'lost_leadership' }] : [{ kind: 'lost_leadership' }, { kind: 'leader', leaderId }];
    },
  },
  // --- startup leadership verdicts and metadata initialisation (§3.4, §3.5) ---
  {
    id: 'leader_elected_v221', target: 'chronik_server', prefix: '✓ Raft leader elected (leader_id=', pattern: /^✓ Raft leader elected \(leader_id=(\d+),/,
    versions: 'v2.2.1–v2.2.6', source: 'integrated_server.rs:613 / —',
    meaning: 'startup verdict: follower, with the leader id',
    observe: (m) => [{ kind: 'leader', leaderId: int(m?.[1]) }],
  },
  {
    id: 'leader_elected', target: 'chronik_server', prefix: '✓ Raft leader elected: leader_id=',
    pattern: /^✓ Raft leader elected: leader_id=(\d+), this_node=(\d+),/,
    versions: 'v2.2.7–v2.10.4', source: '— / cluster/broker_registration.rs:32',
    meaning: 'startup verdict with the leader id and this node id',
    observe: (m) => [{ kind: 'self_id', nodeId: int(m?.[2]) }, { kind: 'leader', leaderId: int(m?.[1]) }],
  },
  {
    id: 'metadata_init_verdict', target: 'chronik_server', prefix: '✓ This node is Raft leader (state=',
    versions: 'v2.2.0–v2.2.6', source: 'integrated_server.rs:608 / —',
    meaning: 'startup verdict "leader": proceeds with metadata initialisation (a v2.2.0 follower logs it too: the bug)',
    observe: () => [{ kind: 'metadata_init', line: 'verdict' }],
  },
  {
    id: 'metadata_init', target: 'chronik_server', prefix: 'This node is Raft leader - initializing partition metadata',
    versions: 'v2.2.1–v2.2.6', source: 'integrated_server.rs:635 / —',
    meaning: 'this node initialises partition metadata (must be exactly one per cluster)',
    observe: () => [{ kind: 'metadata_init', line: 'primary' }],
  },
  {
    id: 'election_stall', target: 'chronik_server', prefix: 'Raft leader election did not complete within 30 seconds',
    versions: 'v2.2.0–v2.2.6', source: 'integrated_server.rs:626 / —',
    meaning: 'no Raft leader 30 s after start',
    observe: () => [{ kind: 'election_stall' }],
  },
  // --- broker registration (§3.4, §3.5) ---
  {
    id: 'broker_propose_retry', target: 'chronik_server', prefix: 'Failed to propose broker ', pattern: /^Failed to propose broker \d+ to Raft \(attempt /,
    versions: 'v2.2.1–v2.2.6 (DEBUG)', source: 'integrated_server.rs:266 / —',
    meaning: 'follower retries its broker proposal (needs chronik_server=debug)', proposeContext: 'broker_registration',
    observe: () => [{ kind: 'broker_retry', stage: 'raft' }],
  },
  {
    id: 'broker_register_retry', target: 'chronik_server', prefix: 'Failed to register broker ', pattern: /^Failed to register broker \d+ \(attempt /,
    versions: 'v2.1.0–v2.2.6', source: 'integrated_server.rs:228 / —',
    meaning: 'local broker registration retry', proposeContext: 'broker_registration',
    observe: () => [{ kind: 'broker_retry', stage: 'local' }],
  },
  {
    id: 'broker_gave_up', target: 'chronik_server', prefix: 'WARNING: Failed to propose broker ',
    versions: 'v2.2.1–v2.2.6', source: 'integrated_server.rs:272 / —',
    meaning: 'follower gives up proposing its broker (~30 s into every startup; not a fault by itself)', proposeContext: 'broker_registration',
    observe: () => [{ kind: 'broker_failure', outcome: 'follower_gave_up' }],
  },
  {
    id: 'broker_fatal', target: 'chronik_server', prefix: 'FATAL: Failed to register broker ',
    versions: 'v2.1.0–v2.2.6', source: 'integrated_server.rs:232 / —',
    meaning: 'broker registration failed for good: the process exits', proposeContext: 'broker_registration',
    observe: () => [{ kind: 'broker_failure', outcome: 'fatal' }],
  },
  {
    id: 'broker_leader_failed', target: 'chronik_server', prefix: '⚠️  Leader failed to propose broker ',
    versions: 'v2.2.1–v2.2.6', source: 'integrated_server.rs:381 / —',
    meaning: 'the leader failed to propose a broker (lost leadership mid-loop)', proposeContext: 'broker_registration',
    observe: () => [{ kind: 'broker_failure', outcome: 'leader_failed' }],
  },
  {
    id: 'broker_register_failed', target: 'chronik_server', prefix: '❌ Failed to register broker ',
    versions: 'v2.2.8–v2.10.4', source: '— / cluster/broker_registration.rs:101',
    meaning: 'the leader failed to register a broker', proposeContext: 'broker_registration',
    observe: () => [{ kind: 'broker_failure', outcome: 'leader_failed' }],
  },
  // --- partition leadership (§3.4, §3.6, §3.7) ---
  {
    id: 'leader_timeout', target: 'chronik_server', prefix: 'Leader timeout for ', pattern: /^Leader timeout for (\S+) \(leader=\d+\), triggering election/,
    versions: 'v2.2.0–v2.2.6', source: 'leader_election.rs:146 / —',
    meaning: 'no produce heartbeat for a partition in 10 s (a leader logs it every ~12 s per idle partition)',
    observe: (m) => partition(m?.[1], (topic, p) => ({ kind: 'leader_timeout', topic, partition: p })),
  },
  {
    id: 'wal_stream_timeout', target: 'chronik_server', prefix: 'WAL stream timeout detected for ', pattern: /^WAL stream timeout detected for (\S+) \(/,
    versions: 'v2.2.7–v2.10.4', source: '— / wal_replication.rs:2330',
    meaning: 'the partition leader went silent for 30 s (the "Triggering leader election" after it is the same timeout)',
    observe: (m) => partition(m?.[1], (topic, p) => ({ kind: 'leader_timeout', topic, partition: p })),
  },
  {
    id: 'partition_elected', target: 'chronik_server', prefix: '✅ Elected new leader for ', pattern: /^✅ Elected new leader for (\S+): node (\d+)/,
    versions: 'v2.2.0–v2.10.4', source: 'leader_election.rs:182 / leader_election.rs:157',
    meaning: 'partition leader elected (era A re-elects the same node every ~12 s)',
    observe: (m) => {
      const leader = int(m?.[2]);
      return partition(m?.[1], (topic, p) => ({ kind: 'partition_election', topic, partition: p, ok: true }))
        .concat(partition(m?.[1], (topic, p) => ({ kind: 'partition_meta', topic, partition: p, leader })));
    },
  },
  {
    id: 'partition_election_failed', target: 'chronik_server', prefix: '❌ Failed to elect leader for ', pattern: /^❌ Failed to elect leader for (\S+): /,
    versions: 'v2.2.0–v2.10.4', source: 'leader_election.rs:198 / leader_election.rs:164',
    meaning: 'partition election failed (the v2.2.0–v2.2.2 follower storm)', proposeContext: 'partition_election',
    observe: (m) => partition(m?.[1], (topic, p) => ({ kind: 'partition_election', topic, partition: p, ok: false })),
  },
  {
    id: 'propose_assignment_failed', target: 'chronik_server', prefix: 'Failed to propose partition assignment for ', pattern: /^Failed to propose partition assignment for (\S+): /,
    versions: 'v2.2.0–v2.2.7', source: 'integrated_server.rs:673, produce_handler.rs:2131 / —',
    meaning: 'partition assignment proposal failed (the v2.2.0 bug)', proposeContext: 'partition_proposal',
    observe: proposalFailure('assignment'),
  },
  {
    id: 'propose_leader_failed', target: 'chronik_server', prefix: 'Failed to propose partition leader for ', pattern: /^Failed to propose partition leader for (\S+): /,
    versions: 'v2.2.0–v2.2.7', source: 'integrated_server.rs:684, produce_handler.rs:2142,2463 / —',
    meaning: 'partition leader proposal failed', proposeContext: 'partition_proposal',
    observe: proposalFailure('leader'),
  },
  {
    id: 'propose_isr_failed', target: 'chronik_server', prefix: 'Failed to propose ISR for ', pattern: /^Failed to propose ISR for (\S+): /,
    versions: 'v2.2.0–v2.2.7', source: 'integrated_server.rs:693, produce_handler.rs:2151,2472 / —',
    meaning: 'partition ISR proposal failed', proposeContext: 'partition_proposal',
    observe: proposalFailure('isr'),
  },
  {
    id: 'propose_assignment_skipped', target: 'chronik_server', prefix: 'Could not propose partition assignment for ',
    versions: 'v2.2.0–v2.2.1 (DEBUG)', source: 'produce_handler.rs:2450 / —',
    meaning: 'a follower could not propose a runtime topic assignment (expected on followers)', proposeContext: 'partition_proposal',
    observe: () => NONE,
  },
  {
    id: 'partition_proposed', target: 'chronik_server', prefix: '✓ Proposed Raft metadata for ',
    pattern: /^✓ Proposed Raft metadata for (\S+): replicas=\[([\d, ]*)\], leader=(\d+), ISR=\[([\d, ]*)\]/,
    versions: 'v2.2.0–v2.2.6', source: 'integrated_server.rs:696 / —',
    meaning: 'initial partition leader, replicas and ISR proposed',
    observe: partitionMeta,
  },
  {
    id: 'partition_initialized', target: 'chronik_server', prefix: '✓ Initialized Raft partition metadata for ',
    pattern: /^✓ Initialized Raft partition metadata for (\S+): replicas=\[([\d, ]*)\], leader=(\d+), ISR=\[([\d, ]*)\]/,
    versions: 'v2.2.0–v2.2.7', source: 'produce_handler.rs:2475 / —',
    meaning: 'runtime topic partition leader, replicas and ISR set',
    observe: partitionMeta,
  },
  {
    id: 'wal_replication_dropped', target: 'chronik_server', prefix: 'WAL replication queue full ',
    pattern: /^WAL replication queue full \(\d+ records\), dropping record for (\S+) offset \d+/,
    versions: 'v2.2.0–v2.10.4', source: 'wal_replication.rs:392 / wal_replication.rs:523',
    meaning: 'replication backpressure: a record was not replicated',
    observe: (m) => partition(m?.[1], (topic, p) => ({ kind: 'wal_dropped', topic, partition: p })),
  },
];

/** Rules that are not one message: recognised anywhere, by code in classify.ts. */
export const GENERIC_RULES = [
  { id: 'cannot_propose', meaning: '`Cannot propose: this node (id=N) is not the leader (state=S, leader=L)` inside any message' },
  { id: 'raft_id', meaning: 'raft-rs `…, raft_id: N` on every raft::* line: the node\'s own id' },
] as const;
