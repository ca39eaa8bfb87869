// node_id attribution for one source (metric contract, "node_id"): configured id, else the log's own
// self-identifying lines (its own, or those of the same log's rotated generations), else the id captured from the
// path, else `unknown`. The banner comes a few lines before `Node ID:`, so events are held (bounded) until the id is
// known.

import type { LogEvent } from '../lines/index.js';
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
}

export interface NodeResolver {
  /**
   * The id in use, or undefined while events are held. While it is defined nothing is held, so an event without a
   * self-id may go straight to this node (the exporter's quiet events do) instead of through push.
   */
  readonly nodeId: string | undefined;
  push(event: LogEvent, observations: readonly Observation[], counting: boolean): void;
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
    release() {
      if (held.length === 0) return;
      nodeId ??= options.inherited?.() ?? options.fromPath ?? UNKNOWN_NODE;
      flushHeld(nodeId);
    },
  };
  return resolver;
}
