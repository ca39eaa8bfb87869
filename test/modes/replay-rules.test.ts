// Custom rules of the config apply in replay (and so in check) as they do in serve.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { replay } from '../../src/modes/replay.js';
import { sample } from '../helpers/exposition.js';
import { promtoolCheckMetrics } from '../helpers/promtool.js';

const root = join(import.meta.dirname, '..', '..');

describe('replay with custom rules', () => {
  it('counts the example config\'s rules on the example leader log', async () => {
    const config = await loadConfig(join(root, 'examples/config.yaml'));
    const text = await replay([join(root, 'examples/v2.2.1-cluster/node1.log')], { config, format: 'text' });
    expect(sample(text, 'chronik_log_exporter_rule_matches_total{rule="raft_send_failed"}')).toBe(8);
    expect(sample(text, 'chronik_custom_raft_send_failures_total{node_id="1",peer="3"}')).toBe(7);
    expect(promtoolCheckMetrics(text.split('\n').filter((l) => !l.startsWith('chronik_log_exporter_build_info')).join('\n')).output).toBe('');
  });
});
