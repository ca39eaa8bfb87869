// Public shapes of the scenario generator: options, generated files, ground truth.

/** How much chronik logs: `info` = `RUST_LOG=info`; `debug` adds `chronik_server=debug`. */
export type Verbosity = 'info' | 'debug';

/** Caller options of `generateScenario`; every field has a default. */
export interface ScenarioOptions {
  /** Seconds of log time from `startTime` (default 90). */
  readonly durationSeconds?: number;
  /** Cluster size, 2–9 (default 3). */
  readonly nodes?: number;
  /** Write tracing-subscriber's ANSI colours, as real files have them (default true). */
  readonly ansi?: boolean;
  /** Default `info`. */
  readonly verbosity?: Verbosity;
  /** PRNG seed (default 1): same seed and options give the same bytes. */
  readonly seed?: number;
  /** ISO time at which the first node is launched (default `2025-11-08T10:15:02Z`). */
  readonly startTime?: string;
  /** Extra routine lines per node, spread over the time the node runs, to scale file size (default 0). */
  readonly noiseLines?: number;
}

/** Options after defaults and validation (frozen). */
export interface ResolvedScenarioOptions {
  readonly durationSeconds: number;
  readonly nodes: number;
  readonly ansi: boolean;
  readonly verbosity: Verbosity;
  readonly seed: number;
  readonly startTime: string;
  readonly noiseLines: number;
  /** `startTime` in microseconds since the Unix epoch. */
  readonly startMicros: number;
}

/** One node's log file. */
export interface GeneratedNode {
  readonly nodeId: number;
  /** `node1.log`, `node2.log`, … */
  readonly fileName: string;
  /** Complete lines without the trailing newline; re-iterable, produced lazily. */
  readonly lines: Iterable<string>;
}

/** One startup (one `Chronik Server v…` banner) and how its leadership settled. */
export interface StartupTruth {
  /** Banner time (ISO, microseconds). */
  readonly at: string;
  readonly version: string;
  /** `stable`: an observation was recorded; `unstable`: closed without one; `unresolved`: the log ends first. */
  readonly outcome: 'stable' | 'unstable' | 'unresolved';
  /** Seconds from the banner to the moment leadership became stable (the SLO observation), or null. */
  readonly stabilizedAfterSeconds: number | null;
}

/** Per-level count of parsed events (a panic counts as one error). */
export interface LevelCounts {
  readonly error: number;
  readonly warn: number;
  readonly info: number;
  readonly debug: number;
  readonly trace: number;
}

/** What a correct exporter must find in one node's file (metric contract semantics). */
export interface NodeTruth {
  readonly nodeId: number;
  readonly fileName: string;
  /** The RUST_LOG directives the node's log was rendered with. */
  readonly rustLog: string;
  /** Physical lines in the file. */
  readonly lines: number;
  readonly events: LevelCounts;
  readonly processStarts: number;
  /** Banners not preceded (since the previous banner) by a clean shutdown line. */
  readonly uncleanRestarts: number;
  readonly panics: number;
  /** `became <role> at term` lines per role. */
  readonly roleChanges: { readonly follower: number; readonly candidate: number; readonly pre_candidate: number; readonly leader: number };
  readonly electionsStarted: number;
  readonly leaderChanges: number;
  readonly stepdowns: number;
  /** `Leader timeout for …` (era A) and `WAL stream timeout detected for …` (v2.2.7+). */
  readonly leaderTimeouts: number;
  readonly partitionElections: { readonly elected: number; readonly failed: number };
  readonly partitionProposalFailures: { readonly assignment: number; readonly leader: number; readonly isr: number };
  readonly proposeNotLeader: {
    readonly partition_election: number;
    readonly partition_proposal: number;
    readonly broker_registration: number;
    readonly other: number;
  };
  readonly brokerRegistrationRetries: { readonly raft: number; readonly local: number };
  readonly brokerRegistrationFailures: { readonly follower_gave_up: number; readonly fatal: number; readonly leader_failed: number };
  readonly metadataInitializations: number;
  /** This node initialised partition metadata in its current (last) startup. */
  readonly metadataInitializer: boolean;
  readonly messagesLost: number;
  /** Raft term and leader id as this node knows them at the end of its file (0 = none known). */
  readonly raftTerm: number;
  readonly raftLeaderId: number;
  readonly isLeader: boolean;
  /** Whether the process was still running when its file ends (false: it died; no shutdown lines). */
  readonly runningAtEnd: boolean;
  readonly startups: readonly StartupTruth[];
  readonly unstableStartups: number;
  /** Losses of stability (stable → not stable). */
  readonly disruptions: number;
  readonly stableAtEnd: boolean;
  /** The last startup recorded an observation of at most 15 s. */
  readonly stableWithin15s: boolean;
}

/** Ground truth of a generated scenario. */
export interface ScenarioTruth {
  readonly scenario: string;
  readonly version: string;
  /** Stability window assumed by the stability figures (the contract's default). */
  readonly stabilityWindowSeconds: number;
  readonly nodes: readonly NodeTruth[];
  /** Leader and term of the last node to become Raft leader (the cluster's view at the end). */
  readonly raftLeaderId: number;
  readonly raftTerm: number;
  /** Ids of nodes whose current startup initialised partition metadata. */
  readonly metadataInitializers: readonly number[];
}

/** A generated multi-node scenario: lazily rendered files plus their ground truth (computed on first access). */
export interface GeneratedScenario {
  readonly name: string;
  readonly version: string;
  readonly options: ResolvedScenarioOptions;
  readonly nodes: readonly GeneratedNode[];
  readonly truth: ScenarioTruth;
}
