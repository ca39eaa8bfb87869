// fastify: /metrics (503 until the initial read is done), /healthz, /readyz and the landing page.
// Nothing served reads the filesystem: every route answers from memory.

import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { renderLandingPage, type LandingData } from './landing-page.js';
import { acceptsGzip, negotiateFormat, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './negotiate.js';
import { renderExposition } from '../metrics/index.js';
import type { WebSecurity } from './web-security.js';

const gzipAsync = promisify(gzip);
/**
 * zlib's fastest level: on a 1 MB exposition (10 000 series) it takes half the time of the default level 6 for
 * a body 20 % larger (45 KiB against 37 KiB), and a scrape's CPU matters more than a few KiB on the wire.
 */
const GZIP_LEVEL = 1;

/** Limits on what a client may send: these routes take no body and few headers. */
export const REQUEST_LIMITS = { bodyBytes: 1024, headerBytes: 8 * 1024, requestTimeoutMs: 10_000 } as const;

export interface ServerOptions {
  readonly registry: Registry;
  readonly telemetryPath: string;
  /** True once every source finished its initial read (or its catch-up after a checkpoint). */
  readonly isReady: () => boolean;
  readonly landing: () => LandingData | Promise<LandingData>;
  readonly logger: Logger;
  /** Called before a scrape renders the registry (synchronous, from memory: refresh lag gauges, tick). */
  readonly beforeScrape?: () => void;
  /** `POST /-/reload` (as Prometheus): re-reads the config; absent, the route does not exist. */
  readonly reload?: () => Promise<ReloadOutcome>;
  /** `--web.config.file`: TLS, basic auth, rate limit, headers. */
  readonly security?: WebSecurity;
}

/** What a reload did: a failed one changed nothing. */
export interface ReloadOutcome { readonly ok: boolean; readonly message: string }

/**
 * Builds the HTTP app (not listening yet: call `listen`, or `inject` in tests).
 * @example
 * const app = createServer({ registry, telemetryPath: '/metrics', isReady: () => true, landing, logger });
 * await app.listen({ host: '0.0.0.0', port: 13900 });
 */
export function createServer(options: ServerOptions): FastifyInstance {
  const tls = options.security?.current().tls;
  const common = {
    // Request logs at info would be one line per scrape: the http logger only speaks from warn up.
    loggerInstance: options.logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger, // pino's Logger is fastify's logger type
    bodyLimit: REQUEST_LIMITS.bodyBytes,
    requestTimeout: REQUEST_LIMITS.requestTimeoutMs,
    return503OnClosing: true,
  };
  const app = tls === undefined
    ? Fastify({ ...common, http: { maxHeaderSize: REQUEST_LIMITS.headerBytes } })
    : Fastify({
      ...common,
      https: {
        ...tls.context,
        maxHeaderSize: REQUEST_LIMITS.headerBytes,
        requestCert: tls.clientAuth !== 'NoClientCert',
        rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
      },
    }) as unknown as FastifyInstance; // routes and hooks are the same over https; only the raw server type differs
  if (options.security !== undefined) {
    const { security } = options;
    security.attach(app.server);
    app.addHook('onRequest', (request, reply) => security.onRequest(request, reply));
  }

  app.get(options.telemetryPath, async (request, reply) => {
    if (!options.isReady()) {
      return reply.code(503).header('Retry-After', '1').type('text/plain; charset=utf-8').send('initial read of the log files in progress\n');
    }
    options.beforeScrape?.();
    const format = negotiateFormat(request.headers.accept);
    const body = await renderExposition(options.registry, format);
    reply.type(format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE).header('Vary', 'Accept, Accept-Encoding');
    if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('Content-Encoding', 'gzip').send(await gzipAsync(body, { level: GZIP_LEVEL }));
    return reply.send(body);
  });
  app.get('/healthz', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok\n'));
  app.get('/readyz', async (_request, reply) =>
    options.isReady() ? reply.type('text/plain; charset=utf-8').send('ready\n') : reply.code(503).type('text/plain; charset=utf-8').send('initial read in progress\n'));
  const { reload } = options;
  if (reload !== undefined) {
    app.post('/-/reload', async (_request, reply) => {
      const outcome = await reload();
      return reply.code(outcome.ok ? 200 : 500).type('text/plain; charset=utf-8').send(`${outcome.message}\n`);
    });
  }
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderLandingPage(await options.landing())));
  return app;
}
