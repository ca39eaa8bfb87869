// Command-line flags in the Prometheus exporter style, with environment variables for the main ones.
// One table drives parsing, defaults and `--help`, so the help text can never forget an option.

import { parseArgs } from 'node:util';

/** A bad command line: exit code 2. */
export class FlagError extends Error {
  readonly code = 'CLE_ERR_FLAG';
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** Prefix of every environment variable the exporter reads. */
export const ENV_PREFIX = 'CHRONIK_LOG_EXPORTER_';

interface FlagSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly multiple?: true;
  readonly short?: string;
  readonly arg?: string;
  readonly default?: string;
  /** Environment variable (a list flag takes a comma-separated value). */
  readonly env?: string;
  readonly help: string;
  /** Commands the flag applies to (help text only). */
  readonly for?: string;
}

/** Every option, in the order `--help` lists them. */
export const FLAGS: readonly FlagSpec[] = [
  { name: 'config', type: 'string', arg: 'FILE', env: 'CONFIG', help: 'YAML configuration file (every key: examples/config.yaml)' },
  { name: 'web.listen-address', type: 'string', multiple: true, arg: 'ADDR', default: ':13900', env: 'WEB_LISTEN_ADDRESS', help: 'address to listen on, host:port or :port (repeatable)', for: 'serve' },
  { name: 'web.telemetry-path', type: 'string', arg: 'PATH', default: '/metrics', env: 'WEB_TELEMETRY_PATH', help: 'path of the metrics endpoint', for: 'serve' },
  { name: 'web.config.file', type: 'string', arg: 'FILE', env: 'WEB_CONFIG_FILE', help: 'TLS and basic auth, exporter-toolkit format (examples/web-config.yml)', for: 'serve, config check' },
  { name: 'log.path', type: 'string', multiple: true, arg: 'GLOB', env: 'LOG_PATH', help: 'a log file or glob to tail, as one more source (repeatable)', for: 'serve' },
  { name: 'stdin', type: 'boolean', help: 'also read a chronik log from standard input (source "stdin"; `-` as an argument does the same)', for: 'serve' },
  { name: 'node-id', type: 'string', arg: 'ID', env: 'NODE_ID', help: 'node id of the --stdin source (default: learned from the log)', for: 'serve' },
  { name: 'state.dir', type: 'string', arg: 'DIR', env: 'STATE_DIR', help: 'checkpoint directory (offsets and metric state survive restarts); overrides config state_dir', for: 'serve' },
  { name: 'log.level', type: 'string', arg: 'LEVEL', default: 'info', env: 'LOG_LEVEL', help: 'debug, info, warn or error' },
  { name: 'log.format', type: 'string', arg: 'FORMAT', default: 'logfmt', env: 'LOG_FORMAT', help: 'logfmt or json' },
  { name: 'format', type: 'string', arg: 'FORMAT', default: 'text', help: 'output format: text or json', for: 'replay' },
  { name: 'read-ahead', type: 'string', arg: 'WHEN', default: 'auto', env: 'READ_AHEAD', help: 'read and split lines on a second thread: auto (inputs of 16 MiB or more), on or off', for: 'replay, check' },
  { name: 'json', type: 'boolean', help: 'machine-readable verdicts', for: 'check' },
  { name: 'timeline', type: 'boolean', help: 'add the merged cross-node leadership timeline', for: 'check' },
  { name: 'version', type: 'boolean', help: 'print the version and exit' },
  { name: 'help', type: 'boolean', short: 'h', help: 'print this help and exit' },
];

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const LOG_FORMATS = ['logfmt', 'json'] as const;

/** Flags after defaults and environment variables were applied. */
export interface Flags {
  readonly config: string | undefined;
  readonly listen: readonly string[];
  readonly telemetryPath: string;
  readonly webConfigFile: string | undefined;
  readonly paths: readonly string[];
  readonly stateDir: string | undefined;
  readonly stdin: boolean;
  readonly nodeId: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly logFormat: (typeof LOG_FORMATS)[number];
  readonly format: 'text' | 'json';
  readonly readAhead: 'auto' | 'on' | 'off';
  readonly json: boolean;
  readonly timeline: boolean;
  readonly version: boolean;
  readonly help: boolean;
  readonly positionals: readonly string[];
}

const oneOf = <T extends string>(flag: string, value: string, allowed: readonly T[]): T => {
  if ((allowed as readonly string[]).includes(value)) return value as T; // just checked
  throw new FlagError(`Expected --${flag} to be ${allowed.map((a) => `\`${a}\``).join(' or ')}, got \`${value}\``);
};

/**
 * Parses argv; a flag wins over its environment variable, which wins over the default.
 * @example
 * parseFlags(['serve', '--web.listen-address=:9000'], process.env).listen; // [':9000']
 */
export function parseFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Flags {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const f of FLAGS) options[f.name] = { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short === undefined ? {} : { short: f.short }) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new FlagError(`${(error as Error).message} (see --help)`); // parseArgs throws TypeError ERR_PARSE_ARGS_*
  }
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>; // shapes given by FLAGS
  const fromEnv = (f: FlagSpec): string | undefined => {
    const v = f.env === undefined ? undefined : env[ENV_PREFIX + f.env];
    return v === undefined || v === '' ? undefined : v;
  };
  const str = (name: string): string | undefined => {
    const f = FLAGS.find((x) => x.name === name);
    const v = values[name];
    if (typeof v === 'string') return v;
    return f === undefined ? undefined : fromEnv(f) ?? f.default;
  };
  const list = (name: string): string[] => {
    const v = values[name];
    if (Array.isArray(v)) return v.map(String);
    const f = FLAGS.find((x) => x.name === name);
    const e = f === undefined ? undefined : fromEnv(f);
    if (e !== undefined) return e.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return f?.default === undefined ? [] : [f.default];
  };
  return {
    config: str('config'),
    listen: list('web.listen-address'),
    telemetryPath: str('web.telemetry-path') ?? '/metrics',
    webConfigFile: str('web.config.file'),
    paths: list('log.path'),
    stateDir: str('state.dir'),
    stdin: values.stdin === true,
    nodeId: str('node-id'),
    logLevel: oneOf('log.level', str('log.level') ?? 'info', LOG_LEVELS),
    logFormat: oneOf('log.format', str('log.format') ?? 'logfmt', LOG_FORMATS),
    format: oneOf('format', str('format') ?? 'text', ['text', 'json'] as const),
    readAhead: oneOf('read-ahead', str('read-ahead') ?? 'auto', ['auto', 'on', 'off'] as const),
    json: values.json === true,
    timeline: values.timeline === true,
    version: values.version === true,
    help: values.help === true,
    positionals: parsed.positionals,
  };
}

/** The option list of `--help`: every flag with its argument, default and environment variable. */
export function renderFlagHelp(): string {
  const rows = FLAGS.map((f) => {
    const left = `${f.short === undefined ? '    ' : `-${f.short}, `}--${f.name}${f.arg === undefined ? '' : ` ${f.arg}`}`;
    const notes = [
      f.default === undefined ? undefined : `default: ${f.default}`,
      f.env === undefined ? undefined : `env: ${ENV_PREFIX}${f.env}${f.multiple ? ' (comma-separated)' : ''}`,
      f.for === undefined ? undefined : `for: ${f.for}`,
    ].filter((n) => n !== undefined);
    return `  ${left.padEnd(34)} ${f.help}${notes.length === 0 ? '' : ` [${notes.join('; ')}]`}`;
  });
  return rows.join('\n');
}
