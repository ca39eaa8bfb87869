// raft-rs lines as chronik renders them (catalog §2.3): crates.io 0.7.0 up to v2.2.21, vendored copy from v2.2.22.
import { R, raw, slog, type MessageFamily, type MessageVariant } from './types.js';

const RAFT = 'raft::raft';

function both(format: string, source: string, target: string = RAFT): MessageFamily {
  const [src070 = source, srcVendored = source] = source.split(' / ');
  return [slog('INFO', target, format, R.raft070, `raft-rs v0.7.0 ${src070}`), slog('INFO', target, format, R.vendored, `vendored ${srcVendored}`)];
}

const VOTE_KV =
  ', raft_id: <id>, msg type: <msg type>, term: <term>, msg_index: <msg_index>, msg_term: <msg_term>, from: <from>, vote: <vote>, log_index: <log_index>, log_term: <log_term>';

/** raft-rs families (named `<slot>` templates). */
export const RAFT_RS = {
  'raft.newRaft': both(
    'newRaft, raft_id: <id>, peers: <peers>, last term: <last term>, last index: <last index>, applied: <applied>, commit: <commit>, term: <term>',
    'src/raft.rs:393 / crates/raft/src/raft.rs:391',
  ),
  'raft.becameFollower': [
    slog('INFO', RAFT, 'became follower at term <term>, raft_id: <id>, term: <term>', R.raft070, 'raft-rs v0.7.0 src/raft.rs:1132'),
    slog('INFO', RAFT, 'became follower at term <term>, raft_id: <id>, from_role: <from_role>, term: <term>', R.vendored, 'vendored crates/raft/src/raft.rs:1162'),
  ],
  'raft.becameCandidate': both('became candidate at term <term>, raft_id: <id>, term: <term>', 'src/raft.rs:1156 / crates/raft/src/raft.rs:1187'),
  'raft.becameLeader': both('became leader at term <term>, raft_id: <id>, term: <term>', 'src/raft.rs:1240 / crates/raft/src/raft.rs:1271'),
  'raft.broadcastVote': both(
    'broadcasting vote request, raft_id: <id>, to: <to>, log_index: <log_index>, log_term: <log_term>, term: <term>, type: <type>',
    'src/raft.rs:1311 / crates/raft/src/raft.rs:1333',
  ),
  'raft.higherTerm': both(
    'received a message with higher term from <from>, raft_id: <id>, msg type: <msg type>, message_term: <message_term>, term: <term>, from: <from>',
    'src/raft.rs:1376 / crates/raft/src/raft.rs:1399',
  ),
  'raft.startingElection': both('starting a new election, raft_id: <id>, term: <term>', 'src/raft.rs:1562 / crates/raft/src/raft.rs:1569'),
  'raft.castVote': both(
    `[logterm: <log_term>, index: <log_index>, vote: <vote>] cast vote for <from> [logterm: <msg_term>, index: <msg_index>] at term <term>${VOTE_KV}`,
    'src/raft.rs:1577 / crates/raft/src/raft.rs:1618',
  ),
  'raft.rejectedVote': both(
    `[logterm: <log_term>, index: <log_index>, vote: <vote>] rejected vote from <from> [logterm: <msg_term>, index: <msg_index>] at term <term>${VOTE_KV}`,
    'src/raft.rs:1593 / crates/raft/src/raft.rs:1634',
  ),
  'raft.votesResponse': both(
    'received votes response, raft_id: <id>, term: <term>, type: <type>, approvals: <approvals>, rejections: <rejections>, from: <from>, vote: <vote>',
    'src/raft.rs:2224 / crates/raft/src/raft.rs:2261',
  ),
  'raft.rawNodeCreated': both('RawNode created with id <id>., raft_id: <id>, id: <id>', 'src/raw_node.rs:315 / crates/raft/src/raw_node.rs:316', 'raft::raw_node'),
} as const satisfies Record<string, MessageFamily>;

const panicHeader: MessageVariant = raw("thread '{}' panicked at {}:", R.v2_2_0_to_head, 'Rust std panic hook (catalog §1.2, §2.3)', 'catalog');

/** Lines that reach the file from stderr (Rust panic output), without a tracing header. */
export const STDERR = {
  'panic.header': [panicHeader],
  'panic.message': [raw('{}, raft_id: {}', R.raft070, 'raft-rs v0.7.0 fatal! (raw_node.rs:674: not leader but has new msg after advance)', 'catalog')],
  'panic.note': [
    raw('note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace', R.v2_2_0_to_head, 'Rust std panic hook (metric contract: note lines)', 'catalog'),
  ],
} as const satisfies Record<string, MessageFamily>;
