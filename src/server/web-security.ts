// The web config at run time: TLS for the servers (re-read when the file or a certificate changes, so that
// certificates rotate without a restart), client-certificate checks after the handshake, basic auth, the rate
// limit and the response headers on every request.

import { stat } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError } from '../config/index.js';
import { createBasicAuth } from './basic-auth.js';
import { loadWebConfig, type WebConfig } from './web-config.js';

export interface WebSecurityOptions {
  readonly file: string;
  readonly logger: Logger;
  /** Least time between two looks at the files' modification times. Default 1000 ms. */
  readonly recheckMs?: number;
}

export interface WebSecurity {
  /** The config in force. */
  current(): WebConfig;
  /** Wires a server: client-certificate checks, and new TLS contexts when the files change. */
  attach(server: HttpServer | TlsServer): void;
  /** fastify onRequest hook: rate limit, basic auth, headers; returns the reply when it answered (401/429). */
  onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** Looks at the files now (tests; production looks on new connections and requests). */
  refresh(): Promise<void>;
}

/** Subject alternative names of a peer certificate (`DNS:a, IP Address:1.2.3.4, email:x, URI:y`) → values. */
const sansOf = (subjectaltname: string | undefined): string[] =>
  (subjectaltname ?? '').split(/,\s*/).map((entry) => entry.slice(entry.indexOf(':') + 1)).filter((v) => v !== '');

/**
 * Loads the web config (a bad one throws ConfigError: exit 2) and returns its run-time side.
 * @example
 * const security = await createWebSecurity({ file: 'web-config.yml', logger });
 * const app = createServer({ …, security });
 */
export async function createWebSecurity(options: WebSecurityOptions): Promise<WebSecurity> {
  const { logger } = options;
  const recheckMs = options.recheckMs ?? 1000;
  let config = await loadWebConfig(options.file);
  const stamp = async (files: readonly string[]): Promise<string> =>
    (await Promise.all(files.map(async (f) => {
      try {
        const s = await stat(f);
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return 'missing';
      }
    }))).join('|');
  let stamped = await stamp(config.files);
  let lastLook = Date.now();
  let looking: Promise<void> | undefined;
  let lastFailure = '';
  const servers: TlsServer[] = [];
  const auth = createBasicAuth({});
  let tokens = config.rateLimit?.burst ?? 0;
  let refilled = Date.now();

  const look = async (): Promise<void> => {
    lastLook = Date.now();
    const now = await stamp(config.files);
    if (now === stamped) return;
    try {
      const next = await loadWebConfig(options.file);
      if ((next.tls === undefined) !== (config.tls === undefined)) throw new ConfigError(options.file, ['turning TLS on or off needs a restart']);
      config = next;
      stamped = await stamp(config.files);
      if (config.tls !== undefined) for (const s of servers) s.setSecureContext(config.tls.context);
      tokens = Math.min(tokens, config.rateLimit?.burst ?? 0);
      lastFailure = '';
      logger.info({ file: options.file, tls: config.tls !== undefined, users: config.users.size }, 'web config reloaded');
    } catch (error) {
      stamped = now; // look again only after the next change
      const message = error instanceof ConfigError ? error.problems.join('; ') : String(error);
      if (message !== lastFailure) logger.error({ file: options.file, problems: message }, 'web config change rejected, keeping the one in force');
      lastFailure = message;
    }
  };
  const maybeLook = (): Promise<void> => {
    if (looking !== undefined) return looking;
    if (Date.now() - lastLook < recheckMs) return Promise.resolve();
    looking = look().finally(() => { looking = undefined; });
    return looking;
  };

  const takeToken = (): boolean => {
    const limit = config.rateLimit;
    if (limit === undefined) return true;
    const now = Date.now();
    const earned = Math.floor((now - refilled) / limit.intervalMs);
    if (earned > 0) {
      tokens = Math.min(limit.burst, tokens + earned);
      refilled += earned * limit.intervalMs;
    }
    if (tokens <= 0) return false;
    tokens--;
    return true;
  };

  return {
    current: () => config,
    refresh: () => { lastLook = 0; return maybeLook(); },
    attach(server) {
      server.on('connection', () => void maybeLook());
      if (!('setSecureContext' in server)) return;
      servers.push(server);
      server.on('secureConnection', (socket: TLSSocket) => {
        const tls = config.tls;
        if (tls === undefined) return;
        const cert = socket.getPeerCertificate();
        const given = cert !== null && Object.keys(cert).length > 0;
        let refuse: string | undefined;
        if (!given && tls.clientAuth === 'RequireAnyClientCert') refuse = 'no client certificate';
        else if (given && tls.clientAuth === 'VerifyClientCertIfGiven' && !socket.authorized) refuse = `client certificate not trusted (${String(socket.authorizationError)})`;
        else if (tls.allowedSans.length > 0 && !sansOf(given ? cert.subjectaltname : undefined).some((san) => tls.allowedSans.includes(san))) refuse = 'client certificate has none of client_allowed_sans';
        if (refuse !== undefined) {
          logger.warn({ remote: socket.remoteAddress, reason: refuse }, 'TLS connection refused');
          socket.destroy();
        }
      });
    },
    async onRequest(request, reply) {
      await maybeLook();
      const c = config;
      for (const [name, value] of Object.entries(c.headers)) reply.header(name, value);
      if (!takeToken()) return reply.code(429).type('text/plain; charset=utf-8').send('Too Many Requests\n');
      // Liveness says nothing and must answer container and kubelet probes, which carry no credentials.
      if (c.users.size === 0 || request.url === '/healthz') return undefined;
      const result = await auth.check(c.users, request.headers.authorization, request.ip);
      if (result === 'ok') return undefined;
      if (result === 'limited') return reply.code(429).header('Retry-After', '60').type('text/plain; charset=utf-8').send('Too Many Requests\n');
      return reply.code(401).header('WWW-Authenticate', 'Basic realm="chronik-log-exporter"').type('text/plain; charset=utf-8').send('Unauthorized\n');
    },
  };
}
