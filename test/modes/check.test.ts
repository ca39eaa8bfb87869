// check mode: verdicts from the logs, and INCONCLUSIVE where a log is too short to know.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { check, formatCheck, type CheckRow } from '../../src/modes/check.js';

const root = join(import.meta.dirname, '..', '..');
const config = validateConfig({}, '(test)');
const samples = join(root, 'test/fixtures/samples');
const row = (rows: readonly CheckRow[], prefix: string): CheckRow => {
  const r = rows.find((x) => x.check.startsWith(prefix));
  if (r === undefined) throw new Error(`no row ${prefix}`);
  return r;
};

describe('check', () => {
  it('fails the v2.2.1 follower log: the storm the 15-second report missed', async () => {
    const result = await check([join(samples, 'v2.2.1-node2-follower.log')], { config });
    expect(result.exitCode).toBe(1);
    const failed = row(result.rows, 'Zero failed partition elections');
    expect(failed.verdict).toBe('FAIL');
    expect(failed.count).toBe(4);
    expect(failed.first?.node).toBe('2');
    expect(row(result.rows, 'Zero "Cannot propose"').verdict).toBe('FAIL');
    expect(row(result.rows, 'Leadership stable within 15 s').verdict).toBe('PASS');
    const end = row(result.rows, 'Leadership still stable');
    expect(end.verdict).toBe('FAIL');
    expect(end.evidence).toContain('2025-11-08T10:15:37.198907Z');
    expect(formatCheck(result, { json: false, timeline: false })).toContain('Overall: FAIL');
  });

  it('does not claim a pass on the 11-second leader log', async () => {
    const result = await check([join(samples, 'v2.2.1-node1-leader.log')], { config });
    expect(result.exitCode).toBe(3);
    expect(result.rows.some((r) => r.verdict === 'FAIL')).toBe(false);
    expect(row(result.rows, 'Raft leader elected').evidence).toContain('term 2');
    expect(row(result.rows, 'Exactly one metadata initializer').verdict).toBe('PASS');
    expect(row(result.rows, 'Zero failed partition elections').verdict).toBe('INCONCLUSIVE');
    expect(row(result.rows, 'Leadership still stable').verdict).toBe('INCONCLUSIVE');
    const text = formatCheck(result, { json: false, timeline: false });
    expect(text).toMatch(/let the cluster run at least \d+ s longer/);
  });

  it('fails when two nodes initialise metadata (v2.2.0 bug), with a merged timeline', async () => {
    const result = await check([
      join(samples, 'v2.2.1-node1-leader.log'),
      join(root, 'test/fixtures/golden/era-a-v2.2.0-bug-follower.log'),
    ], { config });
    expect(result.exitCode).toBe(1);
    const init = row(result.rows, 'Exactly one metadata initializer');
    expect(init.verdict).toBe('FAIL');
    expect(init.evidence).toContain('2 nodes');
    expect(row(result.rows, 'Zero partition proposal failures').count).toBe(3);
    const json: unknown = JSON.parse(formatCheck(result, { json: true, timeline: true }));
    expect(json).toMatchObject({ exitCode: 1 });
    const times = result.timeline.map((o) => o.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(result.timeline.map((o) => o.node))).toEqual(new Set(['1', '3']));
  });

  it('passes a healthy v2.10 log that ran long enough', async () => {
    const result = await check([join(root, 'test/fixtures/golden/era-c-v2.10-stepdown-restart.log')], { config });
    expect(row(result.rows, 'Zero failed partition elections').verdict).toBe('INCONCLUSIVE'); // 25 s after its last startup
    expect(row(result.rows, 'Leadership stable within 15 s').verdict).toBe('PASS');
  });
});
