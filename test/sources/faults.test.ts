// Faults: permission denied (counted, logged once, retried until readable) and an inotify queue overflow (the
// events are lost; the safety poll finds what they announced and counts the overflow). Never a crash.
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from './helpers.js';
import { startSources, tempDir } from './harness.js';

const NOBODY = 65534;

describe('file sources: faults', () => {
  it('permission denied: counted, logged once with its path, retried by the poll, read once readable', async () => {
    const dir = await tempDir();
    chmodSync(dir, 0o755);
    const file = path.join(dir, 'server.log');
    writeFileSync(file, 'line 1\n', { mode: 0o600 });
    chmodSync(file, 0o000);
    // root reads anything: drop the effective uid (the whole process, so this file's tests run one by one).
    const root = process.getuid?.() === 0;
    if (root) process.seteuid?.(NOBODY);
    try {
      const { sources, sink, log } = startSources({ sources: [{ name: 'node1', paths: [path.join(dir, '*.log')] }], pollIntervalMs: 30 });
      await sources.ready;
      await waitFor(() => sink.count('error') >= 3, 'the poll retrying');
      expect(sink.events.find((event) => event.type === 'error')).toMatchObject({ source: 'node1', code: 'EACCES' });
      const warnings = log.records.filter((record) => record['level'] === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ source: 'node1', op: 'open', path: file, code: 'EACCES' });
      if (root) process.seteuid?.(0);
      chmodSync(file, 0o644);
      if (root) process.seteuid?.(NOBODY);
      await waitFor(() => sink.texts().includes('line 1'), 'read once readable');
      expect(log.messages()).toContain(`${file} is readable again`);
      // It existed at start: once readable it is read as history, like any file found at startup.
      expect(sink.lines[0]?.history).toBe(true);
    } finally {
      if (root) process.seteuid?.(0);
    }
  });

  it('inotify queue overflow: the lost events are made up by the rescan, which counts the overflow', async () => {
    const dir = await tempDir();
    const junk = path.join(dir, 'junk.a');
    writeFileSync(junk, '');
    const { sources, sink, log } = startSources({ sources: [{ name: 'node1', paths: [path.join(dir, '*.log')] }], pollIntervalMs: 100 });
    await sources.ready;
    // The event loop stays blocked while 40 000 events (2 per rename) flood a queue of 16 384 (max_queued_events):
    // the kernel drops the rest, and libuv drops the overflow notice itself, so nothing says so directly.
    for (let i = 0; i < 20_000; i += 1) renameSync(i % 2 === 0 ? junk : `${junk}.b`, i % 2 === 0 ? `${junk}.b` : junk);
    writeFileSync(path.join(dir, 'late.log'), 'created while events were being dropped\n');
    await waitFor(() => sink.lines.length === 1, 'the rescan finds the file', 5000);
    await waitFor(() => sink.count('watcherOverflow') === 1, 'overflow counted once', 5000);
    expect(log.messages()).toContain('file events were lost (inotify queue overflow?); found by the rescan');
    expect(sink.violations).toEqual([]);
  });
});
