// Era C failover: a stable cluster whose Raft leader process dies; a survivor wins the next term.
import { atFor, jitter, nodeById, type ClusterContext, type NodeState } from '../cluster.js';
import { debugList } from '../format.js';
import { crash, launch } from '../process-control.js';
import { sendTo } from '../raft.js';
import { ms, sec } from '../sim.js';
import { bootEraC } from './boot.js';

const TOPIC = 'orders';

/** Replica list of `orders-p` (RF = min(3, n)), starting at its leader `p mod n + 1`. */
function replicas(ctx: ClusterContext, partition: number): number[] {
  const n = ctx.nodes.length;
  return Array.from({ length: Math.min(3, n) }, (_, i) => ((partition + i) % n) + 1);
}

/** Followers of the dead leader's partitions notice the silent WAL stream; the Raft leader re-elects. */
function walStreamTimeouts(ctx: ClusterContext, dead: NodeState): void {
  for (let partition = 0; partition < ctx.nodes.length; partition++) {
    const set = replicas(ctx, partition);
    if (set[0] !== dead.id) continue;
    for (const id of set.slice(1)) {
      const node = nodeById(ctx, id);
      atFor(ctx, node, ctx.sim.now + jitter(ctx, sec(31), ms(400)), () => {
        const seconds = 31;
        node.log.log('wal.streamTimeout', [TOPIC, partition, seconds]);
        if (node.role !== 'Leader') return;
        const reason = `WAL stream timeout (${seconds}s)`;
        const ordered = set.slice(1).concat(set.slice(0, 1));
        const winner = ordered[0] ?? node.id;
        node.log.log('le.triggering', [TOPIC, partition, reason]);
        node.log.log('le.electingReplica', [TOPIC, partition, winner, debugList(ordered)]);
        node.log.log('le.electedReason', [TOPIC, partition, winner, reason]);
      });
    }
  }
}

/** Starts nodes 2 s apart; at `deathAt` seconds the Raft leader's process dies without a word. */
export function setupFailover(ctx: ClusterContext): void {
  ctx.preferredCandidate = 1;
  const deathAt = Math.max(20, Math.floor(ctx.options.durationSeconds * 0.4));
  for (const node of ctx.nodes) {
    const startAt = ctx.options.startMicros + sec(2 * (node.id - 1)) + jitter(ctx, ms(304), ms(4));
    ctx.sim.at(startAt, () => launch(ctx, node, (n) => bootEraC(ctx, n, n.id === 1)));
  }
  ctx.sim.at(ctx.options.startMicros + sec(deathAt) + ctx.prng.int(0, ms(900)), () => {
    const leader = ctx.nodes.find((n) => n.alive && n.role === 'Leader');
    if (leader === undefined) return;
    crash(ctx, leader, false);
    const survivors = ctx.nodes.filter((n) => n.alive);
    ctx.preferredCandidate = survivors[0]?.id ?? 0;
    for (const node of survivors) {
      // The heartbeat response in flight when the leader died fails on its pooled channel.
      atFor(ctx, node, ctx.sim.now + ms(ctx.prng.int(30, 250)), () => sendTo(ctx, node, leader.id, 9, 'MsgHeartbeatResponse', ms(1)));
    }
    walStreamTimeouts(ctx, leader);
  });
}
