// Deterministic generator of realistic multi-node chronik-server logs, with ground truth (the only door).

export { messageCatalog, type Basis, type LogLevel, type MessageFamily, type MessageId, type MessageVariant } from './catalog/index.js';
export { generateBenchLog, type BenchLogOptions } from './bench.js';
export { generateScenario, scenarioNames } from './generate.js';
export { DEFAULT_OPTIONS } from './options.js';
export { createPrng, type Prng } from './prng.js';
export { writeLines, writeScenario } from './write.js';
export type {
  GeneratedNode,
  GeneratedScenario,
  LevelCounts,
  NodeTruth,
  ResolvedScenarioOptions,
  ScenarioOptions,
  ScenarioTruth,
  StartupTruth,
  Verbosity,
} from './types.js';
