// Values checked by hand against the log lines (the golden files alone would only prove "unchanged").

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { replay } from '../../src/modes/replay.js';
import { sample } from '../helpers/exposition.js';

const root = join(import.meta.dirname, '..', '..');
process.chdir(root); // sources are named by the path as given: keep it repo-relative
const config = validateConfig({}, '(test)');
const read = (file: string) => replay([file], { config, format: 'text' });

describe('v2.2.1 follower sample (the storm the original report missed)', () => {
  it('counts the storm and the stability it ended', async () => {
    const t = await read('test/fixtures/samples/v2.2.1-node2-follower.log');
    const n = '{node_id="2"';
    expect(sample(t, `chronik_log_partition_elections_total${n},topic="__meta",partition="0",result="failed"}`)).toBe(4);
    expect(sample(t, `chronik_log_leader_timeouts_total${n},topic="__meta",partition="0"}`)).toBe(4);
    expect(sample(t, `chronik_log_propose_not_leader_total${n},context="partition_election"}`)).toBe(4);
    expect(sample(t, `chronik_log_propose_not_leader_total${n},context="broker_registration"}`)).toBe(1);
    expect(sample(t, `chronik_log_broker_registration_failures_total${n},outcome="follower_gave_up"}`)).toBe(1);
    expect(sample(t, `chronik_log_raft_leader_id${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_raft_term${n}}`)).toBe(2);
    // became follower at term 2 at 10:15:05.222807, banner at 10:15:04.118007: stable 1.1048 s after startup
    expect(sample(t, `chronik_log_leadership_stabilization_seconds_sum${n}}`)).toBeCloseTo(1.1048, 4);
    expect(sample(t, `chronik_log_leadership_stabilization_seconds_bucket{le="2",node_id="2"}`)).toBe(1);
    // the first failed election (10:15:37.198907) ends the stable period: one disruption, unstable at the end
    expect(sample(t, `chronik_log_leadership_disruptions_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_leadership_stable${n}}`)).toBe(0);
    expect(sample(t, `chronik_log_metadata_initializer${n}}`)).toBe(0);
  });
});

describe('v2.2.1 leader sample, ANSI and NO_COLOR', () => {
  it.each(['v2.2.1-node1-leader.ansi.log', 'v2.2.1-node1-leader.log'])('%s', async (file) => {
    const t = await read(`test/fixtures/samples/${file}`);
    const n = '{node_id="1"';
    expect(sample(t, `chronik_log_raft_is_leader${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_raft_term${n}}`)).toBe(2);
    expect(sample(t, `chronik_log_raft_commit_index${n}}`)).toBe(9);
    expect(sample(t, `chronik_log_raft_elections_started_total${n}}`)).toBe(2);
    expect(sample(t, `chronik_log_raft_role_changes_total${n},role="candidate"}`)).toBe(2);
    // "✓ This node is Raft leader (state=Leader)…" and "This node is Raft leader - initializing…": one initialisation
    expect(sample(t, `chronik_log_metadata_initializations_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_partition_leader_id${n},topic="__meta",partition="0"}`)).toBe(1);
    expect(sample(t, `chronik_log_partition_isr_size${n},topic="__meta",partition="0"}`)).toBe(3);
    expect(sample(t, `chronik_log_events_total${n},level="warn"}`)).toBe(12);
    expect(sample(t, `chronik_log_events_total${n},level="info"}`)).toBe(225);
    // 11 s of log: the 10 s window after "became leader" (10:15:05.322) has not run out by 10:15:13.0
    expect(sample(t, `chronik_log_leadership_stabilization_seconds_count${n}}`)).toBe(0);
    expect(sample(t, `chronik_log_leadership_stable${n}}`)).toBe(0);
  });
});

describe('era fixtures', () => {
  it('v2.2.0 bug: a follower initialises metadata and fails every proposal', async () => {
    const t = await read('test/fixtures/golden/era-a-v2.2.0-bug-follower.log');
    const n = '{node_id="3"';
    expect(sample(t, `chronik_log_metadata_initializer${n}}`)).toBe(1);
    for (const kind of ['assignment', 'leader', 'isr']) {
      expect(sample(t, `chronik_log_partition_proposal_failures_total${n},topic="orders-eu",partition="0",kind="${kind}"}`)).toBe(1);
    }
    expect(sample(t, `chronik_log_propose_not_leader_total${n},context="partition_proposal"}`)).toBe(3);
    expect(sample(t, `chronik_log_partition_elections_total${n},topic="orders-eu",partition="0",result="failed"}`)).toBe(6);
    expect(sample(t, `chronik_log_leader_election_stalls_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_leadership_stabilization_seconds_count${n}}`)).toBe(0);
  });

  it('v2.2.8: duplicated watcher lines count one leader change each, failover is one disruption', async () => {
    const t = await read('test/fixtures/golden/era-b-v2.2.8-failover.log');
    const n = '{node_id="2"';
    expect(sample(t, `chronik_log_raft_leader_changes_total${n}}`)).toBe(2);
    expect(sample(t, `chronik_log_leader_timeouts_total${n},topic="orders",partition="1"}`)).toBe(1);
    expect(sample(t, `chronik_log_raft_messages_lost_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_wal_replication_dropped_total${n},topic="orders",partition="1"}`)).toBe(1);
    expect(sample(t, `chronik_log_leadership_disruptions_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_leadership_stable${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_node_running${n}}`)).toBe(0);
    expect(sample(t, `chronik_log_raft_stepdowns_total${n}}`)).toBe(0);
  });

  it('v2.10 vendored raft: from_role stepdown counted once, crash restart is unclean', async () => {
    const t = await read('test/fixtures/golden/era-c-v2.10-stepdown-restart.log');
    const n = '{node_id="1"';
    expect(sample(t, `chronik_log_raft_stepdowns_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_process_starts_total${n}}`)).toBe(2);
    expect(sample(t, `chronik_log_unclean_restarts_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_raft_persist_failures_total${n},what="hardstate"}`)).toBe(1);
    expect(sample(t, `chronik_log_raft_persist_failures_total${n},what="entries"}`)).toBe(1);
    expect(sample(t, `chronik_log_raft_server_errors_total${n}}`)).toBe(1);
    // startups: stable 3.1 s (leader at :03.1) and 0.5001 s (follower term 3 at :34.5001 after banner :34.0)
    expect(sample(t, `chronik_log_leadership_stabilization_seconds_count${n}}`)).toBe(2);
    expect(sample(t, `chronik_log_leadership_stabilization_seconds_sum${n}}`)).toBeCloseTo(3.6001, 3);
    expect(sample(t, `chronik_log_raft_is_leader${n}}`)).toBe(0);
  });

  it('torture: panic, NULs, over-long, junk, bracketed and wrapped message, unterminated last line', async () => {
    const t = await read('test/fixtures/golden/torture.log');
    const n = '{node_id="1"';
    const src = '{source="test/fixtures/golden/torture.log"';
    expect(sample(t, `chronik_log_panics_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_exporter_bytes_skipped_total${src},reason="nul"}`)).toBe(8);
    expect(sample(t, `chronik_log_exporter_lines_dropped_total${src},reason="too_long"}`)).toBe(1);
    expect(sample(t, `chronik_log_exporter_lines_unparsed_total${src}}`)).toBe(1);
    expect(sample(t, `chronik_log_metadata_initializations_total${n}}`)).toBe(1);
    expect(sample(t, `chronik_log_partition_elections_total${n},topic="orders-eu",partition="1",result="elected"}`)).toBe(1);
    expect(sample(t, `chronik_log_broker_registration_failures_total${n},outcome="fatal"}`)).toBe(1);
    expect(sample(t, `chronik_log_broker_registration_failures_total${n},outcome="leader_failed"}`)).toBe(1);
    expect(sample(t, `chronik_log_leadership_unstable_startups_total${n}}`)).toBe(1);
  });
});
