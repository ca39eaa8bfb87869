// What chronik/ makes of a log event: typed facts about one node, independent of the message wording.

/** Raft roles as the contract labels them. */
export type RaftRole = 'follower' | 'candidate' | 'pre_candidate' | 'leader';

/** The message a `Cannot propose: this node … is not the leader` text was embedded in. */
export type ProposeContext = 'partition_election' | 'partition_proposal' | 'broker_registration' | 'other';

export type ProposalKind = 'assignment' | 'leader' | 'isr';
export type BrokerStage = 'raft' | 'local';
export type BrokerOutcome = 'follower_gave_up' | 'fatal' | 'leader_failed';
export type PersistWhat = 'hardstate' | 'entries';

/** One fact about the node whose log the event came from. A single event can yield several. */
export type Observation =
  | { readonly kind: 'banner'; readonly version: string }
  | { readonly kind: 'self_id'; readonly nodeId: number }
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'role'; readonly role: RaftRole; readonly term: number; readonly raftId: number; readonly fromLeader: boolean }
  | { readonly kind: 'election_started' }
  | { readonly kind: 'term'; readonly term: number }
  | { readonly kind: 'commit'; readonly commit: number }
  /** The node learned who the Raft leader is (0: no leader known). */
  | { readonly kind: 'leader'; readonly leaderId: number }
  /** The node's own is-leader flag as reported by chronik's leadership watcher. */
  | { readonly kind: 'is_leader'; readonly isLeader: boolean }
  | { readonly kind: 'lost_leadership' }
  | { readonly kind: 'leader_timeout'; readonly topic: string; readonly partition: string }
  | { readonly kind: 'partition_election'; readonly topic: string; readonly partition: string; readonly ok: boolean }
  | { readonly kind: 'partition_meta'; readonly topic: string; readonly partition: string; readonly leader: number; readonly isr?: number; readonly replicas?: number }
  | { readonly kind: 'proposal_failure'; readonly topic: string; readonly partition: string; readonly proposal: ProposalKind }
  | { readonly kind: 'not_leader'; readonly context: ProposeContext }
  | { readonly kind: 'broker_retry'; readonly stage: BrokerStage }
  | { readonly kind: 'broker_failure'; readonly outcome: BrokerOutcome }
  /** `primary`: the v2.2.1+ "initializing partition metadata" line; `verdict`: the "✓ This node is Raft leader (state=…)" line. */
  | { readonly kind: 'metadata_init'; readonly line: 'primary' | 'verdict' }
  | { readonly kind: 'persist_failure'; readonly what: PersistWhat }
  | { readonly kind: 'message_lost' }
  | { readonly kind: 'raft_server_error' }
  | { readonly kind: 'election_stall' }
  | { readonly kind: 'wal_dropped'; readonly topic: string; readonly partition: string };
