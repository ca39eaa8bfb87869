// The one table of chronik format strings the generator may use, with each variant's version range.
import { versionInRange } from '../version.js';
import { LEADER_ELECTION } from './leader-election.js';
import { LIFECYCLE } from './lifecycle.js';
import { RAFT_BOOTSTRAP, RAFT_STATE } from './raft-cluster.js';
import { RAFT_RS, STDERR } from './raft-rs.js';
import { REGISTRATION_ERA_A, REGISTRATION_ERA_C } from './registration.js';
import { SERVER_INIT_V221, SERVER_INIT_V2104 } from './server-init.js';
import type { MessageFamily, MessageVariant } from './types.js';
import { WAL_REPLICATION } from './wal-replication.js';

const ALL = {
  ...LIFECYCLE,
  ...RAFT_BOOTSTRAP,
  ...RAFT_STATE,
  ...RAFT_RS,
  ...STDERR,
  ...REGISTRATION_ERA_A,
  ...REGISTRATION_ERA_C,
  ...LEADER_ELECTION,
  ...WAL_REPLICATION,
  ...SERVER_INIT_V221,
  ...SERVER_INIT_V2104,
} as const satisfies Record<string, MessageFamily>;

/** Identifier of a message family in the catalog. */
export type MessageId = keyof typeof ALL;

/** Every message family, keyed by id (frozen). */
export const messageCatalog: Readonly<Record<MessageId, MessageFamily>> = Object.freeze(ALL);

const resolved = new Map<string, MessageVariant | null>();

/** The variant of `id` that chronik `version` prints, or undefined when that version does not have the message. */
export function variantFor(id: MessageId, version: string): MessageVariant | undefined {
  const key = `${version} ${id}`;
  let variant = resolved.get(key);
  if (variant === undefined) {
    variant = messageCatalog[id].find((v) => versionInRange(version, v.since, v.until)) ?? null;
    resolved.set(key, variant);
  }
  return variant ?? undefined;
}

export type { Basis, LogLevel, MessageFamily, MessageVariant } from './types.js';
