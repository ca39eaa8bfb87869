// The bench corpus's message mix: chronik v2.2.x lines taken from test/fixtures/samples, with their numbers drawn
// at random. `leadership` marks the lines our classifier (and the mtail program) turn into a metric.

import type { Prng as Rng } from '../src/scenarios/index.js';

export type BenchLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG';

/** One log record before rendering; `fields` are tracing's ` key=value` pairs (italic keys in ANSI). */
export interface BenchRecord {
  readonly level: BenchLevel;
  readonly target: string;
  /** A span prefix (`recover{data_dir=…}`), rendered before the target. */
  readonly span?: { readonly name: string; readonly fields: readonly (readonly [string, string])[] };
  readonly message: string;
  readonly fields: readonly (readonly [string, string])[];
  /** Lines after the header (blank, `Caused by:`, indented): a multi-line message. */
  readonly continuation: readonly string[];
}

/** What the templates share: a little cluster state so that terms and commits move forward. */
export interface BenchState {
  term: number;
  commit: number;
  leader: number;
  offset: number;
}

export interface BenchTemplate {
  readonly weight: number;
  readonly leadership: boolean;
  readonly make: (r: Rng, s: BenchState) => BenchRecord;
}

const TOPICS = ['orders', 'payments', 'inventory-events', 'user-activity', 'audit-log', 'clickstream', 'shipments', '__meta'];
const partition = (r: Rng): string => `${TOPICS[r.int(0, TOPICS.length - 1)] ?? 'orders'}-${r.int(0, 11)}`;
const peer = (r: Rng): number => r.int(2, 3);
const NOT_LEADER = (s: BenchState): string => `Cannot propose: this node (id=2) is not the leader (state=Follower, leader=${s.leader})`;

const rec = (
  level: BenchLevel, target: string, message: string,
  fields: readonly (readonly [string, string])[] = [], continuation: readonly string[] = [],
): BenchRecord => ({ level, target, message, fields, continuation });

/** Roughly 10 % of lines are leadership lines; the rest is the chatter around them. */
export const TEMPLATES: readonly BenchTemplate[] = [
  // --- leadership lines (rules of src/chronik/messages.ts) ---
  { weight: 50, leadership: true, make: (r, s) => rec('INFO', 'chronik_server::raft_cluster', `✓ Persisted HardState: term=${s.term}, vote=1, commit=${(s.commit += r.int(1, 3))}`) },
  { weight: 10, leadership: true, make: (r, s) => {
    const role = r.next() < 0.5 ? 'follower' : r.next() < 0.5 ? 'candidate' : 'leader';
    if (role !== 'follower') s.term++;
    return rec('INFO', 'raft::raft', `became ${role} at term ${s.term}, raft_id: 1, term: ${s.term}`);
  } },
  { weight: 4, leadership: true, make: (_r, s) => rec('INFO', 'raft::raft', `starting a new election, raft_id: 1, term: ${s.term}`) },
  { weight: 4, leadership: true, make: (r, s) => rec('INFO', 'raft::raft', `received a message with higher term from ${peer(r)}, raft_id: 1, msg type: MsgHeartbeat, term: ${s.term}, message_term: ${s.term + 1}`) },
  { weight: 4, leadership: true, make: (r, s) => {
    const previous = s.leader;
    s.leader = previous === 1 ? peer(r) : 1;
    return rec('INFO', 'chronik_server::raft_cluster', `🔄 Leader change detected: ${previous} → ${s.leader} (term=${s.term})`);
  } },
  { weight: 5, leadership: true, make: (_r, s) => rec('INFO', 'chronik_server::wal_replication', `Cluster leadership changed - previous_leader: ${s.leader === 1 ? 2 : 1}, new_leader: ${s.leader}, node_id: 1, role: ${s.leader === 1 ? 'Leader' : 'Follower'}, was_leader: ${s.leader !== 1}, is_leader: ${s.leader === 1}`) },
  { weight: 16, leadership: true, make: (r) => rec('WARN', 'chronik_server::leader_election', `Leader timeout for ${partition(r)} (leader=1), triggering election`) },
  { weight: 16, leadership: true, make: (r) => rec('INFO', 'chronik_server::leader_election', `✅ Elected new leader for ${partition(r)}: node ${r.int(1, 3)}`) },
  { weight: 4, leadership: true, make: (r, s) => rec('WARN', 'chronik_server::leader_election', `❌ Failed to elect leader for ${partition(r)}: ${NOT_LEADER(s)}`) },
  { weight: 4, leadership: true, make: (r, s) => rec('ERROR', 'chronik_server::produce_handler', `Failed to propose partition leader for ${partition(r)}: ${NOT_LEADER(s)}`) },
  { weight: 4, leadership: true, make: (r) => rec('WARN', 'chronik_server::wal_replication', `WAL stream timeout detected for ${partition(r)} (no data for 30s), triggering leader election`) },
  { weight: 4, leadership: true, make: (r) => rec('INFO', 'chronik_server::integrated_server', `✓ Proposed Raft metadata for ${partition(r)}: replicas=[1, 2, 3], leader=1, ISR=[1, 2, 3]`) },
  // --- the chatter around them ---
  { weight: 110, leadership: false, make: (r) => rec('INFO', 'chronik_server::raft_cluster', `Raft ready: ${r.int(1, 4)} unpersisted messages to send`) },
  { weight: 60, leadership: false, make: (r, s) => rec('INFO', 'chronik_server::raft_cluster', `Persisting HardState: term=${s.term}, vote=1, commit=${s.commit + r.int(0, 2)}`) },
  { weight: 60, leadership: false, make: (r) => rec('INFO', 'chronik_server::raft_cluster', `✓ Persisted ${r.int(1, 64)} Raft entries to WAL`) },
  { weight: 150, leadership: false, make: (r) => {
    const p = peer(r);
    return rec('WARN', 'chronik_server::raft_cluster', `Message sender: failed to send ${r.int(1, 12)} to peer ${p}: gRPC error: status: Unavailable, message: "Failed to connect to http://localhost:500${p}: transport error", details: [], metadata: MetadataMap { headers: {} }`);
  } },
  // Structured fields (italic keys in ANSI) are rare in v2.2.x: ~3 % of the sample lines, ~5 % here.
  { weight: 40, leadership: false, make: (r) => rec('WARN', 'chronik_raft::transport::grpc', 'Raft RPC failed with transient error, retrying once', [
    ['topic', '__raft_metadata'], ['partition', '0'], ['to', String(peer(r))], ['msg_type', r.next() < 0.5 ? 'MsgHeartbeatResponse' : 'MsgAppend'],
    ['error', 'status: Unavailable, message: "error trying to connect: tcp connect error: Connection refused (os error 111)"'],
  ]) },
  { weight: 200, leadership: false, make: (r, s) => rec('DEBUG', 'chronik_server::produce_handler', `Produce request completed for ${partition(r)}: ${r.int(1, 500)} records, ${r.int(100, 900_000)} bytes, base_offset=${(s.offset += r.int(1, 500))}, acks=-1, latency=${(r.next() * 40).toFixed(3)}ms (client_id=producer-${r.int(1, 40)}, correlation_id=${r.int(1, 1_000_000)})`) },
  { weight: 120, leadership: false, make: (r, s) => rec('DEBUG', 'chronik_server::fetch_handler', `Fetch served from buffer for ${partition(r)}: fetch_offset=${s.offset - r.int(0, 2000)}, high_watermark=${s.offset}, max_bytes=1048576, returned ${r.int(0, 900)} records to consumer-group-${r.int(1, 9)}-${r.int(1, 40)}`) },
  { weight: 90, leadership: false, make: (r) => rec('DEBUG', 'chronik_wal::group_commit', `Group commit flushed batch of ${r.int(1, 10_000)} records (${r.int(1000, 4_000_000)} bytes, fsync ${r.int(80, 9000)}µs, queue depth ${r.int(0, 50_000)}) to ./data/node1/wal/segment-${String(r.int(1, 999)).padStart(8, '0')}.log`) },
  { weight: 30, leadership: false, make: (r) => ({
    ...rec('INFO', 'chronik_wal::manager', 'Recovered WAL segment', [['segment', String(r.int(1, 999))], ['records', String(r.int(0, 100_000))], ['bytes', String(r.int(0, 1 << 28))]]),
    span: { name: 'recover', fields: [['data_dir', './data/node1/wal']] },
  }) },
  { weight: 80, leadership: false, make: (r, s) => rec('INFO', 'chronik_server::wal_replication', `WAL record replicated to follower localhost:92${r.int(91, 93)} for ${partition(r)} at offset ${s.offset} (acks=${r.int(1, 2)}/2, lag=${r.int(0, 40)}ms)`) },
  { weight: 130, leadership: false, make: (r) => rec('DEBUG', 'chronik_server::kafka_handler', `Metadata response to ${`consumer-group-${r.int(1, 9)}`} (correlation_id=${r.int(1, 1_000_000)}): brokers=[Broker { node_id: 1, host: "10.0.1.11", port: 9092, rack: None }, Broker { node_id: 2, host: "10.0.1.12", port: 9092, rack: None }, Broker { node_id: 3, host: "10.0.1.13", port: 9092, rack: None }], controller_id=${r.int(1, 3)}, topics=${r.int(1, 8)}`) },
  { weight: 20, leadership: false, make: (r) => rec('INFO', 'chronik_server::metrics', `📊 Throughput: produce=${r.int(0, 90_000)} msg/s (${(r.next() * 80).toFixed(1)} MiB/s), fetch=${r.int(0, 200_000)} msg/s, connections=${r.int(1, 400)}, partitions=${r.int(1, 96)} 🚀`) },
  { weight: 10, leadership: false, make: (r) => rec('INFO', 'chronik_server::integrated_server', `👑 Leader proposing broker ${r.int(2, 3)} registration to Raft...`) },
  { weight: 10, leadership: false, make: () => rec('WARN', 'chronik_server::integrated_server', 'Failed to restore high watermarks from segments (continuing anyway)', [['error', 'Failed to read segment']], [
    '', 'Caused by:', '    0: failed to open ./data/node1/segments/orders-3/00000000000000000000.segment', '    1: No such file or directory (os error 2)',
  ]) },
  { weight: 6, leadership: false, make: (r) => rec('ERROR', 'chronik_server::kafka_handler', `Connection from 10.0.${r.int(0, 9)}.${r.int(1, 254)}:${r.int(30_000, 60_000)} closed with error`, [], [
    '', 'Caused by:', '    broken pipe (os error 32)', '', 'Stack backtrace:', '   0: chronik_server::kafka_handler::handle_connection', '   1: tokio::runtime::task::harness::poll_future',
  ]) },
];

/** A process start: the banner block that gives the node its id (once at the top, then at every restart). */
export function startupRecords(version: string): BenchRecord[] {
  return [
    rec('INFO', 'chronik_server', `Chronik Server v${version}`),
    rec('INFO', 'chronik_server', 'Build features: search=true, backup=true, dynamic-config=false'),
    rec('INFO', 'chronik_server', 'Loading cluster configuration from file: ./cluster-node1.toml'),
    rec('INFO', 'chronik_server', '  Node ID: 1'),
    rec('INFO', 'chronik_server', 'Starting in CLUSTER mode (node_id=1)'),
    rec('INFO', 'chronik_server::raft_cluster', 'Bootstrapping Raft cluster: node_id=1, peers=[(2, "localhost:5002"), (3, "localhost:5003")]'),
    rec('INFO', 'raft::raft', 'became follower at term 0, raft_id: 1, term: 0'),
  ];
}
