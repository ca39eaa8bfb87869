// Era A clusters: nodes launched 2 s apart (as the launch scripts do), optionally one node crash-looping.
import { atFor, jitter, type ClusterContext, type NodeState } from '../cluster.js';
import { crash, launch } from '../process-control.js';
import { ms, sec, type Process } from '../sim.js';
import { bootRaft } from './boot.js';
import { eraAFeatures } from './features.js';
import { startServer } from './server.js';

/** A node that dies a few seconds after each start, `crashes` times, before it stays up. */
export interface CrashLoop {
  readonly nodeId: number;
  readonly crashes: number;
}

function* eraAProcess(ctx: ClusterContext, node: NodeState, restart: boolean, campaigner: boolean): Process {
  const features = eraAFeatures(ctx.version);
  yield* bootRaft(ctx, node, restart, campaigner);
  yield* startServer(ctx, node, features);
}

function scheduleCrashes(ctx: ClusterContext, node: NodeState, remaining: number): void {
  if (remaining <= 0) return;
  atFor(ctx, node, ctx.sim.now + sec(4) + ctx.prng.int(0, sec(3)), () => {
    crash(ctx, node, ctx.prng.chance(0.6));
    ctx.sim.at(ctx.sim.now + sec(1.5) + ctx.prng.int(0, sec(1.5)), () => {
      launch(ctx, node, (n) => eraAProcess(ctx, n, true, false));
      scheduleCrashes(ctx, node, remaining - 1);
    });
  });
}

/** Schedules every node's first start (node k at +2(k−1) s) and the optional crash loop. */
export function setupEraA(ctx: ClusterContext, crashLoop?: CrashLoop): void {
  ctx.preferredCandidate = 1;
  for (const node of ctx.nodes) {
    const startAt = ctx.options.startMicros + sec(2 * (node.id - 1)) + jitter(ctx, ms(113.9), ms(4));
    ctx.sim.at(startAt, () => {
      launch(ctx, node, (n) => eraAProcess(ctx, n, false, n.id === 1));
      if (crashLoop !== undefined && crashLoop.nodeId === node.id) scheduleCrashes(ctx, node, crashLoop.crashes);
    });
  }
}
