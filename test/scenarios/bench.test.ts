// generateBenchLog: exact line count, size and mix as promised, streaming.
import { describe, expect, it } from 'vitest';
import { generateBenchLog } from '../../src/scenarios/index.js';
import { strip } from './helpers.js';

const LEADERSHIP = /raft::raft|leader_election|Cluster leadership changed|cluster leader|Lost cluster leadership|HardState|Cannot propose/;

describe('generateBenchLog', () => {
  it.each([0, 1, 7, 12_345])('yields exactly %i lines', (lines) => {
    expect(Array.from(generateBenchLog({ lines }))).toHaveLength(lines);
  });

  it('averages ~240 bytes a line with ANSI, ~10 % leadership lines, with multi-line messages, emoji and restarts', () => {
    let bytes = 0;
    let leadership = 0;
    let continuation = 0;
    let emoji = 0;
    let banners = 0;
    const total = 200_000;
    for (const line of generateBenchLog({ lines: total })) {
      bytes += Buffer.byteLength(line) + 1;
      const plain = strip(line);
      if (LEADERSHIP.test(plain)) leadership++;
      if (!/^\d{4}-/.test(plain)) continuation++;
      if (/[✅❌⏱👑⚠]/u.test(plain)) emoji++;
      if (plain.includes('Chronik Server v2.2.1')) banners++;
    }
    expect(bytes / total).toBeGreaterThan(215);
    expect(bytes / total).toBeLessThan(265);
    expect(leadership / total).toBeGreaterThan(0.07);
    expect(leadership / total).toBeLessThan(0.13);
    expect(continuation).toBeGreaterThan(100);
    expect(emoji).toBeGreaterThan(1000);
    expect(banners).toBeGreaterThanOrEqual(1);
  });

  it('rejects a bad line count', () => {
    expect(() => Array.from(generateBenchLog({ lines: -1 }))).toThrow(/`lines`/);
  });
});
