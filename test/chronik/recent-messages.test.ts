// A storm's repeated messages are classified once: a repeat (same bytes, same target family) is answered from the
// recent classifications without decoding the message, with the same observations and the same rule matches.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createClassifier, type Observation } from '../../src/chronik/index.js';
import { createEventAssembler, type LogEvent } from '../../src/lines/index.js';

const E = '\x1b';
const dim = (s: string): string => `${E}[2m${s}${E}[0m`;
const line = (target: string, message: string): Buffer =>
  Buffer.from(`${dim('2025-11-08T10:15:05.322442Z')} ${E}[31mERROR${E}[0m ${dim(target)}${dim(':')} ${message}`);

interface Seen { observations: readonly Observation[]; matches: string[]; decodedByClassify: boolean }

/** Classifies each line's event with one classifier (so repeats can hit), messages left in bytes or decoded first. */
function classifyEach(lines: readonly Buffer[], undecoded: boolean): Seen[] {
  let matches: string[] = [];
  const classifier = createClassifier({ onMatch: (id) => matches.push(id) });
  const out: Seen[] = [];
  const onEvent = (event: LogEvent): void => {
    const before = event.raw !== undefined;
    const observations = classifier.classify(event);
    out.push({ observations, matches, decodedByClassify: before && event.raw === undefined });
    matches = [];
  };
  const assembler = createEventAssembler({ onEvent, onUnparsed() {}, undecodedMessages: undecoded });
  for (const l of lines) {
    if (!assembler.lineBytes(l, 0, l.length)) assembler.line(l.toString('utf8'));
    assembler.flush();
  }
  return out;
}

const FAILED = '❌ Failed to elect leader for orders-3: Cannot propose: this node (id=2) is not the leader (state=Follower, leader=1)';

describe('recent messages', () => {
  test('a repeated storm message is not decoded again, and classifies and counts as the first time', () => {
    const lines = [line('chronik_server::leader_election', FAILED), line('chronik_server::leader_election', FAILED)];
    const [first, second] = classifyEach(lines, true);
    expect(first?.decodedByClassify).toBe(true);
    expect(second?.decodedByClassify).toBe(false); // the point of it
    expect(second?.observations).toEqual(first?.observations);
    expect(second?.matches).toEqual(['partition_election_failed', 'cannot_propose']);
    expect(first?.matches).toEqual(second?.matches);
    expect(second?.observations).toEqual([
      { kind: 'partition_election', topic: 'orders', partition: '3', ok: false },
      { kind: 'not_leader', context: 'partition_election' },
      { kind: 'leader', leaderId: 1 },
    ]);
  });

  test('the same bytes under a target of another family are classified anew', () => {
    const became = 'became leader at term 2, raft_id: 1, term: 2';
    const seen = classifyEach([line('raft::raft', became), line('chronik_server', became), line('raft::raft', became)], true);
    expect(seen.map((s) => s.matches)).toEqual([['raft_became', 'raft_id'], [], ['raft_became', 'raft_id']]);
    expect(seen[1]?.observations).toEqual([]);
  });

  test('messages of one length that share a slot are told apart by their bytes', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => line('chronik_server::leader_election', `Leader timeout for orders-${1000 + (i % 1000)} (leader=1), triggering election`));
    const seen = classifyEach(lines, true);
    expect(seen.map((s) => s.observations)).toEqual(lines.map((_, i) => [{ kind: 'leader_timeout', topic: 'orders', partition: String(1000 + (i % 1000)) }]));
  });

  test('any mix of repeats, near-repeats and more messages than slots: the same as classifying decoded messages', () => {
    const targets = fc.constantFrom('chronik_server::leader_election', 'chronik_server', 'raft::raft', 'chronik_wal::x', 'other');
    const message = fc.oneof(
      fc.constantFrom(FAILED, 'Leader timeout for orders-3 (leader=2), triggering election', 'became follower at term 3, raft_id: 2, term: 3', '✅ Elected new leader for orders-3: node 2'),
      fc.tuple(fc.constantFrom('Leader timeout for orders-', '✅ Elected new leader for t-', 'became candidate at term '), fc.nat(600)).map(([p, n]) => `${p}${n}`),
      fc.string({ maxLength: 600 }),
    );
    fc.assert(fc.property(fc.array(fc.tuple(targets, message), { minLength: 1, maxLength: 400 }), (pairs) => {
      const lines = pairs.map(([t, m]) => line(t, m));
      const strip = (s: Seen) => ({ observations: s.observations, matches: s.matches });
      expect(classifyEach(lines, true).map(strip)).toEqual(classifyEach(lines, false).map(strip));
    }), { numRuns: 300 });
  });
});
