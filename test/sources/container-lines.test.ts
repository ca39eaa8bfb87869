// Golden tests for the container log formats: each fixture's physical lines in, unwrapped results out (plus
// what flush() returns at the end), compared with the checked-in `.expected.json`. UPDATE_GOLDEN=1 rewrites them.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createContainerUnwrapper, parseCriLine, parseDockerJsonLine, type ContainerFormat } from '../../src/sources/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/container/${name}`, import.meta.url));

function unwrapFile(format: ContainerFormat, file: string, maxLineBytes: number): unknown {
  const unwrap = createContainerUnwrapper(format, { maxLineBytes });
  const physical = readFileSync(file, 'utf8').split('\n');
  if (physical.at(-1) === '') physical.pop();
  return { results: physical.map((line) => unwrap.push(line)), flushed: unwrap.flush() };
}

describe('container log formats (golden)', () => {
  for (const [format, name] of [['cri', 'cri'], ['docker-json', 'docker']] as const) {
    it(`${format}: ${name}.log → ${name}.expected.json`, () => {
      const actual = unwrapFile(format, fixture(`${name}.log`), 128);
      const expectedFile = fixture(`${name}.expected.json`);
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')) as unknown);
    });
  }

  it('joins partial pieces per stream: stderr between two stdout pieces does not break the stdout line', () => {
    const unwrap = createContainerUnwrapper('cri');
    expect(unwrap.push('t1 stdout P hel')).toEqual({ kind: 'partial' });
    expect(unwrap.push('t2 stderr F boom')).toEqual({ kind: 'line', text: 'boom', stream: 'stderr', time: 't2' });
    expect(unwrap.push('t3 stdout F lo')).toEqual({ kind: 'line', text: 'hello', stream: 'stdout', time: 't3' });
  });

  it('reset() forgets held pieces (the file was truncated)', () => {
    const unwrap = createContainerUnwrapper('docker-json');
    unwrap.push('{"log":"held","stream":"stdout","time":"t1"}');
    unwrap.reset();
    expect(unwrap.push('{"log":"fresh\\n","stream":"stdout","time":"t2"}')).toEqual({ kind: 'line', text: 'fresh', stream: 'stdout', time: 't2' });
    expect(unwrap.flush()).toEqual([]);
  });

  it('decodes single lines', () => {
    expect(parseCriLine('2026-11-26T12:00:00Z stdout F a b c')).toEqual({ time: '2026-11-26T12:00:00Z', stream: 'stdout', partial: false, content: 'a b c' });
    expect(parseCriLine('2026-11-26T12:00:00Z stdout')).toBeUndefined();
    expect(parseDockerJsonLine('{"log":"x\\n","stream":"stderr","time":"t"}')).toEqual({ time: 't', stream: 'stderr', partial: false, content: 'x' });
    expect(parseDockerJsonLine('{"log":"x\\n","stream":"stderr"')).toBeUndefined();
  });
});
