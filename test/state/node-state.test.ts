// Node state and the stability window, driven by observations in event time (no clock, no sleeps).

import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/chronik/index.js';
import type { LogEvent } from '../../src/lines/index.js';
import { createNodeState, type NodeSink } from '../../src/state/index.js';

interface Recorded { counts: Map<string, number>; gauges: Map<string, number>; observations: number[]; roles: (string | null)[]; versions: string[] }

function recordingSink(): NodeSink & { r: Recorded } {
  const r: Recorded = { counts: new Map(), gauges: new Map(), observations: [], roles: [], versions: [] };
  return {
    r,
    count(name, labels) {
      const key = labels === undefined ? name : `${name}${JSON.stringify(labels)}`;
      r.counts.set(key, (r.counts.get(key) ?? 0) + 1);
    },
    countEvent(level) { this.count('chronik_log_events_total', { level }); },
    gauge: (name, value) => { r.gauges.set(name, value); },
    role: (role) => { r.roles.push(role); },
    buildInfo: (v) => { r.versions.push(v); },
    partitionGauge: (name, topic, partition, value) => { r.gauges.set(`${name}/${topic}-${partition}`, value); },
    observeStabilization: (s) => { r.observations.push(s); },
  };
}

const event = (time: number, level: LogEvent['level'] = 'info'): LogEvent => ({ time, level, target: 't', spans: '', message: '', fields: '', panic: false });
const role = (r: 'follower' | 'candidate' | 'leader', term: number, fromLeader = false): Observation => ({ kind: 'role', role: r, term, raftId: 1, fromLeader });

function run(steps: readonly [number, ...Observation[]][], counting = true, window = 10) {
  const sink = recordingSink();
  const node = createNodeState(sink, { stabilityWindowSeconds: window });
  for (const [t, ...obs] of steps) node.apply(event(t), obs, counting);
  return { r: sink.r, node };
}

describe('time to stable leadership', () => {
  it('observes T - startup once the window passes without disruption', () => {
    const { r, node } = run([[100, { kind: 'banner', version: '2.2.1' }], [103, role('leader', 2)], [113.5]]);
    expect(r.observations).toEqual([3]);
    expect(node.data.stability.stable).toBe(true);
    expect(r.gauges.get('chronik_log_leadership_stable')).toBe(1);
  });

  it('does not resolve a window that has not run out by the last line', () => {
    const { r } = run([[100, { kind: 'banner', version: '2.2.1' }], [103, role('leader', 2)], [112.9]]);
    expect(r.observations).toEqual([]);
  });

  it('a follower at term 0 is not settled; at a term above 0 it is', () => {
    const { r } = run([[0, { kind: 'banner', version: 'x' }], [0.1, role('follower', 0)], [20], [21, role('follower', 3)], [31]]);
    expect(r.observations).toEqual([21]);
  });

  it('disruptions before the first stability push T and count nothing', () => {
    const { r } = run([
      [0, { kind: 'banner', version: 'x' }], [1, role('follower', 1)],
      [5, { kind: 'proposal_failure', topic: 't', partition: '0', proposal: 'isr' }], [15.1],
    ]);
    expect(r.observations).toEqual([5]);
    expect(r.counts.get('chronik_log_leadership_disruptions_total')).toBeUndefined();
  });

  it('a burst of disruptions while unstable counts one loss; regaining makes no new observation', () => {
    const fail = (t: number): [number, Observation] => [t, { kind: 'partition_election', topic: 't', partition: '0', ok: false }];
    const { r } = run([[0, { kind: 'banner', version: 'x' }], [1, role('leader', 1)], [12], fail(20), fail(23), fail(26), [40]]);
    expect(r.observations).toEqual([1]);
    expect(r.counts.get('chronik_log_leadership_disruptions_total')).toBe(1);
    expect(r.gauges.get('chronik_log_leadership_stable')).toBe(1);
  });

  it('leader timeouts and broker registration retries are not disruptions', () => {
    const { r } = run([
      [0, { kind: 'banner', version: 'x' }], [1, role('leader', 1)], [12],
      [13, { kind: 'leader_timeout', topic: 't', partition: '0' }], [14, { kind: 'broker_retry', stage: 'raft' }, { kind: 'not_leader', context: 'broker_registration' }],
    ]);
    expect(r.counts.get('chronik_log_leadership_disruptions_total')).toBeUndefined();
  });

  it('learning the leader is not a disruption; L1 → L2 is', () => {
    const { r } = run([
      [0, { kind: 'banner', version: 'x' }], [1, role('follower', 2)], [2, { kind: 'leader', leaderId: 1 }], [12],
      [13, { kind: 'leader', leaderId: 3 }],
    ]);
    expect(r.observations).toEqual([1]);
    expect(r.counts.get('chronik_log_leadership_disruptions_total')).toBe(1);
    expect(r.counts.get('chronik_log_raft_leader_changes_total')).toBe(2);
  });

  it('closes a startup without observation after 300 s, and a new banner closes a pending one', () => {
    const { r } = run([[0, { kind: 'banner', version: 'x' }], [301], [400, { kind: 'banner', version: 'x' }], [410, { kind: 'banner', version: 'x' }]]);
    expect(r.counts.get('chronik_log_leadership_unstable_startups_total')).toBe(2);
    expect(r.counts.get('chronik_log_unclean_restarts_total')).toBe(2);
  });

  it('a banner first settles what its own time decides', () => {
    const { r } = run([[0, { kind: 'banner', version: 'x' }], [1, role('leader', 1)], [30, { kind: 'banner', version: 'y' }]]);
    expect(r.observations).toEqual([1]);
    expect(r.counts.get('chronik_log_leadership_unstable_startups_total')).toBeUndefined();
    expect(r.versions).toEqual(['x', 'y']);
  });

  it('a log without a banner updates state but records no observation', () => {
    const { r, node } = run([[1, role('leader', 1)], [20]]);
    expect(r.observations).toEqual([]);
    expect(node.data.stability.stable).toBe(true);
  });

  it('tick resolves the window on a quiet log (live)', () => {
    const sink = recordingSink();
    const node = createNodeState(sink, { stabilityWindowSeconds: 10 });
    node.apply(event(0), [{ kind: 'banner', version: 'x' }], true);
    node.apply(event(2), [role('leader', 1)], true);
    node.tick(11.9, true);
    expect(sink.r.observations).toEqual([]);
    node.tick(12, true);
    expect(sink.r.observations).toEqual([2]);
  });
});

describe('node state', () => {
  it('counts one stepdown per transition however many lines announce it', () => {
    const { r } = run([
      [1, role('leader', 2)], [5, role('follower', 3, true)], [6, { kind: 'lost_leadership' }], [7, { kind: 'is_leader', isLeader: false }],
    ]);
    expect(r.counts.get('chronik_log_raft_stepdowns_total')).toBe(1);
    expect(r.gauges.get('chronik_log_raft_is_leader')).toBe(0);
  });

  it('a process that dies while leader did not step down', () => {
    const { r } = run([[1, role('leader', 2)], [5, { kind: 'banner', version: 'x' }]]);
    expect(r.counts.get('chronik_log_raft_stepdowns_total')).toBeUndefined();
    expect(r.roles.at(-1)).toBeNull();
  });

  it('the duplicated v2.2.8+ watcher lines count one leader change', () => {
    const { r } = run([[1, { kind: 'leader', leaderId: 2 }], [1.1, { kind: 'leader', leaderId: 2 }]]);
    expect(r.counts.get('chronik_log_raft_leader_changes_total')).toBe(1);
  });

  it('v2.2.1 verdict and initializing lines are one metadata initialisation per startup', () => {
    const { r } = run([
      [0, { kind: 'banner', version: 'x' }], [1, { kind: 'metadata_init', line: 'verdict' }], [1.1, { kind: 'metadata_init', line: 'primary' }],
      [50, { kind: 'banner', version: 'x' }], [51, { kind: 'metadata_init', line: 'primary' }],
    ]);
    expect(r.counts.get('chronik_log_metadata_initializations_total')).toBe(2);
  });

  it('a partition leader change to another node is a disruption; the first leader is not', () => {
    const meta = (t: number, leader: number): [number, Observation] => [t, { kind: 'partition_meta', topic: 'a', partition: '0', leader }];
    const { r } = run([[0, { kind: 'banner', version: 'x' }], [1, role('leader', 1)], meta(2, 1), [13], meta(14, 1), meta(15, 2)]);
    expect(r.observations).toEqual([1]); // the first partition leader at :02 did not move T
    expect(r.counts.get('chronik_log_leadership_disruptions_total')).toBe(1);
  });

  it('history (counting false) moves gauges, never counters or the histogram', () => {
    const { r, node } = run([[0, { kind: 'banner', version: 'x' }], [1, role('leader', 4)], [20]], false);
    expect(r.counts.size).toBe(0);
    expect(r.observations).toEqual([]);
    expect(r.gauges.get('chronik_log_raft_term')).toBe(4);
    expect(node.data.stability.stable).toBe(true);
  });
});
