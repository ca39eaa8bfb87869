// Shared pieces of the server tests: a small registry with each metric type, a captured logger, a polling wait.

import { Writable } from 'node:stream';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { pino, type Logger } from 'pino';
import type { LandingData } from '../../src/server/index.js';

export function sampleRegistry(): Registry {
  const registry = new Registry();
  const c = new Counter({ name: 'demo_events_total', help: 'Events "seen".\nSecond line.', labelNames: ['kind'], registers: [registry] });
  c.inc({ kind: 'a"b\\c\nd' }, 3);
  new Gauge({ name: 'demo_temperature_celsius', help: 'A gauge.', registers: [registry] }).set(21.5);
  const h = new Histogram({ name: 'demo_duration_seconds', help: 'A histogram.', buckets: [1, 15], registers: [registry] });
  h.observe(0.5);
  h.observe(20);
  return registry;
}

/** A pino logger whose JSON lines land in `lines`. */
export function capturedLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>); // pino writes JSON lines
      callback();
    },
  });
  return { logger: pino({ level: 'debug', base: null }, sink), lines };
}

export const emptyLanding = (): LandingData => ({ version: '0.0.0-test', telemetryPath: '/metrics', ready: true, files: [], nodes: [] });

export { waitFor } from '../helpers/wait-for.js';
