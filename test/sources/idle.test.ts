// 500 watched files, nothing written: the exporter's own CPU stays near zero (inotify; the safety poll once a
// second). A measurement with a generous bound, not a benchmark.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSources, tempDir } from './harness.js';

describe('file sources: idle cost', () => {
  it('keeps CPU near zero with 500 idle files (default 1 s safety poll)', async () => {
    const dir = await tempDir();
    for (let i = 0; i < 500; i += 1) writeFileSync(path.join(dir, `node${i}.log`), `2026-11-26T12:00:00.000000Z  INFO chronik_server: file ${i}\n`);
    const { sources } = startSources({ sources: [{ name: 'many', paths: [path.join(dir, '*.log')] }], pollIntervalMs: 1000 });
    await sources.ready;
    expect(sources.status()).toHaveLength(500);
    // The measured intervals themselves (not waits for a result): the test process idles at some CPU of its
    // own (vitest), measured first while the sources are closed, then three safety polls with them open.
    const measure = async (ms: number) => {
      const before = process.cpuUsage();
      const started = performance.now();
      await new Promise((resolve) => setTimeout(resolve, ms));
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000 / (performance.now() - started);
    };
    const withSources = await measure(3000);
    await sources.close();
    const baseline = await measure(1000);
    const share = Math.max(0, withSources - baseline);
    console.info(`500 idle files: ${(share * 100).toFixed(2)} % of one core (test process alone: ${(baseline * 100).toFixed(2)} %)`);
    expect(share).toBeLessThan(0.05);
  }, 30_000);
});
