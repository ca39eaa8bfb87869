// The bundled example logs (examples/v2.2.1-cluster): their definition and a writer.
// Regenerate: UPDATE_EXAMPLES=1 npx vitest run test/scenarios/examples.test.ts
// (or compile this file with tsc and run it with node from the repository root).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateScenario, writeScenario, type GeneratedScenario, type ScenarioOptions } from '../src/scenarios/index.js';

/** What `examples/v2.2.1-cluster/` holds: a 3-node v2.2.1 cluster (the follower storm), ~90 s, ANSI, info. */
export const EXAMPLE_CLUSTER = Object.freeze({
  scenario: 'v2.2.1-storm',
  dir: join('examples', 'v2.2.1-cluster'),
  options: Object.freeze({ durationSeconds: 90, nodes: 3, ansi: true, verbosity: 'info', seed: 1 } satisfies ScenarioOptions),
});

/** The example scenario, generated in memory (lazy lines). */
export function exampleScenario(): GeneratedScenario {
  return generateScenario(EXAMPLE_CLUSTER.scenario, EXAMPLE_CLUSTER.options);
}

/** (Re)writes the example files under `root` (the repository root); returns their paths. */
export async function writeExamples(root: string): Promise<string[]> {
  return writeScenario(EXAMPLE_CLUSTER.scenario, EXAMPLE_CLUSTER.options, join(root, EXAMPLE_CLUSTER.dir));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const path of await writeExamples(process.cwd())) console.log(path);
}
