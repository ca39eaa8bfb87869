// `serve`: tail the configured log files and serve /metrics. The edges live here: files, sockets, timers, signals.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Counter, Gauge } from 'prom-client';
import type { Config, SourceSettings } from '../config/index.js';
import { createExporter, type FileReader, type SourcePipeline } from '../exporter/index.js';
import { createLogger } from '../log/index.js';
import { createServer, type LandingNode } from '../server/index.js';
import { createFileSources, type SourceSink, type TailedFile } from '../sources/index.js';
import { formatEventTime } from './format-time.js';
import { VERSION } from '../version.js';
import { InputError } from './read-files.js';
import { createCheckpointer, type Checkpointer } from './checkpointing.js';

export interface ServeOptions {
  readonly config: Readonly<Config>;
  readonly configFile: string | undefined;
  /** `--web.config.file`: TLS and basic auth (exporter-toolkit format). */
  readonly webConfigFile?: string | undefined;
  /** `--log.path` globs (each one source). */
  readonly paths: readonly string[];
  readonly listen: readonly string[];
  readonly telemetryPath: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly logFormat: 'logfmt' | 'json';
  /** Resolves when the server is listening (tests). */
  readonly onListening?: (addresses: readonly string[]) => void;
  /** Stops the server when aborted (tests); signals do the same in production. */
  readonly signal?: AbortSignal;
  /** Checkpoint directory (`--state.dir`, else config `state_dir`); no checkpoints when undefined. */
  readonly stateDir?: string | undefined;
}

/** Default listen address: the exporter's port on all interfaces, like node_exporter's `:9100`. */
export const DEFAULT_LISTEN = ':13900';

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

interface OpenFile { reader: FileReader; historyEnd: number; countExisting: boolean; path: string; source: string; offset: number }

/** Runs until SIGTERM/SIGINT (or `signal`); returns the exit code. */
export async function serve(options: ServeOptions): Promise<number> {
  if (options.webConfigFile !== undefined) throw new InputError('--web.config.file is not supported yet');
  const logger = createLogger({ level: options.logLevel, format: options.logFormat });
  const { config } = options;

  let settings: readonly SourceSettings[] = [
    ...config.sources,
    ...options.paths.map((p) => ({ paths: [p], count_existing: false })),
  ];
  if (settings.length === 0) {
    const dir = join(packageRoot(), 'examples', 'v2.2.1-cluster');
    settings = [{ name: 'examples', paths: [join(dir, '*.log')], count_existing: true, node_id_pattern: /node(\d+)/ }];
    logger.info({ dir }, 'no sources configured: serving the bundled example cluster logs (a 3-node v2.2.1 cluster). Point it at real logs with --log.path "/var/log/chronik/*.log" or a --config file (see examples/config.yaml)');
  }

  const exporter = createExporter({
    maxLineBytes: config.limits.max_line_bytes,
    stabilityWindowSeconds: config.leadership.stability_window,
    maxPartitions: config.limits.max_partitions,
    defaultMetrics: true,
    version: VERSION,
    disabledRules: new Set(config.disabled_rules),
  });
  const m = exporter.metrics;
  const counter = (name: string) => m.exporter(name) as Counter<string>; // names of counters of the contract
  const gauge = (name: string) => m.exporter(name) as Gauge<string>; // names of gauges of the contract
  const loaded = gauge('chronik_log_exporter_config_last_reload_successful');
  loaded.set(1);
  gauge('chronik_log_exporter_config_last_reload_success_timestamp_seconds').set(Date.now() / 1000);
  counter('chronik_log_exporter_watcher_overflows_total').inc(0);

  // --- checkpoints (state_dir): restored before any source exists, so that node ids and state continue ---
  const stateDir = options.stateDir ?? config.state_dir;
  let checkpointer: Checkpointer | undefined;
  const open = new Map<string, OpenFile>();
  if (stateDir !== undefined) {
    checkpointer = await createCheckpointer({
      dir: stateDir, exporter, logger,
      flush: () => { for (const f of open.values()) f.reader.caughtUp(); },
      files: () => [...open.entries()].map(([key, f]) => ({ key, path: f.path, source: f.source, offset: f.offset - f.reader.bufferedBytes })),
    });
  }
  const countHistory = checkpointer?.restored === true; // after a checkpoint, a file it does not name is new since

  const pipelines = new Map<string, { pipeline: SourcePipeline; countExisting: boolean }>();
  const sourceSpecs = settings.map((s) => {
    const name = s.name ?? s.paths.join(',');
    pipelines.set(name, {
      pipeline: exporter.source({
        name,
        ...(s.node_id === undefined ? {} : { nodeId: s.node_id }),
        ...(s.cluster_id === undefined ? {} : { clusterId: s.cluster_id }),
        ...(s.node_id_pattern === undefined ? {} : { nodeIdPattern: s.node_id_pattern }),
      }),
      countExisting: s.count_existing,
    });
    for (const c of ['chronik_log_exporter_file_rotations_total', 'chronik_log_exporter_file_truncations_total']) counter(c).inc({ source: name }, 0);
    return { name, paths: s.paths };
  });

  const sink: SourceSink = {
    open(file: TailedFile, info) {
      const p = pipelines.get(file.source);
      if (p === undefined) return;
      open.set(file.key, {
        reader: p.pipeline.file(file.path), historyEnd: info.history ? info.historyEnd : 0, countExisting: p.countExisting || countHistory,
        path: file.path, source: file.source, offset: info.offset,
      });
      logger.info({ file: file.path, source: file.source, offset: info.offset, history: info.history }, 'reading file');
    },
    data(file, chunk, offsetAfter) {
      const f = open.get(file.key);
      if (f === undefined) return;
      f.offset = offsetAfter;
      const start = offsetAfter - chunk.length;
      if (start >= f.historyEnd) return f.reader.push(chunk, true);
      const split = Math.min(chunk.length, f.historyEnd - start);
      f.reader.push(chunk.subarray(0, split), f.countExisting);
      if (split < chunk.length) f.reader.push(chunk.subarray(split), true);
    },
    caughtUp: (file) => open.get(file.key)?.reader.caughtUp(),
    truncated(file) {
      // The file ends here (its partial line is dropped); what it holds now comes as a new file from offset 0.
      open.get(file.key)?.reader.caughtUp();
      open.delete(file.key);
      counter('chronik_log_exporter_file_truncations_total').inc({ source: file.source });
    },
    closed(file, reason) {
      const f = open.get(file.key);
      if (f === undefined) return;
      if (reason === 'closing') f.reader.caughtUp();
      else f.reader.end();
      open.delete(file.key);
      gauge('chronik_log_exporter_lag_bytes').remove({ file: file.path });
    },
    error: (source, code) => counter('chronik_log_exporter_read_errors_total').inc({ source, code }),
    rotated: (source) => counter('chronik_log_exporter_file_rotations_total').inc({ source }),
    watcherOverflow: () => counter('chronik_log_exporter_watcher_overflows_total').inc(),
  };

  const sources = createFileSources({
    sources: sourceSpecs,
    pollIntervalMs: config.tailing.poll_interval * 1000,
    rotateWaitMs: config.tailing.rotate_wait * 1000,
    usePolling: config.tailing.use_polling,
    logger,
    ...(checkpointer === undefined ? {} : { resume: checkpointer.resume }),
  }, sink);
  let ready = false;
  void sources.ready.then(() => {
    ready = true;
    for (const p of pipelines.values()) p.pipeline.release();
    logger.info({ files: sources.status().length }, 'initial read done; /metrics is ready');
    if (checkpointer !== undefined) {
      void checkpointer.write(); // the first checkpoint right after the initial read: a crash from now on loses nothing
      checkpointer.start(5000);
    }
  });

  const refresh = (): void => {
    exporter.tick();
    const status = sources.status();
    gauge('chronik_log_exporter_files_watched').set(status.length);
    for (const s of status) gauge('chronik_log_exporter_lag_bytes').set({ file: s.path }, Math.max(0, s.size - s.offset));
  };
  const timer = setInterval(refresh, 1000);
  timer.unref();

  const makeApp = () => createServer({
    registry: m.registry,
    telemetryPath: options.telemetryPath,
    isReady: () => ready,
    logger,
    beforeScrape: refresh,
    landing: () => ({
      version: VERSION,
      telemetryPath: options.telemetryPath,
      ready,
      files: sources.status().map((s) => ({ path: s.path, source: s.source, lagBytes: Math.max(0, s.size - s.offset) })),
      nodes: exporter.nodes().map((n): LandingNode => {
        const d = n.state.data;
        return {
          nodeId: n.labels.node_id,
          ...(n.labels.cluster_id === undefined ? {} : { clusterId: n.labels.cluster_id }),
          role: d.role ?? 'unknown', term: d.term, leaderId: d.leaderId, stable: d.stability.stable, running: d.running,
          version: d.version ?? '', lastEvent: d.lastEventTime === 0 ? '' : formatEventTime(d.lastEventTime),
        };
      }),
    }),
  });

  // One fastify instance per address: an instance listens once.
  const apps: FastifyInstance[] = [];
  const addresses: string[] = [];
  for (const address of options.listen.length === 0 ? [DEFAULT_LISTEN] : options.listen) {
    const { host, port } = parseListenAddress(address);
    const app = makeApp();
    apps.push(app);
    addresses.push(await app.listen({ host, port }));
  }
  logger.info({ addresses: addresses.join(','), version: VERSION }, 'chronik-log-exporter listening');
  options.onListening?.(addresses);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (why: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ why }, 'shutting down');
      clearInterval(timer);
      const hardStop = setTimeout(() => resolve(0), 5000);
      hardStop.unref();
      checkpointer?.stop();
      // A checkpoint is consistent whenever it is taken; bytes read after it are simply read again at restart.
      void Promise.resolve(checkpointer?.write()).then(() => sources.close()).then(() => Promise.all(apps.reverse().map((a) => a.close()))).then(() => {
        clearTimeout(hardStop);
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    options.signal?.addEventListener('abort', () => stop('abort'));
  });
}
