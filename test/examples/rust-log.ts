// What a RUST_LOG (tracing-subscriber EnvFilter) lets through for raft-rs' target `raft::raft`, whose INFO lines
// carry every role change and election. The recipes must not hide them (chronik-log-formats.md §1.1, §9.7).

const LEVELS = ['off', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** The level enabled for `target` by `directives` ('off' when nothing enables it). */
export function levelFor(directives: string, target: string): (typeof LEVELS)[number] {
  let best: { length: number; level: (typeof LEVELS)[number] } | undefined;
  let fallback: (typeof LEVELS)[number] = 'off';
  for (const raw of directives.split(',').map((d) => d.trim()).filter((d) => d !== '')) {
    const [name = '', level] = raw.split('=');
    const lower = name.toLowerCase();
    if (level === undefined && (LEVELS as readonly string[]).includes(lower)) {
      fallback = lower as (typeof LEVELS)[number]; // a bare level: the default for every target
      continue;
    }
    const enabled = (level === undefined ? 'trace' : level.toLowerCase()) as (typeof LEVELS)[number]; // a bare target: all levels
    if (target.startsWith(name) && (best === undefined || name.length > best.length)) best = { length: name.length, level: enabled };
  }
  return best?.level ?? fallback;
}

/** True when raft-rs' INFO lines (became leader/follower/candidate, elections) would not be logged. */
export function hidesRaftLines(directives: string): boolean {
  return LEVELS.indexOf(levelFor(directives, 'raft::raft')) < LEVELS.indexOf('info');
}
