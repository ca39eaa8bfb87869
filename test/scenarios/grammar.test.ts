// Every generated line is a tracing "Full" line (§0.2 grammar after stripping ANSI), a continuation of one,
// or Rust panic output; timestamps never go backwards within a file.
import { describe, expect, it } from 'vitest';
import { generateBenchLog, generateScenario, scenarioNames, type Verbosity } from '../../src/scenarios/index.js';
import { HEADER, LINE, PANIC, strip } from './helpers.js';

const NOTE = /^note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace$/;

/** Classifies each stripped line; returns the problems found. */
function grammarProblems(lines: Iterable<string>): string[] {
  const problems: string[] = [];
  let previous = '';
  let state: 'start' | 'event' | 'panic-header' | 'panic-body' = 'start';
  for (const raw of lines) {
    const line = strip(raw);
    const header = HEADER.exec(line);
    if (header !== null) {
      if (!LINE.test(line)) problems.push(`header without target/message: ${line}`);
      const ts = header[1] ?? '';
      if (ts < previous) problems.push(`time goes back: ${previous} → ${ts}`);
      previous = ts;
      state = 'event';
    } else if (PANIC.test(line)) {
      state = 'panic-header';
    } else if (state === 'panic-header') {
      if (!/, raft_id: \d+$/.test(line)) problems.push(`panic message expected after header: ${line}`);
      state = 'panic-body';
    } else if (state === 'panic-body' && NOTE.test(line)) {
      state = 'panic-body';
    } else if (state === 'event' && (line === '' || /^\s/.test(line) || line.startsWith('Caused by:'))) {
      // continuation line of a multi-line message
    } else {
      problems.push(`neither header, continuation nor panic: ${JSON.stringify(line)}`);
    }
  }
  return problems;
}

const VERBOSITIES: readonly Verbosity[] = ['info', 'debug'];

describe('line grammar', () => {
  const cases = scenarioNames.flatMap((name) => VERBOSITIES.map((verbosity) => [name, verbosity] as const));
  it.each(cases)('%s (%s): every line parses and time is monotonic per file', (name, verbosity) => {
    const scenario = generateScenario(name, { verbosity, durationSeconds: 120, noiseLines: 200 });
    for (const node of scenario.nodes) {
      expect(grammarProblems(node.lines), `${name} ${node.fileName}`).toEqual([]);
    }
  });

  it('five-node clusters parse as well', () => {
    for (const name of scenarioNames) {
      for (const node of generateScenario(name, { nodes: 5 }).nodes) expect(grammarProblems(node.lines)).toEqual([]);
    }
  });

  it('generateBenchLog lines parse and are monotonic', () => {
    expect(grammarProblems(generateBenchLog({ lines: 60_000 }))).toEqual([]);
  });

  it('the checker rejects a malformed line, a stray line and a time jump', () => {
    const good = '2025-11-08T10:15:05.322442Z  INFO raft::raft: became leader at term 2, raft_id: 1, term: 2';
    expect(grammarProblems([good, 'garbage without header'])).toHaveLength(1);
    expect(grammarProblems(['2025-11-08T10:15:05.322442Z  INFO no target here'])).toHaveLength(1);
    expect(grammarProblems([good, good.replace('05.322442', '04.000000')])).toHaveLength(1);
  });
});
