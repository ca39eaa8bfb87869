// events → observations: finds the catalog entry for a log event with a cheap prefilter (target family and the
// message's first two code units) before any pattern runs, plus the two rules that apply anywhere.

import type { LogEvent, RawMessage } from '../lines/index.js';
import { createByteFinder, startsWithBytes } from './byte-search.js';
import { MESSAGE_RULES, type MessageRule } from './messages.js';
import type { Observation } from './observations.js';

const NONE: readonly Observation[] = [];
const CANNOT_PROPOSE = 'Cannot propose: this node (id=';
const CANNOT_PROPOSE_LEADER = /^Cannot propose: this node \(id=\d+\) is not the leader \(state=\w+, leader=(\d+)\)/;
const RAFT_ID = ', raft_id: ';
const hasCannotPropose = createByteFinder(CANNOT_PROPOSE);

export interface ClassifierOptions {
  /** Rule ids switched off by configuration. */
  readonly disabled?: ReadonlySet<string>;
  /** Called once per rule that matched an event (for `chronik_log_exporter_rule_matches_total`). */
  readonly onMatch?: (ruleId: string) => void;
}

export interface Classifier {
  /** Observations for one event; the same empty array for the (many) events that say nothing. */
  classify(event: LogEvent): readonly Observation[];
}

const keyOf = (text: string): number => (text.charCodeAt(0) << 16) | text.charCodeAt(1);

/** The first two bytes at `at`. */
const bytesKey = (bytes: Uint8Array, at: number): number => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);

/** A rule with its prefix's UTF-8 bytes. */
interface Candidate { readonly rule: MessageRule; readonly prefix: Buffer }

function append(map: Map<number, Candidate[]>, key: number, entry: Candidate): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}

type Family = MessageRule['target'];
const MAX_TARGETS = 1024;

function targetFamily(target: string): Family | undefined {
  if (target.startsWith('chronik_server')) return 'chronik_server';
  if (target.startsWith('raft::')) return 'raft::';
  if (target.startsWith('chronik_wal')) return 'chronik_wal';
  return undefined;
}

/**
 * Builds the classifier over the message table.
 * @example
 * const c = createClassifier({});
 * c.classify(event); // [{ kind: 'role', role: 'leader', term: 2, raftId: 1, fromLeader: false }]
 */
export function createClassifier(options: ClassifierOptions): Classifier {
  const disabled = options.disabled ?? new Set<string>();
  const onMatch = options.onMatch ?? (() => undefined);
  // Rules by the key of their prefix (first two UTF-16 code units), and by its first two UTF-8 bytes for messages
  // still in bytes, with the prefix's bytes.
  const byKey = new Map<number, Candidate[]>();
  const byBytes = new Map<number, Candidate[]>();
  for (const rule of MESSAGE_RULES) {
    if (disabled.has(rule.id)) continue;
    const prefix = Buffer.from(rule.prefix, 'utf8');
    if (prefix.length < 2) throw new TypeError(`Expected rule \`${rule.id}\` to have a prefix of 2 bytes or more, got \`${rule.prefix}\``);
    const entry = { rule, prefix };
    append(byKey, keyOf(rule.prefix), entry);
    append(byBytes, bytesKey(prefix, 0), entry);
  }
  const cannotPropose = !disabled.has('cannot_propose');
  const raftId = !disabled.has('raft_id');
  // Family per target string: a log has a few dozen targets, and each event asks.
  const families = new Map<string, Family | null>();
  const familyOf = (target: string): Family | null => {
    let family = families.get(target);
    if (family === undefined) {
      family = targetFamily(target) ?? null;
      if (families.size < MAX_TARGETS) families.set(target, family);
    }
    return family;
  };

  /**
   * False when no rule can match a message still in bytes (most messages): then the string tests below would all
   * fail too, so they need not be decoded.
   */
  function mayMatch(raw: RawMessage, target: string): boolean {
    const { bytes, start, end } = raw;
    if (end - start < 2) return true;
    const family = familyOf(target);
    const candidates = byBytes.get(bytesKey(bytes, start));
    if (candidates !== undefined) {
      for (const { rule, prefix } of candidates) {
        if (rule.target === family && startsWithBytes(bytes, start, end, prefix)) return true;
      }
    }
    return (raftId && family === 'raft::') || (cannotPropose && hasCannotPropose(bytes, start, end));
  }

  function matchRule(event: LogEvent): { rule: MessageRule; observations: readonly Observation[] } | undefined {
    const candidates = byKey.get(keyOf(event.message));
    if (candidates === undefined) return undefined;
    const family = familyOf(event.target);
    for (const { rule } of candidates) {
      if (rule.target !== family || !event.message.startsWith(rule.prefix)) continue;
      if (rule.pattern === undefined) return { rule, observations: rule.observe(null) };
      const m = rule.pattern.exec(event.message);
      if (m !== null) return { rule, observations: rule.observe(m) };
    }
    return undefined;
  }

  return {
    classify(event) {
      if (event.panic) return NONE;
      const raw = event.raw;
      if (raw !== undefined && !mayMatch(raw, event.target)) return NONE;
      const found = matchRule(event);
      let out: Observation[] | undefined;
      if (found !== undefined) {
        onMatch(found.rule.id);
        out = found.observations.slice();
      }
      if (raftId && familyOf(event.target) === 'raft::') {
        const at = event.message.indexOf(RAFT_ID);
        if (at >= 0) {
          const id = Number.parseInt(event.message.slice(at + RAFT_ID.length, at + RAFT_ID.length + 12), 10);
          if (id > 0) {
            onMatch('raft_id');
            (out ??= []).push({ kind: 'self_id', nodeId: id });
          }
        }
      }
      if (cannotPropose) {
        const at = event.message.indexOf(CANNOT_PROPOSE);
        if (at >= 0) {
          onMatch('cannot_propose');
          (out ??= []).push({ kind: 'not_leader', context: found?.rule.proposeContext ?? 'other' });
          const m = CANNOT_PROPOSE_LEADER.exec(event.message.slice(at));
          const leaderId = m === null ? 0 : Number.parseInt(m[1] ?? '0', 10);
          // leader=0 only says "no leader known yet" during startup: it is no news about who leads.
          if (leaderId > 0) out.push({ kind: 'leader', leaderId });
        }
      }
      return out ?? NONE;
    },
  };
}
