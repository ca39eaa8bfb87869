// Test helpers for lines/: the real sample logs and fixtures, and the splitter + assembler wired as the exporter does.
// No test of lines/ asserts on timing: speed is the benchmark's business, a loaded CI machine would make it flaky.

import { readFileSync } from 'node:fs';
import { createEventAssembler, createLineSplitter, type LogEvent } from '../../src/lines/index.js';

/** The shared sample logs sit next to the repository (`../shared/samples`), as the issue references them. */
const samplesDir = new URL('../../../shared/samples/', import.meta.url);
const fixturesDir = new URL('../fixtures/lines/', import.meta.url);

/** All five shared samples. */
export const sampleNames = [
  'v2.2.1-node1-leader.ansi.log',
  'v2.2.1-node1-leader.log',
  'v2.2.1-node2-follower.log',
  'v2.10.4-node1-excerpt.log',
  'v2.10.4-node2-failover-excerpt.log',
] as const;

/** A shared sample log's bytes. */
export function readSample(name: string): Buffer {
  return readFileSync(new URL(name, samplesDir));
}

/** A fixture from test/fixtures/lines/. */
export function readFixture(name: string): Buffer {
  return readFileSync(new URL(name, fixturesDir));
}

/** Everything the splitter and assembler reported. */
export interface Assembled {
  events: LogEvent[];
  unparsed: string[];
  tooLong: number;
  nulSkipped: number;
}

/** Feeds `input` through splitter and assembler in chunks of `chunkSize` bytes, flushing at the end only. */
export function assemble(input: Buffer | string, chunkSize = Number.MAX_SAFE_INTEGER, maxLineBytes = 65_536): Assembled {
  const result: Assembled = { events: [], unparsed: [], tooLong: 0, nulSkipped: 0 };
  const assembler = createEventAssembler({
    onEvent: (event) => result.events.push(event),
    onUnparsed: (line) => result.unparsed.push(line),
  });
  const splitter = createLineSplitter({
    maxLineBytes,
    onLine: assembler.line,
    onTooLong: () => result.tooLong++,
    onNulSkipped: (bytes) => (result.nulSkipped += bytes),
  });
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  for (let start = 0; start < bytes.length; start += chunkSize) {
    splitter.push(bytes.subarray(start, start + chunkSize));
  }
  splitter.end();
  assembler.flush();
  return result;
}
