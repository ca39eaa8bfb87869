// Derives one node's ground truth from the records it was given, by message id and arguments.
import type { MessageId } from '../catalog/index.js';
import { namedArg, positionalArg, type Arg } from '../format.js';
import type { LogRecord } from '../record.js';
import type { NodeTruth } from '../types.js';
import { StabilityTracker } from './stability.js';

const CANNOT_PROPOSE = /Cannot propose: this node \(id=\d+\) is not the leader \(state=\w+, leader=(\d+)\)/;
const LEADER_MSG_TYPES = new Set(['MsgAppend', 'MsgHeartbeat', 'MsgSnapshot']);
const ROLE_OF: Partial<Record<MessageId, 'follower' | 'candidate' | 'leader'>> = {
  'raft.becameFollower': 'follower',
  'raft.becameCandidate': 'candidate',
  'raft.becameLeader': 'leader',
};
const PROPOSAL_KIND: Partial<Record<MessageId, 'assignment' | 'leader' | 'isr'>> = {
  'init.assignmentFailed': 'assignment',
  'init.leaderFailed': 'leader',
  'init.isrFailed': 'isr',
};

const LEVEL_KEY = { ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace' } as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

const positional = positionalArg;
const named = namedArg;

function proposeContext(id: MessageId): keyof NodeTruth['proposeNotLeader'] {
  if (id === 'le.failed' || id === 'le.failedReason') return 'partition_election';
  if (id in PROPOSAL_KIND) return 'partition_proposal';
  if (id === 'reg.proposeRetry' || id === 'reg.gaveUp') return 'broker_registration';
  return 'other';
}

/** Accumulates the truth of one node's file; feed records in file order, then call `finish`. */
export class NodeTally {
  readonly #truth: Mutable<Omit<NodeTruth, 'startups' | 'unstableStartups' | 'disruptions' | 'stableAtEnd' | 'stableWithin15s'>>;
  readonly #stability = new StabilityTracker();
  #role: 'none' | 'follower' | 'candidate' | 'leader' = 'none';
  #cleanShutdown = false;
  #initCounted = false;
  #lastTime = 0;
  readonly #partitionLeaders = new Map<string, number>();

  constructor(nodeId: number, fileName: string, rustLog: string) {
    this.#truth = {
      nodeId, fileName, rustLog, lines: 0,
      events: { error: 0, warn: 0, info: 0, debug: 0, trace: 0 },
      processStarts: 0, uncleanRestarts: 0, panics: 0,
      roleChanges: { follower: 0, candidate: 0, pre_candidate: 0, leader: 0 },
      electionsStarted: 0, leaderChanges: 0, stepdowns: 0, leaderTimeouts: 0,
      partitionElections: { elected: 0, failed: 0 },
      partitionProposalFailures: { assignment: 0, leader: 0, isr: 0 },
      proposeNotLeader: { partition_election: 0, partition_proposal: 0, broker_registration: 0, other: 0 },
      brokerRegistrationRetries: { raft: 0, local: 0 },
      brokerRegistrationFailures: { follower_gave_up: 0, fatal: 0, leader_failed: 0 },
      metadataInitializations: 0, metadataInitializer: false, messagesLost: 0,
      raftTerm: 0, raftLeaderId: 0, isLeader: false, runningAtEnd: true,
    };
  }

  /** Counts one record (its physical lines, its level, its meaning). */
  add(record: LogRecord): void {
    const t = this.#truth;
    const lines = record.message.split('\n').length;
    t.lines += lines;
    this.#lastTime = Math.max(this.#lastTime, record.time);
    if (record.kind === 'raw') {
      if (record.id === 'panic.header') {
        t.panics++;
        t.events.error++;
      }
      return;
    }
    t.events[LEVEL_KEY[record.level]]++;
    if (record.id === 'main.banner') {
      this.#banner(record);
      return;
    }
    const disruption = this.#apply(record);
    this.#stability.event(record.time, disruption, this.#settled());
  }

  #settled(): boolean {
    return this.#role === 'leader' || (this.#role === 'follower' && this.#truth.raftTerm > 0);
  }

  #banner(record: LogRecord): void {
    const t = this.#truth;
    t.processStarts++;
    if (t.processStarts > 1 && !this.#cleanShutdown) t.uncleanRestarts++;
    this.#cleanShutdown = false;
    this.#initCounted = false;
    this.#role = 'none';
    t.isLeader = false;
    t.raftLeaderId = 0;
    t.metadataInitializer = false;
    this.#stability.banner(record.time, String(positional(record.args, 0)));
  }

  #setLeader(leader: number): boolean {
    const t = this.#truth;
    const previous = t.raftLeaderId;
    if (leader !== 0 && leader !== previous) t.leaderChanges++;
    t.raftLeaderId = leader;
    return previous !== 0 && leader !== 0 && leader !== previous;
  }

  #stepDownIfLeader(): void {
    if (this.#truth.isLeader) this.#truth.stepdowns++;
    this.#truth.isLeader = false;
  }

  #partitionLeader(topic: Arg | undefined, partition: Arg | undefined, leader: Arg | undefined): boolean {
    const key = `${String(topic)}-${String(partition)}`;
    const previous = this.#partitionLeaders.get(key);
    this.#partitionLeaders.set(key, Number(leader));
    return previous !== undefined && previous !== Number(leader);
  }

  /** Updates counters and state for one event; returns whether it is a stability disruption. */
  #apply(record: LogRecord): boolean {
    const t = this.#truth;
    const { id, args } = record;
    let disruption = false;
    const cannot = CANNOT_PROPOSE.exec(record.message);
    if (cannot !== null) {
      t.proposeNotLeader[proposeContext(id)]++;
      disruption = this.#setLeader(Number(cannot[1])) || disruption;
    }
    const role = ROLE_OF[id];
    if (role !== undefined) {
      t.roleChanges[role]++;
      t.raftTerm = Number(named(args, 'term'));
      if (role === 'leader') {
        t.isLeader = true;
        this.#setLeader(t.nodeId);
      } else {
        this.#stepDownIfLeader();
        if (role === 'candidate') t.raftLeaderId = 0;
      }
      this.#role = role;
      return true;
    }
    switch (id) {
      case 'main.shuttingDownNode':
      case 'server.shutdownComplete':
        this.#cleanShutdown = true;
        break;
      case 'raft.startingElection':
        t.electionsStarted++;
        return true;
      case 'raft.higherTerm':
        if (LEADER_MSG_TYPES.has(String(named(args, 'msg type')))) disruption = this.#setLeader(Number(named(args, 'from'))) || disruption;
        break;
      case 'wr.leadershipChanged':
        disruption = this.#setLeader(Number(positional(args, 1))) || disruption;
        break;
      case 'wr.lostLeadership':
        this.#stepDownIfLeader();
        break;
      case 'init.followerElected':
      case 'br.leaderElected':
        disruption = this.#setLeader(Number(positional(args, 0))) || disruption;
        break;
      case 'rc.leaderChangeDetected':
        t.raftTerm = Number(positional(args, 2));
        disruption = this.#setLeader(Number(positional(args, 1))) || disruption;
        break;
      case 'rc.persistedHardState':
      case 'rc.persistingHardState':
        t.raftTerm = Number(positional(args, 0));
        break;
      case 'le.leaderTimeout':
      case 'wal.streamTimeout':
        t.leaderTimeouts++;
        break;
      case 'le.elected':
      case 'le.electedReason':
        t.partitionElections.elected++;
        disruption = this.#partitionLeader(positional(args, 0), positional(args, 1), positional(args, 2)) || disruption;
        break;
      case 'le.failed':
      case 'le.failedReason':
        t.partitionElections.failed++;
        return true;
      case 'init.proposed':
        disruption = this.#partitionLeader(positional(args, 0), positional(args, 1), positional(args, 3)) || disruption;
        break;
      case 'reg.proposeRetry':
        t.brokerRegistrationRetries.raft++;
        break;
      case 'reg.gaveUp':
        t.brokerRegistrationFailures.follower_gave_up++;
        break;
      case 'reg.leaderFailed':
        t.brokerRegistrationFailures.leader_failed++;
        break;
      case 'init.leaderInitializing':
      case 'init.thisNodeIsLeader':
        if (!this.#initCounted) {
          this.#initCounted = true;
          t.metadataInitializations++;
          t.metadataInitializer = true;
        }
        break;
      case 'rc.messageLost':
        t.messagesLost++;
        break;
      default:
        break;
    }
    const kind = PROPOSAL_KIND[id];
    if (kind !== undefined) {
      t.partitionProposalFailures[kind]++;
      return true;
    }
    return disruption;
  }

  /** Closes the tally at the end of the file; `running` = the process had not died when the file ends. */
  finish(running: boolean): NodeTruth {
    this.#stability.advance(this.#lastTime);
    const s = this.#stability;
    const last = s.startups.at(-1);
    const startups = s.startups.map((startup) => ({
      at: new Date(Math.floor(startup.at / 1000)).toISOString().replace('Z', `${String(startup.at % 1000).padStart(3, '0')}Z`),
      version: startup.version,
      outcome: startup.outcome,
      stabilizedAfterSeconds: startup.observation === null ? null : startup.observation / 1_000_000,
    }));
    return {
      ...this.#truth,
      runningAtEnd: running,
      startups,
      unstableStartups: s.unstableStartups,
      disruptions: s.disruptions,
      stableAtEnd: s.stable,
      stableWithin15s: last !== undefined && last.observation !== null && last.observation <= 15_000_000,
    };
  }
}
