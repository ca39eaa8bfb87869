// Debian's chromium, headless, driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
// messages separated by NUL on file descriptors 3 and 4), so no WebSocket client or browser download is needed.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

interface Pending { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }

export interface Page {
  goto(url: string): Promise<void>;
  /** Evaluates an expression in the page and returns its value (JSON). */
  evaluate<T>(expression: string): Promise<T>;
  screenshot(): Promise<Buffer>;
  /** JavaScript dialogs (alert, confirm) the page opened: there should be none. */
  readonly dialogs: string[];
}

export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Starts chromium with a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'cle-chromium-'));
  const child: ChildProcess = spawn(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', '--window-size=1280,900',
    `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  const toBrowser = child.stdio[3] as Writable; // fd 3: commands
  const fromBrowser = child.stdio[4] as Readable; // fd 4: answers and events
  let id = 0;
  const pending = new Map<number, Pending>();
  const listeners: ((method: string, params: Record<string, unknown>, sessionId: string | undefined) => void)[] = [];
  let buffer = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const message = JSON.parse(buffer.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, unknown>; sessionId?: string }; // CDP messages
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error !== undefined) p?.reject(new Error(message.error.message));
        else p?.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        for (const l of listeners) l(message.method, message.params ?? {}, message.sessionId);
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => { for (const p of pending.values()) p.reject(new Error(`chromium exited: ${stderr.slice(-500)}`)); });
  child.once('error', (error) => { for (const p of pending.values()) p.reject(error); });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const n = ++id;
      pending.set(n, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id: n, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    });
  await send('Browser.getVersion');

  return {
    async newPage() {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
      const dialogs: string[] = [];
      let loaded: (() => void) | undefined;
      listeners.push((method, params, from) => {
        if (from !== sessionId) return;
        if (method === 'Page.loadEventFired') loaded?.();
        if (method === 'Page.javascriptDialogOpening') {
          dialogs.push(String(params.message));
          void send('Page.handleJavaScriptDialog', { accept: true }, sessionId);
        }
      });
      await send('Page.enable', {}, sessionId);
      await send('Runtime.enable', {}, sessionId);
      return {
        dialogs,
        async goto(url) {
          const load = new Promise<void>((resolve) => { loaded = resolve; });
          const r = await send('Page.navigate', { url }, sessionId) as { errorText?: string };
          if (r.errorText !== undefined) throw new Error(`navigation to ${url} failed: ${r.errorText}`);
          await load;
        },
        async evaluate<T>(expression: string) {
          const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId) as { result: { value: T }; exceptionDetails?: { text: string } };
          if (r.exceptionDetails !== undefined) throw new Error(`evaluation failed: ${r.exceptionDetails.text}`);
          return r.result.value;
        },
        async screenshot() {
          const r = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, sessionId) as { data: string };
          return Buffer.from(r.data, 'base64');
        },
      };
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        void send('Browser.close').catch(() => undefined);
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(kill);
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
