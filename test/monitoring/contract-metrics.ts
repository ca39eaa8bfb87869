// The metric names of the contract (shared/spec/metrics.md), copied so that the checks work without shared/.
// contract.test.ts compares this list with the contract whenever ../shared is there.

/** Every metric name the contract defines; histograms by their base name. */
export const CONTRACT_METRICS: readonly string[] = [
  // Node state
  'chronik_log_raft_term',
  'chronik_log_raft_leader_id',
  'chronik_log_raft_has_leader',
  'chronik_log_raft_is_leader',
  'chronik_log_raft_role',
  'chronik_log_raft_commit_index',
  'chronik_log_build_info',
  'chronik_log_process_start_time_seconds',
  'chronik_log_leadership_stable',
  'chronik_log_node_running',
  'chronik_log_metadata_initializer',
  'chronik_log_last_event_timestamp_seconds',
  // Node events
  'chronik_log_raft_role_changes_total',
  'chronik_log_raft_elections_started_total',
  'chronik_log_raft_leader_changes_total',
  'chronik_log_raft_stepdowns_total',
  'chronik_log_leader_timeouts_total',
  'chronik_log_partition_elections_total',
  'chronik_log_partition_proposal_failures_total',
  'chronik_log_propose_not_leader_total',
  'chronik_log_broker_registration_retries_total',
  'chronik_log_broker_registration_failures_total',
  'chronik_log_metadata_initializations_total',
  'chronik_log_events_total',
  'chronik_log_panics_total',
  'chronik_log_process_starts_total',
  'chronik_log_unclean_restarts_total',
  'chronik_log_raft_persist_failures_total',
  'chronik_log_raft_messages_lost_total',
  'chronik_log_raft_server_errors_total',
  'chronik_log_leader_election_stalls_total',
  'chronik_log_wal_replication_dropped_total',
  // Partition state
  'chronik_log_partition_leader_id',
  'chronik_log_partition_isr_size',
  'chronik_log_partition_replicas',
  // Time to stable leadership
  'chronik_log_leadership_stabilization_seconds',
  'chronik_log_leadership_disruptions_total',
  'chronik_log_leadership_unstable_startups_total',
  // Exporter health
  'chronik_log_exporter_build_info',
  'chronik_log_exporter_lines_total',
  'chronik_log_exporter_bytes_total',
  'chronik_log_exporter_lines_unparsed_total',
  'chronik_log_exporter_lines_dropped_total',
  'chronik_log_exporter_bytes_skipped_total',
  'chronik_log_exporter_rule_matches_total',
  'chronik_log_exporter_file_rotations_total',
  'chronik_log_exporter_file_truncations_total',
  'chronik_log_exporter_read_errors_total',
  'chronik_log_exporter_watcher_overflows_total',
  'chronik_log_exporter_files_watched',
  'chronik_log_exporter_lag_bytes',
  'chronik_log_exporter_series_dropped_total',
  'chronik_log_exporter_node_id_conflicts_total',
  'chronik_log_exporter_checkpoint_writes_total',
  'chronik_log_exporter_checkpoint_last_success_timestamp_seconds',
  'chronik_log_exporter_config_last_reload_successful',
  'chronik_log_exporter_config_last_reload_success_timestamp_seconds',
];

/** Histograms of the contract: their `_bucket`, `_count` and `_sum` series may be queried. */
export const CONTRACT_HISTOGRAMS: readonly string[] = ['chronik_log_leadership_stabilization_seconds'];

/** Series that are not the exporter's but that rules may use: Prometheus' own per-target `up`. */
export const PROMETHEUS_SERIES: readonly string[] = ['up'];

/** Whether `name` is a series the contract (or Prometheus itself) provides. */
export function isContractSeries(name: string): boolean {
  if (CONTRACT_METRICS.includes(name) || PROMETHEUS_SERIES.includes(name)) return true;
  return CONTRACT_HISTOGRAMS.some((h) => name === `${h}_bucket` || name === `${h}_count` || name === `${h}_sum`);
}

/**
 * Metric names defined by the contract document: the first cell of its table rows, and the back-quoted
 * `chronik_log_…` names of its prose (the SLO section defines three metrics outside tables).
 */
export function metricNamesInContract(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const m of markdown.matchAll(/^\|\s*(chronik_log_[a-z0-9_]*[a-z0-9])(?:\{[^}]*\})?\s*\|/gm)) names.add(m[1] ?? '');
  for (const m of markdown.matchAll(/`(chronik_log_[a-z0-9_]*[a-z0-9])`/g)) names.add(m[1] ?? '');
  names.delete('');
  return names;
}
