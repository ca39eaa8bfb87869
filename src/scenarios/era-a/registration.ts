// Era A broker registration: local registration, then (v2.2.1+) the 15 × 2 s Raft proposal loop.
import { addr, type ClusterContext, type NodeState } from '../cluster.js';
import { propose } from '../raft.js';
import { ms, sec, type Process } from '../sim.js';
import { cannotPropose, type EraAFeatures } from './features.js';

const ATTEMPTS = 15;

/** Registers the node's broker; ends once it is proposed (leader) or given up (follower, ~30 s). */
export function* registerBroker(ctx: ClusterContext, node: NodeState, features: EraAFeatures): Process {
  const log = node.log;
  log.log('reg.registering', [node.id, 'localhost', addr.kafkaPort(node.id)]);
  yield ms(ctx.prng.int(4500, 4900) / 1000);
  log.log('reg.localOk', [node.id], { optional: true });
  if (!features.brokerRaftLoop) return;
  log.log('reg.proposing', [node.id]);
  for (let attempt = 1; attempt <= ATTEMPTS + 1; attempt++) {
    if (node.role === 'Leader') {
      yield ms(ctx.prng.int(1, 3));
      log.log('reg.proposed', [node.id]);
      return;
    }
    const error = cannotPropose(node.id, node.role, node.leader);
    if (attempt > ATTEMPTS) {
      log.log('reg.gaveUp', [node.id, attempt, error]);
      log.log('reg.continue');
      return;
    }
    log.log('reg.proposeRetry', [node.id, attempt, ATTEMPTS, error]);
    yield sec(2) + ctx.prng.int(100, 900);
  }
}

/** After registration: the broker-sync task; the leader proposes every broker, followers sync them. */
export function* syncBrokers(ctx: ClusterContext, node: NodeState): Process {
  const log = node.log;
  log.log('is.syncStarting', [], { optional: true });
  log.log('is.syncStarted', [], { optional: true });
  log.log('is.hwRestoring', [], { optional: true });
  if (node.role === 'Leader') {
    for (const broker of ctx.nodes) {
      log.log('reg.leaderProposing', [broker.id], { optional: true });
      log.log('reg.leaderProposed', [broker.id], { optional: true });
      yield ms(0.5);
    }
    propose(ctx, node, ctx.nodes.map(() => 96).concat([96]));
  } else {
    for (const broker of ctx.nodes) {
      if (broker.id === node.id) continue;
      log.log('reg.synced', [broker.id, 'localhost', addr.kafkaPort(broker.id)], { optional: true });
      yield ms(0.7);
    }
  }
}
