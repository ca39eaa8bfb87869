// The exporter holds metric writes back until it returns to its caller: how the input is cut into pushes must
// not show in the exposition, series order and the partition cap's choices included.

import { describe, expect, it } from 'vitest';
import { createExporter } from '../../src/exporter/index.js';
import { generateBenchLog } from '../../src/scenarios/index.js';

/** The exposition after feeding `pieces` one push each, as one file of one source. */
async function exposition(pieces: readonly Buffer[], maxPartitions: number, holdMetrics = false): Promise<string> {
  const exporter = createExporter({ maxLineBytes: 65_536, stabilityWindowSeconds: 10, maxPartitions, defaultMetrics: false, version: 'test', holdMetrics });
  const source = exporter.source({ name: 'node1.log' });
  const reader = source.file('node1.log');
  for (const piece of pieces) reader.push(piece, true);
  reader.end();
  source.release();
  return exporter.metrics.registry.metrics();
}

describe('batched metric writes', () => {
  // Spread the bench log's one busy partition over seven, so that a cap of 2 folds some.
  const lines = [...generateBenchLog({ lines: 6000 })].map((l, i) => Buffer.from(`${l.replaceAll('.v3-0', `.v3-${i % 7}`)}\n`));

  it.each([2, 10_000])('one push or one push per line: the same exposition (max_partitions %i)', async (maxPartitions) => {
    const whole = await exposition([Buffer.concat(lines)], maxPartitions);
    expect(whole).toContain('chronik_log_partition_elections_total{');
    if (maxPartitions === 2) expect(whole).toMatch(/chronik_log_exporter_series_dropped_total\{metric="chronik_log_partition_elections_total"\} [1-9]/);
    expect(await exposition(lines, maxPartitions)).toBe(whole);
  });

  it('held until the end of the file (replay and check): nothing written before, the same exposition after', async () => {
    const exporter = createExporter({ maxLineBytes: 65_536, stabilityWindowSeconds: 10, maxPartitions: 10_000, defaultMetrics: false, version: 'test', holdMetrics: true });
    const reader = exporter.source({ name: 'node1.log' }).file('node1.log');
    for (const line of lines) reader.push(line, true);
    const before = await exporter.metrics.registry.metrics();
    expect(before).not.toMatch(/chronik_log_events_total\{node_id="[^"]*",level="info"\} [1-9]/);
    expect(before).not.toContain('chronik_log_partition_elections_total{');
    for (const maxPartitions of [2, 10_000]) expect(await exposition(lines, maxPartitions, true)).toBe(await exposition(lines, maxPartitions));
  });
});
