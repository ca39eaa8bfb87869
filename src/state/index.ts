// state/: observations → per-node leadership state, stability window, SLO observations (pure; time passed in).
export { createNodeState, initialNodeData } from './node-state.js';
export type { NodeData, NodeState, NodeStateOptions } from './node-state.js';
export type { ExtraLabels, NodeCounter, NodeGauge, NodeSink, PartitionGauge } from './node-sink.js';
export { STARTUP_DEADLINE_SECONDS } from './stability.js';
export type { StabilityState } from './stability.js';
export { createNodeResolver, UNKNOWN_NODE } from './node-resolver.js';
export type { NodeResolver, NodeResolverOptions } from './node-resolver.js';
