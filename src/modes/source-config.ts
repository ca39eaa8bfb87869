// A configured source's settings as the exporter's SourceConfig: one mapping for serve, replay, check, rules test.

import type { SourceSettings } from '../config/index.js';
import type { SourceConfig } from '../exporter/index.js';

/** The exporter's view of a source named `name` (settings undefined: a file given on the command line, all defaults). */
export function sourceConfig(name: string, s: SourceSettings | undefined): SourceConfig {
  return {
    name,
    ...(s?.node_id === undefined ? {} : { nodeId: s.node_id }),
    ...(s?.cluster_id === undefined ? {} : { clusterId: s.cluster_id }),
    ...(s?.node_id_pattern === undefined ? {} : { nodeIdPattern: s.node_id_pattern }),
    ...(s === undefined ? {} : { format: s.format }),
  };
}
