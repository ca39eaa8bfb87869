// The ground truth agrees with what the generated text contains (counted with plain regexes here),
// and tells each scenario's story.
import { describe, expect, it } from 'vitest';
import { generateScenario, scenarioNames, type NodeTruth, type ScenarioOptions } from '../../src/scenarios/index.js';
import { strip } from './helpers.js';

const count = (lines: readonly string[], regex: RegExp): number => lines.filter((line) => regex.test(line)).length;

/** Figures of one file, counted from its text alone. */
function countFromText(raw: readonly string[]): Record<string, number | boolean> {
  const lines = raw.map(strip);
  const lastBanner = lines.findLastIndex((line) => / chronik_server: Chronik Server v/.test(line));
  const sinceBanner = lines.slice(Math.max(0, lastBanner));
  let term = 0;
  for (const line of lines) {
    const match = /(?:at term |HardState[^:]*: term=|\(term=)(\d+)/.exec(line);
    if (match !== null) term = Number(match[1]);
  }
  return {
    lines: lines.length,
    processStarts: count(lines, / chronik_server: Chronik Server v/),
    panics: count(lines, /^thread '.*' panicked at /),
    error: count(lines, /^\S+ ERROR /) + count(lines, /^thread '/),
    warn: count(lines, /^\S+ +WARN /),
    info: count(lines, /^\S+ +INFO /),
    debug: count(lines, /^\S+ DEBUG /),
    follower: count(lines, /raft::raft: became follower at term/),
    candidate: count(lines, /raft::raft: became candidate at term/),
    leader: count(lines, /raft::raft: became leader at term/),
    electionsStarted: count(lines, /raft::raft: starting a new election/),
    leaderTimeouts: count(lines, /: Leader timeout for .+-\d+ \(leader=\d+\), triggering election$|: WAL stream timeout detected for /),
    elected: count(lines, /: ✅ Elected new leader for /),
    failed: count(lines, /: ❌ Failed to elect leader for /),
    assignment: count(lines, /: Failed to propose partition assignment for /),
    partitionLeader: count(lines, /: Failed to propose partition leader for /),
    isr: count(lines, /: Failed to propose ISR for /),
    cannotPropose: count(lines, /Cannot propose: this node \(id=\d+\) is not the leader/),
    retries: count(lines, /Failed to propose broker \d+ to Raft \(attempt \d+\/\d+\)/),
    gaveUp: count(lines, /WARNING: Failed to propose broker \d+ to Raft after \d+ attempts/),
    messagesLost: count(lines, /MESSAGE LOST/),
    initializer: sinceBanner.some((line) => /This node is Raft leader - initializing partition metadata|✓ This node is Raft leader \(state=\w+\), proceeding/.test(line)),
    term,
  };
}

function fromTruth(truth: NodeTruth): Record<string, number | boolean> {
  return {
    lines: truth.lines,
    processStarts: truth.processStarts,
    panics: truth.panics,
    error: truth.events.error,
    warn: truth.events.warn,
    info: truth.events.info,
    debug: truth.events.debug,
    follower: truth.roleChanges.follower,
    candidate: truth.roleChanges.candidate,
    leader: truth.roleChanges.leader,
    electionsStarted: truth.electionsStarted,
    leaderTimeouts: truth.leaderTimeouts,
    elected: truth.partitionElections.elected,
    failed: truth.partitionElections.failed,
    assignment: truth.partitionProposalFailures.assignment,
    partitionLeader: truth.partitionProposalFailures.leader,
    isr: truth.partitionProposalFailures.isr,
    cannotPropose: Object.values(truth.proposeNotLeader).reduce((a, b) => a + b, 0),
    retries: truth.brokerRegistrationRetries.raft,
    gaveUp: truth.brokerRegistrationFailures.follower_gave_up,
    messagesLost: truth.messagesLost,
    initializer: truth.metadataInitializer,
    term: truth.raftTerm,
  };
}

const OPTION_SETS: ReadonlyArray<ScenarioOptions> = [{}, { verbosity: 'debug', durationSeconds: 150, seed: 4 }, { nodes: 5, noiseLines: 500, seed: 9 }];

describe('truth matches the text', () => {
  const cases = scenarioNames.flatMap((name) => OPTION_SETS.map((options, i) => [name, i, options] as const));
  it.each(cases)('%s, option set %i', (name, _i, options) => {
    const scenario = generateScenario(name, options);
    for (const node of scenario.nodes) {
      const truth = scenario.truth.nodes[node.nodeId - 1];
      expect(truth).toBeDefined();
      if (truth === undefined) continue;
      expect(fromTruth(truth), node.fileName).toEqual(countFromText(Array.from(node.lines)));
    }
  });

  it('the text counter notices a changed file (it can fail)', () => {
    const scenario = generateScenario('v2.2.1-storm');
    const lines = Array.from(scenario.nodes[1]?.lines ?? []).filter((line) => !line.includes('Failed to elect leader'));
    const truth = scenario.truth.nodes[1];
    expect(truth === undefined ? {} : fromTruth(truth)).not.toEqual(countFromText(lines));
  });
});

describe('each scenario tells its story', () => {
  it('v2.2.0-bug: every node initialises metadata; followers fail proposals once and elections every ~3 s', () => {
    const { truth } = generateScenario('v2.2.0-bug');
    expect(truth.metadataInitializers).toEqual([1, 2, 3]);
    const [leader, ...followers] = truth.nodes;
    expect(leader?.partitionElections.failed).toBe(0);
    expect(leader?.stableAtEnd).toBe(true);
    for (const follower of followers) {
      expect(follower.partitionProposalFailures).toEqual({ assignment: 1, leader: 1, isr: 1 });
      expect(follower.partitionElections.failed).toBeGreaterThan(20);
      expect(follower.stableWithin15s).toBe(false);
      expect(follower.stableAtEnd).toBe(false);
    }
  });

  it('v2.2.1-storm: only node 1 initialises; followers are stable at 15 s and storm from ~30 s', () => {
    const scenario = generateScenario('v2.2.1-storm');
    expect(scenario.truth.metadataInitializers).toEqual([1]);
    expect(scenario.truth.raftLeaderId).toBe(1);
    expect(scenario.truth.raftTerm).toBe(2);
    for (const follower of scenario.truth.nodes.slice(1)) {
      expect(follower.stableWithin15s).toBe(true);
      expect(follower.stableAtEnd).toBe(false);
      expect(follower.disruptions).toBe(1);
      expect(follower.brokerRegistrationFailures.follower_gave_up).toBe(1);
      expect(follower.partitionElections.failed).toBeGreaterThan(10);
      expect(follower.partitionProposalFailures).toEqual({ assignment: 0, leader: 0, isr: 0 });
    }
    const firstFailure = Array.from(scenario.nodes[1]?.lines ?? []).map(strip).find((line) => line.includes('❌ Failed to elect'));
    expect(firstFailure?.slice(0, 19)).toBe('2025-11-08T10:15:37');
  });

  it('v2.2.1-storm at debug: each follower logs 15 DEBUG broker retries', () => {
    const { truth } = generateScenario('v2.2.1-storm', { verbosity: 'debug' });
    for (const follower of truth.nodes.slice(1)) expect(follower.brokerRegistrationRetries.raft).toBe(15);
  });

  it('v2.2.3-healthy: no failures anywhere, the leader re-elects itself every ~12 s, all stable', () => {
    const { truth } = generateScenario('v2.2.3-healthy');
    expect(truth.nodes.map((n) => n.partitionElections.failed)).toEqual([0, 0, 0]);
    expect(truth.nodes[0]?.leaderTimeouts).toBeGreaterThanOrEqual(6);
    expect(truth.nodes.slice(1).map((n) => n.leaderTimeouts)).toEqual([0, 0]);
    expect(truth.nodes.every((n) => n.stableWithin15s && n.stableAtEnd)).toBe(true);
  });

  it('v2.10-failover: node 1 dies as leader of term 1; node 2 wins term 2; survivors settle again', () => {
    const { truth } = generateScenario('v2.10-failover');
    const [dead, winner, other] = truth.nodes;
    expect(dead?.runningAtEnd).toBe(false);
    expect(dead?.isLeader).toBe(true);
    expect(dead?.stepdowns).toBe(0);
    expect([truth.raftLeaderId, truth.raftTerm]).toEqual([2, 2]);
    expect([winner?.raftLeaderId, other?.raftLeaderId]).toEqual([2, 2]);
    expect(winner?.leaderTimeouts).toBe(1);
    expect(winner?.partitionElections.elected).toBe(1);
    expect(winner?.messagesLost).toBeGreaterThan(100);
    for (const survivor of [winner, other]) {
      expect(survivor?.disruptions).toBe(1);
      expect(survivor?.stableAtEnd).toBe(true);
      expect(survivor?.leaderChanges).toBe(2);
    }
  });

  it('crash-loop: node 2 starts five times, four startups never settle, the last one does', () => {
    const { truth } = generateScenario('crash-loop');
    const node = truth.nodes[1];
    expect(node?.processStarts).toBe(5);
    expect(node?.uncleanRestarts).toBe(4);
    expect(node?.unstableStartups).toBe(4);
    expect(node?.startups.map((s) => s.outcome)).toEqual(['unstable', 'unstable', 'unstable', 'unstable', 'stable']);
    expect(node?.panics).toBeGreaterThan(0);
    expect(node?.stableAtEnd).toBe(true);
    expect(truth.nodes.filter((n) => n.nodeId !== 2).every((n) => n.processStarts === 1 && n.stableAtEnd)).toBe(true);
  });

  it('five-node clusters elect node 1 once three nodes are up', () => {
    for (const name of ['v2.2.1-storm', 'v2.10-failover'] as const) {
      const { truth } = generateScenario(name, { nodes: 5 });
      expect(truth.nodes).toHaveLength(5);
      expect(truth.nodes[0]?.roleChanges.leader).toBe(1);
    }
  });
});
