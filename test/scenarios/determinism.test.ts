// Same seed and options → the same bytes; another seed → different timings.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateBenchLog, generateScenario, scenarioNames, type ScenarioOptions } from '../../src/scenarios/index.js';

function digest(name: string, options: ScenarioOptions): string[] {
  return generateScenario(name, options).nodes.map((node) => {
    const hash = createHash('sha256');
    for (const line of node.lines) hash.update(`${line}\n`);
    return hash.digest('hex');
  });
}

describe('determinism', () => {
  it.each(scenarioNames)('%s: two generations with the same seed are byte-identical', (name) => {
    const options = { seed: 7, durationSeconds: 60, verbosity: 'debug' } as const;
    expect(digest(name, options)).toEqual(digest(name, options));
  });

  it.each(scenarioNames)('%s: a node file iterated twice gives the same lines', (name) => {
    const node = generateScenario(name, { seed: 3, durationSeconds: 45 }).nodes[1];
    expect(node).toBeDefined();
    if (node === undefined) return;
    expect(Array.from(node.lines)).toEqual(Array.from(node.lines));
  });

  it.each(scenarioNames)('%s: another seed changes the bytes', (name) => {
    expect(digest(name, { seed: 1 })).not.toEqual(digest(name, { seed: 2 }));
  });

  it('generateBenchLog is deterministic per seed', () => {
    const a = Array.from(generateBenchLog({ lines: 20_000, seed: 5 }));
    expect(Array.from(generateBenchLog({ lines: 20_000, seed: 5 }))).toEqual(a);
    expect(Array.from(generateBenchLog({ lines: 20_000, seed: 6 }))).not.toEqual(a);
  });
});
