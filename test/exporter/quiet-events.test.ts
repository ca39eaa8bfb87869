// Events that only count are never built (the assembler's `quiet` path): the exposition must be the one the full
// path gives (every event built, decoded and classified), whatever the input and however it is cut into pushes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExporter } from '../../src/exporter/index.js';
import { generateBenchLog, generateScenario, scenarioNames } from '../../src/scenarios/index.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
const LINES = join(import.meta.dirname, '../fixtures/lines');

/**
 * The exposition after feeding `text` as one file in pieces of `piece` bytes. `full` adds a hook that sees every
 * event, which turns the quiet path (and undecoded messages) off.
 */
async function exposition(text: string, piece: number, full: boolean, counting = true): Promise<string> {
  const exporter = createExporter({
    maxLineBytes: 65_536, stabilityWindowSeconds: 10, maxPartitions: 10_000, defaultMetrics: false, version: 'test',
    ...(full ? { onEvent: () => undefined } : {}),
  });
  const source = exporter.source({ name: 'node.log' });
  const reader = source.file('node.log');
  const bytes = Buffer.from(text);
  // Cut the history/live boundary in the middle when not counting throughout.
  for (let at = 0; at < bytes.length; at += piece) reader.push(bytes.subarray(at, at + piece), counting || at > bytes.length / 2);
  reader.end();
  source.release();
  return exporter.metrics.registry.metrics();
}

async function expectSame(text: string, pieces: readonly number[] = [1 << 20, 4096, 97]): Promise<void> {
  for (const piece of pieces) {
    const quiet = await exposition(text, piece, false);
    expect(quiet).toBe(await exposition(text, piece, true));
  }
}

describe('quiet events (counted without being built)', () => {
  it('the bench log, coloured and NO_COLOR, in pushes of any size', async () => {
    const coloured = [...generateBenchLog({ lines: 20_000 })].join('\n');
    expect(coloured).toContain('Caused by:'); // continuation lines after quiet lines
    await expectSame(coloured);
    await expectSame([...generateBenchLog({ lines: 5000, ansi: false })].join('\n'), [1 << 20, 61]);
  });

  it.each(scenarioNames)('scenario %s: node ids learnt late, restarts, panics', async (name) => {
    for (const ansi of [true, false]) {
      for (const node of generateScenario(name, { ansi, verbosity: 'debug' }).nodes) await expectSame(`${[...node.lines].join('\n')}\n`, [1 << 20, 333]);
    }
  });

  it('history then live, and the fixture logs (samples, multi-line, fields, panics, noise)', async () => {
    const bench = [...generateBenchLog({ lines: 4000 })].join('\n');
    expect(await exposition(bench, 4096, false, false)).toBe(await exposition(bench, 4096, true, false));
    for (const dir of [SAMPLES, LINES]) {
      for (const file of ['v2.2.1-node1-leader.ansi.log', 'v2.2.1-node2-follower.log', 'v2.10.4-node2-failover-excerpt.log', 'caused-by.log', 'fields.ansi.log', 'panic.log', 'stderr-noise.log', 'bracketed.log']) {
        let text: string;
        try {
          text = readFileSync(join(dir, file), 'utf8');
        } catch {
          continue; // the file is in the other directory
        }
        await expectSame(text, [1 << 20, 7]);
      }
    }
  });
});
