// The landing page in a real headless browser (Debian chromium over the DevTools protocol): the page of a running
// serve, with node rows, live check verdicts and file lag; hostile text from log lines and file names stays text.

import { appendFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { serve } from '../../src/modes/serve.js';
import { launchChromium, type Browser } from './chromium.js';
import { waitFor } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'test/fixtures/samples');
const HOSTILE_FILE = 'node9<img src=x onerror=alert(1)>.log';
const HOSTILE_VERSION = '2.2.1<svg/onload=alert(2)>';
/** Where the screenshot goes, to be looked at. */
export const SCREENSHOT = join(tmpdir(), 'chronik-log-exporter-landing.png');

let browser: Browser | undefined;
let dir = '';
let base = '';
const abort = new AbortController();
let done: Promise<number> | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cle-landing-'));
  copyFileSync(join(samples, 'v2.2.1-node1-leader.log'), join(dir, 'node1.log'));
  copyFileSync(join(samples, 'v2.2.1-node2-follower.log'), join(dir, 'node2.log'));
  writeFileSync(join(dir, HOSTILE_FILE), `2025-11-08T10:15:02.113842Z  INFO chronik_server: Chronik Server v${HOSTILE_VERSION}\n`);
  done = serve({
    config: validateConfig({ sources: [{ name: 'cluster', paths: [join(dir, '*.log')], count_existing: true, node_id_pattern: 'node(\\d+)' }] }, '(test)'),
    configFile: undefined, paths: [], listen: ['127.0.0.1:0'], telemetryPath: '/metrics', logLevel: 'warn', logFormat: 'logfmt',
    signal: abort.signal, onListening: (a) => { base = a[0] ?? ''; },
  });
  await waitFor('listening', () => (base === '' ? undefined : base));
  await waitFor('ready', async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 20_000);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  abort.abort();
  await done;
  rmSync(dir, { recursive: true, force: true });
});

interface Row { node: string; cells: string[]; verdicts: string[] }

describe('landing page in chromium', () => {
  it('shows version, links, nodes with their state and live checks, files with their lag; hostile text stays text', async () => {
    const page = await (browser as Browser).newPage();
    await page.goto(`${base}/`);
    expect(await page.evaluate<string>('document.title')).toBe('chronik-log-exporter');
    expect(await page.evaluate<string>('document.querySelector("#status").textContent')).toMatch(/^Version \d+\.\d+\.\d+\. Initial read done\./);
    expect(await page.evaluate<string[]>('[...document.querySelectorAll("a")].map((a) => a.getAttribute("href"))')).toEqual(['/metrics', '/healthz', '/readyz']);

    const rows = await page.evaluate<Row[]>(`[...document.querySelectorAll('#nodes tr.node')].map((tr) => ({
      node: tr.dataset.node,
      cells: [...tr.children].slice(0, 9).map((td) => td.textContent),
      verdicts: [...tr.querySelectorAll('ul.verdicts li')].map((li) => li.textContent),
    }))`);
    expect(rows.map((r) => r.node)).toEqual(expect.arrayContaining(['1', '2', '9']));
    const node1 = rows.find((r) => r.node === '1');
    expect(node1?.cells.slice(1, 5)).toEqual(['1', 'leader', '2', '1']);
    expect(node1?.cells[5]).toMatch(/^(stable|unsettled)$/); // the 11-second log's stability window may still be open
    expect(node1?.cells[7]).toBe('2.2.1');
    const node2 = rows.find((r) => r.node === '2');
    expect(node2?.cells[2]).toBe('follower');
    expect(node2?.verdicts).toContain('FAIL Zero failed partition elections (4 failures)');
    expect(node1?.verdicts).toContain('PASS Zero failed partition elections (0 failures)');
    // A banner and nothing more: no startup has settled, so the 15 s check cannot pass yet (as `check` says it).
    expect(rows.find((r) => r.node === '9')?.verdicts).toContain('INCONCLUSIVE Stable within 15 s at each startup (no startup has settled yet)');

    const files = await page.evaluate<{ path: string; lag: string }[]>(`[...document.querySelectorAll('#files tr.file')].map((tr) => ({ path: tr.children[0].textContent, lag: tr.children[2].textContent }))`);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([join(dir, 'node1.log'), join(dir, 'node2.log'), join(dir, HOSTILE_FILE)]));
    for (const f of files) expect(f.lag).toBe('0 B');

    // log text and file names are attacker-controlled: shown as text, never markup, nothing runs
    expect(rows.find((r) => r.node === '9')?.cells[7]).toBe(HOSTILE_VERSION);
    expect(await page.evaluate<number>('document.querySelectorAll("img, svg, script").length')).toBe(0);
    expect(page.dialogs).toEqual([]);

    writeFileSync(SCREENSHOT, await page.screenshot());
  });

  it('is live: a node whose log appears after start shows up on the next load', async () => {
    const page = await (browser as Browser).newPage();
    // Own content (a copy of another file's lines would be recognised as a rotated copy and not read again), and no
    // self-identifying line: the node id comes from the path.
    writeFileSync(join(dir, 'node7.log'), '');
    appendFileSync(join(dir, 'node7.log'), '2025-11-09T08:00:00.000001Z  INFO chronik_server: Chronik Server v2.2.1\n2025-11-09T08:00:00.000002Z  INFO chronik_server: Build features: search=true\n');
    const nodes = await waitFor('node 7 on the page', async () => {
      await page.goto(`${base}/`);
      const ids = await page.evaluate<string[]>('[...document.querySelectorAll("#nodes tr.node")].map((tr) => tr.dataset.node)');
      return ids.includes('7') ? ids : undefined;
    }, 20_000);
    expect(nodes).toEqual(expect.arrayContaining(['1', '2', '7', '9']));
    expect(page.dialogs).toEqual([]);
  });
});
