// Golden tests: log in, exposition out, for the real samples, the generated scenarios and our own fixtures.
// UPDATE_GOLDEN=1 rewrites the expected files; review the diff before committing it.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { replay } from '../../src/modes/replay.js';
import { promtoolCheckMetrics } from '../helpers/promtool.js';

const root = join(import.meta.dirname, '..', '..');
process.chdir(root); // sources are named by the path as given: keep it repo-relative
const expectedDir = join(import.meta.dirname, 'expected');
const config = validateConfig({}, '(test)');
const inputs = [
  ...readdirSync(join(root, 'test/fixtures/samples')).map((f) => join('test/fixtures/samples', f)),
  ...readdirSync(join(root, 'test/fixtures/golden')).filter((f) => f.endsWith('.log')).map((f) => join('test/fixtures/golden', f)),
];

/** The exporter's build_info names the Node.js version: not part of what a log decides. */
const normalise = (text: string): string => text.split('\n').filter((l) => !l.startsWith('chronik_log_exporter_build_info{')).join('\n');

describe('replay golden files', () => {
  it.each(inputs)('%s', async (input) => {
    const text = normalise(await replay([input], { config, format: 'text' }));
    const file = join(expectedDir, `${basename(input)}.prom`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
    const check = promtoolCheckMetrics(text);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });
});
