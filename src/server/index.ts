// server/: fastify serving /metrics, /healthz, /readyz and a landing page.
export { createServer, REQUEST_LIMITS } from './create-server.js';
export type { ReloadOutcome, ServerOptions } from './create-server.js';
export { renderLandingPage } from './landing-page.js';
export type { LandingData, LandingFile, LandingNode } from './landing-page.js';
export { acceptsGzip, negotiateFormat, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './negotiate.js';
export type { ExpositionFormat } from './negotiate.js';
export { renderOpenMetrics } from './openmetrics.js';
