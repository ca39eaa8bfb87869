// config/: one schema (zod) for the YAML file and flags; parsed once into a frozen, defaulted value.
export { ConfigError } from './config-error.js';
export { DEFAULTS, defaultConfig } from './defaults.js';
export { loadConfig, validateConfig } from './load-config.js';
export { configSchema, sourceSchema } from './schema.js';
export type { Config, SourceSettings } from './schema.js';
export { describeValue, formatIssues, valueAt } from './format-issues.js';
export { ENV_PREFIX, FLAGS, FlagError, parseFlags, renderFlagHelp } from './flags.js';
export type { Flags } from './flags.js';
export { RESTART_ONLY_KEYS, restartOnlyChanges } from './reload-diff.js';
export { BUILTIN_RULE_IDS, ruleSchema, rulesSchema } from './rules-schema.js';
export type { RuleSettings } from './rules-schema.js';
