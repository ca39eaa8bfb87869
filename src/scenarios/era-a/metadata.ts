// Era A partition-metadata initialisation at startup: who proposes `__meta-0` (the v2.2.0 bug and its fix).
import { atFor, type ClusterContext, type NodeState } from '../cluster.js';
import { debugList } from '../format.js';
import { propose } from '../raft.js';
import { ms, sec, type Process } from '../sim.js';
import { cannotPropose, type EraAFeatures } from './features.js';
import { metaReplicas } from './monitor.js';

const WAIT_POLLS = 30;

/** Waits (1 s polls, ≤ 30 s) for a known Raft leader, then initialises metadata or skips it. */
export function* initialiseMetadata(ctx: ClusterContext, node: NodeState, features: EraAFeatures): Process {
  const log = node.log;
  log.log('is.initMetaOnStartup', [], { optional: true });
  log.log('init.waiting');
  let polls = 0;
  do {
    yield sec(1) + ctx.prng.int(500, 1500);
    polls++;
  } while (node.leader === 0 && polls < WAIT_POLLS);
  if (node.leader === 0) {
    log.log('init.stall');
    return;
  }
  const isLeader = node.role === 'Leader';
  if (!isLeader && !features.everyNodeInitialisesMetadata) {
    log.log('init.followerElected', [node.leader, node.role]);
    log.log('init.skipping');
    return;
  }
  log.log('init.thisNodeIsLeader', [node.role]);
  log.log('init.leaderInitializing', [], { optional: true });
  yield ms(0.5);
  log.log('is.foundTopicsInit', [1], { optional: true });
  log.log('init.topic', ['__meta', 1]);
  yield ms(0.4);
  const replicas = metaReplicas(ctx);
  if (isLeader) {
    log.log('init.proposed', ['__meta', 0, debugList(replicas), node.id, debugList(replicas)]);
    propose(ctx, node, [120, 80, 90]);
    atFor(ctx, node, ctx.sim.now + ms(250), () => {
      ctx.metaLeader = node.id;
    });
  } else {
    const error = cannotPropose(node.id, node.role, node.leader);
    log.log('init.assignmentFailed', ['__meta', 0, error]);
    log.log('init.leaderFailed', ['__meta', 0, error]);
    log.log('init.isrFailed', ['__meta', 0, error]);
  }
  log.log('init.completed', [1]);
}
