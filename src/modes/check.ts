// `check FILE...`: the v2.2.1 test report's verdict table, computed from the logs — with INCONCLUSIVE where a
// log is too short to know (the original report stopped at 15 s and missed the follower storm at ~30 s).

import type { Config } from '../config/index.js';
import { readFiles } from './read-files.js';
import { createEvidence, type Evidence, type Occurrence, type Tally } from './check-evidence.js';
import { formatEventTime } from './format-time.js';

export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

export interface CheckRow {
  readonly check: string;
  readonly verdict: Verdict;
  readonly evidence: string;
  readonly count?: number;
  readonly first?: Occurrence;
  readonly last?: Occurrence;
  /** How many more seconds of log would settle an INCONCLUSIVE row. */
  readonly needMoreSeconds?: number;
}

export interface CheckResult {
  readonly rows: readonly CheckRow[];
  readonly exitCode: 0 | 1 | 3;
  readonly timeline: readonly Occurrence[];
}

/** chronik's startup retry loops (broker registration: 15 × 2 s) end ~30 s after start; the v2.2.1 follower
 * storm's first failed election follows within one leader-election period (3 s) plus its timeout. */
export const STARTUP_LOOPS_SECONDS = 30;
export const OBSERVE_AFTER_STARTUP_SECONDS = 45;
const SLO_SECONDS = 15;

interface NodeSpan { id: string; first: number; last: number; startup: number | undefined }

const at = (o: Occurrence | undefined): string => (o === undefined ? '' : `${formatEventTime(o.time)} node ${o.node}`);
const firstLast = (t: Tally): string => (t.count === 0 ? '' : `; first ${at(t.first)} (${t.first?.text ?? ''}); last ${at(t.last)}`);

/** "Zero X" rows: FAIL on any occurrence, PASS only when every log ran long enough to show the failure. */
function zeroRow(check: string, what: string, tally: Tally, spans: readonly NodeSpan[]): CheckRow {
  const base = { check, count: tally.count, ...(tally.first === undefined ? {} : { first: tally.first }), ...(tally.last === undefined ? {} : { last: tally.last }) };
  if (tally.count > 0) return { ...base, verdict: 'FAIL', evidence: `${tally.count} ${what} on node(s) ${[...tally.nodes].join(', ')}${firstLast(tally)}` };
  const short = spans
    .map((s) => ({ s, need: OBSERVE_AFTER_STARTUP_SECONDS - (s.last - (s.startup ?? s.first)) }))
    .filter((x) => x.need > 0);
  if (short.length === 0) return { ...base, verdict: 'PASS', evidence: `0 ${what}; every log covers ≥ ${OBSERVE_AFTER_STARTUP_SECONDS} s after its startup` };
  const need = Math.ceil(Math.max(...short.map((x) => x.need)));
  return {
    ...base, verdict: 'INCONCLUSIVE', needMoreSeconds: need,
    evidence: `0 ${what} so far, but the log of node(s) ${short.map((x) => x.s.id).join(', ')} ends before chronik's startup retry loops (~${STARTUP_LOOPS_SECONDS} s) are over and failures could show: run it ≥ ${need} s longer`,
  };
}

function leaderRow(e: Evidence, spans: readonly NodeSpan[]): CheckRow {
  const t = e.leaderElected;
  if (t.count > 0) {
    const last = t.last;
    return { check: 'Raft leader elected', verdict: 'PASS', count: t.count, ...(last === undefined ? {} : { last }), evidence: `node ${last?.node ?? '?'} ${last?.text ?? ''} at ${last === undefined ? '' : formatEventTime(last.time)}${t.count > 1 ? ` (${t.count} leader elections in all)` : ''}` };
  }
  const learned = e.timeline.find((o) => o.text.startsWith('leader is now node'));
  if (learned !== undefined) return { check: 'Raft leader elected', verdict: 'PASS', evidence: `node ${learned.node} learned: ${learned.text} at ${formatEventTime(learned.time)} (the leader's own log is not among the files)` };
  const need = Math.ceil(Math.max(0, ...spans.map((s) => STARTUP_LOOPS_SECONDS - (s.last - (s.startup ?? s.first)))));
  if (need > 0) return { check: 'Raft leader elected', verdict: 'INCONCLUSIVE', needMoreSeconds: need, evidence: `no leader yet; chronik waits up to ${STARTUP_LOOPS_SECONDS} s for an election: run it ≥ ${need} s longer` };
  return { check: 'Raft leader elected', verdict: 'FAIL', evidence: 'no node became or learned a Raft leader' };
}

function initializerRow(e: Evidence): CheckRow {
  const t = e.metadataInit;
  const check = 'Exactly one metadata initializer';
  if (t.nodes.size === 1) return { check, verdict: 'PASS', count: t.count, evidence: `only node ${[...t.nodes].join('')} initialized partition metadata${firstLast(t)}` };
  if (t.nodes.size > 1) return { check, verdict: 'FAIL', count: t.count, evidence: `${t.nodes.size} nodes initialized partition metadata: ${[...t.nodes].join(', ')}${firstLast(t)}` };
  return { check, verdict: 'INCONCLUSIVE', count: 0, evidence: 'no log shows a metadata initialization (the Raft leader\'s log is missing, it is still starting, or chronik ≥ v2.2.7 does not log it)' };
}

function proposedRow(e: Evidence): CheckRow {
  const t = e.metadataProposed;
  const check = 'Partition metadata proposed';
  if (t.count > 0) return { check, verdict: 'PASS', count: t.count, evidence: `${t.count} partition(s) proposed${firstLast(t)}` };
  return { check, verdict: 'INCONCLUSIVE', count: 0, evidence: 'no log shows "✓ Proposed Raft metadata" (the Raft leader\'s log is missing, or chronik ≥ v2.2.7 does not log it)' };
}

function stableWithinRow(e: Evidence, spans: readonly NodeSpan[], windowSeconds: number): CheckRow {
  const parts: string[] = [];
  let verdict: Verdict = 'PASS';
  let need = 0;
  const worse = (v: Verdict) => { if (v === 'FAIL' || (v === 'INCONCLUSIVE' && verdict === 'PASS')) verdict = v; };
  for (const s of spans) {
    const f = e.startups.get(s.id);
    if (f?.startup === undefined) {
      worse('INCONCLUSIVE');
      parts.push(`node ${s.id}: no startup banner in its log`);
    } else if (f.stabilization !== undefined) {
      const ok = f.stabilization <= SLO_SECONDS;
      worse(ok ? 'PASS' : 'FAIL');
      parts.push(`node ${s.id}: stable ${f.stabilization.toFixed(1)} s after startup`);
    } else if (s.last - f.startup > SLO_SECONDS + windowSeconds) {
      worse('FAIL');
      parts.push(`node ${s.id}: not stable ${(s.last - f.startup).toFixed(1)} s after startup`);
    } else {
      worse('INCONCLUSIVE');
      const n = Math.ceil(f.startup + SLO_SECONDS + windowSeconds - s.last);
      need = Math.max(need, n);
      parts.push(`node ${s.id}: not yet stable; the log ends ${(s.last - f.startup).toFixed(1)} s after startup, run it ≥ ${n} s longer`);
    }
  }
  return { check: `Leadership stable within ${SLO_SECONDS} s of startup`, verdict, evidence: parts.join('; '), ...(need > 0 ? { needMoreSeconds: need } : {}) };
}

function stableAtEndRow(e: Evidence, spans: readonly NodeSpan[], stableAtEnd: ReadonlyMap<string, boolean>): CheckRow {
  const parts: string[] = [];
  let verdict: Verdict = 'PASS';
  let need = 0;
  for (const s of spans) {
    const f = e.startups.get(s.id);
    const covered = s.last - (f?.startup ?? s.first);
    if (stableAtEnd.get(s.id) === true) {
      if (covered < OBSERVE_AFTER_STARTUP_SECONDS) {
        if (verdict === 'PASS') verdict = 'INCONCLUSIVE';
        need = Math.max(need, Math.ceil(OBSERVE_AFTER_STARTUP_SECONDS - covered));
        parts.push(`node ${s.id}: stable, but only ${covered.toFixed(1)} s after startup (the v2.2.1 follower storm starts at ~${STARTUP_LOOPS_SECONDS} s)`);
      } else parts.push(`node ${s.id}: stable`);
    } else if (f?.disruptedAfterStable !== undefined) {
      verdict = 'FAIL';
      parts.push(`node ${s.id}: stability lost at ${formatEventTime(f.disruptedAfterStable.time)} (${f.disruptedAfterStable.text}) and not regained`);
    } else if (f?.stabilization !== undefined) {
      verdict = 'FAIL';
      parts.push(`node ${s.id}: not stable at the end of its log`);
    } else {
      if (verdict === 'PASS') verdict = 'INCONCLUSIVE';
      parts.push(`node ${s.id}: never stable yet`);
    }
  }
  return { check: 'Leadership still stable at the end of the log', verdict, evidence: parts.join('; '), ...(need > 0 ? { needMoreSeconds: need } : {}) };
}

/** Reads the files and computes the verdicts. */
export async function check(files: readonly string[], options: { config: Readonly<Config>; readAhead?: 'auto' | 'on' | 'off' }): Promise<CheckResult> {
  const windowSeconds = options.config.leadership.stability_window;
  const { evidence, hook } = createEvidence(windowSeconds);
  const spansById = new Map<string, NodeSpan>();
  const exporter = await readFiles(files, {
    config: options.config,
    ...(options.readAhead === undefined ? {} : { readAhead: options.readAhead }),
    onObserved(node, event, observations, before) {
      const id = node.labels.node_id;
      const span = spansById.get(id);
      if (span === undefined) spansById.set(id, { id, first: event.time, last: event.time, startup: undefined });
      else if (event.time > span.last) span.last = event.time;
      hook(node, event, observations, before);
    },
  });
  const stableAtEnd = new Map<string, boolean>();
  for (const n of exporter.nodes()) stableAtEnd.set(n.labels.node_id, n.state.data.stability.stable);
  const spans = [...spansById.values()].map((s) => ({ ...s, startup: evidence.startups.get(s.id)?.startup }));
  const rows: CheckRow[] = [
    leaderRow(evidence, spans),
    initializerRow(evidence),
    zeroRow('Zero partition proposal failures', '"Failed to propose partition" errors', evidence.proposalFailures, spans),
    zeroRow('Zero failed partition elections', '"Failed to elect leader" errors', evidence.failedElections, spans),
    zeroRow('Zero "Cannot propose" for partition metadata', '"Cannot propose" texts in partition elections or proposals', evidence.cannotProposePartition, spans),
    proposedRow(evidence),
    stableWithinRow(evidence, spans, windowSeconds),
    stableAtEndRow(evidence, spans, stableAtEnd),
  ];
  const exitCode = rows.some((r) => r.verdict === 'FAIL') ? 1 : rows.some((r) => r.verdict === 'INCONCLUSIVE') ? 3 : 0;
  const timeline = [...evidence.timeline].sort((a, b) => a.time - b.time);
  return { rows, exitCode, timeline };
}

/** Renders the verdicts as a table (or JSON), with the timeline when asked. */
export function formatCheck(result: CheckResult, options: { json: boolean; timeline: boolean }): string {
  if (options.json) {
    const withTimes = (o: Occurrence | undefined) => (o === undefined ? undefined : { ...o, time: formatEventTime(o.time) });
    return `${JSON.stringify({
      exitCode: result.exitCode,
      rows: result.rows.map((r) => ({ ...r, first: withTimes(r.first), last: withTimes(r.last) })),
      ...(options.timeline ? { timeline: result.timeline.map((o) => withTimes(o)) } : {}),
    }, null, 2)}\n`;
  }
  const width = Math.max(...result.rows.map((r) => r.check.length));
  const lines = result.rows.map((r) => `${r.check.padEnd(width)}  ${r.verdict.padEnd(12)}  ${r.evidence}`);
  const verdict = result.exitCode === 0 ? 'PASS' : result.exitCode === 1 ? 'FAIL' : 'INCONCLUSIVE';
  const need = Math.max(0, ...result.rows.map((r) => r.needMoreSeconds ?? 0));
  let out = `${'CHECK'.padEnd(width)}  ${'VERDICT'.padEnd(12)}  EVIDENCE\n${lines.join('\n')}\n\nOverall: ${verdict}`;
  if (result.exitCode === 3 && need > 0) out += ` — the logs are too short to know: let the cluster run at least ${need} s longer`;
  out += '\n';
  if (options.timeline) {
    out += `\nTimeline (all nodes, event time):\n${result.timeline.map((o) => `${formatEventTime(o.time)}  node ${o.node.padEnd(3)}  ${o.text}`).join('\n')}\n`;
  }
  return out;
}
