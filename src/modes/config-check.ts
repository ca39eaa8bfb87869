// `config check FILE [--web.config.file WEB]`: validate the config (and web config) without starting anything.

import { loadConfig } from '../config/index.js';

/**
 * Loads and validates the file; throws a ConfigError (exit 2) listing every problem, else returns a summary line.
 * @example
 * await configCheck('examples/config.yaml'); // 'examples/config.yaml: valid (1 source)\n'
 */
export async function configCheck(file: string, webConfigFile?: string): Promise<string> {
  const config = await loadConfig(file);
  const lines = [`${file}: valid (${config.sources.length} source${config.sources.length === 1 ? '' : 's'}, ${config.rules.length} custom rule${config.rules.length === 1 ? '' : 's'})`];
  if (webConfigFile !== undefined) {
    const { loadWebConfig } = await import('../server/index.js');
    const web = await loadWebConfig(webConfigFile);
    lines.push(`${webConfigFile}: valid (${web.tls === undefined ? 'no TLS' : `TLS, client certificates: ${web.tls.clientAuth}`}, ${web.users.size} basic auth user${web.users.size === 1 ? '' : 's'})`);
  }
  return `${lines.join('\n')}\n`;
}
