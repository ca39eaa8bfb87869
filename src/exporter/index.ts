// The composition root: the one place that wires lines → chronik → state → metrics for every source.
export { createExporter } from './exporter.js';
export type { Exporter, ExporterOptions, PlanStats, ExporterSnapshot, FileReader, NodeEntry, ObservedHook, Snapshot, SourceConfig, SourcePipeline } from './exporter.js';
