// Option handling: defaults, validation errors naming the option, start time, duration, node count, noise.
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, generateScenario, scenarioNames } from '../../src/scenarios/index.js';
import { strip } from './helpers.js';

const first = (name: string, options = {}): string => strip(Array.from(generateScenario(name, options).nodes[0]?.lines ?? [])[0] ?? '');
const last = (lines: Iterable<string>): string => strip(Array.from(lines).at(-1) ?? '');

describe('options', () => {
  it('resolves defaults into a frozen value', () => {
    const { options } = generateScenario('v2.2.1-storm');
    expect(options).toMatchObject({ ...DEFAULT_OPTIONS, startMicros: Date.parse(DEFAULT_OPTIONS.startTime) * 1000 });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it.each([
    [{ nodes: 1 }, /`nodes`/],
    [{ nodes: 2.5 }, /`nodes`/],
    [{ durationSeconds: 0 }, /`durationSeconds`/],
    [{ startTime: 'yesterday' }, /`startTime`/],
    [{ noiseLines: -1 }, /`noiseLines`/],
    // Deliberately outside the type, as an untyped caller could pass it.
    [{ verbosity: 'trace' as 'info' }, /`verbosity`/],
  ])('rejects %o', (options, message) => {
    expect(() => generateScenario('v2.2.1-storm', options)).toThrow(message);
  });

  it('rejects an unknown scenario, listing the known ones', () => {
    expect(() => generateScenario('v9-nope')).toThrow(/v2\.2\.1-storm/);
  });

  it('starts at startTime and ends within the duration', () => {
    expect(first('v2.2.1-storm', { startTime: '2030-01-02T03:04:05Z' })).toMatch(/^2030-01-02T03:04:05\.\d{6}Z  INFO chronik_server: Chronik Server v2\.2\.1$/);
    for (const name of scenarioNames) {
      for (const node of generateScenario(name, { durationSeconds: 40 }).nodes) {
        expect(last(node.lines).slice(0, 19) <= '2025-11-08T10:15:42').toBe(true);
      }
    }
  });

  it('names one file per node', () => {
    expect(generateScenario('crash-loop', { nodes: 4 }).nodes.map((n) => n.fileName)).toEqual(['node1.log', 'node2.log', 'node3.log', 'node4.log']);
  });

  it('adds noise lines without changing what the truth counts', () => {
    const quiet = generateScenario('v2.2.3-healthy').truth;
    const noisy = generateScenario('v2.2.3-healthy', { noiseLines: 1000 }).truth;
    noisy.nodes.forEach((node, i) => {
      const base = quiet.nodes[i];
      expect(node.lines - (base?.lines ?? 0)).toBeGreaterThan(600);
      expect(node.lines - (base?.lines ?? 0)).toBeLessThanOrEqual(1000);
      expect([node.roleChanges, node.partitionElections, node.leaderTimeouts]).toEqual([base?.roleChanges, base?.partitionElections, base?.leaderTimeouts]);
    });
  });

  it('changes only RUST_LOG-dependent lines with verbosity', () => {
    const info = generateScenario('v2.2.1-storm').truth.nodes[1];
    const debug = generateScenario('v2.2.1-storm', { verbosity: 'debug' }).truth.nodes[1];
    expect(info?.rustLog).toBe('info,chronik_server::raft_cluster=warn');
    expect(debug?.rustLog).toBe('info,chronik_server=debug');
    expect(info?.events.debug).toBe(0);
    expect(debug?.events.debug).toBe(15);
  });
});
