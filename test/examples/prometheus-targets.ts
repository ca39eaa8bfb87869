// Runs a real Prometheus on a given configuration file and reads its targets after relabeling: what a recipe's
// relabel_configs do, proven by the program that applies them (targets need not be reachable for that).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../monitoring/prometheus-harness.js';

export interface Target {
  readonly discoveredLabels: Record<string, string>;
  /** Labels after relabeling (active targets only). */
  readonly labels: Record<string, string>;
  readonly scrapePool: string;
}

export interface Targets {
  readonly active: readonly Target[];
  readonly dropped: readonly Target[];
}

interface TargetsResponse {
  data: { activeTargets: Target[]; droppedTargets: { discoveredLabels: Record<string, string> }[] };
}

/**
 * Starts Prometheus on `configFile`, waits until `settled(targets)` holds (discovery is asynchronous), stops it
 * and returns the targets. Rejects with Prometheus' output when it does not start or never settles.
 */
export async function prometheusTargets(configFile: string, settled: (t: Targets) => boolean, timeoutMs = 20_000): Promise<Targets> {
  const dir = await mkdtemp(join(tmpdir(), 'cle-examples-prometheus-'));
  const port = await freePort();
  let output = '';
  const child = spawn('prometheus', [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const deadline = Date.now() + timeoutMs;
    let last: Targets | undefined;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Expected Prometheus to run on ${configFile}, it exited ${child.exitCode}:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/targets?state=any`);
        const body = (await response.json()) as TargetsResponse;
        last = {
          active: body.data.activeTargets,
          dropped: body.data.droppedTargets.map((t) => ({ discoveredLabels: t.discoveredLabels, labels: {}, scrapePool: t.discoveredLabels.job ?? '' })),
        };
        if (settled(last)) return last;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Expected Prometheus' targets to settle within ${timeoutMs} ms, last seen ${JSON.stringify(last)}\n${output}`);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}
