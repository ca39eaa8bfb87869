// fastify: /metrics (503 until the initial read is done), /healthz, /readyz and the landing page.

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { renderLandingPage, type LandingData } from './landing-page.js';

export interface ServerOptions {
  readonly registry: Registry;
  readonly telemetryPath: string;
  /** True once every source finished its initial read (or its catch-up after a checkpoint). */
  readonly isReady: () => boolean;
  readonly landing: () => LandingData;
  readonly logger: Logger;
}

/**
 * Builds the HTTP app (not listening yet: call `listen`, or `inject` in tests).
 * @example
 * const app = createServer({ registry, telemetryPath: '/metrics', isReady: () => true, landing, logger });
 * await app.listen({ host: '0.0.0.0', port: 13900 });
 */
export function createServer(options: ServerOptions): FastifyInstance {
  // Request logs at info would be one line per scrape: the http logger only speaks from warn up.
  const app = Fastify({ loggerInstance: options.logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger }); // pino's Logger is fastify's logger type
  app.get(options.telemetryPath, async (_request, reply) => {
    if (!options.isReady()) {
      return reply.code(503).header('Retry-After', '1').type('text/plain').send('initial read of the log files in progress\n');
    }
    const body = await options.registry.metrics();
    return reply.type(options.registry.contentType).send(body);
  });
  app.get('/healthz', async (_request, reply) => reply.type('text/plain').send('ok\n'));
  app.get('/readyz', async (_request, reply) =>
    options.isReady() ? reply.type('text/plain').send('ready\n') : reply.code(503).type('text/plain').send('initial read in progress\n'));
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderLandingPage(options.landing())));
  return app;
}
