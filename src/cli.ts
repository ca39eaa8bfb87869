#!/usr/bin/env node
// argv → serve | replay | check. Exit codes: 0 ok, 1 check failed, 2 bad input or config, 3 check inconclusive.

import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, validateConfig, type Config } from './config/index.js';
import { InputError } from './modes/read-files.js';
import { replay } from './modes/replay.js';
import { check, formatCheck } from './modes/check.js';
import { VERSION } from './version.js';

const USAGE = `chronik-log-exporter ${VERSION}: chronik-server logs → Prometheus metrics

Usage:
  chronik-log-exporter [serve] [options]        tail log files and serve /metrics (default command)
  chronik-log-exporter replay [options] FILE...  read log files, print the exposition
  chronik-log-exporter check [options] FILE...   read log files, print a leadership verdict table

Options:
  --config FILE                  YAML configuration (see examples/config.yaml)
  --log.path GLOB                a log file or glob to tail (repeatable; serve)
  --web.listen-address ADDR      address to serve on (repeatable; default :13900)
  --web.telemetry-path PATH      path of the metrics endpoint (default /metrics)
  --log.level LEVEL              debug, info, warn, error (default info)
  --log.format FORMAT            logfmt or json (default logfmt)
  --format text|json             replay output format (default text)
  --json                         check: machine-readable verdicts
  --timeline                     check: add the merged cross-node leadership timeline
  --version                      print the version
  -h, --help                     this help

Exit codes: 0 ok; 1 check failed; 2 bad input or configuration; 3 check inconclusive.`;

const OPTIONS = {
  config: { type: 'string' },
  'log.path': { type: 'string', multiple: true },
  'web.listen-address': { type: 'string', multiple: true },
  'web.telemetry-path': { type: 'string' },
  'log.level': { type: 'string' },
  'log.format': { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  timeline: { type: 'boolean' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function configFrom(file: string | undefined): Promise<Readonly<Config>> {
  return file === undefined ? validateConfig({}, '(defaults)') : loadConfig(file);
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version === true) {
    process.stdout.write(`chronik-log-exporter ${VERSION} (node ${process.version})\n`);
    return 0;
  }
  const [command = 'serve', ...files] = positionals;
  const config = await configFrom(values.config);
  switch (command) {
    case 'replay': {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') throw new InputError(`Expected --format to be \`text\` or \`json\`, got \`${format}\``);
      process.stdout.write(await replay(files, { config, format }));
      return 0;
    }
    case 'check': {
      const result = await check(files, { config });
      process.stdout.write(formatCheck(result, { json: values.json === true, timeline: values.timeline === true }));
      return result.exitCode;
    }
    case 'serve': {
      const { serve } = await import('./modes/serve.js'); // loaded only here: replay and check need no watcher or server
      return serve({
        config,
        configFile: values.config,
        paths: values['log.path'] ?? [],
        listen: values['web.listen-address'] ?? [],
        telemetryPath: values['web.telemetry-path'] ?? '/metrics',
        logLevel: values['log.level'] ?? 'info',
        logFormat: values['log.format'] ?? 'logfmt',
      });
    }
    default:
      throw new InputError(`Unknown command \`${command}\`; expected serve, replay or check (see --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof InputError) {
      process.stderr.write(`chronik-log-exporter: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`chronik-log-exporter: ${error.message} (see --help)\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`chronik-log-exporter: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
