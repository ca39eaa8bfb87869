// The README's TLS and basic auth steps as a user runs them: hash a password, check the web config, serve over
// HTTPS, scrape with and without the password.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPki } from '../server/certs.js';
import { waitFor } from '../server/helpers.js';
import { buildCli, root, runCli } from './build-cli.js';

let cli = '';
const dir = mkdtempSync(join(tmpdir(), 'cle-web-cli-'));
beforeAll(async () => { ({ cli } = await buildCli()); }, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve --web.config.file', () => {
  it('hash-password, config check, then HTTPS with basic auth', async () => {
    const pki = createPki(dir);
    pki.issue('server', 'localhost', 'DNS:localhost,IP:127.0.0.1', 'serverAuth');
    const hash = execFileSync(process.execPath, [cli, 'hash-password'], { input: 'correct horse\n', encoding: 'utf8' }).trim();
    expect(hash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    const web = join(dir, 'web-config.yml');
    writeFileSync(web, `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: '${hash}'\n`);
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `sources:\n  - paths: ['${join(dir, '*.log')}']\n`);
    writeFileSync(join(dir, 'node1.log'), readFileSync(join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log')));
    const checked = await runCli(cli, ['config', 'check', config, '--web.config.file', web]);
    expect(checked.stdout).toContain(`${web}: valid (TLS, client certificates: NoClientCert, 1 basic auth user)`);
    expect(checked.code).toBe(0);

    const child = spawn(process.execPath, [cli, 'serve', '--config', config, '--web.config.file', web, '--web.listen-address', '127.0.0.1:0', '--log.format', 'json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const listening = await waitFor('listening', () => stderr.split('\n').find((l) => l.includes('chronik-log-exporter listening')), 20_000);
      const line = JSON.parse(listening) as { addresses: string; tls: boolean; basic_auth: boolean };
      expect(line).toMatchObject({ tls: true, basic_auth: true });
      const port = Number(new URL(line.addresses.split(',')[0] ?? '').port);
      const get = (auth?: string) => new Promise<number>((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port, path: '/metrics', ca: pki.read('ca.crt'), servername: 'localhost', agent: false, ...(auth === undefined ? {} : { auth }) }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(await get()).toBe(401);
      expect(await waitFor('ready', async () => ((await get('prometheus:correct horse')) === 200 ? true : undefined), 20_000)).toBe(true);
      expect(await get('prometheus:wrong horse')).toBe(401);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 120_000);

  it('a bad web config exits 2 before serving', async () => {
    const web = join(dir, 'bad-web.yml');
    writeFileSync(web, 'basic_auth_users:\n  alice: hunter2\n');
    const r = await runCli(cli, ['serve', '--web.config.file', web, '--web.listen-address', '127.0.0.1:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('basic_auth_users.alice: expected a bcrypt hash');
  });
});
