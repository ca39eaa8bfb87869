// Step 2: identity, rotation, truncation, deletion. Each case drives real files; where the interleaving of
// reads and file operations must be exact, the operations run in one synchronous block between two polls.
import { appendFileSync, closeSync, copyFileSync, openSync, renameSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { appendFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor, type RecordingSink } from './helpers.js';
import { startSources, tempDir } from './harness.js';

const closedReasons = (sink: RecordingSink) => sink.events.flatMap((event) => (event.type === 'closed' ? [event.reason] : []));

describe('file sources: rotation, truncation, deletion', () => {
  it('rename + create: reads the renamed file to its end, keeps reading it while its writer writes, then the new file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    const fd = openSync(file, 'a');
    writeSync(fd, 'a1\na2\n');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }], rotateWaitMs: 150 });
    await sources.ready;
    renameSync(file, `${file}.1`); // logrotate `create`: the glob does not even match the renamed file
    writeFileSync(file, '');
    writeSync(fd, 'a3\n'); // chronik behind `>` keeps its descriptor: this line lands in the renamed file
    await waitFor(() => sink.texts().includes('a3'), 'line written to the renamed file');
    closeSync(fd); // postrotate: the writer reopens
    appendFileSync(file, 'b1\n');
    await waitFor(() => sink.texts().includes('b1'), 'line of the new file');
    await waitFor(() => closedReasons(sink).includes('rotated'), 'renamed file closed once idle for rotate_wait');
    expect(sink.texts()).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(sink.count('rotated')).toBe(1);
    expect(sources.status().map((status) => status.path)).toEqual([file]);
    expect(sink.violations).toEqual([]);
  });

  it('delete + recreate: reads the deleted file through its descriptor, closes it as deleted, reads the new one from 0', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    const fd = openSync(file, 'a');
    writeSync(fd, 'a1\n');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }], rotateWaitMs: 150 });
    await sources.ready;
    unlinkSync(file);
    writeSync(fd, 'a2\n');
    closeSync(fd);
    writeFileSync(file, 'b1\n');
    await waitFor(() => sink.texts().includes('b1') && sink.texts().includes('a2'), 'both files');
    await waitFor(() => closedReasons(sink).includes('deleted'), 'deleted file closed');
    expect(sink.texts()).toEqual(['a1', 'a2', 'b1']);
    expect(sink.events.filter((event) => event.type === 'open').map((event) => event.type === 'open' && event.info.history)).toEqual([true, false]);
    expect(sink.count('rotated')).toBe(1);
    expect(sink.violations).toEqual([]);
  });

  it('flushes a partial last line when its file is rotated away, and when it is deleted', async () => {
    const dir = await tempDir();
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    writeFileSync(a, 'whole\n');
    writeFileSync(b, '');
    const { sources, sink } = startSources({ sources: [{ name: 'logs', paths: [path.join(dir, '*.log')] }], rotateWaitMs: 100 });
    await sources.ready;
    appendFileSync(a, 'no newline yet');
    appendFileSync(b, 'nor here');
    await waitFor(() => sink.count('caughtUp') >= 2, 'partial lines read');
    expect(sink.texts()).toEqual(['whole']);
    renameSync(a, path.join(dir, 'a.old'));
    unlinkSync(b);
    await waitFor(() => closedReasons(sink).length === 2, 'both closed after rotate_wait');
    expect(closedReasons(sink).sort()).toEqual(['deleted', 'rotated']);
    expect(sink.texts().sort()).toEqual(['no newline yet', 'nor here', 'whole']);
  });

  for (const usePolling of [false, true]) {
    const mode = usePolling ? 'polling' : 'inotify';

    it(`copytruncate (${mode}): counts the truncation, reads the new content from 0, and the unread end from the copy`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'server.log');
      const line = (text: string) => `2026-11-26T12:00:00.000000Z  INFO chronik_server::main: ${text}\n`;
      writeFileSync(file, line('old1'));
      const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [`${file}*`] }], usePolling, pollIntervalMs: usePolling ? 40 : 60_000 });
      await sources.ready;
      // One synchronous block: lines the exporter has not read yet are copied away and truncated before it looks.
      appendFileSync(file, line('old2') + line('old3'));
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
      appendFileSync(file, line('new1'));
      await waitFor(() => sink.lines.length >= 4, () => `4 lines, got ${JSON.stringify(sink.texts())}`);
      await waitFor(() => sink.count('truncated') === 1, 'truncation');
      expect(sink.texts().map((text) => text.slice(-4)).sort()).toEqual(['new1', 'old1', 'old2', 'old3']);
      expect(sink.count('rotated')).toBe(0);
      const opens = sink.events.flatMap((event) => (event.type === 'open' ? [event] : []));
      expect(opens.find((event) => event.file.path === file && !event.info.history)).toMatchObject({ info: { offset: 0, history: false } });
      expect(opens.find((event) => event.file.path === `${file}.1`)).toMatchObject({ info: { offset: line('old1').length, history: false } });
      expect(sink.violations).toEqual([]);
    });

    it(`shell \`>\` truncate-and-rewrite past the old offset (${mode}): detected by the first bytes, read from 0`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'server.log');
      writeFileSync(file, 'first run line 1\n');
      const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }], usePolling, pollIntervalMs: usePolling ? 40 : 60_000 });
      await sources.ready;
      writeFileSync(file, 'second run, a longer first line\nsecond run line 2\n'); // O_TRUNC, then more than before
      await waitFor(() => sink.lines.length === 3, () => `3 lines, got ${JSON.stringify(sink.texts())}`);
      expect(sink.texts()).toEqual(['first run line 1', 'second run, a longer first line', 'second run line 2']);
      expect(sink.count('truncated')).toBe(1);
      expect(sink.violations).toEqual([]);
    });

    it(`two rotations between two reads (${mode}): the middle file is found under its rotated name and read, oldest first`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'server.log');
      writeFileSync(file, 'gen0 a\n');
      const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [`${file}*`] }], usePolling, pollIntervalMs: usePolling ? 40 : 60_000, rotateWaitMs: 100 });
      await sources.ready;
      appendFileSync(file, 'gen0 b\n');
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'gen1 a\n');
      renameSync(`${file}.1`, `${file}.2`);
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'gen2 a\n');
      await waitFor(() => sink.lines.length === 4, () => `4 lines, got ${JSON.stringify(sink.texts())}`);
      expect(new Set(sink.texts())).toEqual(new Set(['gen0 a', 'gen0 b', 'gen1 a', 'gen2 a']));
      if (usePolling) expect(sink.texts()).toEqual(['gen0 a', 'gen0 b', 'gen1 a', 'gen2 a']);
      // The middle file was created and rotated away unseen: it is read, but only the rotation seen is counted.
      await waitFor(() => sink.count('rotated') >= 1, 'a rotation');
      expect(sink.violations).toEqual([]);
    });
  }

  it('copytruncate under a writer without O_APPEND: the NUL run is delivered as such, and a second one is detected too', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    const fd = openSync(file, 'w'); // chronik behind `>`: no O_APPEND, the writer keeps its own offset
    writeSync(fd, 'run line 1\n');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }], usePolling: true, pollIntervalMs: 40 });
    await sources.ready;
    for (const round of [1, 2]) {
      truncateSync(file, 0);
      writeSync(fd, `after truncation ${round}\n`); // lands at the writer's offset: NULs before it
      await waitFor(() => sink.count('truncated') === round, `truncation ${round}`);
      await waitFor(() => sink.texts().includes(`after truncation ${round}`), `line after truncation ${round}`);
    }
    closeSync(fd);
    expect(sink.texts()).toEqual(['run line 1', 'after truncation 1', 'after truncation 2']);
    expect(sink.nulBytes).toBe(11 + 11 + 19);
    const keys = new Set(sink.events.flatMap((event) => (event.type === 'open' ? [event.file.key] : [])));
    expect(keys.size).toBe(3);
  });

  for (const usePolling of [false, true]) {
    it(`a copy seen while it holds only the NUL run of a file refilled after copytruncate is waited for, not read twice (${usePolling ? 'polling' : 'inotify'})`, async () => {
      // Found by the conformance matrix (keep-trunc × copytruncate, seed 116489): the third copy was listed while
      // copyFileSync had written only the NUL run, matched nothing, and was read from 0 — every line again.
      const dir = await tempDir();
      const file = path.join(dir, 'server.log');
      const line = (text: string) => `2026-11-26T12:00:00.000000Z  INFO chronik_server::main: ${text}\n`;
      const said = () => sink.texts().map((text) => text.slice(text.lastIndexOf(': ') + 2));
      const fd = openSync(file, 'w');
      writeSync(fd, line('run a'));
      const { sources, sink, log } = startSources({ sources: [{ name: 'node1', paths: [`${file}*`] }], usePolling, pollIntervalMs: usePolling ? 40 : 60_000, rotateWaitMs: 10_000 });
      await sources.ready;
      truncateSync(file, 0);
      writeSync(fd, line('run b')); // at the writer's offset: the file is now NULs, then line b
      await waitFor(() => said().includes('run b') && sink.count('truncated') === 1, 'line b after the first truncation');
      // copytruncate again, caught mid-copy: so far the copy holds the NUL run only.
      const copy = `${file}.1`;
      writeFileSync(copy, Buffer.alloc(line('run a').length));
      const copyNamed = (record: Record<string, unknown>) => record['path'] === copy;
      await waitFor(
        () => sink.events.some((event) => event.type === 'open' && event.file.path === copy) || log.records.some((r) => copyNamed(r) && String(r['msg']).startsWith('maybe a copy')),
        'the copy looked at while it holds NULs only',
      );
      appendFileSync(copy, line('run b'));
      truncateSync(file, 0);
      writeSync(fd, line('run c'));
      closeSync(fd);
      await waitFor(
        () => said().includes('run c') && (log.records.some((r) => copyNamed(r) && String(r['msg']).startsWith('copy of')) || said().filter((t) => t === 'run b').length > 1),
        () => `line c, and the copy recognised; got ${JSON.stringify(said())}`,
      );
      await waitFor(() => sources.status().every((s) => s.offset === s.size), 'everything read');
      expect(said()).toEqual(['run a', 'run b', 'run c']);
      expect(sink.count('truncated')).toBe(2);
      expect(sink.violations).toEqual([]);
    });
  }

  it('does not read a copy of a file it is reading (a backup that the glob matches)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    writeFileSync(file, 'a line long enough to make a fingerprint of its first bytes, 1\n');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [`${file}*`] }] });
    await sources.ready;
    copyFileSync(file, `${file}.bak`);
    appendFileSync(file, 'line 2\n');
    await waitFor(() => sink.texts().includes('line 2'), 'append after the copy');
    // The copy was seen (its add event came before the append's), and parked as a duplicate.
    expect(sink.lines).toHaveLength(2);
    expect(sources.status()).toHaveLength(1);
  });

  it('reads history oldest first (rotated generations before the live file)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    writeFileSync(file, 'newest\n');
    writeFileSync(`${file}.1`, 'middle\n');
    writeFileSync(`${file}.2`, 'oldest\n');
    const now = Date.now() / 1000;
    await utimes(`${file}.2`, now - 200, now - 200);
    await utimes(`${file}.1`, now - 100, now - 100);
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [`${file}*`] }] });
    await sources.ready;
    expect(sink.texts()).toEqual(['oldest', 'middle', 'newest']);
  });

  it('resumes from checkpointed offsets: a known file continues where it was, not as history', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    await writeFile(file, 'before 1\nbefore 2\n');
    const first = startSources({ sources: [{ name: 'node1', paths: [file] }] });
    await first.sources.ready;
    const checkpoint = new Map(first.sources.status().map((status) => [status.key, status.offset]));
    await first.sources.close();
    await appendFile(file, 'while down\n');
    const second = startSources({ sources: [{ name: 'node1', paths: [file] }], resume: checkpoint });
    await second.sources.ready;
    expect(second.sink.lines.map((line) => [line.text, line.history])).toEqual([['while down', false]]);
    expect(second.sink.events[0]).toMatchObject({ type: 'open', info: { offset: 18, history: false } });
  });

  it('resumes across a copytruncate that happened while it was down: the copy from the checkpoint, the file from 0', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    await writeFile(file, 'checkpointed line with enough bytes for a fingerprint, number 1\n');
    const first = startSources({ sources: [{ name: 'node1', paths: [`${file}*`] }] });
    await first.sources.ready;
    const checkpoint = new Map(first.sources.status().map((status) => [status.key, status.offset]));
    await first.sources.close();
    appendFileSync(file, 'written after the checkpoint\n');
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, 'after the truncation\n');
    const second = startSources({ sources: [{ name: 'node1', paths: [`${file}*`] }], resume: checkpoint });
    await second.sources.ready;
    expect(second.sink.lines.map((line) => [line.text, line.history]).sort()).toEqual([
      ['after the truncation', false],
      ['written after the checkpoint', false],
    ]);
  });
});
