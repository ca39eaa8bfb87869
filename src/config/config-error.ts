// The coded error of a bad configuration (exit code 2), apart from the schema so that cli.ts can catch it without
// loading zod.

/** A configuration problem: exit code 2, with every issue listed. */
export class ConfigError extends Error {
  readonly code = 'CLE_ERR_CONFIG';
  constructor(readonly file: string, readonly problems: readonly string[]) {
    super(`Invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
