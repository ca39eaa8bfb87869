// log/: the exporter's own logs (pino; logfmt or JSON).
export { createLogger, toLogfmt } from './create-logger.js';
export type { LoggerOptions } from './create-logger.js';
