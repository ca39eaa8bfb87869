// generateScenario: lazily rendered node files plus the ground truth derived from the very same records.
import { SCENARIOS } from './definitions.js';
import { namedArg } from './format.js';
import { resolveOptions } from './options.js';
import { renderRecord, TimestampFormatter } from './render.js';
import { simulate, type ScenarioDefinition } from './runner.js';
import { NodeTally } from './truth/tally.js';
import type { GeneratedNode, GeneratedScenario, ResolvedScenarioOptions, ScenarioOptions, ScenarioTruth } from './types.js';

/** Names of the scenarios `generateScenario` knows, in presentation order. */
export const scenarioNames: readonly string[] = Object.freeze(SCENARIOS.map((s) => s.name));

function definitionOf(name: string): ScenarioDefinition {
  const definition = SCENARIOS.find((s) => s.name === name);
  if (definition === undefined) {
    throw new RangeError(`Expected a scenario name (${scenarioNames.join(', ')}), got \`${name}\``);
  }
  return definition;
}

function nodeLines(definition: ScenarioDefinition, options: ResolvedScenarioOptions, nodeId: number): Iterable<string> {
  return {
    *[Symbol.iterator]() {
      const timestamps = new TimestampFormatter();
      for (const { node, record } of simulate(definition, options)) {
        if (node === nodeId) yield* renderRecord(record, timestamps, options.ansi);
      }
    },
  };
}

function computeTruth(definition: ScenarioDefinition, options: ResolvedScenarioOptions): ScenarioTruth {
  const tallies = Array.from({ length: options.nodes }, (_, i) => new NodeTally(i + 1, `node${i + 1}.log`, definition.rustLog(i + 1, options.verbosity)));
  let leader = { id: 0, term: 0 };
  const run = simulate(definition, options);
  let step = run.next();
  while (step.done !== true) {
    const { node, record } = step.value;
    tallies[node - 1]?.add(record);
    if (record.id === 'raft.becameLeader') leader = { id: node, term: Number(namedArg(record.args, 'term')) };
    step = run.next();
  }
  const running = step.value;
  const nodes = tallies.map((tally, i) => tally.finish(running[i] ?? false));
  return {
    scenario: definition.name,
    version: definition.version,
    stabilityWindowSeconds: 10,
    nodes,
    raftLeaderId: leader.id,
    raftTerm: leader.term,
    metadataInitializers: nodes.filter((n) => n.metadataInitializer).map((n) => n.nodeId),
  };
}

/**
 * Generates scenario `name`: one lazily rendered log per node and the ground truth an exporter must find.
 * @example
 * const { nodes, truth } = generateScenario('v2.2.1-storm', { durationSeconds: 90 });
 * for (const line of nodes[1].lines) console.log(line);
 */
export function generateScenario(name: string, options: ScenarioOptions = {}): GeneratedScenario {
  const definition = definitionOf(name);
  const resolved = resolveOptions(options);
  const nodes: GeneratedNode[] = Array.from({ length: resolved.nodes }, (_, i) => ({
    nodeId: i + 1,
    fileName: `node${i + 1}.log`,
    lines: nodeLines(definition, resolved, i + 1),
  }));
  let truth: ScenarioTruth | undefined;
  return {
    name: definition.name,
    version: definition.version,
    options: resolved,
    nodes,
    get truth(): ScenarioTruth {
      truth ??= computeTruth(definition, resolved);
      return truth;
    },
  };
}
