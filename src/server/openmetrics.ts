// OpenMetrics 1.0 text from a prom-client Registry (kept as the server's export; metrics/exposition renders it).

import type { Registry } from 'prom-client';
import { renderExposition } from '../metrics/index.js';

/**
 * Renders every metric of the registry in the OpenMetrics text format, ending with `# EOF`.
 * @example
 * reply.type(OPENMETRICS_CONTENT_TYPE).send(await renderOpenMetrics(registry));
 */
export function renderOpenMetrics(registry: Registry): Promise<string> {
  return renderExposition(registry, 'openmetrics');
}
