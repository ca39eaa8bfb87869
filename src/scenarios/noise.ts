// Optional routine traffic lines (produce path on topic `orders`) that scale a scenario's size, no leadership meaning.
import type { ClusterContext, NodeState } from './cluster.js';
import type { Prng } from './prng.js';
import { sec } from './sim.js';

function noiseLine(node: NodeState, prng: Prng): void {
  const roll = prng.next();
  const partition = prng.int(0, 5);
  const offset = prng.int(1000, 900_000);
  if (roll < 0.6 && node.log.writes('rc.persistingEntries')) {
    const count = prng.int(1, 4);
    node.log.log(prng.chance(0.5) ? 'rc.persistingEntries' : 'rc.persistedEntries', [count]);
  } else if (roll < 0.85) {
    node.log.log('wr.noIsr', ['orders', partition, offset]);
  } else if (roll < 0.97) {
    node.log.log('isr.quorumTimeout', ['orders', partition, offset, 1, 2]);
  } else {
    node.log.log('produce.quorumTimeout', ['orders', partition, offset, '30s']);
  }
}

/** Spreads `options.noiseLines` lines per node evenly over the run; lines that fall while a node is down are skipped. */
export function scheduleNoise(ctx: ClusterContext, prng: Prng): void {
  const { noiseLines, durationSeconds, startMicros } = ctx.options;
  for (const node of ctx.nodes) {
    const first = startMicros + sec(2 * (node.id - 1) + 1);
    const end = startMicros + sec(durationSeconds);
    if (first >= end) continue;
    const step = (end - first) / noiseLines;
    const tick = (i: number): void => {
      if (node.alive && node.loopUpAt <= ctx.sim.now) noiseLine(node, prng);
      if (i + 1 < noiseLines) ctx.sim.at(Math.round(first + (i + 1) * step), () => tick(i + 1));
    };
    ctx.sim.at(Math.round(first), () => tick(0));
  }
}
