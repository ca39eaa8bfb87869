// The metrics reference (docs/metrics.md), generated from the same table the registry is built from.

import { EXPORTER_METRICS, NODE_METRICS, STABILIZATION_BUCKETS, type MetricSpec } from './contract.js';

const row = (m: MetricSpec, nodeLabels: boolean): string => {
  const labels = [...(nodeLabels ? ['node_id', 'cluster_id?'] : []), ...m.labels].map((l) => `\`${l}\``).join(', ');
  return `| \`${m.name}\` | ${m.type} | ${labels} | ${m.help.replaceAll('|', '\\|')} |`;
};

/** Renders docs/metrics.md. */
export function renderMetricsReference(): string {
  const head = '| name | type | labels | meaning |\n|---|---|---|---|';
  return `# Metrics reference

Generated from \`src/metrics/contract.ts\` (\`UPDATE_DOCS=1 npx vitest run test/metrics\` rewrites it; a test fails
when it is stale). The contract these follow is \`shared/spec/metrics.md\`: names, types and labels are fixed.

\`cluster_id?\` is present only when the source sets \`cluster_id\` in the configuration (otherwise set it by
Prometheus relabeling). Counters without partition labels exist at 0 as soon as a node is known.
\`chronik_log_leadership_stabilization_seconds\` buckets: ${STABILIZATION_BUCKETS.join(', ')} (15 s is the SLO threshold).
Partition series are capped per node and metric (\`limits.max_partitions\`); past the cap, new partitions are
counted under \`topic="__overflow__", partition="overflow"\`.

## From chronik-server logs

${head}
${NODE_METRICS.map((m) => row(m, true)).join('\n')}

## The exporter's own health

${head}
${EXPORTER_METRICS.map((m) => row(m, false)).join('\n')}

prom-client's default process and Node.js metrics are exposed too, less the three gauges named \`*_total\`
that promtool rejects (\`nodejs_active_handles_total\`, \`nodejs_active_requests_total\`, \`nodejs_active_resources_total\`).
They are collected at most once a second (scrapes closer together get the values of the last collection), and
event-loop delay (\`nodejs_eventloop_lag_*\`) is sampled every 100 ms rather than prom-client's 10 ms, so that an idle
exporter stays idle.
`;
}
