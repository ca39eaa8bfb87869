// Live per-node verdicts for the landing page, read from the metric values: the `check` mode's questions asked
// of what the exporter has counted so far.

import type { Registry } from 'prom-client';

/** As `check` says it: INCONCLUSIVE when the log cannot tell yet (no startup has settled). */
export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';
export interface NodeVerdict { readonly check: string; readonly verdict: Verdict; readonly detail: string }

type Values = ReadonlyMap<string, readonly { labels: Readonly<Record<string, string | number | undefined>>; value: number; metricName?: string }[]>;

const sum = (values: Values, name: string, node: Readonly<Record<string, string>>, where: (l: Readonly<Record<string, string | number | undefined>>) => boolean = () => true, metricName?: string): number => {
  let total = 0;
  for (const v of values.get(name) ?? []) {
    if (metricName !== undefined && v.metricName !== metricName) continue;
    if (Object.entries(node).every(([k, x]) => String(v.labels[k]) === x) && v.labels.cluster_id === node.cluster_id && where(v.labels)) total += v.value;
  }
  return total;
};

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Reads the registry once; returns a function giving the verdicts of one node. */
export async function nodeVerdicts(registry: Registry): Promise<(node: { node_id: string; cluster_id?: string }, stable: boolean) => NodeVerdict[]> {
  const values = new Map<string, { labels: Record<string, string | number | undefined>; value: number; metricName?: string }[]>();
  for (const m of await registry.getMetricsAsJSON()) if (m.name.startsWith('chronik_log_')) values.set(m.name, m.values);
  return (labels, stable) => {
    const node: Record<string, string> = labels.cluster_id === undefined ? { node_id: labels.node_id } : { node_id: labels.node_id, cluster_id: labels.cluster_id };
    const failedElections = sum(values, 'chronik_log_partition_elections_total', node, (l) => l.result === 'failed');
    const proposalFailures = sum(values, 'chronik_log_partition_proposal_failures_total', node);
    const notLeader = sum(values, 'chronik_log_propose_not_leader_total', node, (l) => l.context === 'partition_election' || l.context === 'partition_proposal');
    const startups = sum(values, 'chronik_log_leadership_stabilization_seconds', node, () => true, 'chronik_log_leadership_stabilization_seconds_count');
    const within15 = sum(values, 'chronik_log_leadership_stabilization_seconds', node, (l) => Number(l.le) === 15, 'chronik_log_leadership_stabilization_seconds_bucket');
    const unstable = sum(values, 'chronik_log_leadership_unstable_startups_total', node);
    const slow = startups - within15 + unstable;
    return [
      { check: 'Leadership stable now', verdict: stable ? 'PASS' : 'FAIL', detail: stable ? 'stable' : 'unsettled or disrupted' },
      startups + unstable === 0
        ? { check: 'Stable within 15 s at each startup', verdict: 'INCONCLUSIVE', detail: 'no startup has settled yet' }
        : { check: 'Stable within 15 s at each startup', verdict: slow === 0 ? 'PASS' : 'FAIL', detail: slow === 0 ? count(startups, 'startup') : `${slow} of ${startups + unstable} startups too slow or never stable` },
      { check: 'Zero failed partition elections', verdict: failedElections === 0 ? 'PASS' : 'FAIL', detail: count(failedElections, 'failure') },
      { check: 'Zero partition proposal failures', verdict: proposalFailures === 0 ? 'PASS' : 'FAIL', detail: count(proposalFailures, 'failure') },
      { check: 'Zero "Cannot propose" on partitions', verdict: notLeader === 0 ? 'PASS' : 'FAIL', detail: count(notLeader, 'line') },
    ];
  };
}
