// Broker registration and "who initialises metadata" (catalog §3.4 era A, §3.5 v2.2.7+).
import { cat, R, sample, type MessageFamily } from './types.js';

const IS = 'chronik_server::integrated_server';
const BR = 'chronik_server::cluster::broker_registration';
const V2104 = 'v2.10.4';

/** Era A (v2.2.0–v2.2.6) registration and metadata-initialisation families. */
export const REGISTRATION_ERA_A = {
  'reg.registering': [
    cat('INFO', IS, 'Registering broker {} ({}:{}) in Raft metadata (waiting for quorum)...', ['v2.1.0', 'v2.2.6'], 'integrated_server.rs:214'),
  ],
  'reg.localOk': [cat('INFO', IS, '✓ Successfully registered broker {} in local metadata store', R.v2_2_1_to_eraA, 'integrated_server.rs:222')],
  'reg.proposing': [
    cat('INFO', IS, 'Proposing broker {} registration to Raft cluster for synchronization...', R.v2_2_1_to_eraA, 'integrated_server.rs:246'),
  ],
  'reg.proposed': [
    cat('INFO', IS, '✓ Successfully proposed broker {} registration to Raft cluster', R.v2_2_1_to_eraA, 'integrated_server.rs:259'),
  ],
  'reg.proposeRetry': [
    cat('DEBUG', IS, 'Failed to propose broker {} to Raft (attempt {}/{}): {:?}, retrying in 2s...', R.v2_2_1_to_eraA, 'integrated_server.rs:266'),
  ],
  'reg.gaveUp': [
    cat('WARN', IS, 'WARNING: Failed to propose broker {} to Raft after {} attempts: {:?}', R.v2_2_1_to_eraA, 'integrated_server.rs:272'),
  ],
  'reg.continue': [
    cat('WARN', IS, 'Server will continue, but broker metadata may be incomplete on followers', R.v2_2_1_to_eraA, 'integrated_server.rs:274'),
  ],
  'reg.leaderProposing': [cat('INFO', IS, '👑 Leader proposing broker {} registration to Raft...', R.v2_2_1_to_eraA, 'integrated_server.rs:369')],
  'reg.leaderProposed': [
    cat('INFO', IS, '✓ Leader successfully proposed broker {} registration to Raft', R.v2_2_1_to_eraA, 'integrated_server.rs:378'),
  ],
  'reg.leaderFailed': [cat('WARN', IS, '⚠️  Leader failed to propose broker {} to Raft: {:?}', R.v2_2_1_to_eraA, 'integrated_server.rs:381')],
  'reg.synced': [
    cat('INFO', IS, '✓ Synced broker {} ({}:{}) from Raft to local metadata store', R.v2_2_1_to_eraA, 'integrated_server.rs:333'),
  ],
  'init.waiting': [cat('INFO', IS, 'Waiting for Raft leader election before proposing metadata...', R.eraA, 'integrated_server.rs:597')],
  'init.thisNodeIsLeader': [
    cat('INFO', IS, '✓ This node is Raft leader (state={}), proceeding with metadata initialization', R.eraA, 'integrated_server.rs:608'),
  ],
  'init.followerElected': [
    cat('INFO', IS, '✓ Raft leader elected (leader_id={}, state={}), this node is a follower - waiting for leader to initialize metadata', R.v2_2_1_to_eraA, 'integrated_server.rs:613'),
  ],
  'init.stall': [
    cat('WARN', IS, 'Raft leader election did not complete within 30 seconds - metadata proposals may fail', R.eraA, 'integrated_server.rs:626'),
  ],
  'init.skipping': [
    cat('INFO', IS, 'Skipping metadata initialization - this node is a Raft follower (will receive metadata via Raft replication)', R.v2_2_1_to_eraA, 'integrated_server.rs:632'),
  ],
  'init.leaderInitializing': [
    cat('INFO', IS, 'This node is Raft leader - initializing partition metadata for existing topics', R.v2_2_1_to_eraA, 'integrated_server.rs:635'),
  ],
  'init.topic': [cat('INFO', IS, "Initializing Raft metadata for topic '{}' ({} partitions)", R.eraA, 'integrated_server.rs:647')],
  'init.assignmentFailed': [
    cat('WARN', IS, 'Failed to propose partition assignment for {}-{}: {:?}', ['v2.2.0', 'v2.2.7'], 'integrated_server.rs:673'),
  ],
  'init.leaderFailed': [cat('WARN', IS, 'Failed to propose partition leader for {}-{}: {:?}', ['v2.2.0', 'v2.2.7'], 'integrated_server.rs:684')],
  'init.isrFailed': [cat('WARN', IS, 'Failed to propose ISR for {}-{}: {:?}', ['v2.2.0', 'v2.2.7'], 'integrated_server.rs:693')],
  'init.proposed': [
    cat('INFO', IS, '✓ Proposed Raft metadata for {}-{}: replicas={:?}, leader={}, ISR={:?}', R.eraA, 'integrated_server.rs:696'),
  ],
  'init.completed': [cat('INFO', IS, '✓ Completed Raft metadata initialization for {} existing topics', R.eraA, 'integrated_server.rs:701')],
  'reg.verifying': [
    cat('INFO', IS, 'Verifying broker {} is visible in metadata store (Raft cluster mode)...', ['v2.1.0', 'v2.2.6'], 'integrated_server.rs:1025'),
  ],
} as const satisfies Record<string, MessageFamily>;

/** v2.2.7+ broker registration (`cluster::broker_registration` from v2.2.9). */
export const REGISTRATION_ERA_C = {
  'br.waiting': [cat('INFO', BR, 'Waiting for Raft leader election (max 10s)...', R.v2_2_9_to_head, 'broker_registration.rs:22')],
  'br.leaderElected': [
    cat('INFO', BR, '✓ Raft leader elected: leader_id={}, this_node={}, is_leader={}, state={}', R.v2_2_9_to_head, 'broker_registration.rs:32'),
  ],
  'br.followerLocal': [
    cat('INFO', BR, 'This node is a follower - registering brokers locally from config', ['v2.5.0', 'v2.10.4'], 'broker_registration.rs:59'),
  ],
  'br.leaderSpawning': [
    cat('INFO', BR, 'This node is the Raft leader - spawning broker registration task', R.v2_2_9_to_head, 'broker_registration.rs:80'),
  ],
  'br.taskSpawned': [sample('INFO', BR, 'Broker registration task spawned - will complete in background', V2104, 'broker_registration.rs:110')],
  'br.registeringFromConfig': [sample('INFO', BR, 'Background task: Registering {} brokers from config', V2104, 'broker_registration.rs:88')],
  'br.registered': [cat('INFO', BR, '✅ Successfully registered broker {} ({}) via Raft', R.v2_2_9_to_head, 'broker_registration.rs:98')],
  'br.taskCompleted': [sample('INFO', BR, '✓ Broker registration task completed', V2104, 'broker_registration.rs:106')],
  'br.startingAssignment': [
    sample('INFO', BR, 'Broker registration completed - starting partition assignment', V2104, 'broker_registration.rs:117'),
  ],
  'br.assignmentDone': [cat('INFO', BR, '✅ Partition assignment completed successfully', R.v2_2_9_to_head, 'broker_registration.rs:122')],
} as const satisfies Record<string, MessageFamily>;
