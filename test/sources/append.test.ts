// Step 1: discovery and appends: history at start, files appearing later, globs, directories created later,
// latency under inotify (not bound to chokidar's 50 ms change throttle), partial lines, polling mode, close().
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourcesOptionError, createFileSources } from '../../src/sources/index.js';
import { captureLogger, RecordingSink, waitFor } from './helpers.js';
import { startSources, tempDir } from './harness.js';

const until = (deadline: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now())));

describe('file sources: discovery and appends', () => {
  it('reads a file present at start as history, then follows appends live', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    await writeFile(file, 'one\ntwo\nthree\n');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }] });
    await sources.ready;
    expect(sink.texts()).toEqual(['one', 'two', 'three']);
    expect(sink.lines.every((line) => line.history)).toBe(true);
    const open = sink.events.find((event) => event.type === 'open');
    expect(open).toMatchObject({ file: { path: file, source: 'node1' }, info: { offset: 0, history: true, historyEnd: 14 } });
    await appendFile(file, 'four\n');
    await waitFor(() => sink.lines.length === 4, 'appended line');
    expect(sink.lines[3]).toMatchObject({ text: 'four', history: false });
    expect(sources.status()).toEqual([expect.objectContaining({ path: file, source: 'node1', offset: 19, size: 19 })]);
    expect(sink.violations).toEqual([]);
  });

  it('reads a file that appears after start from its first byte, not as history', async () => {
    const dir = await tempDir();
    const { sources, sink } = startSources({ sources: [{ name: 'logs', paths: [path.join(dir, '*.log')] }] });
    await sources.ready;
    await writeFile(path.join(dir, 'late.log'), 'a\nb\n');
    await waitFor(() => sink.lines.length === 2, 'lines of the new file');
    expect(sink.events.find((event) => event.type === 'open')).toMatchObject({ info: { offset: 0, history: false } });
    expect(sink.lines.map((line) => [line.text, line.history])).toEqual([['a', false], ['b', false]]);
  });

  it('matches globs itself: names in the watched directory and, with **, below it; nothing else', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'a', 'node1'), { recursive: true });
    await writeFile(path.join(dir, 'a', 'node1', 'server.log'), 'deep\n');
    await writeFile(path.join(dir, 'a', 'node1', 'server.txt'), 'not matched\n');
    const { sources, sink } = startSources({
      sources: [
        { name: 'flat', paths: [path.join(dir, '*.log')] },
        { name: 'deep', paths: [path.join(dir, '**', 'node*', 'server.log')] },
      ],
    });
    await sources.ready;
    expect(sink.texts()).toEqual(['deep']);
    await writeFile(path.join(dir, 'top.log'), 'top\n');
    await writeFile(path.join(dir, 'top.txt'), 'not matched\n');
    await mkdir(path.join(dir, 'b', 'c', 'node2'), { recursive: true });
    await writeFile(path.join(dir, 'b', 'c', 'node2', 'server.log'), 'deeper\n');
    await waitFor(() => sink.lines.length === 3, () => `three lines, got ${JSON.stringify(sink.texts())}`);
    const bySource = Object.fromEntries(sink.events.flatMap((event) => (event.type === 'open' ? [[path.basename(path.dirname(event.file.path)) + '/' + path.basename(event.file.path), event.file.source]] : [])));
    expect(bySource).toEqual({ 'node1/server.log': 'deep', [`${path.basename(dir)}/top.log`]: 'flat', 'node2/server.log': 'deep' });
  });

  it('waits for a directory that does not exist yet: one log line, no crash, read as soon as it appears', async () => {
    const dir = await tempDir();
    const logs = path.join(dir, 'var', 'log', 'chronik');
    const { sources, sink, log } = startSources({ sources: [{ name: 'node1', paths: [path.join(logs, 'server.log')] }] });
    await sources.ready;
    expect(log.messages().filter((message) => message.startsWith('waiting for directory'))).toEqual([`waiting for directory ${logs} to exist`]);
    await mkdir(logs, { recursive: true });
    await writeFile(path.join(logs, 'server.log'), 'hello\n');
    // The poll is 60 s away: only the watch on the nearest existing ancestor can have found it.
    await waitFor(() => sink.lines.length === 1, 'line of the file in the new directory', 2000);
    expect(sink.lines[0]).toMatchObject({ text: 'hello', history: false });
    await appendFile(path.join(logs, 'server.log'), 'again\n');
    await waitFor(() => sink.lines.length === 2, 'appended line');
  });

  it('delivers the last line of a burst without another write (chokidar throttles change events to one per 50 ms)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    await writeFile(file, '');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }] });
    await sources.ready;
    let lastWrittenAt = 0;
    for (let i = 0; i < 30; i += 1) {
      await appendFile(file, `burst ${i}\n`);
      lastWrittenAt = performance.now();
      await until(lastWrittenAt + 1);
    }
    await waitFor(() => sink.lines.length === 30, 'whole burst', 1000);
    const latency = (sink.lines[29]?.at ?? Infinity) - lastWrittenAt;
    expect(latency).toBeLessThan(40);
  });

  it('brings an append to the sink within a few milliseconds (inotify on the held descriptor)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    await writeFile(file, '');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }] });
    await sources.ready;
    const latencies: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const before = sink.lines.length;
      await appendFile(file, `line ${i}\n`);
      const written = performance.now();
      await waitFor(() => sink.lines.length > before, `line ${i}`, 1000);
      latencies.push((sink.lines[before]?.at ?? Infinity) - written);
      await until(performance.now() + 5);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)] ?? Infinity;
    const worst = latencies[latencies.length - 1] ?? Infinity;
    console.info(`append → sink latency over ${latencies.length} appends: median ${median.toFixed(2)} ms, max ${worst.toFixed(2)} ms`);
    expect(median).toBeLessThan(10);
  });

  it('hands a partial last line on as bytes and says caughtUp; the consumer completes it on the newline', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'server.log');
    await writeFile(file, '');
    const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }] });
    await sources.ready;
    await appendFile(file, 'partial');
    await waitFor(() => sink.count('caughtUp') === 1, 'caughtUp after the partial line');
    expect(sink.lines).toEqual([]);
    await appendFile(file, ' line\nnext');
    await waitFor(() => sink.count('caughtUp') === 2, 'second caughtUp');
    expect(sink.texts()).toEqual(['partial line']);
  });

  it('in polling mode, finds new files and appends without inotify', async () => {
    const dir = await tempDir();
    const { sources, sink } = startSources({ sources: [{ name: 'logs', paths: [path.join(dir, '*.log')] }], usePolling: true, pollIntervalMs: 30 });
    await sources.ready;
    await writeFile(path.join(dir, 'a.log'), 'one\n');
    await waitFor(() => sink.lines.length === 1, 'first poll');
    await appendFile(path.join(dir, 'a.log'), 'two\n');
    await waitFor(() => sink.lines.length === 2, 'second poll');
  });

  it('closes every file once, idempotently, and delivers nothing after close', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.log'), 'a\n');
    await writeFile(path.join(dir, 'b.log'), 'b\n');
    const { sources, sink } = startSources({ sources: [{ name: 'logs', paths: [path.join(dir, '*.log')] }] });
    await sources.ready;
    expect(sources.status()).toHaveLength(2);
    const first = sources.close();
    expect(sources.close()).toBe(first);
    await first;
    const closed = sink.events.filter((event) => event.type === 'closed');
    expect(closed.map((event) => event.type === 'closed' && event.reason)).toEqual(['closing', 'closing']);
    await appendFile(path.join(dir, 'a.log'), 'after close\n');
    await writeFile(path.join(dir, 'c.log'), 'new after close\n');
    const events = sink.events.length;
    // A second instance as witness: once it has seen the writes, the closed one had every chance to see them too.
    const witness = startSources({ sources: [{ name: 'logs', paths: [path.join(dir, '*.log')] }] });
    await witness.sources.ready;
    await appendFile(path.join(dir, 'b.log'), 'seen by the witness\n');
    await waitFor(() => witness.sink.texts().includes('seen by the witness'), 'witness reads the append');
    expect(sink.events.length).toBe(events);
    expect(sources.status()).toEqual([]);
  });

  it('rejects options that cannot work with a coded error naming the option', () => {
    const { logger } = captureLogger();
    const sink = new RecordingSink();
    expect(() => createFileSources({ sources: [{ name: 'x', paths: ['/tmp/x.log'] }], pollIntervalMs: 0, logger }, sink)).toThrow(
      expect.objectContaining({ code: 'SRC_ERR_OPTION', message: 'Expected `pollIntervalMs` to be a positive number, got 0' }),
    );
    expect(() => createFileSources({ sources: [{ name: 'x', paths: [] }], logger }, sink)).toThrow(SourcesOptionError);
    expect(() => createFileSources({ sources: [{ name: 'x', paths: ['a'] }, { name: 'x', paths: ['b'] }], logger }, sink)).toThrow(/unique/);
  });
});
