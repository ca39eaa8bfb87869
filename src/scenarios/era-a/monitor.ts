// Era A LeaderElector polling monitor: 3 s period, 10 s timeout, elections proposed through Raft.
import { type ClusterContext, type NodeState } from '../cluster.js';
import { debugList } from '../format.js';
import { propose } from '../raft.js';
import { ms, sec, type Process } from '../sim.js';
import { cannotPropose, type EraAFeatures } from './features.js';

/** Replica set of `__meta-0` (first three node ids, as the samples show for three nodes). */
export function metaReplicas(ctx: ClusterContext): number[] {
  return ctx.nodes.slice(0, 3).map((n) => n.id);
}

/**
 * Every 3 s: a partition without a leader heartbeat for 10 s triggers an election. The leader re-elects itself
 * (~every 12 s); a follower that runs the monitor (≤ v2.2.2) fails with `Cannot propose` on every tick.
 */
export function* leaderElectionMonitor(ctx: ClusterContext, node: NodeState, features: EraAFeatures): Process {
  let lastElection = -Infinity;
  for (;;) {
    yield sec(3) + ctx.prng.int(-400, 400);
    if (ctx.metaLeader === 0) continue;
    const runs = features.followersRunMonitor ? node.leader !== 0 : node.role === 'Leader';
    if (!runs || ctx.sim.now - lastElection < sec(10)) continue;
    const isr = metaReplicas(ctx);
    const candidate = isr[0] ?? node.id;
    node.log.log('le.leaderTimeout', ['__meta', 0, ctx.metaLeader]);
    yield ms(0.2);
    node.log.log('le.electingIsr', ['__meta', 0, candidate, debugList(isr)]);
    yield ms(0.3);
    if (node.role === 'Leader') {
      node.log.log('le.elected', ['__meta', 0, candidate]);
      propose(ctx, node, [64]);
      lastElection = ctx.sim.now;
    } else {
      node.log.log('le.failed', ['__meta', 0, cannotPropose(node.id, node.role, node.leader)]);
    }
  }
}
