// `serve`: tail the configured log files and serve /metrics. The edges live here: files, sockets, timers, signals.
// Order of life: config → exporter → checkpoint restore → sources → servers; reload on SIGHUP or POST /-/reload;
// stop on SIGTERM/SIGINT: final checkpoint → sources → servers.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Counter, Gauge } from 'prom-client';
import { ConfigError, loadConfig, restartOnlyChanges, type Config, type SourceSettings } from '../config/index.js';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { createExporter, type Exporter, type FileReader } from '../exporter/index.js';
import { createStdinSource, type StdinSource } from '../sources/index.js';
import { createLogger } from '../log/index.js';
import type { CustomRules } from '../rules/index.js';
import { wireCustomRules } from './wire-custom-rules.js';
import { createServer, createWebSecurity, nodeVerdicts, type LandingData, type LandingNode, type ReloadOutcome } from '../server/index.js';
import { formatEventTime } from './format-time.js';
import { InputError } from './input-error.js';
import { createCheckpointer, type Checkpointer } from './checkpointing.js';
import { createSourceSet, type SourceChanges } from './serve-sources.js';
import { VERSION } from '../version.js';

export interface ServeOptions {
  readonly config: Readonly<Config>;
  /** The file `config` came from: what a reload reads again (none: a reload has nothing to do). */
  readonly configFile: string | undefined;
  /** `--web.config.file`: TLS and basic auth (exporter-toolkit format). */
  readonly webConfigFile?: string | undefined;
  /** `--log.path` globs (each one source). */
  readonly paths: readonly string[];
  readonly listen: readonly string[];
  readonly telemetryPath: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly logFormat: 'logfmt' | 'json';
  /** Where the exporter's own log goes (default stderr; tests capture it). */
  readonly logDestination?: NodeJS.WritableStream;
  /** Resolves when the server is listening (tests). */
  readonly onListening?: (addresses: readonly string[]) => void;
  /** Stops the server when aborted (tests); signals do the same in production. */
  readonly signal?: AbortSignal;
  /** Checkpoint directory (`--state.dir`, else config `state_dir`); no checkpoints when undefined. */
  readonly stateDir?: string | undefined;
  /** Also read a chronik log from standard input (`--stdin` or `-`), as the source "stdin". */
  readonly stdin?: boolean;
  /** Node id of the stdin source (`--node-id`); learned from the log when undefined. */
  readonly stdinNodeId?: string | undefined;
  /** The stream read for `stdin` (tests); default process.stdin. */
  readonly stdinStream?: Readable;
}

/** Default listen address: the exporter's port on all interfaces, like node_exporter's `:9100`. */
export const DEFAULT_LISTEN = ':13900';
/** A stop that takes longer than this exits anyway. */
const STOP_DEADLINE_MS = 5000;

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return dir;
}

/** `host:port`, `:port` or `[v6]:port` → listen options. */
export function parseListenAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = Number(m?.[3]);
  if (m === null || port > 65535) throw new InputError(`Expected --web.listen-address as host:port or :port, got \`${address}\``);
  return { host: m[1] ?? (m[2] === '' || m[2] === undefined ? '0.0.0.0' : m[2]), port };
}

/** The sources to run: the config's, one per `--log.path`, else the bundled example cluster. */
function effectiveSources(config: Readonly<Config>, paths: readonly string[], stdin = false): { settings: SourceSettings[]; example: boolean } {
  const settings: SourceSettings[] = [...config.sources, ...paths.map((p) => ({ paths: [p], count_existing: false, format: 'raw' as const }))];
  if (settings.length > 0 || stdin) return { settings, example: false };
  const dir = join(packageRoot(), 'examples', 'v2.2.1-cluster');
  return { settings: [{ name: 'examples', paths: [join(dir, '*.log')], count_existing: true, node_id_pattern: /node(\d+)/, format: 'raw' }], example: true };
}

/** Runs until SIGTERM/SIGINT (or `signal`); returns the exit code. */
export async function serve(options: ServeOptions): Promise<number> {
  const logger = createLogger({ level: options.logLevel, format: options.logFormat, ...(options.logDestination === undefined ? {} : { destination: options.logDestination }) });
  let config = options.config;
  // TLS and basic auth: a bad web config stops here (exit 2), before anything is read or served.
  const security = options.webConfigFile === undefined ? undefined : await createWebSecurity({ file: options.webConfigFile, logger });

  // ── exporter and its own health metrics ──
  let rules: CustomRules | undefined;
  const exporter = createExporter({
    maxLineBytes: config.limits.max_line_bytes,
    stabilityWindowSeconds: config.leadership.stability_window,
    maxPartitions: config.limits.max_partitions,
    defaultMetrics: true,
    version: VERSION,
    disabledRules: new Set(config.disabled_rules),
    onEvent: (node, event, counting) => { rules?.apply(node, event, counting); },
  });
  const m = exporter.metrics;
  const counter = (name: string) => m.exporter(name) as Counter<string>; // names of counters of the contract
  const gauge = (name: string) => m.exporter(name) as Gauge<string>; // names of gauges of the contract

  // ── custom rules (config `rules`): their metrics live in the same registry; reloadable ──
  const wired = wireCustomRules(m, config);
  const customRules = wired.rules;
  rules = customRules;
  const showRules = wired.show;
  const reloadOk = gauge('chronik_log_exporter_config_last_reload_successful');
  const reloadTime = gauge('chronik_log_exporter_config_last_reload_success_timestamp_seconds');
  reloadOk.set(1);
  reloadTime.set(Date.now() / 1000);
  let configOk = true; // the landing page's copy of reloadOk
  counter('chronik_log_exporter_watcher_overflows_total').inc(0);

  // ── checkpoints (state_dir): restored before any source exists, so that node ids and state continue ──
  const stateDir = options.stateDir ?? config.state_dir;
  let checkpointer: Checkpointer | undefined;
  if (stateDir !== undefined) {
    checkpointer = await createCheckpointer({
      dir: stateDir, exporter, logger,
      flush: () => sources.flush(), // called only when writing: `sources` exists by then
      files: () => sources.positions(),
    });
  }

  // ── sources ──
  const sources = createSourceSet({
    exporter, logger, tailing: config.tailing,
    // after a checkpoint, a file it does not name is new since: its history counts
    ...(checkpointer === undefined ? {} : { resume: checkpointer.resume, known: checkpointer.files, countHistory: checkpointer.restored, countDurably: checkpointer.countDurably }),
  });
  const first = effectiveSources(config, options.paths, options.stdin === true);
  if (first.example) {
    logger.info({ paths: first.settings[0]?.paths.join(',') }, 'no sources configured: serving the bundled example cluster logs (a 3-node v2.2.1 cluster). Point it at real logs with --log.path "/var/log/chronik/*.log" or a --config file (see examples/config.yaml)');
  }
  await sources.apply(first.settings);
  const stdin = options.stdin === true ? readStdin(exporter, logger, options.stdinNodeId, options.stdinStream) : undefined;
  let ready = false;
  void sources.ready.then(async () => {
    if (checkpointer !== undefined) {
      await checkpointer.write(); // the first checkpoint right after the initial read: a crash from now on loses nothing
      checkpointer.start(5000);
    }
    ready = true;
    logger.info({ files: sources.status().length }, 'initial read done; /metrics is ready');
  });

  // File gauges are computed when someone looks (a scrape): an idle exporter with 500 files does no work per second.
  const refresh = (): void => {
    exporter.tick();
    const status = sources.status();
    gauge('chronik_log_exporter_files_watched').set(status.length);
    for (const s of status) gauge('chronik_log_exporter_lag_bytes').set({ file: s.path }, Math.max(0, s.size - s.offset));
  };
  // The wall clock resolves stability windows on a quiet log (and releases events held for a node id).
  const timer = setInterval(() => exporter.tick(), 1000);
  timer.unref();

  // ── reload: validate first; a bad config is logged and the running one stays ──
  let reloading: Promise<ReloadOutcome> = Promise.resolve({ ok: true, message: '' });
  const reloadOnce = async (trigger: string): Promise<ReloadOutcome> => {
    const fail = (message: string, problems: readonly string[] = []): ReloadOutcome => {
      reloadOk.set(0);
      configOk = false;
      logger.error({ trigger, file: options.configFile, problems: problems.join('; ') }, `config reload failed, keeping the running config: ${message}`);
      return { ok: false, message: problems.length === 0 ? message : `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` };
    };
    if (options.configFile === undefined) {
      logger.info({ trigger }, 'config reload: no --config file, nothing to reload');
      return { ok: true, message: 'no --config file: nothing to reload' };
    }
    let next: Readonly<Config>;
    try {
      next = await loadConfig(options.configFile);
    } catch (error) {
      if (error instanceof ConfigError) return fail(`invalid configuration in ${error.file}`, error.problems);
      return fail(error instanceof Error ? error.message : String(error));
    }
    const restart = restartOnlyChanges(config, next);
    if (restart.length > 0) return fail(`changed key(s) that need a restart: ${restart.join(', ')}`);
    const before = customRules.ids();
    customRules.replace(next.rules);
    showRules(before);
    const changes: SourceChanges = await sources.apply(effectiveSources(next, options.paths, options.stdin === true).settings);
    config = next;
    reloadOk.set(1);
    configOk = true;
    reloadTime.set(Date.now() / 1000);
    const summary = { added: changes.added.join(','), changed: changes.changed.join(','), removed: changes.removed.join(','), kept: changes.kept.length };
    logger.info({ trigger, file: options.configFile, ...summary }, 'config reloaded');
    return { ok: true, message: `config reloaded (sources added: ${changes.added.length}, changed: ${changes.changed.length}, removed: ${changes.removed.length}, unchanged: ${changes.kept.length}; custom rules: ${customRules.ids().length})` };
  };
  const reload = (trigger: string): Promise<ReloadOutcome> => {
    reloading = reloading.then(() => reloadOnce(trigger), () => reloadOnce(trigger));
    return reloading;
  };

  // ── HTTP: one fastify instance per address (an instance listens once) ──
  const landing = async (): Promise<LandingData> => {
    const verdicts = await nodeVerdicts(m.registry);
    return {
      version: VERSION,
      telemetryPath: options.telemetryPath,
      ready,
      configOk,
      files: sources.status().map((s) => ({ path: s.path, source: s.source, lagBytes: Math.max(0, s.size - s.offset) })),
      nodes: exporter.nodes().map((n): LandingNode => {
        const d = n.state.data;
        return {
          nodeId: n.labels.node_id,
          ...(n.labels.cluster_id === undefined ? {} : { clusterId: n.labels.cluster_id }),
          role: d.role ?? 'unknown', term: d.term, leaderId: d.leaderId, stable: d.stability.stable, running: d.running,
          version: d.version ?? '', lastEvent: d.lastEventTime === 0 ? '' : formatEventTime(d.lastEventTime),
          verdicts: verdicts(n.labels, d.stability.stable),
        };
      }),
    };
  };
  const apps: FastifyInstance[] = [];
  const addresses: string[] = [];
  const closeApps = () => Promise.all(apps.reverse().map((a) => a.close()));
  try {
    for (const address of options.listen.length === 0 ? [DEFAULT_LISTEN] : options.listen) {
      const { host, port } = parseListenAddress(address);
      const app = createServer({
        registry: m.registry, telemetryPath: options.telemetryPath, isReady: () => ready, logger, beforeScrape: refresh, landing,
        reload: () => reload('http'),
        ...(security === undefined ? {} : { security }),
      });
      apps.push(app);
      addresses.push(await app.listen({ host, port }));
    }
  } catch (error) {
    clearInterval(timer);
    await sources.close();
    await closeApps();
    throw error;
  }
  const web = security?.current();
  logger.info({ addresses: addresses.join(','), version: VERSION, tls: web?.tls !== undefined, basic_auth: (web?.users.size ?? 0) > 0 }, 'chronik-log-exporter listening');
  options.onListening?.(addresses);

  // ── signals and shutdown ──
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onHup = () => void reload('SIGHUP');
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    function stop(why: string): void {
      if (stopping) return;
      stopping = true;
      process.off('SIGHUP', onHup).off('SIGTERM', onTerm).off('SIGINT', onInt);
      logger.info({ why }, 'shutting down');
      clearInterval(timer);
      const hardStop = setTimeout(() => {
        logger.warn({ deadline_ms: STOP_DEADLINE_MS }, 'shutdown took too long: exiting anyway');
        resolve(0);
      }, STOP_DEADLINE_MS);
      hardStop.unref();
      void (async () => {
        await reloading.catch(() => undefined);
        // 1. the final checkpoint (consistent whenever taken: bytes read after it are read again at restart)
        checkpointer?.stop();
        await checkpointer?.write();
        await Promise.all([sources.close(), stdin?.close()]); // 2. stop reading
        await closeApps(); // 3. close the servers
        clearTimeout(hardStop);
        logger.info({ why }, 'stopped');
        resolve(0);
      })();
    }
    process.on('SIGHUP', onHup).on('SIGTERM', onTerm).on('SIGINT', onInt);
    if (options.signal?.aborted === true) stop('abort');
    options.signal?.addEventListener('abort', () => stop('abort'));
  });
}

/** `--stdin`: standard input as one more source, "stdin" (a pipe has no history: every line counts). */
function readStdin(exporter: Exporter, logger: Logger, nodeId: string | undefined, stream: Readable | undefined): StdinSource {
  const pipeline = exporter.source({ name: 'stdin', ...(nodeId === undefined ? {} : { nodeId }) });
  let reader: FileReader | undefined;
  const counter = (name: string) => exporter.metrics.exporter(name) as Counter<string>; // names of counters of the contract
  logger.info({ node_id: nodeId ?? '(from the log)' }, 'reading standard input');
  return createStdinSource({ logger, ...(stream === undefined ? {} : { input: stream }) }, {
    open: (file) => { reader = pipeline.file(file.path); },
    data: (_file, chunk) => reader?.push(chunk, true),
    caughtUp: () => reader?.caughtUp(),
    truncated: () => 0, // a pipe is never truncated
    closed(_file, reason) {
      if (reason === 'closing') reader?.caughtUp();
      else reader?.end();
      pipeline.release();
      if (reason === 'eof') logger.warn('standard input ended (the writer closed it); still serving what was read');
    },
    error: (source, code) => counter('chronik_log_exporter_read_errors_total').inc({ source, code }),
    rotated: () => undefined,
    watcherOverflow: () => undefined,
  });
}
