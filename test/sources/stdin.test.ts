// `--stdin`: chunks from a stream, offsets from its first byte; end of input; close(). And the pipe recipe of
// the issue: behind `tee --output-error=warn-nopipe -a server.log`, the writer survives the exporter's death and
// the file keeps every line for the exporter that is started again (here: tailing server.log).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createStdinSource } from '../../src/sources/index.js';
import { captureLogger, RecordingSink, waitFor } from './helpers.js';
import { startSources, tempDir } from './harness.js';

describe('stdin source', () => {
  it('passes chunks on with running offsets, says caughtUp, and closes with eof when the input ends', async () => {
    const input = new PassThrough();
    const sink = new RecordingSink();
    const stdin = createStdinSource({ input, logger: captureLogger().logger }, sink);
    await stdin.ready;
    expect(sink.events[0]).toEqual({ type: 'open', file: { key: 'stdin', path: '-', source: 'stdin' }, info: { offset: 0, history: false, historyEnd: 0 } });
    input.write('one\ntw');
    await waitFor(() => sink.count('caughtUp') === 1, 'first chunk');
    input.write('o\n');
    await waitFor(() => sink.count('caughtUp') === 2, 'second chunk');
    expect(sink.texts()).toEqual(['one', 'two']);
    expect(stdin.status()).toEqual([{ key: 'stdin', path: '-', source: 'stdin', offset: 8, size: 8 }]);
    input.end('last without newline');
    await stdin.ended;
    expect(sink.events.at(-1)).toMatchObject({ type: 'closed', reason: 'eof' });
    expect(sink.texts()).toEqual(['one', 'two', 'last without newline']);
    expect(sink.violations).toEqual([]);
    await stdin.close();
    expect(sink.count('closed')).toBe(1);
  });

  it('reads a real pipe from another process', async () => {
    const child = spawn(process.execPath, ['-e', 'for (let i = 1; i <= 2000; i++) process.stdout.write(`line ${i}\\n`)'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sink = new RecordingSink();
    const stdin = createStdinSource({ input: child.stdout, logger: captureLogger().logger, name: 'node1' }, sink);
    await stdin.ended;
    expect(sink.lines).toHaveLength(2000);
    expect(sink.lines[1999]).toMatchObject({ text: 'line 2000', key: 'stdin' });
    expect(sink.violations).toEqual([]);
  });

  it('close() stops reading, says closing once, and leaves a stream it was given open', async () => {
    const input = new PassThrough();
    const sink = new RecordingSink();
    const stdin = createStdinSource({ input, logger: captureLogger().logger }, sink);
    const first = stdin.close();
    expect(stdin.close()).toBe(first);
    await first;
    await stdin.ended;
    input.write('after close\n');
    expect(sink.events.map((event) => event.type)).toEqual(['open', 'closed']);
    expect(sink.events[1]).toMatchObject({ reason: 'closing' });
    expect(input.destroyed).toBe(false);
  });

  for (const recipe of ['tee --output-error=warn-nopipe -a', 'tee -a'] as const) {
    const survives = recipe.includes('warn-nopipe');
    it(`pipe recipe \`writer | ${recipe} server.log | exporter\`: the writer ${survives ? 'survives' : 'dies with'} the exporter's death`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'server.log');
      const writerPid = path.join(dir, 'writer.pid');
      const readerPid = path.join(dir, 'reader.pid');
      const writer = `node -e "require('fs').writeFileSync('${writerPid}', String(process.pid)); let n = 0; setInterval(() => process.stdout.write('line ' + ++n + '\\n'), 2)"`;
      const reader = `node -e "require('fs').writeFileSync('${readerPid}', String(process.pid)); process.stdin.resume()"`;
      const pipeline = spawn('bash', ['-c', `${writer} | ${recipe} ${file} | ${reader}`], { stdio: 'ignore' });
      const pidOf = (pidFile: string) => Number(readFileSync(pidFile, 'utf8'));
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      onTestFinished(() => {
        for (const pidFile of [writerPid, readerPid]) if (existsSync(pidFile) && alive(pidOf(pidFile))) process.kill(pidOf(pidFile), 'SIGKILL');
        if (pipeline.pid !== undefined && alive(pipeline.pid)) process.kill(pipeline.pid, 'SIGKILL');
      });
      await waitFor(() => existsSync(writerPid) && existsSync(readerPid) && existsSync(file) && readFileSync(file, 'utf8').includes('line 20\n'), 'pipeline running');
      process.kill(pidOf(readerPid), 'SIGKILL'); // the exporter dies
      const lines = () => readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
      if (!survives) {
        await waitFor(() => !alive(pidOf(writerPid)), 'plain tee: SIGPIPE takes the writer down too');
        return;
      }
      const atDeath = lines().length;
      await waitFor(() => lines().length > atDeath + 50, 'the writer goes on writing through tee');
      expect(alive(pidOf(writerPid))).toBe(true);
      // Started again, the exporter reads the file tee keeps: every line, none missing.
      const { sources, sink } = startSources({ sources: [{ name: 'node1', paths: [file] }] });
      await sources.ready;
      const written = lines();
      expect(written.every((line, i) => line === `line ${i + 1}`)).toBe(true);
      await waitFor(() => sink.lines.length >= written.length, 'restarted exporter has read the file');
      expect(sink.texts().slice(0, written.length)).toEqual(written);
    }, 20_000);
  }
});
