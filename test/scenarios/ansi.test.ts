// ANSI on/off: same text after stripping; the coloured bytes follow tracing-subscriber 0.3.20 (§1.2) exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateBenchLog, generateScenario, scenarioNames } from '../../src/scenarios/index.js';
import { strip } from './helpers.js';

const SAMPLE_ANSI = new URL('../fixtures/samples/v2.2.1-node1-leader.ansi.log', import.meta.url);
const withoutTime = (line: string): string => line.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/, 'TS');

describe('ANSI rendering', () => {
  it.each(scenarioNames)('%s: ANSI on and off give identical text after stripping', (name) => {
    const on = generateScenario(name, { ansi: true, verbosity: 'debug' });
    const off = generateScenario(name, { ansi: false, verbosity: 'debug' });
    on.nodes.forEach((node, i) => {
      const plain = Array.from(off.nodes[i]?.lines ?? []);
      const coloured = Array.from(node.lines);
      expect(coloured.some((line) => line.includes('\x1b['))).toBe(true);
      expect(plain.some((line) => line.includes('\x1b['))).toBe(false);
      expect(coloured.map(strip)).toEqual(plain);
    });
  });

  it('bench lines: ANSI on and off agree after stripping', () => {
    const on = Array.from(generateBenchLog({ lines: 5000, ansi: true }));
    expect(on.map(strip)).toEqual(Array.from(generateBenchLog({ lines: 5000, ansi: false })));
  });

  it('reproduces the sample’s exact bytes for lines with the same values (levels, spans, fields, emoji)', () => {
    const sample = readFileSync(SAMPLE_ANSI, 'utf8').split('\n').filter((l) => l !== '').map(withoutTime);
    const generated = new Set(Array.from(generateScenario('v2.2.1-storm').nodes[0]?.lines ?? []).map(withoutTime));
    const found = sample.filter((line) => generated.has(line));
    // Span line, structured-field line, WARN, emoji lines: byte-identical to the real format.
    for (const needle of ['\x1b[1mrecover\x1b[0m\x1b[1m{\x1b[0m\x1b[3mdata_dir', '\x1b[3mrestored_count\x1b[0m\x1b[2m=\x1b[0m0', '\x1b[33m WARN\x1b[0m', '👑 Leader proposing']) {
      expect(found.some((line) => line.includes(needle)), needle).toBe(true);
    }
    // Most of the sample's lines (all but value-dependent ones such as commit indexes) exist verbatim.
    expect(found.length / sample.length).toBeGreaterThan(0.8);
  });

  it('uses the level colours of §1.2', () => {
    const lines = Array.from(generateScenario('v2.10-failover', { verbosity: 'debug' }).nodes[1]?.lines ?? []);
    const levels = new Set(lines.map((line) => /^\x1b\[2m[^\x1b]+\x1b\[0m (\x1b\[\d+m[ A-Z]{5}\x1b\[0m) /.exec(line)?.[1]));
    expect(levels).toEqual(new Set(['\x1b[32m INFO\x1b[0m', '\x1b[33m WARN\x1b[0m', '\x1b[31mERROR\x1b[0m', '\x1b[34mDEBUG\x1b[0m']));
  });

  it('escapes C1 controls in messages like tracing-subscriber 0.3.20 (the v2.10.4 mojibake line)', () => {
    const lines = Array.from(generateScenario('v2.10-failover', { ansi: false }).nodes[0]?.lines ?? []);
    expect(lines.some((line) => line.endsWith('INFO chronik_server::cluster::server_setup: â\\u{9c}\\u{93} IntegratedKafkaServer initialized successfully (builder pattern)'))).toBe(true);
  });
});
