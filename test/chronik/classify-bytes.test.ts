// The classifier rules most messages out on their bytes, before they are decoded: it must find exactly what it
// finds on the decoded message, rule matches (and their order) included.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createClassifier, MESSAGE_RULES, type Observation } from '../../src/chronik/index.js';
import { createEventAssembler, type LogEvent } from '../../src/lines/index.js';
import { generateBenchLog } from '../../src/scenarios/index.js';

const E = '\x1b';
const dim = (s: string): string => `${E}[2m${s}${E}[0m`;

interface Classified { observations: readonly Observation[]; matches: string[]; message: string; undecoded: boolean; quiet: boolean }

/** Classifies each coloured line's event, its message left in bytes (`undecoded`) or decoded up front. */
function classifyAll(lines: readonly Buffer[], undecoded: boolean, disabled: ReadonlySet<string> = new Set()): Classified[] {
  const out: Classified[] = [];
  let matches: string[] = [];
  const classifier = createClassifier({ disabled, onMatch: (id) => matches.push(id) });
  // The quiet path offers events it found quiet and that are declined here, so that they are classified too.
  let offered = false;
  const onEvent = (event: LogEvent): void => {
    const raw = event.raw !== undefined;
    out.push({ observations: classifier.classify(event), matches, message: event.message, undecoded: raw, quiet: offered });
    matches = [];
    offered = false;
  };
  const quiet = { test: classifier.quiet, take: () => { offered = true; return false; } };
  const assembler = createEventAssembler({ onEvent, onUnparsed() {}, undecodedMessages: undecoded, quiet });
  for (const line of lines) {
    if (!assembler.lineBytes(line, 0, line.length)) assembler.line(line.toString('utf8'));
    assembler.flush();
  }
  return out;
}

function agree(lines: readonly Buffer[], disabled?: ReadonlySet<string>): void {
  const fromBytes = classifyAll(lines, true, disabled);
  const decoded = classifyAll(lines, false, disabled);
  const same = (c: Classified) => ({ observations: c.observations, matches: c.matches, message: c.message });
  expect(fromBytes.map(same)).toEqual(decoded.map(same));
  // An event offered as quiet is one that classifies to nothing, with no rule match.
  for (const c of fromBytes) if (c.quiet) expect({ message: c.message, observations: c.observations, matches: c.matches }).toEqual({ message: c.message, observations: [], matches: [] });
}

const header = (target: string): Buffer => Buffer.from(`${dim('2025-11-08T10:15:05.322442Z')} ${E}[32m INFO${E}[0m ${dim(target)}${dim(':')} `);

describe('classifying messages still in bytes', () => {
  test('the bench log: same observations and matches, and most messages never decoded', () => {
    const lines = [...generateBenchLog({ lines: 20_000 })].map((l) => Buffer.from(l));
    agree(lines);
    agree(lines, new Set(['cannot_propose', 'raft_id', 'leader_timeout']));
    const fromBytes = classifyAll(lines, true);
    expect(fromBytes.filter((c) => c.undecoded).length).toBeGreaterThan(lines.length / 2); // the point of it
    expect(fromBytes.filter((c) => c.quiet).length).toBeGreaterThan(fromBytes.length * 0.8); // and of the quiet path
  });

  test('rule prefixes, cut and followed by anything (generic-rule texts, emoji, invalid UTF-8)', () => {
    const targets = fc.constantFrom('chronik_server', 'chronik_server::raft_cluster', 'chronik_wal::manager', 'raft::raft', 'raft::raw_node', 'other::x');
    const cutPrefix = fc.tuple(fc.constantFrom(...MESSAGE_RULES.map((r) => r.prefix), '', 'x'), fc.nat(40)).map(([p, cut]) => Buffer.from(p).subarray(0, cut === 0 ? undefined : cut));
    // A whole prefix with a (non-field) colour code inside: the decoded message has the prefix, its bytes do not.
    const splitPrefix = fc.tuple(fc.constantFrom(...MESSAGE_RULES.map((r) => r.prefix)), fc.nat(30), fc.constantFrom(`${E}[1m`, `${E}[0m`, `${E}[3m`)).map(([p, at, code]) => Buffer.from(`${p.slice(0, at)}${code}${p.slice(at)}`));
    const prefix = fc.oneof(cutPrefix, cutPrefix, splitPrefix);
    const piece = fc.constantFrom(
      'Cannot propose: this node (id=3) is not the leader (state=Follower, leader=2)', 'Cannot propose: this node (id=', ', raft_id: 7', ', raft_id: 0',
      ' term 2', ' at term 3, raft_id: 1, term: 3', '✅', '⏱️ ', '🔄', 'a', ' ', ':', '(', ')', '=', '1',
      ` ${E}[3merror${E}[0m${E}[2m=${E}[0mCannot propose: this node (id=2)`, `${E}[3mk${E}[0m${E}[2m=${E}[0mv`, `${E}[1mb${E}[0m`, `${E}[3;1mx${E}[0m`,
    ).map((s) => Buffer.from(s));
    const junk = fc.constantFrom(Buffer.from([0xff]), Buffer.from([0xe2, 0x9c]), Buffer.from([0xf0, 0x9f]), Buffer.from([0xc3]));
    const tail = fc.array(fc.oneof(piece, piece, junk), { maxLength: 6 });
    fc.assert(fc.property(targets, fc.option(junk), prefix, tail, (target, lead, p, t) => {
      agree([Buffer.concat([header(target), ...(lead === null ? [] : [lead]), p, ...t])]);
    }), { numRuns: 20_000 });
  });
});
