// A `RUST_LOG`-style directive set (EnvFilter subset): default level plus per-target-prefix levels.
import type { LogLevel } from './catalog/index.js';

const RANK: Readonly<Record<LogLevel, number>> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** A parsed filter; `allows` answers whether a (level, target) event is written. */
export interface LogFilter {
  /** The directive string it was parsed from, e.g. `info,chronik_server::raft_cluster=warn`. */
  readonly directives: string;
  allows(level: LogLevel, target: string): boolean;
}

function parseLevel(text: string): LogLevel {
  const level = text.toUpperCase();
  if (level === 'TRACE' || level === 'DEBUG' || level === 'INFO' || level === 'WARN' || level === 'ERROR') return level;
  throw new TypeError(`Expected a level (trace|debug|info|warn|error), got \`${text}\``);
}

/** Parses `info,chronik_server=debug,chronik_server::raft_cluster=warn`; the longest matching target prefix wins. */
export function parseLogFilter(directives: string): LogFilter {
  let defaultLevel: LogLevel = 'ERROR';
  const targets: Array<readonly [string, LogLevel]> = [];
  for (const part of directives.split(',')) {
    const [target, level] = part.split('=');
    if (level === undefined) defaultLevel = parseLevel(target ?? '');
    else targets.push([target ?? '', parseLevel(level)]);
  }
  targets.sort((a, b) => b[0].length - a[0].length);
  const cache = new Map<string, number>();
  const thresholdFor = (target: string): number => {
    let threshold = cache.get(target);
    if (threshold === undefined) {
      const match = targets.find(([prefix]) => target === prefix || target.startsWith(`${prefix}::`));
      threshold = RANK[match === undefined ? defaultLevel : match[1]];
      cache.set(target, threshold);
    }
    return threshold;
  };
  return { directives, allows: (level, target) => RANK[level] >= thresholdFor(target) };
}
