// node_id attribution: configured id, else the log's own self-id, else the path, else unknown.

import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/chronik/index.js';
import type { LogEvent } from '../../src/lines/index.js';
import { createNodeResolver, type NodeResolverOptions } from '../../src/state/index.js';

const ev = (message: string): LogEvent => ({ time: 1, level: 'info', target: 'chronik_server', spans: '', message, fields: '', panic: false });
const self = (nodeId: number): Observation[] => [{ kind: 'self_id', nodeId }];

function harness(options: Partial<NodeResolverOptions>) {
  const delivered: [string, string][] = [];
  let conflicts = 0;
  const r = createNodeResolver({
    onConflict: () => { conflicts++; },
    deliver: (id, e) => { delivered.push([id, e.message]); },
    ...options,
  });
  return { r, delivered, conflicts: () => conflicts };
}

describe('node resolver', () => {
  it('holds the banner until "Node ID:" names the node, then delivers in order', () => {
    const { r, delivered } = harness({});
    r.push(ev('Chronik Server v2.2.1'), [], true);
    r.push(ev('Build features'), [], true);
    expect(delivered).toEqual([]);
    r.push(ev('  Node ID: 2'), self(2), true);
    r.push(ev('later'), [], true);
    expect(delivered).toEqual([['2', 'Chronik Server v2.2.1'], ['2', 'Build features'], ['2', '  Node ID: 2'], ['2', 'later']]);
  });

  it('a configured id wins, and a contradicting self-id is a conflict', () => {
    const { r, delivered, conflicts } = harness({ configured: '7' });
    r.push(ev('  Node ID: 2'), self(2), true);
    r.push(ev('  Node ID: 7'), self(7), true);
    expect(delivered.map(([id]) => id)).toEqual(['7', '7']);
    expect(conflicts()).toBe(1);
  });

  it('falls back to the path id, then unknown, when the hold limit is reached or on release', () => {
    const a = harness({ fromPath: '3', maxHeldEvents: 2 });
    a.r.push(ev('x'), [], true);
    a.r.push(ev('y'), [], true);
    expect(a.delivered).toEqual([['3', 'x'], ['3', 'y']]);
    const b = harness({});
    b.r.push(ev('x'), [], true);
    b.r.release();
    expect(b.delivered).toEqual([['unknown', 'x']]);
  });

  it('the log\'s own id takes over from a fallback, and a known id from a checkpoint needs no hold', () => {
    const a = harness({ fromPath: '3', maxHeldEvents: 1 });
    a.r.push(ev('x'), [], true);
    a.r.push(ev('  Node ID: 4'), self(4), true);
    expect(a.delivered).toEqual([['3', 'x'], ['4', '  Node ID: 4']]);
    const b = harness({ known: '5' });
    b.r.push(ev('tail after rotation'), [], true);
    expect(b.delivered).toEqual([['5', 'tail after rotation']]);
  });

  it('reports when it started holding, for the wall-clock release in live tailing', () => {
    let wall = 1000;
    const { r } = harness({ now: () => wall });
    expect(r.heldSince).toBeUndefined();
    wall = 2000;
    r.push(ev('x'), [], true);
    wall = 3000;
    r.push(ev('y'), [], true);
    expect(r.heldSince).toBe(2000);
    r.push(ev('  Node ID: 1'), self(1), true);
    expect(r.heldSince).toBeUndefined();
  });
});
