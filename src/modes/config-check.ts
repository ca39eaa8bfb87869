// `config check FILE`: validate a config file without starting anything.

import { loadConfig } from '../config/index.js';

/**
 * Loads and validates the file; throws a ConfigError (exit 2) listing every problem, else returns a summary line.
 * @example
 * await configCheck('examples/config.yaml'); // 'examples/config.yaml: valid (1 source)\n'
 */
export async function configCheck(file: string): Promise<string> {
  const config = await loadConfig(file);
  return `${file}: valid (${config.sources.length} source${config.sources.length === 1 ? '' : 's'}, ${config.rules.length} custom rule${config.rules.length === 1 ? '' : 's'})\n`;
}
