// node_id attribution for one source (metric contract, "node_id"): configured id, else the log's own
// self-identifying lines (its own, or those of the same log's rotated generations), else the id captured from the
// path, else `unknown`. The banner comes a few lines before `Node ID:`, so events are held (bounded) until the id is
// known.

import type { Level, LogEvent } from '../lines/index.js';
import type { Observation } from '../chronik/index.js';

/** The node_id of events whose node nothing tells. */
export const UNKNOWN_NODE = 'unknown';

export interface NodeResolverOptions {
  /** The source's configured node_id: always wins; a contradicting self-id is a conflict. */
  readonly configured?: string;
  /** The id this source had established before a restart (from a checkpoint). */
  readonly known?: string | undefined;
  /** The id captured from the file path by the source's pattern. */
  readonly fromPath?: string | undefined;
  /** The id related files (the same log's rotated generations) established, asked when held events are released. */
  readonly inherited?: () => string | undefined;
  /** Hold limits before falling back (defaults 1 000 events, 64 KiB of message text). */
  readonly maxHeldEvents?: number;
  readonly maxHeldChars?: number;
  /** Wall clock in ms, for how long events have been held (live tailing releases them after a while). */
  readonly now?: () => number;
  /** A line whose self-id contradicts the configured node_id. */
  readonly onConflict: () => void;
  /** Delivers an event with its observations to the node it belongs to. */
  readonly deliver: (nodeId: string, event: LogEvent, observations: readonly Observation[], counting: boolean) => void;
  /** Delivers an event that says nothing by its time and level (see {@link NodeResolver.pushQuiet}). */
  readonly deliverQuiet?: (nodeId: string, time: number, level: Level, counting: boolean) => void;
  /** Delivers consecutive such events at once (see {@link NodeResolver.pushQuietMany}). */
  readonly deliverQuietMany?: (nodeId: string, latest: number, levels: readonly Level[], counts: ArrayLike<number>, counting: boolean) => void;
}

export interface NodeResolver {
  /** The id in use, or undefined while events are held. */
  readonly nodeId: string | undefined;
  push(event: LogEvent, observations: readonly Observation[], counting: boolean): void;
  /**
   * An event without observations, by its time and level, when its node is known (then true); false, having done
   * nothing, when it would be held (push it as an event then) or there is no `deliverQuiet`.
   */
  pushQuiet(time: number, level: Level, counting: boolean): boolean;
  /** {@link pushQuiet} for consecutive such events: the latest of their times, and counts by level. */
  pushQuietMany(latest: number, levels: readonly Level[], counts: ArrayLike<number>, counting: boolean): boolean;
  /** Releases held events under the fallback id (end of input, or held too long on the wall clock). */
  release(): void;
  /** Wall-clock ms at which the oldest held event was held, or undefined when nothing is held. */
  readonly heldSince: number | undefined;
}

function selfId(observations: readonly Observation[]): number | undefined {
  for (const o of observations) if (o.kind === 'self_id') return o.nodeId;
  return undefined;
}

interface Held { event: LogEvent; observations: readonly Observation[]; counting: boolean }

/**
 * Creates the resolver of one source. Keep it for the source's life: a file after rotation has no banner, and
 * inherits the id its predecessor established.
 */
export function createNodeResolver(options: NodeResolverOptions): NodeResolver {
  const maxEvents = options.maxHeldEvents ?? 1000;
  const maxChars = options.maxHeldChars ?? 64 * 1024;
  let nodeId = options.configured ?? options.known;
  let held: Held[] = [];
  let heldChars = 0;
  let heldSince: number | undefined;

  const flushHeld = (id: string): void => {
    const out = held;
    held = [];
    heldChars = 0;
    heldSince = undefined;
    for (const h of out) options.deliver(id, h.event, h.observations, h.counting);
  };

  const resolver: NodeResolver = {
    get nodeId() { return nodeId; },
    get heldSince() { return heldSince; },
    push(event, observations, counting) {
      const own = observations.length === 0 ? undefined : selfId(observations);
      if (options.configured !== undefined) {
        if (own !== undefined && String(own) !== options.configured) options.onConflict();
        options.deliver(options.configured, event, observations, counting);
        return;
      }
      if (own !== undefined && String(own) !== nodeId) {
        nodeId = String(own);
        flushHeld(nodeId);
      }
      if (nodeId !== undefined) {
        options.deliver(nodeId, event, observations, counting);
        return;
      }
      if (held.length === 0) heldSince = (options.now ?? Date.now)();
      held.push({ event, observations, counting });
      heldChars += event.message.length;
      if (held.length >= maxEvents || heldChars >= maxChars) resolver.release();
    },
    pushQuiet(time, level, counting) {
      const id = options.configured ?? nodeId;
      if (id === undefined || options.deliverQuiet === undefined) return false;
      options.deliverQuiet(id, time, level, counting);
      return true;
    },
    pushQuietMany(latest, levels, counts, counting) {
      const id = options.configured ?? nodeId;
      if (id === undefined || options.deliverQuietMany === undefined) return false;
      options.deliverQuietMany(id, latest, levels, counts, counting);
      return true;
    },
    release() {
      if (held.length === 0) return;
      nodeId ??= options.inherited?.() ?? options.fromPath ?? UNKNOWN_NODE;
      flushHeld(nodeId);
    },
  };
  return resolver;
}
