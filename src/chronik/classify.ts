// events → observations: finds the catalog entry for a log event with a cheap prefilter (target family and the
// message's first two code units) before any pattern runs, plus the two rules that apply anywhere.

import type { LogEvent } from '../lines/index.js';
import { createByteFinder, startsWithBytes } from './byte-search.js';
import { MESSAGE_RULES, type MessageRule } from './messages.js';
import type { Observation } from './observations.js';
import { createRecentMessages, type Classified } from './recent-messages.js';

const NONE: readonly Observation[] = [];
const NOTHING: Classified = { observations: NONE, matched: [] };
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
  /**
   * True when `classify` says nothing of an event whose target is `bytes[targetStart, targetEnd)` and whose
   * message is `bytes[messageStart, end)` (plain text; or that and a space, before fields), before anything else is
   * appended to it: the hot path's way to count most lines without building an event.
   */
  quiet(bytes: Buffer, targetStart: number, targetEnd: number, messageStart: number, end: number): boolean;
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

const FAMILIES: readonly Family[] = ['chronik_server', 'raft::', 'chronik_wal'];
const FAMILY_BYTES = FAMILIES.map((f) => Buffer.from(f, 'latin1'));
/** A family as a bit (0 for none), for sets of families. */
const familyBit = (family: Family | null): number => (family === null ? 0 : 1 << FAMILIES.indexOf(family));
const RAFT_BIT = familyBit('raft::');
const RAFT_BYTES = Buffer.from('raft::', 'latin1');

function targetFamily(target: string): Family | undefined {
  return FAMILIES.find((f) => target.startsWith(f));
}

/** {@link familyBit} of the target `bytes[start, end)`'s family (a target is ASCII: its bytes are its text). */
function familyBitAtBytes(bytes: Uint8Array, start: number, end: number): number {
  for (let i = 0; i < FAMILY_BYTES.length; i++) if (startsWithBytes(bytes, start, end, FAMILY_BYTES[i] ?? EMPTY)) return 1 << i;
  return 0;
}
const EMPTY = new Uint8Array(0);

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
  // The same lists by a message's first two bytes as an index (no hashing on the hot path): slot + 1 in `lists`.
  const listOfBytes = new Uint8Array(1 << 16);
  const lists: (readonly Candidate[])[] = [];
  for (const rule of MESSAGE_RULES) {
    if (disabled.has(rule.id)) continue;
    const prefix = Buffer.from(rule.prefix, 'utf8');
    if (prefix.length < 2) throw new TypeError(`Expected rule \`${rule.id}\` to have a prefix of 2 bytes or more, got \`${rule.prefix}\``);
    const entry = { rule, prefix };
    append(byKey, keyOf(rule.prefix), entry);
    append(byBytes, bytesKey(prefix, 0), entry);
  }
  for (const [key, list] of byBytes) listOfBytes[key] = lists.push(list); // < 256: one per rule at most
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

  /** The families (bits) of the rules whose prefix `bytes[start, end)` starts with; -1 for a message under 2 bytes. */
  function prefixFamilies(bytes: Uint8Array, start: number, end: number): number {
    if (end - start < 2) return -1;
    const slot = listOfBytes[((bytes[start] ?? 0) << 8) | (bytes[start + 1] ?? 0)] ?? 0;
    if (slot === 0) return 0;
    const candidates = lists[slot - 1] ?? [];
    let bits = 0;
    for (const { rule, prefix } of candidates) if (startsWithBytes(bytes, start, end, prefix)) bits |= familyBit(rule.target);
    return bits;
  }

  /**
   * Whether no rule can match the message `bytes[start, end)` whose rule prefixes are of the families `bits` (see
   * prefixFamilies), under a target of family `family` (a bit; any bit that is not raft's when `bits` is 0).
   */
  function saysNothing(bytes: Uint8Array, start: number, end: number, bits: number, family: number): boolean {
    return bits !== -1 && (bits & family) === 0 && !(raftId && family === RAFT_BIT) && !(cannotPropose && hasCannotPropose(bytes, start, end));
  }

  function matchRule(event: LogEvent, family: Family | null): { rule: MessageRule; observations: readonly Observation[] } | undefined {
    const candidates = byKey.get(keyOf(event.message));
    if (candidates === undefined) return undefined;
    for (const { rule } of candidates) {
      if (rule.target !== family || !event.message.startsWith(rule.prefix)) continue;
      if (rule.pattern === undefined) return { rule, observations: rule.observe(null) };
      const m = rule.pattern.exec(event.message);
      if (m !== null) return { rule, observations: rule.observe(m) };
    }
    return undefined;
  }

  const recent = createRecentMessages();
  const decodedMatches: string[] = [];

  return {
    quiet(bytes, targetStart, targetEnd, messageStart, end) {
      // The target's family read from its bytes in full only when some rule's prefix matched; else only raft's matters.
      const bits = prefixFamilies(bytes, messageStart, end);
      let family = 0;
      if (bits > 0) family = familyBitAtBytes(bytes, targetStart, targetEnd);
      else if (bits === 0 && raftId && startsWithBytes(bytes, targetStart, targetEnd, RAFT_BYTES)) family = RAFT_BIT;
      return saysNothing(bytes, messageStart, end, bits, family);
    },
    classify(event) {
      if (event.panic) return NONE;
      const raw = event.raw;
      const family = familyOf(event.target);
      if (raw === undefined) {
        // Decoded (serve, check): nothing is kept, so the rule ids go through one reused array.
        decodedMatches.length = 0;
        return counted(evaluate(event, family, decodedMatches));
      }
      // A message still in bytes: a repeat of a recent one needs neither decoding nor rules; one no rule can match
      // (most messages) is not decoded either, since every string test would fail on it too.
      const { bytes, start, end } = raw;
      const bit = familyBit(family);
      const hit = recent.find(bit, bytes, start, end);
      if (hit !== undefined) return counted(hit);
      const classified = saysNothing(bytes, start, end, prefixFamilies(bytes, start, end), bit) ? NOTHING : evaluate(event, family, []);
      recent.keep(bit, bytes, start, end, classified);
      return counted(classified);
    },
  };

  /** Counts the rules that matched; the observations. */
  function counted(c: Classified): readonly Observation[] {
    for (const id of c.matched) onMatch(id);
    return c.observations;
  }

  /**
   * Runs the rules on `event`'s message (its target of `family`); the ids of the rules that matched go to `matched`
   * (the result holds it).
   */
  function evaluate(event: LogEvent, family: Family | null, matched: string[]): Classified {
    const found = matchRule(event, family);
    let out: Observation[] | undefined;
    if (found !== undefined) {
      matched.push(found.rule.id);
      out = found.observations.slice();
    }
    if (raftId && family === 'raft::') {
      const at = event.message.indexOf(RAFT_ID);
      if (at >= 0) {
        const id = Number.parseInt(event.message.slice(at + RAFT_ID.length, at + RAFT_ID.length + 12), 10);
        if (id > 0) {
          matched.push('raft_id');
          (out ??= []).push({ kind: 'self_id', nodeId: id });
        }
      }
    }
    if (cannotPropose) {
      const at = event.message.indexOf(CANNOT_PROPOSE);
      if (at >= 0) {
        matched.push('cannot_propose');
        (out ??= []).push({ kind: 'not_leader', context: found?.rule.proposeContext ?? 'other' });
        const m = CANNOT_PROPOSE_LEADER.exec(event.message.slice(at));
        const leaderId = m === null ? 0 : Number.parseInt(m[1] ?? '0', 10);
        // leader=0 only says "no leader known yet" during startup: it is no news about who leads.
        if (leaderId > 0) out.push({ kind: 'leader', leaderId });
      }
    }
    return out === undefined && matched.length === 0 ? NOTHING : { observations: out ?? NONE, matched };
  }
}
