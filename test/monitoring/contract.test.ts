// The copied list of contract metric names against the contract itself (../shared/spec/metrics.md).

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_METRICS, metricNamesInContract } from './contract-metrics.js';
import { readText, sharedContractPath } from './repo.js';

describe('contract-metrics.ts', () => {
  it.runIf(existsSync(sharedContractPath))('lists exactly the metrics of shared/spec/metrics.md', () => {
    const inContract = metricNamesInContract(readText(sharedContractPath));
    expect([...inContract].sort()).toEqual([...CONTRACT_METRICS].sort());
  });

  it('reads names from table rows and back-quoted prose, not prefixes or other namespaces', () => {
    const markdown = [
      '| name | meaning |',
      '|---|---|',
      '| chronik_log_raft_role{role} | one-hot |',
      '| chronik_log_raft_term | term |',
      'Namespace `chronik_log_` for everything; `chronik_raft_leader_count` is chronik\'s own;',
      '`chronik_log_leadership_unstable_startups_total` (counter, labels: node_id) counts it.',
    ].join('\n');
    expect([...metricNamesInContract(markdown)].sort()).toEqual([
      'chronik_log_leadership_unstable_startups_total',
      'chronik_log_raft_role',
      'chronik_log_raft_term',
    ]);
  });

  it('has no duplicates', () => {
    expect(new Set(CONTRACT_METRICS).size).toBe(CONTRACT_METRICS.length);
  });
});
