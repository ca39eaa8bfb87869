// writeScenario: streams every node's log of a scenario to `<dir>/nodeN.log` without holding it in memory.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generateScenario } from './generate.js';
import type { ScenarioOptions } from './types.js';

/** Writes `lines` to `path`, one `\n`-terminated line each, honouring back-pressure. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const closed = once(out, 'close');
  let batch = '';
  for (const line of lines) {
    batch += `${line}\n`;
    if (batch.length >= 1 << 16) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await closed;
}

/**
 * Writes one file per node of scenario `name` into `dir` (created if needed) and returns their paths.
 * @example
 * const paths = await writeScenario('v2.2.1-storm', { nodes: 3 }, '/tmp/storm');
 */
export async function writeScenario(name: string, options: ScenarioOptions, dir: string): Promise<string[]> {
  const scenario = generateScenario(name, options);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const node of scenario.nodes) {
    const path = join(dir, node.fileName);
    await writeLines(path, node.lines);
    paths.push(path);
  }
  return paths;
}
