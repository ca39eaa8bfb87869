// Every generated scenario, replayed: the exporter must find exactly the generator's ground truth.

import { describe, expect, it } from 'vitest';
import { createExporter } from '../../src/exporter/index.js';
import { generateScenario, scenarioNames, type NodeTruth } from '../../src/scenarios/index.js';
import { sample } from '../helpers/exposition.js';
import { promtoolCheckMetrics } from '../helpers/promtool.js';

async function replayScenario(name: string, ansi: boolean, verbosity: 'info' | 'debug') {
  const scenario = generateScenario(name, { ansi, verbosity });
  const exporter = createExporter({ maxLineBytes: 65536, stabilityWindowSeconds: scenario.truth.stabilityWindowSeconds, maxPartitions: 10_000, defaultMetrics: false, version: 'test' });
  for (const node of scenario.nodes) {
    const source = exporter.source({ name: node.fileName });
    const reader = source.file(node.fileName);
    reader.push(Buffer.from(`${[...node.lines].join('\n')}\n`), true);
    reader.end();
    source.release();
  }
  return { truth: scenario.truth, text: await exporter.metrics.registry.metrics() };
}

function expectNode(text: string, t: NodeTruth): void {
  const n = `node_id="${t.nodeId}"`;
  const v = (series: string) => sample(text, series) ?? 0;
  const got = {
    processStarts: v(`chronik_log_process_starts_total{${n}}`),
    uncleanRestarts: v(`chronik_log_unclean_restarts_total{${n}}`),
    panics: v(`chronik_log_panics_total{${n}}`),
    events: Object.fromEntries(['error', 'warn', 'info', 'debug', 'trace'].map((l) => [l, v(`chronik_log_events_total{${n},level="${l}"}`)])),
    roleChanges: Object.fromEntries(['follower', 'candidate', 'pre_candidate', 'leader'].map((r) => [r, v(`chronik_log_raft_role_changes_total{${n},role="${r}"}`)])),
    electionsStarted: v(`chronik_log_raft_elections_started_total{${n}}`),
    leaderChanges: v(`chronik_log_raft_leader_changes_total{${n}}`),
    stepdowns: v(`chronik_log_raft_stepdowns_total{${n}}`),
    proposeNotLeader: Object.fromEntries(['partition_election', 'partition_proposal', 'broker_registration', 'other'].map((c) => [c, v(`chronik_log_propose_not_leader_total{${n},context="${c}"}`)])),
    brokerRegistrationRetries: Object.fromEntries(['raft', 'local'].map((s) => [s, v(`chronik_log_broker_registration_retries_total{${n},stage="${s}"}`)])),
    brokerRegistrationFailures: Object.fromEntries(['follower_gave_up', 'fatal', 'leader_failed'].map((o) => [o, v(`chronik_log_broker_registration_failures_total{${n},outcome="${o}"}`)])),
    metadataInitializations: v(`chronik_log_metadata_initializations_total{${n}}`),
    metadataInitializer: v(`chronik_log_metadata_initializer{${n}}`) === 1,
    messagesLost: v(`chronik_log_raft_messages_lost_total{${n}}`),
    raftTerm: v(`chronik_log_raft_term{${n}}`),
    raftLeaderId: v(`chronik_log_raft_leader_id{${n}}`),
    isLeader: v(`chronik_log_raft_is_leader{${n}}`) === 1,
    unstableStartups: v(`chronik_log_leadership_unstable_startups_total{${n}}`),
    disruptions: v(`chronik_log_leadership_disruptions_total{${n}}`),
    stableAtEnd: v(`chronik_log_leadership_stable{${n}}`) === 1,
    observations: v(`chronik_log_leadership_stabilization_seconds_count{${n}}`),
    within15: v(`chronik_log_leadership_stabilization_seconds_bucket{le="15",${n}}`),
  };
  const sum = (re: RegExp) => text.split('\n').filter((l) => re.test(l)).reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  const stabilized = t.startups.filter((s) => s.outcome === 'stable');
  expect(got).toEqual({
    processStarts: t.processStarts, uncleanRestarts: t.uncleanRestarts, panics: t.panics, events: { ...t.events },
    roleChanges: { ...t.roleChanges }, electionsStarted: t.electionsStarted, leaderChanges: t.leaderChanges, stepdowns: t.stepdowns,
    proposeNotLeader: { ...t.proposeNotLeader }, brokerRegistrationRetries: { ...t.brokerRegistrationRetries },
    brokerRegistrationFailures: { ...t.brokerRegistrationFailures }, metadataInitializations: t.metadataInitializations,
    metadataInitializer: t.metadataInitializer, messagesLost: t.messagesLost, raftTerm: t.raftTerm, raftLeaderId: t.raftLeaderId,
    isLeader: t.isLeader, unstableStartups: t.unstableStartups, disruptions: t.disruptions, stableAtEnd: t.stableAtEnd,
    observations: stabilized.length, within15: stabilized.filter((s) => (s.stabilizedAfterSeconds ?? Infinity) <= 15).length,
  });
  expect(sum(new RegExp(`^chronik_log_leader_timeouts_total\\{${n},`))).toBe(t.leaderTimeouts);
  expect(sum(new RegExp(`^chronik_log_partition_elections_total\\{${n},.*result="elected"`))).toBe(t.partitionElections.elected);
  expect(sum(new RegExp(`^chronik_log_partition_elections_total\\{${n},.*result="failed"`))).toBe(t.partitionElections.failed);
  for (const kind of ['assignment', 'leader', 'isr'] as const) {
    expect(sum(new RegExp(`^chronik_log_partition_proposal_failures_total\\{${n},.*kind="${kind}"`))).toBe(t.partitionProposalFailures[kind]);
  }
  const observed = sample(text, `chronik_log_leadership_stabilization_seconds_sum{${n}}`) ?? 0;
  expect(observed).toBeCloseTo(stabilized.reduce((a, s) => a + (s.stabilizedAfterSeconds ?? 0), 0), 3);
}

describe.each(scenarioNames.map((s) => [s]))('scenario %s', (name) => {
  it.each([[true, 'info'], [false, 'debug']] as const)('ansi=%s verbosity=%s: every node matches the ground truth', async (ansi, verbosity) => {
    const { truth, text } = await replayScenario(name, ansi, verbosity);
    for (const node of truth.nodes) expectNode(text, node);
    const initializers = truth.nodes.filter((n) => n.metadataInitializer).map((n) => n.nodeId);
    expect(initializers).toEqual([...truth.metadataInitializers]);
    expect(promtoolCheckMetrics(text).output).toBe('');
  });
});
