// The metric contract (shared/spec/metrics.md) as data: every name, type, label set and meaning, in one table.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  /** Labels besides node_id and cluster_id (for chronik_log_*) — all labels for chronik_log_exporter_*. */
  readonly labels: readonly string[];
  readonly help: string;
  /** Label sets that exist at 0 as soon as a node is known (counters without partition labels). */
  readonly zero?: readonly Readonly<Record<string, string>>[];
}

const each = (label: string, values: readonly string[]) => values.map((v) => ({ [label]: v }));
const ROLES = ['follower', 'candidate', 'pre_candidate', 'leader'] as const;

/** Buckets of `chronik_log_leadership_stabilization_seconds`; 15 is the SLO threshold. */
export const STABILIZATION_BUCKETS = [1, 2, 5, 10, 15, 20, 30, 45, 60, 120, 300] as const;

/** Metrics derived from chronik-server logs; each carries node_id (and cluster_id when configured). */
export const NODE_METRICS: readonly MetricSpec[] = [
  // node state
  { name: 'chronik_log_raft_term', type: 'gauge', labels: [], help: 'Last Raft term this node reported.' },
  { name: 'chronik_log_raft_leader_id', type: 'gauge', labels: [], help: 'Id of the Raft leader as this node knows it; 0 when none is known.' },
  { name: 'chronik_log_raft_has_leader', type: 'gauge', labels: [], help: '1 when this node knows a Raft leader, else 0.' },
  { name: 'chronik_log_raft_is_leader', type: 'gauge', labels: [], help: '1 while this node is the Raft leader.' },
  { name: 'chronik_log_raft_role', type: 'gauge', labels: ['role'], help: 'Current Raft role of this node, one-hot (follower, candidate, pre_candidate, leader).' },
  { name: 'chronik_log_raft_commit_index', type: 'gauge', labels: [], help: 'Last Raft commit index seen in a persisted HardState.' },
  { name: 'chronik_log_build_info', type: 'gauge', labels: ['version'], help: '1 for the chronik-server version of the last startup banner.' },
  { name: 'chronik_log_process_start_time_seconds', type: 'gauge', labels: [], help: 'Event time of the last startup banner (unix seconds).' },
  { name: 'chronik_log_leadership_stable', type: 'gauge', labels: [], help: '1 once leadership is stable (settled, no disruption within the stability window), 0 while unsettled or disrupted.' },
  { name: 'chronik_log_node_running', type: 'gauge', labels: [], help: '1 after a startup banner, 0 after a clean shutdown.' },
  { name: 'chronik_log_metadata_initializer', type: 'gauge', labels: [], help: '1 if this node initialized partition metadata in its current startup, else 0.' },
  { name: 'chronik_log_last_event_timestamp_seconds', type: 'gauge', labels: [], help: 'Event time of the newest parsed log line (unix seconds).' },
  // node events
  { name: 'chronik_log_raft_role_changes_total', type: 'counter', labels: ['role'], help: 'raft-rs role changes ("became <role> at term").', zero: each('role', ROLES) },
  { name: 'chronik_log_raft_elections_started_total', type: 'counter', labels: [], help: 'Raft elections started by this node ("starting a new election").', zero: [{}] },
  { name: 'chronik_log_raft_leader_changes_total', type: 'counter', labels: [], help: 'Times the known Raft leader became non-zero and different from before.', zero: [{}] },
  { name: 'chronik_log_raft_stepdowns_total', type: 'counter', labels: [], help: 'Transitions of this node from Raft leader to not leader.', zero: [{}] },
  { name: 'chronik_log_leader_timeouts_total', type: 'counter', labels: ['topic', 'partition'], help: 'Partition leader timeouts ("Leader timeout for …", "WAL stream timeout detected for …").' },
  { name: 'chronik_log_partition_elections_total', type: 'counter', labels: ['topic', 'partition', 'result'], help: 'Partition leader elections by result (elected, failed).' },
  { name: 'chronik_log_partition_proposal_failures_total', type: 'counter', labels: ['topic', 'partition', 'kind'], help: 'Failed partition metadata proposals (assignment, leader, isr).' },
  { name: 'chronik_log_propose_not_leader_total', type: 'counter', labels: ['context'], help: 'Lines holding "Cannot propose: this node is not the leader", by the message they are embedded in.', zero: each('context', ['partition_election', 'partition_proposal', 'broker_registration', 'other']) },
  { name: 'chronik_log_broker_registration_retries_total', type: 'counter', labels: ['stage'], help: 'Broker registration retries (raft: DEBUG proposal retries, local: metadata store retries).', zero: each('stage', ['raft', 'local']) },
  { name: 'chronik_log_broker_registration_failures_total', type: 'counter', labels: ['outcome'], help: 'Broker registration failures (follower_gave_up is once per follower startup by design in v2.2.1-v2.2.6).', zero: each('outcome', ['follower_gave_up', 'fatal', 'leader_failed']) },
  { name: 'chronik_log_metadata_initializations_total', type: 'counter', labels: [], help: 'Startups in which this node initialized partition metadata as (believed) Raft leader.', zero: [{}] },
  { name: 'chronik_log_events_total', type: 'counter', labels: ['level'], help: 'Parsed log events by level.', zero: each('level', ['error', 'warn', 'info', 'debug', 'trace']) },
  { name: 'chronik_log_panics_total', type: 'counter', labels: [], help: 'Rust panics ("thread \'…\' panicked at …").', zero: [{}] },
  { name: 'chronik_log_process_starts_total', type: 'counter', labels: [], help: 'Process starts (startup banners).', zero: [{}] },
  { name: 'chronik_log_unclean_restarts_total', type: 'counter', labels: [], help: 'Startup banners not preceded by a clean shutdown since the previous banner (crash or kill).', zero: [{}] },
  { name: 'chronik_log_raft_persist_failures_total', type: 'counter', labels: ['what'], help: 'Raft durability failures (hardstate, entries).', zero: each('what', ['hardstate', 'entries']) },
  { name: 'chronik_log_raft_messages_lost_total', type: 'counter', labels: [], help: 'Raft messages lost after retries ("MESSAGE LOST").', zero: [{}] },
  { name: 'chronik_log_raft_server_errors_total', type: 'counter', labels: [], help: 'Raft gRPC server errors.', zero: [{}] },
  { name: 'chronik_log_leader_election_stalls_total', type: 'counter', labels: [], help: 'Raft leader election not complete within 30 seconds of startup.', zero: [{}] },
  { name: 'chronik_log_wal_replication_dropped_total', type: 'counter', labels: ['topic', 'partition'], help: 'WAL records dropped because the replication queue was full.' },
  // partition state
  { name: 'chronik_log_partition_leader_id', type: 'gauge', labels: ['topic', 'partition'], help: 'Leader of the partition as last logged.' },
  { name: 'chronik_log_partition_isr_size', type: 'gauge', labels: ['topic', 'partition'], help: 'Size of the last logged ISR of the partition.' },
  { name: 'chronik_log_partition_replicas', type: 'gauge', labels: ['topic', 'partition'], help: 'Size of the last logged replica set of the partition.' },
  // time to stable leadership
  { name: 'chronik_log_leadership_stabilization_seconds', type: 'histogram', labels: [], help: 'Time from a startup banner to stable leadership, one observation per startup.', zero: [{}] },
  { name: 'chronik_log_leadership_disruptions_total', type: 'counter', labels: [], help: 'Losses of stable leadership (stable to not stable).', zero: [{}] },
  { name: 'chronik_log_leadership_unstable_startups_total', type: 'counter', labels: [], help: 'Startups that never became stable (300 s passed or a new startup came first).', zero: [{}] },
];

/** The exporter's own health (namespace chronik_log_exporter_). */
export const EXPORTER_METRICS: readonly MetricSpec[] = [
  { name: 'chronik_log_exporter_build_info', type: 'gauge', labels: ['version', 'node_version'], help: 'Build information of the exporter; always 1.' },
  { name: 'chronik_log_exporter_lines_total', type: 'counter', labels: ['source'], help: 'Complete lines read.' },
  { name: 'chronik_log_exporter_bytes_total', type: 'counter', labels: ['source'], help: 'Bytes read.' },
  { name: 'chronik_log_exporter_lines_unparsed_total', type: 'counter', labels: ['source'], help: 'Lines that are neither a tracing line nor a continuation of one.' },
  { name: 'chronik_log_exporter_lines_dropped_total', type: 'counter', labels: ['source', 'reason'], help: 'Lines not processed (too_long).' },
  { name: 'chronik_log_exporter_bytes_skipped_total', type: 'counter', labels: ['source', 'reason'], help: 'NUL bytes at the start of a line skipped without making lines (copytruncate holes).' },
  { name: 'chronik_log_exporter_rule_matches_total', type: 'counter', labels: ['rule'], help: 'Lines matched per built-in or configured rule.' },
  { name: 'chronik_log_exporter_file_rotations_total', type: 'counter', labels: ['source'], help: 'Renames or recreations of a watched file.' },
  { name: 'chronik_log_exporter_file_truncations_total', type: 'counter', labels: ['source'], help: 'In-place truncations of a watched file (copytruncate, shell redirect).' },
  { name: 'chronik_log_exporter_read_errors_total', type: 'counter', labels: ['source', 'code'], help: 'I/O errors while reading (EACCES, ENOENT, EIO, other).' },
  { name: 'chronik_log_exporter_watcher_overflows_total', type: 'counter', labels: [], help: 'File-notification queue overflows (recovered by a rescan).' },
  { name: 'chronik_log_exporter_files_watched', type: 'gauge', labels: [], help: 'Files currently tailed.' },
  { name: 'chronik_log_exporter_lag_bytes', type: 'gauge', labels: ['file'], help: 'File size minus read offset.' },
  { name: 'chronik_log_exporter_series_dropped_total', type: 'counter', labels: ['metric'], help: 'Partitions folded into topic="__overflow__" by the partition cap.' },
  { name: 'chronik_log_exporter_node_id_conflicts_total', type: 'counter', labels: ['source'], help: 'Lines whose self-identification contradicts the source\'s configured node_id.' },
  { name: 'chronik_log_exporter_checkpoint_writes_total', type: 'counter', labels: ['result'], help: 'Offset and state checkpoints written (ok, error).' },
  { name: 'chronik_log_exporter_checkpoint_last_success_timestamp_seconds', type: 'gauge', labels: [], help: 'Wall time of the last good checkpoint.' },
  { name: 'chronik_log_exporter_config_last_reload_successful', type: 'gauge', labels: [], help: '1 if the last configuration (re)load succeeded.' },
  { name: 'chronik_log_exporter_config_last_reload_success_timestamp_seconds', type: 'gauge', labels: [], help: 'Wall time of the last successful configuration (re)load.' },
];
