// --web.config.file: real HTTPS on a loopback port with certificates made by openssl, basic auth right and wrong,
// client certificates required and missing, allowed SANs, certificate rotation, headers and rate limits.

import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/index.js';
import { bcryptHash, bcryptVerify, createBasicAuth, createServer, createWebSecurity, loadWebConfig, type WebSecurity } from '../../src/server/index.js';
import { createPki, type Pki } from './certs.js';
import { capturedLogger, emptyLanding, sampleRegistry } from './helpers.js';

let dir = '';
let pki: Pki;
let aliceHash = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cle-tls-'));
  pki = createPki(dir);
  pki.issue('server', 'localhost', 'DNS:localhost,IP:127.0.0.1', 'serverAuth');
  pki.issue('server2', 'rotated.localhost', 'DNS:localhost,IP:127.0.0.1', 'serverAuth');
  pki.issue('scraper', 'prometheus', 'DNS:scraper.example', 'clientAuth');
  pki.issue('intruder', 'intruder', 'DNS:intruder.example', 'clientAuth');
  aliceHash = await bcryptHash('s3cret', 4);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let app: FastifyInstance | undefined;
afterEach(async () => { await app?.close(); app = undefined; });

interface Answer { status: number; body: string; headers: Record<string, string | string[] | undefined>; peerCn: string }

function get(port: number, options: { auth?: string; client?: string; path?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port, path: options.path ?? '/metrics', agent: false, ca: pki.read('ca.crt'), servername: 'localhost',
      ...(options.auth === undefined ? {} : { auth: options.auth }),
      ...(options.client === undefined ? {} : { cert: pki.read(`${options.client}.crt`), key: pki.read(`${options.client}.key`) }),
    }, (res) => {
      let body = '';
      const peer = (res.socket as TLSSocket).getPeerCertificate();
      res.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers, peerCn: String(peer.subject.CN) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(web: Record<string, unknown>): Promise<{ port: number; security: WebSecurity; log: ReturnType<typeof capturedLogger> }> {
  const file = join(dir, `web-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, stringify(web));
  const log = capturedLogger();
  const security = await createWebSecurity({ file, logger: log.logger, recheckMs: 0 });
  app = createServer({ registry: sampleRegistry(), telemetryPath: '/metrics', isReady: () => true, landing: emptyLanding, logger: log.logger, security });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { port: Number(new URL(base).port), security, log };
}

const TLS = { cert_file: 'server.crt', key_file: 'server.key' }; // relative to the web config's directory

describe('web config: TLS and basic auth', () => {
  it('serves HTTPS with basic auth: right password 200, wrong or unknown 401 with no hint, headers set', async () => {
    const { port } = await start({
      tls_server_config: TLS,
      basic_auth_users: { alice: aliceHash },
      http_server_config: { headers: { 'X-Frame-Options': 'deny', 'Strict-Transport-Security': 'max-age=31536000' } },
    });
    const ok = await get(port, { auth: 'alice:s3cret' });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('demo_events_total');
    expect(ok.peerCn).toBe('localhost');
    expect(ok.headers['x-frame-options']).toBe('deny');
    expect(ok.headers['strict-transport-security']).toBe('max-age=31536000');
    const wrong = await get(port, { auth: 'alice:nope' });
    const unknown = await get(port, { auth: 'mallory:s3cret' });
    const none = await get(port);
    for (const r of [wrong, unknown, none]) {
      expect(r.status).toBe(401);
      expect(r.body).toBe('Unauthorized\n');
      expect(r.headers['www-authenticate']).toBe('Basic realm="chronik-log-exporter"');
    }
    expect((await get(port, { auth: 'alice:s3cret', path: '/healthz' })).status).toBe(200);
    expect((await get(port, { path: '/' })).status).toBe(401);
    expect((await get(port, { path: '/readyz' })).status).toBe(401);
    expect((await get(port, { path: '/healthz' })).status).toBe(200); // probes carry no credentials
    // plain HTTP to the TLS port gets no HTTP answer
    const plain = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => resolve(`HTTP ${res.statusCode ?? 0}`));
      req.on('error', (e) => resolve(String(e)));
      req.end();
    });
    expect(plain).not.toBe('HTTP 200');
  });

  it('rate-limits wrong guesses per client before any bcrypt work', async () => {
    const { port } = await start({ tls_server_config: TLS, basic_auth_users: { alice: aliceHash } });
    for (let i = 0; i < 10; i++) expect((await get(port, { auth: `alice:guess${i}` })).status).toBe(401);
    const limited = await get(port, { auth: 'alice:s3cret' });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
  });

  it('caches a successful check: bcrypt is paid once per credential', async () => {
    const users = new Map([['bob', await bcryptHash('pw', 4)]]);
    let verified = 0;
    const auth = createBasicAuth({ verify: async (password, hash) => { verified++; return bcryptVerify(password, hash); } });
    const header = `Basic ${Buffer.from('bob:pw').toString('base64')}`;
    for (let i = 0; i < 100; i++) expect(await auth.check(users, header, '127.0.0.1')).toBe('ok');
    expect(verified).toBe(1);
    expect(await auth.check(users, `Basic ${Buffer.from('bob:px').toString('base64')}`, '127.0.0.1')).toBe('denied');
    expect(verified).toBe(2); // a different password is checked again
  });

  it('applies rate_limit to every request', async () => {
    const { port } = await start({ tls_server_config: TLS, rate_limit: { interval: '1h', burst: 2 } });
    expect((await get(port)).status).toBe(200);
    expect((await get(port)).status).toBe(200);
    expect((await get(port)).status).toBe(429);
  });
});

describe('web config: client certificates', () => {
  it('RequireAndVerifyClientCert: the handshake fails without a client certificate, succeeds with one from the CA', async () => {
    const { port } = await start({ tls_server_config: { ...TLS, client_auth_type: 'RequireAndVerifyClientCert', client_ca_file: 'ca.crt' } });
    await expect(get(port)).rejects.toThrow(/certificate|socket hang up|ECONNRESET/i);
    expect((await get(port, { client: 'scraper' })).status).toBe(200);
  });

  it('client_allowed_sans: a valid certificate without an allowed SAN is turned away', async () => {
    const { port, log } = await start({ tls_server_config: { ...TLS, client_auth_type: 'RequireAndVerifyClientCert', client_ca_file: 'ca.crt', client_allowed_sans: ['scraper.example'] } });
    expect((await get(port, { client: 'scraper' })).status).toBe(200);
    await expect(get(port, { client: 'intruder' })).rejects.toThrow(/socket hang up|ECONNRESET|closed/i);
    expect(log.lines.some((l) => l.msg === 'TLS connection refused' && l.reason === 'client certificate has none of client_allowed_sans')).toBe(true);
  });
});

describe('web config: changes without a restart', () => {
  it('picks up a rotated certificate and new users; a broken change is logged and ignored', async () => {
    copyFileSync(join(dir, 'server.crt'), join(dir, 'live.crt'));
    copyFileSync(join(dir, 'server.key'), join(dir, 'live.key'));
    const { port, security, log } = await start({ tls_server_config: { cert_file: 'live.crt', key_file: 'live.key' } });
    expect((await get(port)).peerCn).toBe('localhost');
    copyFileSync(join(dir, 'server2.crt'), join(dir, 'live.crt'));
    copyFileSync(join(dir, 'server2.key'), join(dir, 'live.key'));
    await security.refresh();
    expect((await get(port)).peerCn).toBe('rotated.localhost');
    expect(log.lines.some((l) => l.msg === 'web config reloaded')).toBe(true);

    writeFileSync(join(dir, 'live.key'), 'not a key');
    await security.refresh();
    expect(log.lines.some((l) => l.msg === 'web config change rejected, keeping the one in force')).toBe(true);
    expect((await get(port)).peerCn).toBe('rotated.localhost');
  });
});

describe('loadWebConfig', () => {
  const problems = async (web: unknown): Promise<readonly string[]> => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, typeof web === 'string' ? web : stringify(web));
    try {
      await loadWebConfig(file);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('names every problem with its key path', async () => {
    expect(await problems({
      tls_server_config: { cert_file: 'missing.crt', client_auth_type: 'VerifyClientCertIfGiven', client_allowed_sans: ['x'], min_version: 'TLS13', max_version: 'TLS12' },
      http_server_config: { headers: { 'X-Powered-By': 'me', 'X-Frame-Options': 'allow' } },
    })).toEqual([
      `tls_server_config.cert_file: cannot read ${join(dir, 'missing.crt')} (ENOENT)`,
      'tls_server_config.key_file: expected a file name (or key inline), got nothing',
      'tls_server_config.client_ca_file: expected a CA file for client_auth_type VerifyClientCertIfGiven, got nothing',
      'tls_server_config.client_allowed_sans: expected client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert, got VerifyClientCertIfGiven',
      'tls_server_config.min_version: expected at most max_version (TLS12), got TLS13',
      'http_server_config.headers.X-Powered-By: expected one of Content-Security-Policy, X-Frame-Options, X-Content-Type-Options, X-XSS-Protection, Strict-Transport-Security, got `X-Powered-By`',
      'http_server_config.headers.X-Frame-Options: expected deny or sameorigin, got "allow"',
    ]);
    expect(await problems({ basic_auth_users: { alice: 'plaintext' }, tls_server_config: { client_auth_type: 'Sometimes' } })).toEqual(expect.arrayContaining([
      'basic_auth_users.alice: expected a bcrypt hash ($2a$, $2b$ or $2y$, cost 4–31): see `chronik-log-exporter hash-password`, got "plaintext"',
      expect.stringMatching(/^tls_server_config.client_auth_type: expected one of `NoClientCert`, .*got "Sometimes"$/),
    ]));
    expect(await problems({ tls_server_config: { cert_file: 'server.crt', key_file: 'server2.key' } })).toEqual([
      expect.stringMatching(/^tls_server_config: the certificate, key or CA cannot be used/),
    ]);
  });

  it('accepts the annotated example (with certificates next to it), whose hash is of "change-me"', async () => {
    copyFileSync(join(import.meta.dirname, '..', '..', 'examples', 'web-config.yml'), join(dir, 'example-web-config.yml'));
    const web = await loadWebConfig(join(dir, 'example-web-config.yml'));
    expect(web.tls?.context.minVersion).toBe('TLSv1.2');
    expect(web.headers).toEqual({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'deny' });
    expect(await bcryptVerify('change-me', web.users.get('prometheus') ?? '')).toBe(true);
  });
});
