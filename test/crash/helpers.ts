// Helpers of the crash test: exposition parsing (label order independent), the counters compared with the
// generator's truth, a free port, and the exporter as a child process that can be SIGKILLed.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { NodeTruth } from '../../src/scenarios/index.js';

export interface Sample { readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly value: number }

/** Every sample of a text exposition (comments skipped). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/.exec(line);
    if (m === null) throw new Error(`Expected an exposition sample line, got \`${line}\``);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = l[2] ?? '';
    samples.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return samples;
}

/** `name{a="1",b="2"}` with labels sorted: the same series whatever order a (restored) registry writes them in. */
export function seriesKey(s: Sample): string {
  const labels = Object.keys(s.labels).sort().map((k) => `${k}="${s.labels[k] ?? ''}"`).join(',');
  return `${s.name}{${labels}}`;
}

/**
 * The series that must never go down: every counter (`_total`) and every histogram/summary `_count`, `_sum`,
 * `_bucket`, except the process's own runtime metrics (`process_*`, `nodejs_*`: CPU seconds, GC counts), which
 * describe one exporter process and start again with it, as every Prometheus client's do (process_start_time_seconds
 * tells a restart).
 */
export function monotonicSeries(samples: readonly Sample[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    if (s.name.startsWith('process_') || s.name.startsWith('nodejs_')) continue;
    if (/_(total|count|sum|bucket)$/.test(s.name)) out.set(seriesKey(s), s.value);
  }
  return out;
}

/** Sum of the samples named `name` whose labels include `where`. */
export function total(samples: readonly Sample[], name: string, where: Readonly<Record<string, string>> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}

const LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
const ROLES = ['follower', 'candidate', 'pre_candidate', 'leader'] as const;
const CONTEXTS = ['partition_election', 'partition_proposal', 'broker_registration', 'other'] as const;
const STAGES = ['raft', 'local'] as const;
const OUTCOMES = ['follower_gave_up', 'fatal', 'leader_failed'] as const;
const KINDS = ['assignment', 'leader', 'isr'] as const;

/**
 * The counters compared with the truth: `name{labels}` (node series: summed over the labels not named, for the
 * node under test; `chronik_log_exporter_*`: for the source) → the truth's value, given the bytes written.
 */
function counterTable(source: string): Array<readonly [string, (t: NodeTruth, bytes: number) => number]> {
  return [
    [`chronik_log_exporter_lines_total{source="${source}"}`, (t) => t.lines],
    [`chronik_log_exporter_bytes_total{source="${source}"}`, (_, bytes) => bytes],
    [`chronik_log_exporter_lines_unparsed_total{source="${source}"}`, () => 0],
    [`chronik_log_exporter_bytes_skipped_total{source="${source}"}`, () => 0], // O_APPEND writer: no NUL holes
    ['chronik_log_process_starts_total', (t) => t.processStarts],
    ['chronik_log_unclean_restarts_total', (t) => t.uncleanRestarts],
    ['chronik_log_panics_total', (t) => t.panics],
    ['chronik_log_raft_elections_started_total', (t) => t.electionsStarted],
    ['chronik_log_raft_leader_changes_total', (t) => t.leaderChanges],
    ['chronik_log_raft_stepdowns_total', (t) => t.stepdowns],
    ['chronik_log_leader_timeouts_total', (t) => t.leaderTimeouts],
    ['chronik_log_partition_elections_total{result="elected"}', (t) => t.partitionElections.elected],
    ['chronik_log_partition_elections_total{result="failed"}', (t) => t.partitionElections.failed],
    ['chronik_log_metadata_initializations_total', (t) => t.metadataInitializations],
    ['chronik_log_raft_messages_lost_total', (t) => t.messagesLost],
    ...LEVELS.map((l) => [`chronik_log_events_total{level="${l}"}`, (t: NodeTruth) => t.events[l]] as const),
    ...ROLES.map((r) => [`chronik_log_raft_role_changes_total{role="${r}"}`, (t: NodeTruth) => t.roleChanges[r]] as const),
    ...CONTEXTS.map((c) => [`chronik_log_propose_not_leader_total{context="${c}"}`, (t: NodeTruth) => t.proposeNotLeader[c]] as const),
    ...STAGES.map((s) => [`chronik_log_broker_registration_retries_total{stage="${s}"}`, (t: NodeTruth) => t.brokerRegistrationRetries[s]] as const),
    ...OUTCOMES.map((o) => [`chronik_log_broker_registration_failures_total{outcome="${o}"}`, (t: NodeTruth) => t.brokerRegistrationFailures[o]] as const),
    ...KINDS.map((k) => [`chronik_log_partition_proposal_failures_total{kind="${k}"}`, (t: NodeTruth) => t.partitionProposalFailures[k]] as const),
  ];
}

/** The counters of interest as the generator's truth gives them. */
export function expectedCounters(t: NodeTruth, source: string, bytes: number): Record<string, number> {
  return Object.fromEntries(counterTable(source).map(([key, value]) => [key, value(t, bytes)]));
}

/** The same counters read from an exposition (node series summed over topic/partition, restricted to `nodeId`). */
export function observedCounters(samples: readonly Sample[], nodeId: string, source: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key] of counterTable(source)) {
    const m = /^([^{]+)(?:\{(.*)\})?$/.exec(key);
    const name = m?.[1] ?? key;
    const where: Record<string, string> = {};
    for (const l of (m?.[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) where[l[1] ?? ''] = l[2] ?? '';
    if (!name.startsWith('chronik_log_exporter_')) where.node_id = nodeId;
    out[key] = total(samples, name, where);
  }
  return out;
}

/** A TCP port nothing listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('Expected a TCP address'))));
    });
  });
}

/** A child process whose stderr is kept (last lines) and whose exit can be awaited. */
export interface Child {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: string[];
  readonly stdout: string[];
  /** SIGKILL by pid (this child only); resolves once it has exited (at once if it already has). */
  kill9(): Promise<void>;
}

export function spawnChild(command: string, args: readonly string[], cwd: string): Child {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  const stdout: string[] = [];
  const keep = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      into.push(...lines);
      if (into.length > 5000) into.splice(0, into.length - 5000);
    };
  };
  child.stderr?.on('data', keep(stderr));
  child.stdout?.on('data', keep(stdout));
  // 'close', not 'exit': the process has exited and its stdout and stderr have been read to their end.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child, exited, stderr, stdout,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
