// The named scenarios: chronik version, logging directives and cluster story of each.
import type { EraProfile } from './cluster.js';
import { setupEraA } from './era-a/setup.js';
import { setupFailover } from './era-c/setup.js';
import type { ScenarioDefinition } from './runner.js';
import { sec } from './sim.js';
import type { Verbosity } from './types.js';

const ERA_A: EraProfile = { era: 'A', electionTimeout: [sec(1), sec(2)], lostAfterRetries: false };
const ERA_C: EraProfile = { era: 'C', electionTimeout: [sec(2), sec(4)], lostAfterRetries: true };

/**
 * Era A logging as the samples show it: node 1 at `RUST_LOG=info`, the others with the per-heartbeat
 * `raft_cluster` INFO lines hidden; `debug` is the v2.2.1 report's `info,chronik_server=debug` everywhere.
 */
function eraALog(nodeId: number, verbosity: Verbosity): string {
  if (verbosity === 'debug') return 'info,chronik_server=debug';
  return nodeId === 1 ? 'info' : 'info,chronik_server::raft_cluster=warn';
}

function eraCLog(_nodeId: number, verbosity: Verbosity): string {
  return verbosity === 'debug' ? 'info,chronik_server=debug' : 'info';
}

/** Every scenario, in presentation order. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    name: 'v2.2.0-bug',
    version: 'v2.2.0',
    summary: 'Every node initialises partition metadata; followers fail their proposals and fail a partition election every ~3 s forever.',
    era: ERA_A,
    rustLog: eraALog,
    setup: (ctx) => setupEraA(ctx),
  },
  {
    name: 'v2.2.1-storm',
    version: 'v2.2.1',
    summary: 'Only the leader initialises metadata, but followers leave the 30 s broker-registration loop and then fail a partition election every ~3 s.',
    era: ERA_A,
    rustLog: eraALog,
    setup: (ctx) => setupEraA(ctx),
  },
  {
    name: 'v2.2.3-healthy',
    version: 'v2.2.3',
    summary: 'Fixed era A: followers stay quiet; the leader re-elects itself for the idle partition every ~12 s.',
    era: ERA_A,
    rustLog: eraALog,
    setup: (ctx) => setupEraA(ctx),
  },
  {
    name: 'v2.10-failover',
    version: 'v2.10.4',
    summary: 'Stable v2.10.4 cluster; the leader process dies without a word, a survivor wins the next term.',
    era: ERA_C,
    rustLog: eraCLog,
    setup: setupFailover,
  },
  {
    name: 'crash-loop',
    version: 'v2.2.3',
    summary: 'Node 2 dies a few seconds after each start (sometimes with a raft-rs panic), four times, before it stays up.',
    era: ERA_A,
    rustLog: eraALog,
    setup: (ctx) => setupEraA(ctx, { nodeId: 2, crashes: 4 }),
  },
];
