// Raft as chronik logs it: elections, votes, heartbeats, proposals and commits (catalog §2.4 sequences).
import { addr, atFor, jitter, nodeById, peersOf, quorum, reachable, spawnFor, type ClusterContext, type NodeState } from './cluster.js';
import { debugList } from './format.js';
import { ms, type Process } from './sim.js';

const rounds = new WeakMap<NodeState, { term: number; approvals: number }>();

/** Logs `Persisting HardState …` and `✓ Persisted HardState …` with the node's current values. */
export function persistHardState(node: NodeState): void {
  const values = [node.term, node.vote, node.commit];
  node.log.log('rc.persistingHardState', values);
  node.log.log('rc.persistedHardState', values);
}

/** raft-rs `become_follower`: role line, new term, vote and leader reset. */
export function becomeFollower(node: NodeState, term: number): void {
  node.log.log('raft.becameFollower', { term, id: node.id, from_role: node.role });
  node.role = 'Follower';
  if (term !== node.term) node.vote = 0;
  node.term = term;
  node.leader = 0;
}

/**
 * Sends a Raft message; `deliver` runs on the receiver once it can process it. Unreachable peers give the
 * era's failure lines: era A logs `failed to send` at once, era C `MESSAGE LOST` after ~5.5 s of retries.
 */
export function sendTo(
  ctx: ClusterContext,
  from: NodeState,
  toId: number,
  type: number,
  typeName: string,
  latency: number,
  deliver?: (to: NodeState) => void,
): void {
  const to = nodeById(ctx, toId);
  if (reachable(to)) {
    if (!from.connected.has(toId)) {
      from.connected.add(toId);
      atFor(ctx, from, ctx.sim.now + Math.min(latency - ms(1), ms(ctx.prng.int(55, 90))), () =>
        from.log.log('grpc.connected', [toId, addr.raftUrl(toId)]),
      );
    }
    if (deliver !== undefined) {
      const incarnation = to.incarnation;
      ctx.sim.at(ctx.sim.now + latency, () => {
        if (!to.alive || to.incarnation !== incarnation) return;
        if (to.loopUpAt === Infinity) to.inbox.push(() => deliver(to));
        else deliver(to);
      });
    }
    return;
  }
  if (from.connected.delete(toId)) {
    const fields = ['__raft_metadata', '0', String(toId), typeName, addr.transientError];
    from.log.log('grpc.transientError', [], { fields });
    if (!ctx.era.lostAfterRetries) from.log.log('grpc.failedOnRetry', [], { fields });
  }
  if (!ctx.era.lostAfterRetries) {
    from.log.log('rc.sendFailed', [type, toId, addr.connectError(toId)]);
    return;
  }
  atFor(ctx, from, ctx.sim.now + jitter(ctx, ms(5550), ms(60)), () => {
    if (!reachable(to)) from.log.log('rc.messageLost', [type, toId, 10, addr.connectError(toId)]);
  });
}

/** The node's Raft loop starts now: queued messages are processed, the election watchdog is armed. */
export function startRaftLoop(ctx: ClusterContext, node: NodeState): void {
  node.loopUpAt = ctx.sim.now;
  spawnFor(ctx, node, electionWatchdog(ctx, node));
  const queued = node.inbox.splice(0);
  if (queued.length > 0) atFor(ctx, node, ctx.sim.now + ms(ctx.prng.int(1, 9)), () => queued.forEach((run) => run()));
}

/** A randomised election timeout (µs) for draw `r` in [0, 1); the preferred candidate gets the lower part of the range. */
export function electionTimeout(ctx: ClusterContext, node: NodeState, r: number = ctx.prng.next()): number {
  const [min, max] = ctx.era.electionTimeout;
  const low = node.id === ctx.preferredCandidate ? 0.05 : 0.55;
  return Math.round(min + (max - min) * (low + 0.4 * r));
}

/** Starts an election on `node` (and re-runs it while it stays candidate without a quorum). */
export function campaign(ctx: ClusterContext, node: NodeState): void {
  if (node.role === 'Leader') return;
  const peers = peersOf(ctx, node.id);
  node.log.log('raft.startingElection', { id: node.id, term: node.term });
  node.term += 1;
  node.role = 'Candidate';
  node.vote = node.id;
  node.leader = 0;
  node.log.log('raft.becameCandidate', { term: node.term, id: node.id });
  node.log.log('raft.broadcastVote', {
    id: node.id, to: debugList(peers), log_index: node.lastIndex, log_term: node.lastLogTerm, term: node.term, type: 'MsgRequestVote',
  });
  persistHardState(node);
  node.log.log('rc.readyPersisted', [peers.length]);
  const term = node.term;
  rounds.set(node, { term, approvals: 1 });
  const logIndex = node.lastIndex;
  const logTerm = node.lastLogTerm;
  for (const peer of peers) {
    sendTo(ctx, node, peer, 5, 'MsgRequestVote', ms(ctx.prng.int(3, 8)), (voter) => handleVoteRequest(ctx, voter, node, term, logIndex, logTerm));
  }
  atFor(ctx, node, ctx.sim.now + electionTimeout(ctx, node), () => {
    if (node.role === 'Candidate' && node.term === term) campaign(ctx, node);
  });
}

function handleVoteRequest(ctx: ClusterContext, voter: NodeState, candidate: NodeState, term: number, logIndex: number, logTerm: number): void {
  if (voter.term < term) {
    voter.log.log('raft.higherTerm', { from: candidate.id, id: voter.id, 'msg type': 'MsgRequestVote', message_term: term, term: voter.term });
    becomeFollower(voter, term);
  }
  const vote = {
    log_term: voter.lastLogTerm, log_index: voter.lastIndex, vote: voter.vote, from: candidate.id, msg_term: logTerm,
    msg_index: logIndex, term, id: voter.id, 'msg type': 'MsgRequestVote',
  };
  if (voter.term !== term || (voter.vote !== 0 && voter.vote !== candidate.id)) {
    voter.log.log('raft.rejectedVote', vote);
    return;
  }
  voter.log.log('raft.castVote', vote);
  voter.vote = candidate.id;
  voter.lastContact = ctx.sim.now;
  persistHardState(voter);
  voter.log.log('rc.readyPersisted', [1]);
  sendTo(ctx, voter, candidate.id, 6, 'MsgRequestVoteResponse', ms(ctx.prng.int(96, 104)), (c) => handleVoteResponse(ctx, c, voter.id, term));
}

function handleVoteResponse(ctx: ClusterContext, candidate: NodeState, voterId: number, term: number): void {
  const round = rounds.get(candidate);
  if (candidate.role !== 'Candidate' || candidate.term !== term || round === undefined || round.term !== term) return;
  round.approvals += 1;
  candidate.log.log('raft.votesResponse', {
    id: candidate.id, term, type: 'MsgRequestVoteResponse', approvals: round.approvals, rejections: 0, from: voterId, vote: 'true',
  });
  if (round.approvals >= quorum(ctx)) becomeLeader(ctx, candidate);
}

/** Appends `entries` payload sizes to the leader's log at its current term. */
function appendEntries(ctx: ClusterContext, leader: NodeState, sizes: readonly number[]): void {
  for (const dataLen of sizes) ctx.raftLog[leader.lastIndex++] = { term: leader.term, dataLen };
  leader.lastLogTerm = leader.term;
}

/** Logs applying entries `from..to` (inclusive) and the commit's HardState, in the era's wording. */
export function applyCommitted(ctx: ClusterContext, node: NodeState, to: number): void {
  const from = node.commit + 1;
  const count = to - from + 1;
  if (count <= 0) return;
  node.commit = to;
  if (ctx.era.era === 'A') {
    node.log.log('rc.applied', [count]);
    persistHardState(node);
    return;
  }
  node.log.log('rc.dbgCollected', [count, 0]);
  persistHardState(node);
  node.log.log('rc.dbgApplying', [count]);
  node.log.log('rc.dbgApplyCalled', [count]);
  let skipped = 0;
  for (let index = from; index <= to; index++) {
    const dataLen = ctx.raftLog[index - 1]?.dataLen ?? 0;
    node.log.log('rc.dbgApplyEntry', [index - from + 1, count, index, dataLen]);
    if (dataLen === 0) {
      node.log.log('rc.dbgApplyEmpty', [index]);
      skipped++;
    }
  }
  node.log.log('rc.dbgApplyFinished', [count - skipped, skipped, count]);
  node.log.log('rc.dbgApplied', [count]);
}

/** Leader-side proposal of entries (`sizes` = payload lengths): persist at the next tick, commit one tick later. */
export function propose(ctx: ClusterContext, leader: NodeState, sizes: readonly number[]): void {
  atFor(ctx, leader, ctx.sim.now + ms(ctx.prng.int(20, 100)), () => {
    if (leader.role !== 'Leader') return;
    const peers = peersOf(ctx, leader.id);
    leader.log.log('rc.readyUnpersisted', [peers.length]);
    leader.log.log('rc.persistingEntries', [sizes.length]);
    for (const peer of peers) if (!reachable(nodeById(ctx, peer))) sendTo(ctx, leader, peer, 3, 'MsgAppend', ms(1));
    appendEntries(ctx, leader, sizes);
    leader.log.log('rc.persistedEntries', [sizes.length]);
    const last = leader.lastIndex;
    atFor(ctx, leader, ctx.sim.now + jitter(ctx, ms(100), ms(3)), () => {
      if (ctx.era.era === 'A') leader.log.log('rc.readyUnpersisted', [1]);
      applyCommitted(ctx, leader, last);
    });
  });
}

/** raft-rs `become_leader` and what chronik logs right after it. */
export function becomeLeader(ctx: ClusterContext, node: NodeState): void {
  node.log.log('raft.becameLeader', { term: node.term, id: node.id });
  node.role = 'Leader';
  node.leader = node.id;
  const previous = node.previousLeader;
  node.previousLeader = node.id;
  if (ctx.era.era === 'A') {
    propose(ctx, node, [0]);
  } else {
    node.log.log('rc.persistingEntries', [1]);
    appendEntries(ctx, node, [0]);
    node.log.log('rc.persistedEntries', [1]);
    for (const peer of peersOf(ctx, node.id)) if (!reachable(nodeById(ctx, peer))) sendTo(ctx, node, peer, 3, 'MsgAppend', ms(1));
    if (previous !== 0 && previous !== node.id) node.log.log('rc.leaderChangeDetected', [previous, node.id, node.term]);
    const last = node.lastIndex;
    atFor(ctx, node, ctx.sim.now + jitter(ctx, ms(101), ms(2)), () => applyCommitted(ctx, node, last));
  }
  spawnFor(ctx, node, heartbeats(ctx, node), jitter(ctx, ms(293), ms(5)));
  ctx.onLeader(node);
}

function* heartbeats(ctx: ClusterContext, leader: NodeState): Process {
  while (leader.role === 'Leader') {
    const peers = peersOf(ctx, leader.id);
    leader.log.log('rc.readyUnpersisted', [peers.length]);
    for (const peer of peers) {
      sendTo(ctx, leader, peer, 8, 'MsgHeartbeat', ms(ctx.prng.int(1, 3)), (follower) => receiveHeartbeat(ctx, follower, leader));
    }
    yield jitter(ctx, ms(300), ms(0.6));
  }
}

/** A follower handles the leader's heartbeat/append: term catch-up, leader learning, log and commit catch-up. */
export function receiveHeartbeat(ctx: ClusterContext, follower: NodeState, leader: NodeState): void {
  if (leader.role !== 'Leader' || !leader.alive) return;
  if (follower.term < leader.term) {
    follower.log.log('raft.higherTerm', { from: leader.id, id: follower.id, 'msg type': 'MsgHeartbeat', message_term: leader.term, term: follower.term });
    becomeFollower(follower, leader.term);
    persistHardState(follower);
  }
  follower.lastContact = ctx.sim.now;
  if (follower.leader !== leader.id) {
    if (follower.previousLeader !== 0 && follower.previousLeader !== leader.id) {
      follower.log.log('rc.leaderChangeDetected', [follower.previousLeader, leader.id, leader.term], { optional: true });
    }
    follower.leader = leader.id;
    follower.previousLeader = leader.id;
  }
  if (follower.lastIndex < leader.lastIndex) {
    const count = leader.lastIndex - follower.lastIndex;
    follower.log.log('rc.persistingEntries', [count]);
    follower.lastIndex = leader.lastIndex;
    follower.lastLogTerm = leader.lastLogTerm;
    follower.log.log('rc.persistedEntries', [count]);
  }
  applyCommitted(ctx, follower, Math.min(leader.commit, follower.lastIndex));
  follower.log.log('rc.readyPersisted', [1]);
  sendTo(ctx, follower, leader.id, 9, 'MsgHeartbeatResponse', ms(1));
}

/** Once a node has heard a leader, it campaigns when the leader stays silent past its election timeout. */
export function* electionWatchdog(ctx: ClusterContext, node: NodeState): Process {
  let draw = ctx.prng.next();
  let contact = node.lastContact;
  for (;;) {
    yield ms(100);
    if (node.lastContact !== contact) {
      contact = node.lastContact;
      draw = ctx.prng.next();
    }
    if (node.role === 'Follower' && contact > 0 && ctx.sim.now - contact >= electionTimeout(ctx, node, draw)) {
      campaign(ctx, node);
      node.lastContact = ctx.sim.now;
    }
  }
}
