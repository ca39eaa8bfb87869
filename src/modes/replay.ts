// `replay FILE...`: log files in, exposition out.

import type { Config } from '../config/index.js';
import { readFiles } from './read-files.js';

export interface ReplayOptions {
  readonly config: Readonly<Config>;
  readonly format: 'text' | 'json';
  readonly readAhead?: 'auto' | 'on' | 'off';
}

/** Reads the files and returns the exposition (Prometheus text format, or prom-client's JSON). */
export async function replay(files: readonly string[], options: ReplayOptions): Promise<string> {
  const exporter = await readFiles(files, { config: options.config, ...(options.readAhead === undefined ? {} : { readAhead: options.readAhead }) });
  const registry = exporter.metrics.registry;
  if (options.format === 'json') return `${JSON.stringify(await registry.getMetricsAsJSON(), null, 2)}\n`;
  return registry.metrics();
}
