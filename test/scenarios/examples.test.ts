// The bundled examples/v2.2.1-cluster logs are exactly what the generator produces.
// Regenerate them with: UPDATE_EXAMPLES=1 npx vitest run test/scenarios/examples.test.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CLUSTER, exampleScenario, writeExamples } from '../../scripts/generate-examples.js';
import { strip } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fileOf = (name: string): string => readFileSync(join(ROOT, EXAMPLE_CLUSTER.dir, name), 'utf8');

describe('examples/v2.2.1-cluster', () => {
  it('is byte-identical to the generated 3-node v2.2.1 cluster', async () => {
    if (process.env['UPDATE_EXAMPLES'] === '1') await writeExamples(ROOT);
    const scenario = exampleScenario();
    expect(scenario.nodes.map((n) => n.fileName)).toEqual(['node1.log', 'node2.log', 'node3.log']);
    for (const node of scenario.nodes) {
      const expected = Array.from(node.lines, (line) => `${line}\n`).join('');
      const actual = fileOf(node.fileName);
      // Compare without handing vitest two ~100 KB strings to diff; report the first differing line.
      const firstDiff = actual.split('\n').findIndex((line, i) => line !== expected.split('\n')[i]);
      expect({ file: node.fileName, same: actual === expected, firstDiff }).toEqual({ file: node.fileName, same: true, firstDiff: -1 });
    }
  });

  it('shows the v2.2.1 story: real ANSI bytes, ~90 s, the follower storm from ~30 s', () => {
    const follower = fileOf('node2.log').split('\n');
    expect(follower[0]).toMatch(/^\x1b\[2m2025-11-08T10:15:04\.\d{6}Z\x1b\[0m \x1b\[32m INFO\x1b\[0m /);
    const plain = follower.map(strip);
    expect(plain.some((line) => line.includes('WARNING: Failed to propose broker 2 to Raft after 16 attempts'))).toBe(true);
    expect(plain.filter((line) => line.includes('❌ Failed to elect leader for __meta-0')).length).toBeGreaterThan(10);
    expect(strip(fileOf('node1.log').trimEnd().split('\n').at(-1) ?? '').slice(0, 16)).toBe('2025-11-08T10:16');
  });
});
