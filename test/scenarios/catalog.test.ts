// Every generated message is an instance of a catalog format string valid for the scenario's chronik version,
// and the table itself is faithful to its sources.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateBenchLog, generateScenario, messageCatalog, scenarioNames, type MessageVariant } from '../../src/scenarios/index.js';
import { compare, matchingVariants, parseMessages, variantRegex, variantsFor } from './helpers.js';

const REFERENCE = '/work/shared/reference/chronik-log-formats.md';
const SAMPLES = new URL('../fixtures/samples/', import.meta.url);
// Object.entries loses the value type of the frozen record.
const families = Object.entries(messageCatalog) as Array<[string, readonly MessageVariant[]]>;

function unmatched(version: string, lines: Iterable<string>): string[] {
  const candidates = variantsFor(version);
  return parseMessages(lines)
    .filter((message) => matchingVariants(message, candidates).length === 0)
    .map((message) => `${message.level} ${message.target}: ${message.text}`);
}

describe('messages come from the catalog, for the right version', () => {
  const cases = scenarioNames.flatMap((name) => (['info', 'debug'] as const).map((verbosity) => [name, verbosity] as const));
  it.each(cases)('%s (%s)', (name, verbosity) => {
    const scenario = generateScenario(name, { verbosity, durationSeconds: 120, noiseLines: 300 });
    for (const node of scenario.nodes) expect(unmatched(scenario.version, node.lines), node.fileName).toEqual([]);
  });

  it('generateBenchLog (v2.2.1)', () => {
    expect(unmatched('v2.2.1', generateBenchLog({ lines: 50_000 }))).toEqual([]);
  });

  it('a v2.2.1 line is rejected for v2.10.4 and an invented line for any version', () => {
    const storm = '2025-11-08T10:15:37.198407Z  WARN chronik_server::leader_election: Leader timeout for __meta-0 (leader=1), triggering election';
    expect(unmatched('v2.2.1', [storm])).toEqual([]);
    expect(unmatched('v2.10.4', [storm])).toHaveLength(1);
    expect(unmatched('v2.2.1', ['2025-11-08T10:15:37.198407Z  INFO raft::raft: became emperor at term 9, raft_id: 1, term: 9'])).toHaveLength(1);
  });
});

describe('the catalog table', () => {
  it('keeps each family’s version ranges well-formed and disjoint', () => {
    for (const [id, family] of families) {
      family.forEach((a, i) => {
        expect(compare(a.since, a.until), `${id} range`).toBeLessThanOrEqual(0);
        for (const b of family.slice(i + 1)) {
          const overlap = compare(a.since, b.until) <= 0 && compare(b.since, a.until) <= 0;
          expect(overlap, `${id}: ${a.since}–${a.until} overlaps ${b.since}–${b.until}`).toBe(false);
        }
      });
    }
  });

  it('marks every sample-only string with a single tag', () => {
    for (const [id, family] of families) {
      for (const variant of family) if (variant.basis === 'sample') expect([id, variant.since], id).toEqual([id, variant.until]);
    }
  });

  it.runIf(existsSync(REFERENCE))('has every catalog-basis format string verbatim in chronik-log-formats.md', () => {
    const reference = readFileSync(REFERENCE, 'utf8');
    const missing = families.flatMap(([id, family]) =>
      family.filter((v) => v.basis === 'catalog' && v.style !== 'raw').filter((v) => !reference.includes(v.format)).map(() => id),
    );
    expect(missing).toEqual([]);
  });

  it('matches every sample-basis string against a line of the sample logs at its tag', () => {
    const texts: Record<string, string[]> = { 'v2.2.1': [], 'v2.10.4': [] };
    for (const file of ['v2.2.1-node1-leader.log', 'v2.2.1-node2-follower.log', 'v2.10.4-node1-excerpt.log', 'v2.10.4-node2-failover-excerpt.log']) {
      const tag = file.startsWith('v2.2.1') ? 'v2.2.1' : 'v2.10.4';
      const lines = readFileSync(new URL(file, SAMPLES), 'utf8').split('\n');
      texts[tag]?.push(...parseMessages(lines).map((m) => `${m.level} ${m.target} ${m.text}`));
    }
    const missing: string[] = [];
    for (const [id, family] of families) {
      for (const variant of family.filter((v) => v.basis === 'sample')) {
        const regex = variantRegex(variant);
        const found = (texts[variant.since] ?? []).some((text) => {
          const [level = '', target = '', ...rest] = text.split(' ');
          return level === variant.level && target === variant.target && regex.test(rest.join(' '));
        });
        if (!found) missing.push(`${id} @ ${variant.since}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
