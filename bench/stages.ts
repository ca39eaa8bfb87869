// In-process cost of each pipeline stage on one file (a profiling aid, not a figure): splitter only, + event
// assembler, + classifier (both as the exporter runs them: messages left in bytes), then the whole exporter.
// Usage: node dist/bench/stages.js FILE [ROUNDS] [STAGE,…]

import { readFileSync } from 'node:fs';
import { createClassifier } from '../src/chronik/index.js';
import { createExporter } from '../src/exporter/index.js';
import { createEventAssembler, createLineSplitter, type LogEvent } from '../src/lines/index.js';

const CHUNK = 64 * 1024;

function chunks(data: Buffer, each: (chunk: Buffer) => void): void {
  for (let at = 0; at < data.length; at += CHUNK) each(data.subarray(at, at + CHUNK));
}

/** Splitter and assembler as the exporter wires them: messages left in bytes, settled after each chunk. */
function pipeline(data: Buffer, onEvent: (event: LogEvent) => void): void {
  const a = createEventAssembler({ onEvent, onUnparsed() {}, undecodedMessages: true });
  const s = createLineSplitter({ maxLineBytes: 65_536, onLine: (l) => a.line(l), onLineBytes: (b, from, to) => a.lineBytes(b, from, to), onTooLong() {}, onNulSkipped() {} });
  chunks(data, (c) => {
    s.push(c);
    a.settle();
  });
  s.end();
  a.flush();
}

const STAGES: Record<string, (data: Buffer) => number> = {
  splitter(data) {
    let n = 0;
    const s = createLineSplitter({ maxLineBytes: 65_536, onLine: () => { n++; }, onTooLong() {}, onNulSkipped() {} });
    chunks(data, (c) => s.push(c));
    s.end();
    return n;
  },
  assembler(data) {
    let n = 0;
    pipeline(data, () => { n++; });
    return n;
  },
  classifier(data) {
    let n = 0;
    const classifier = createClassifier({});
    pipeline(data, (e) => { n += classifier.classify(e).length; });
    return n;
  },
  exporter(data) {
    const e = createExporter({ maxLineBytes: 65_536, stabilityWindowSeconds: 10, maxPartitions: 10_000, defaultMetrics: false, version: 'bench' });
    const source = e.source({ name: 'x' });
    const reader = source.file('x');
    chunks(data, (c) => reader.push(c, true));
    reader.end();
    source.release();
    return e.nodes().length;
  },
};

function main(path: string, rounds: number, only: string | undefined): void {
  const data = readFileSync(path);
  let lines = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 10) lines++;
  for (const [name, stage] of Object.entries(STAGES)) {
    if (only !== undefined && !only.split(',').includes(name)) continue;
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = process.cpuUsage();
      stage(data);
      const t = process.cpuUsage(t0);
      times.push((t.user + t.system) / lines);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`${name.padEnd(12)} ${(times[0] ?? 0).toFixed(2)} µs/line best, ${(times[times.length >> 1] ?? 0).toFixed(2)} median (CPU)\n`);
  }
}

main(process.argv[2] ?? '', Number(process.argv[3] ?? 5), process.argv[4]);
