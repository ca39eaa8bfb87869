// The RUST_LOG reading the recipe tests rely on, on the directive sets the reference names.

import { describe, expect, it } from 'vitest';
import { hidesRaftLines, levelFor } from './rust-log.js';

describe('hidesRaftLines', () => {
  it.each([
    ['info', false],
    ['debug', false],
    ['warn', true],
    // tests/cluster/start.sh at chronik HEAD
    ['info,chronik_server::integrated_server::server=warn,chronik_wal::group_commit=warn,tantivy=warn', false],
    // v2.2.1 test_cluster_fix.sh: targets not listed are off, raft::raft included
    ['chronik_server=info,chronik_raft=info', true],
    ['chronik_server=info,chronik_raft=info,raft=info', false],
    ['info,raft::raft=warn', true],
    ['warn,raft', false],
    ['', true],
  ])('RUST_LOG=%j hides raft::raft INFO lines: %s', (directives, hidden) => {
    expect(hidesRaftLines(directives)).toBe(hidden);
  });

  it('the most specific directive wins', () => {
    expect(levelFor('raft=warn,raft::raft=debug', 'raft::raft')).toBe('debug');
    // EnvFilter matches targets by string prefix, as here
    expect(levelFor('raft::raft=debug,raft=warn', 'raft::raw_node')).toBe('warn');
  });
});
