// server/: fastify serving /metrics, /healthz, /readyz and a landing page.
export { createServer } from './create-server.js';
export type { ServerOptions } from './create-server.js';
export { renderLandingPage } from './landing-page.js';
export type { LandingData, LandingFile, LandingNode } from './landing-page.js';
