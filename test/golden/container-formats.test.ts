// format: cri | docker-json: a chronik log wrapped by a container runtime (partial pieces included) gives exactly
// the metrics of the raw log.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { replay } from '../../src/modes/replay.js';

const root = join(import.meta.dirname, '..', '..');
const raw = readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node1-leader.ansi.log'), 'utf8').split('\n').filter((l) => l !== '');
const dir = mkdtempSync(join(tmpdir(), 'cle-container-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pieces of at most 80 UTF-16 units (runtimes split long lines; a piece must not end inside a surrogate pair). */
function pieces(line: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < line.length) {
    let end = Math.min(line.length, at + 80);
    const code = line.charCodeAt(end - 1);
    if (end < line.length && code >= 0xd800 && code <= 0xdbff) end--;
    out.push(line.slice(at, end));
    at = end;
  }
  return out.length === 0 ? [''] : out;
}

const time = (i: number) => `2025-11-08T10:15:${String(i % 60).padStart(2, '0')}.000000001Z`;
const cri = raw.flatMap((line, i) => pieces(line).map((p, k, all) => `${time(i)} stdout ${k === all.length - 1 ? 'F' : 'P'} ${p}`));
const docker = raw.flatMap((line, i) => pieces(line).map((p, k, all) => JSON.stringify({ log: k === all.length - 1 ? `${p}\n` : p, stream: 'stderr', time: time(i) })));

/** The chronik_log_* series only: the exporter's own line and byte counts differ by design (more physical lines). */
const chronikSeries = (text: string) => text.split('\n').filter((l) => l.startsWith('chronik_log_') && !l.startsWith('chronik_log_exporter_')).join('\n');

async function replayAs(lines: readonly string[], format: 'raw' | 'cri' | 'docker-json', name: string) {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return replay([file], { config: validateConfig({ sources: [{ paths: [file], format }] }, '(test)'), format: 'text' });
}

describe('container log formats', () => {
  it.each([['cri', cri], ['docker-json', docker]] as const)('%s unwraps to the raw log\'s metrics, split pieces joined', async (format, wrapped) => {
    expect(wrapped.length).toBeGreaterThan(raw.length); // some lines really were split
    const expected = chronikSeries(await replayAs(raw, 'raw', 'raw.log'));
    const text = await replayAs(wrapped, format, `${format}.log`);
    expect(chronikSeries(text)).toBe(expected);
    expect(text).toContain(`chronik_log_exporter_lines_unparsed_total{source="${join(dir, `${format}.log`)}"} 0`);
  });

  it('a wrapped file read as raw is all unparsed: the format setting matters', async () => {
    const text = await replayAs(cri, 'raw', 'cri-as-raw.log');
    expect(text).not.toContain('chronik_log_raft_term{');
  });
});
