// Normalises caller options once into a frozen, validated value.
import type { ResolvedScenarioOptions, ScenarioOptions } from './types.js';

/** Defaults of every option. */
export const DEFAULT_OPTIONS = Object.freeze({
  durationSeconds: 90,
  nodes: 3,
  ansi: true,
  verbosity: 'info',
  seed: 1,
  startTime: '2025-11-08T10:15:02Z',
  noiseLines: 0,
} as const);

function check(condition: boolean, name: string, expected: string, got: unknown): void {
  if (!condition) throw new TypeError(`Expected \`${name}\` to be ${expected}, got \`${String(got)}\``);
}

/** Applies defaults and validates; throws a TypeError naming the bad option. */
export function resolveOptions(options: ScenarioOptions = {}): ResolvedScenarioOptions {
  const durationSeconds = options.durationSeconds ?? DEFAULT_OPTIONS.durationSeconds;
  const nodes = options.nodes ?? DEFAULT_OPTIONS.nodes;
  const ansi = options.ansi ?? DEFAULT_OPTIONS.ansi;
  const verbosity = options.verbosity ?? DEFAULT_OPTIONS.verbosity;
  const seed = options.seed ?? DEFAULT_OPTIONS.seed;
  const startTime = options.startTime ?? DEFAULT_OPTIONS.startTime;
  const noiseLines = options.noiseLines ?? DEFAULT_OPTIONS.noiseLines;
  check(Number.isFinite(durationSeconds) && durationSeconds > 0, 'durationSeconds', 'a positive number of seconds', durationSeconds);
  check(Number.isInteger(nodes) && nodes >= 2 && nodes <= 9, 'nodes', 'an integer from 2 to 9', nodes);
  check(typeof ansi === 'boolean', 'ansi', 'a boolean', ansi);
  check(verbosity === 'info' || verbosity === 'debug', 'verbosity', "'info' or 'debug'", verbosity);
  check(Number.isFinite(seed), 'seed', 'a finite number', seed);
  const startMillis = Date.parse(startTime);
  check(Number.isFinite(startMillis), 'startTime', 'an ISO date-time', startTime);
  check(Number.isInteger(noiseLines) && noiseLines >= 0, 'noiseLines', 'a non-negative integer', noiseLines);
  return Object.freeze({ durationSeconds, nodes, ansi, verbosity, seed, startTime, noiseLines, startMicros: startMillis * 1000 });
}
