// server/: fastify serving /metrics, /healthz, /readyz and a landing page.
export { createServer, REQUEST_LIMITS } from './create-server.js';
export type { ReloadOutcome, ServerOptions } from './create-server.js';
export { renderLandingPage } from './landing-page.js';
export type { LandingData, LandingFile, LandingNode } from './landing-page.js';
export { acceptsGzip, negotiateFormat, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './negotiate.js';
export type { ExpositionFormat } from './negotiate.js';
export { renderOpenMetrics } from './openmetrics.js';
export { bcryptHash, bcryptVerify, isBcryptHash } from './bcrypt.js';
export { createBasicAuth } from './basic-auth.js';
export type { AuthResult, BasicAuth, BasicAuthOptions } from './basic-auth.js';
export { loadWebConfig } from './web-config.js';
export type { ClientAuthType, TlsSettings, WebConfig } from './web-config.js';
export { createWebSecurity } from './web-security.js';
export type { WebSecurity, WebSecurityOptions } from './web-security.js';
export { nodeVerdicts } from './node-verdicts.js';
export type { NodeVerdict, Verdict } from './node-verdicts.js';
