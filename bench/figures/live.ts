// Figures 3 and 4 (serve as a child): live latency of one appended line, and sustained tailing at a fixed rate.

import { appendFileSync, closeSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { renderRecord, type CorpusInfo } from '../corpus.js';
import { percentile, median } from '../run.js';
import { sampleSum, sleep, startServe } from '../serve-process.js';
import type { BenchContext, FigureResult } from './types.js';

const LINES = 'chronik_log_exporter_lines_total';
const BYTES = 'chronik_log_exporter_bytes_total';

/** Figure 3: append one line after a gap drawn from 0–100 ms, then scrape until the line counter moves. */
export async function measureLatency(ctx: BenchContext, samples: number, seed: number): Promise<FigureResult> {
  const file = join(ctx.tmp, 'latency', 'node1.log');
  mkdirSync(join(ctx.tmp, 'latency'), { recursive: true });
  writeFileSync(file, '');
  const serve = await startServe(ctx.root, ['--log.path', file]);
  try {
    let seen = sampleSum((await serve.scrape()).body, LINES);
    const latencies: number[] = [];
    const scrapeMs: number[] = [];
    let state = seed >>> 0;
    const random = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
    for (let i = 0; i < samples; i++) {
      await sleep(random() * 100);
      const line = renderRecord({ level: 'INFO', target: 'chronik_server::raft_cluster', message: `✓ Persisted HardState: term=2, vote=1, commit=${i}`, fields: [], continuation: [] }, Date.now() * 1000, true);
      appendFileSync(file, `${line}\n`);
      const t0 = performance.now();
      for (;;) {
        const { body, ms } = await serve.scrape();
        scrapeMs.push(ms);
        const now = sampleSum(body, LINES);
        if (now > seen) {
          seen = now;
          latencies.push(performance.now() - t0);
          break;
        }
        if (performance.now() - t0 > 10_000) throw new Error(`Expected line ${i} on /metrics within 10 s`);
      }
    }
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const max = Math.max(...latencies);
    return {
      rows: [
        { figure: '3', metric: `live latency p50 (${samples} lines)`, value: p50, unit: 'ms', target: '< 10', holds: p50 < 10 },
        { figure: '3', metric: 'live latency p99', value: p99, unit: 'ms', target: '< 50', holds: p99 < 50 },
        { figure: '3', metric: 'live latency max', value: max, unit: 'ms' },
      ],
      data: { samples, p50, p99, max, scrapeMedianMs: median(scrapeMs) },
    };
  } finally {
    await serve.stop();
  }
}

/**
 * Figure 4: a writer appends the corpus's bytes at `rate` lines/s (in 10 ms steps) for `seconds`; each second the
 * exporter's byte counter gives the lag. Reports max lag, the time to drain after the writer stops, CPU % and RSS.
 */
export async function measureSustained(ctx: BenchContext, source: CorpusInfo, rate: number, seconds: number): Promise<FigureResult> {
  mkdirSync(join(ctx.tmp, 'sustained'), { recursive: true });
  const file = join(ctx.tmp, 'sustained', 'node1.log');
  writeFileSync(file, '');
  const bytesPerLine = source.bytes / source.lines;
  const byteRate = rate * bytesPerLine;
  const serve = await startServe(ctx.root, ['--log.path', file]);
  let input = openSync(source.path, 'r');
  const output = openSync(file, 'a');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let written = 0;
  const append = (bytes: number): void => {
    let left = bytes;
    while (left > 0) {
      let n = readSync(input, buffer, 0, Math.min(left, buffer.length), null);
      if (n === 0) {
        // Wrapped around the source corpus: start it again (a restart in the log, as far as the exporter knows).
        closeSync(input);
        input = openSync(source.path, 'r');
        n = readSync(input, buffer, 0, Math.min(left, buffer.length), null);
      }
      writeSync(output, buffer, 0, n);
      written += n;
      left -= n;
    }
  };
  try {
    const samples: { t: number; lagBytes: number; cpuPercent: number; rssMiB: number }[] = [];
    const cpu0 = serve.cpuSeconds();
    const start = performance.now();
    let lastSample = start;
    let lastCpu = cpu0;
    while (performance.now() - start < seconds * 1000) {
      const due = Math.floor(((performance.now() - start) / 1000) * byteRate);
      if (due > written) append(due - written);
      if (performance.now() - lastSample >= 1000) {
        const { body } = await serve.scrape();
        const now = performance.now();
        const cpu = serve.cpuSeconds();
        samples.push({ t: (now - start) / 1000, lagBytes: written - sampleSum(body, BYTES), cpuPercent: ((cpu - lastCpu) / ((now - lastSample) / 1000)) * 100, rssMiB: serve.rssMiB() });
        lastSample = now;
        lastCpu = cpu;
      }
      await sleep(10);
    }
    const elapsed = (performance.now() - start) / 1000;
    const cpuPercent = ((serve.cpuSeconds() - cpu0) / elapsed) * 100;
    // The steps cut lines anywhere; the exporter counts a line's bytes once the line is complete: finish the last one.
    const tail = Buffer.allocUnsafe(64 * 1024);
    const n = readSync(input, tail, 0, tail.length, null);
    const newline = tail.subarray(0, n).indexOf(10);
    if (newline >= 0) {
      writeSync(output, tail, 0, newline + 1);
      written += newline + 1;
    }
    const stopAt = performance.now();
    let drainSeconds = Number.NaN;
    while (performance.now() - stopAt < 120_000) {
      const { body } = await serve.scrape();
      if (sampleSum(body, BYTES) >= written) {
        drainSeconds = (performance.now() - stopAt) / 1000;
        break;
      }
      await sleep(20);
    }
    const maxLag = Math.max(0, ...samples.map((s) => s.lagBytes));
    const lastHalf = samples.slice(Math.floor(samples.length / 2));
    const maxLagLastHalf = Math.max(0, ...lastHalf.map((s) => s.lagBytes));
    const achieved = written / bytesPerLine / elapsed;
    return {
      rows: [
        { figure: '4', metric: `sustained ${rate} lines/s × ${seconds} s: written`, value: achieved, unit: 'lines/s' },
        { figure: '4', metric: 'sustained: max lag', value: maxLag / bytesPerLine, unit: 'lines' },
        { figure: '4', metric: 'sustained: max lag, second half', value: maxLagLastHalf / bytesPerLine, unit: 'lines' },
        { figure: '4', metric: 'sustained: drain after the writer stops', value: drainSeconds, unit: 's' },
        { figure: '4', metric: 'sustained: exporter CPU', value: cpuPercent, unit: '%' },
        { figure: '4', metric: 'sustained: peak RSS', value: serve.peakRssMiB(), unit: 'MiB' },
      ],
      data: { rate, seconds, achievedLinesPerSecond: achieved, writtenBytes: written, maxLagBytes: maxLag, maxLagLastHalfBytes: maxLagLastHalf, drainSeconds, cpuPercent, peakRssMiB: serve.peakRssMiB(), samples },
    };
  } finally {
    closeSync(input);
    closeSync(output);
    await serve.stop();
  }
}
