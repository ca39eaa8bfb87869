// The port through which node state reports metric updates; metrics/ implements it. Names are the contract's.

import type { RaftRole } from '../chronik/index.js';
import type { Level } from '../lines/index.js';

export type NodeCounter =
  | 'chronik_log_raft_role_changes_total'
  | 'chronik_log_raft_elections_started_total'
  | 'chronik_log_raft_leader_changes_total'
  | 'chronik_log_raft_stepdowns_total'
  | 'chronik_log_leader_timeouts_total'
  | 'chronik_log_partition_elections_total'
  | 'chronik_log_partition_proposal_failures_total'
  | 'chronik_log_propose_not_leader_total'
  | 'chronik_log_broker_registration_retries_total'
  | 'chronik_log_broker_registration_failures_total'
  | 'chronik_log_metadata_initializations_total'
  | 'chronik_log_events_total'
  | 'chronik_log_panics_total'
  | 'chronik_log_process_starts_total'
  | 'chronik_log_unclean_restarts_total'
  | 'chronik_log_raft_persist_failures_total'
  | 'chronik_log_raft_messages_lost_total'
  | 'chronik_log_raft_server_errors_total'
  | 'chronik_log_leader_election_stalls_total'
  | 'chronik_log_wal_replication_dropped_total'
  | 'chronik_log_leadership_disruptions_total'
  | 'chronik_log_leadership_unstable_startups_total';

export type NodeGauge =
  | 'chronik_log_raft_term'
  | 'chronik_log_raft_leader_id'
  | 'chronik_log_raft_has_leader'
  | 'chronik_log_raft_is_leader'
  | 'chronik_log_raft_commit_index'
  | 'chronik_log_process_start_time_seconds'
  | 'chronik_log_leadership_stable'
  | 'chronik_log_node_running'
  | 'chronik_log_metadata_initializer'
  | 'chronik_log_last_event_timestamp_seconds';

export type PartitionGauge = 'chronik_log_partition_leader_id' | 'chronik_log_partition_isr_size' | 'chronik_log_partition_replicas';

/** Extra labels of a counter (besides node_id / cluster_id). Partition counters carry topic and partition. */
export type ExtraLabels = Readonly<Record<string, string>>;

/** Metric updates for one node. */
export interface NodeSink {
  count(name: NodeCounter, labels?: ExtraLabels): void;
  /** `chronik_log_events_total{level}` += 1: the one counter every event moves, so it has a call of its own. */
  countEvent(level: Level, n?: number): void;
  gauge(name: NodeGauge, value: number): void;
  /** One-hot `chronik_log_raft_role`; null sets every role to 0. */
  role(role: RaftRole | null): void;
  /** `chronik_log_build_info{version}`: the previous version's series is deleted. */
  buildInfo(version: string): void;
  partitionGauge(name: PartitionGauge, topic: string, partition: string, value: number): void;
  observeStabilization(seconds: number): void;
}
