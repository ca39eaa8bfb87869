// A/B of the whole in-process pipeline between two builds (e.g. a worktree of the previous commit and this
// one), rounds interleaved so that a busy machine slows both alike; reports the best and median CPU µs/line.
// Usage: node dist/bench/ab.js FILE DIST_A DIST_B [ROUNDS]

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ExporterModule {
  createExporter(options: { maxLineBytes: number; stabilityWindowSeconds: number; maxPartitions: number; defaultMetrics: boolean; version: string }): {
    source(config: { name: string }): { file(path: string): { push(chunk: Buffer, counting: boolean): void; end(): void }; release(): void };
  };
}

async function load(dist: string): Promise<ExporterModule> {
  return (await import(pathToFileURL(resolve(dist, 'src/exporter/index.js')).href)) as ExporterModule; // a build of this repo
}

function runOnce(m: ExporterModule, data: Buffer): void {
  const e = m.createExporter({ maxLineBytes: 65_536, stabilityWindowSeconds: 10, maxPartitions: 10_000, defaultMetrics: false, version: 'ab' });
  const source = e.source({ name: 'x' });
  const reader = source.file('x');
  for (let at = 0; at < data.length; at += 65_536) reader.push(data.subarray(at, at + 65_536), true);
  reader.end();
  source.release();
}

async function main(file: string, a: string, b: string, rounds: number): Promise<void> {
  const data = readFileSync(file);
  let lines = 0;
  for (const byte of data) if (byte === 10) lines++;
  const mods = [await load(a), await load(b)];
  const times: number[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const mod = mods[i];
      if (mod === undefined) continue;
      const t0 = process.cpuUsage();
      runOnce(mod, data);
      const t = process.cpuUsage(t0);
      times[i]?.push((t.user + t.system) / lines);
    }
  }
  for (const [i, name] of [a, b].entries()) {
    const sorted = [...(times[i] ?? [])].sort((x, y) => x - y);
    process.stdout.write(`${name}: best ${(sorted[0] ?? 0).toFixed(2)} µs/line, median ${(sorted[sorted.length >> 1] ?? 0).toFixed(2)}\n`);
  }
}

await main(process.argv[2] ?? '', process.argv[3] ?? '', process.argv[4] ?? '', Number(process.argv[5] ?? 10));
