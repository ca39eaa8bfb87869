#!/usr/bin/env node
// argv → serve | replay | check | config check | rules test.
// Exit codes: 0 ok, 1 check failed, 2 bad input or config, 3 check inconclusive.

// Not config/index.js: it loads the schema (zod, 0.25–0.5 s of start-up), which only a config file needs.
import { ConfigError } from './config/config-error.js';
import { defaultConfig } from './config/defaults.js';
import { FlagError, parseFlags, renderFlagHelp, type Flags } from './config/flags.js';
import type { Config } from './config/index.js';
import { InputError } from './modes/input-error.js';
import { startReadAheadThreads } from './modes/read-ahead-threads.js';
import { VERSION } from './version.js';

const USAGE = `chronik-log-exporter ${VERSION}: chronik-server logs → Prometheus metrics

Usage:
  chronik-log-exporter [serve] [options]          tail log files and serve /metrics (default command)
  chronik-log-exporter replay [options] FILE...    read log files, print the exposition
  chronik-log-exporter check [options] FILE...     read log files, print a leadership verdict table
  chronik-log-exporter config check FILE           validate a config file (exit 2 listing every problem)
  chronik-log-exporter rules test CONFIG LOGFILE   show which rule matched each log event and what it did
  chronik-log-exporter hash-password < PASSWORD    print a bcrypt hash for basic_auth_users in the web config

Options (a flag wins over its environment variable, which wins over the default):
${renderFlagHelp()}

Signals (serve): SIGHUP reloads the config (as does POST /-/reload); SIGTERM and SIGINT stop.
Exit codes: 0 ok; 1 check failed; 2 bad input or configuration; 3 check inconclusive.`;

async function configFrom(file: string | undefined): Promise<Readonly<Config>> {
  if (file === undefined) return defaultConfig();
  const { loadConfig } = await import('./config/index.js');
  return loadConfig(file);
}

async function run(flags: Flags): Promise<number> {
  const [command = 'serve', ...args] = flags.positionals;
  switch (command) {
    case 'config': {
      const [sub, file, ...rest] = args;
      if (sub !== 'check' || file === undefined || rest.length > 0) throw new FlagError('Expected `config check FILE`');
      const { configCheck } = await import('./modes/config-check.js');
      process.stdout.write(await configCheck(file, flags.webConfigFile));
      return 0;
    }
    case 'hash-password': {
      if (args.length > 0) throw new FlagError('Expected `hash-password` with the password on standard input');
      const { bcryptHash } = await import('./server/index.js');
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer); // stdin without an encoding yields Buffers
      const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
      if (password === '') throw new FlagError('Expected a password on standard input, got nothing');
      process.stdout.write(`${await bcryptHash(password, 10)}\n`);
      return 0;
    }
    case 'rules': {
      const [sub, configFile, logFile, ...rest] = args;
      if (sub !== 'test' || configFile === undefined || logFile === undefined || rest.length > 0) throw new FlagError('Expected `rules test CONFIG LOGFILE`');
      const { rulesTest } = await import('./modes/rules-test.js');
      process.stdout.write(await rulesTest(configFile, logFile));
      return 0;
    }
    case 'replay': {
      startReadAheadThreads(args, flags.readAhead); // they start while the rest of the program loads
      const { replay } = await import('./modes/replay.js');
      process.stdout.write(await replay(args, { config: await configFrom(flags.config), format: flags.format, readAhead: flags.readAhead }));
      return 0;
    }
    case 'check': {
      startReadAheadThreads(args, flags.readAhead);
      const { check, formatCheck } = await import('./modes/check.js');
      const result = await check(args, { config: await configFrom(flags.config), readAhead: flags.readAhead });
      process.stdout.write(formatCheck(result, { json: flags.json, timeline: flags.timeline }));
      return result.exitCode;
    }
    case 'serve': {
      const stdin = flags.stdin || (args.length === 1 && args[0] === '-');
      if (args.length > 0 && !(args.length === 1 && args[0] === '-')) throw new FlagError(`Expected no arguments after \`serve\` but \`-\` (standard input), got \`${args.join(' ')}\` (log files go in --log.path or the config)`);
      const { serve } = await import('./modes/serve.js'); // loaded only here: the other modes need no watcher or server
      return serve({
        config: await configFrom(flags.config),
        configFile: flags.config,
        webConfigFile: flags.webConfigFile,
        paths: flags.paths,
        stateDir: flags.stateDir,
        stdin,
        stdinNodeId: flags.nodeId,
        listen: flags.listen,
        telemetryPath: flags.telemetryPath,
        logLevel: flags.logLevel,
        logFormat: flags.logFormat,
      });
    }
    default:
      throw new FlagError(`Unknown command \`${command}\`; expected serve, replay, check, config check or rules test (see --help)`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, process.env);
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`chronik-log-exporter ${VERSION} (node ${process.version})\n`);
    return 0;
  }
  return run(flags);
}

// `replay … | head` closes the pipe early: that is the reader's choice, not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof InputError || error instanceof FlagError) {
      process.stderr.write(`chronik-log-exporter: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`chronik-log-exporter: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
