// replay reads files through one reused buffer: a file several reads long gives what its bytes give in one piece.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { createExporter } from '../../src/exporter/index.js';
import { replay } from '../../src/modes/replay.js';
import { generateBenchLog } from '../../src/scenarios/index.js';
import { VERSION } from '../../src/version.js';

const dir = mkdtempSync(join(tmpdir(), 'read-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readFiles', () => {
  it('reads a file of several MiB, lines straddling reads, as one piece of the same bytes', async () => {
    const file = join(dir, 'node1.log');
    // No trailing newline: the unterminated last line must still be read.
    writeFileSync(file, [...generateBenchLog({ lines: 14_000 })].join('\n'));
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);

    const config = validateConfig({}, '(test)');
    const expected = createExporter({ maxLineBytes: config.limits.max_line_bytes, stabilityWindowSeconds: config.leadership.stability_window, maxPartitions: config.limits.max_partitions, defaultMetrics: false, version: VERSION });
    const source = expected.source({ name: file });
    const reader = source.file(file);
    reader.push(bytes, true);
    reader.end();
    source.release();

    const text = await replay([file], { config, format: 'text' });
    expect(text).toContain(`chronik_log_exporter_lines_total{source="${file}"} 14000`);
    expect(text).toBe(await expected.metrics.registry.metrics());
  });
});
