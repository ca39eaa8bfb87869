// Custom rules in the config: every mistake found at load, with its key path and the rule's id.

import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../src/config/index.js';

const rule = (over: Record<string, unknown> = {}, action: Record<string, unknown> = {}, match: Record<string, unknown> = {}) => ({
  id: 'sends_failed',
  match: { level: 'warn', target: 'chronik_server::raft_cluster', message: '^Message sender: failed to send (?<t>\\d+) to peer (?<peer>\\d+):', ...match },
  action: { type: 'counter', metric: 'chronik_custom_send_failures_total', labels: { peer: { capture: 'peer' } }, ...action },
  ...over,
});

const problems = (raw: unknown): readonly string[] => {
  try {
    validateConfig(raw, '(test)');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('rules in the config', () => {
  it('accepts a good rule and defaults the rest', () => {
    const config = validateConfig({ rules: [rule()] }, '(test)');
    expect(config.rules[0]).toMatchObject({ id: 'sends_failed', match: { level: ['warn'] }, action: { scale: 1 } });
    expect(config.limits.max_rule_series).toBe(1000);
  });

  it.each([
    ['(a+)+$', 'exponentially many ways'],
    ['(a|a)*b', 'exponentially many ways'],
    ['(?<n>\\d+)ms$', 'quadratic time or worse'],
    ['(a)\\1', 'backreferences'],
    ['a(?=b)', 'lookahead'],
    ['(', 'not a valid regular expression'],
  ])('refuses the regex %s, naming the rule', (message, why) => {
    const p = problems({ rules: [rule({}, { labels: {} }, { message })] });
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(`rules.0.match.message: rule \`sends_failed\`: expected a regex that cannot backtrack badly, got ${JSON.stringify(message)}`);
    expect(p[0]).toContain(why);
  });

  it('checks names, types, captures and labels, all at once', () => {
    const p = problems({
      rules: [
        rule({ id: 'raft_became' }, { metric: 'chronik_log_raft_term' }),
        rule({ id: 'Bad-Id' }),
        rule({ id: 'a' }, { type: 'gauge', metric: 'x_total' }),
        rule({ id: 'b' }, { value: { capture: 'nope' }, labels: { node_id: 'x', __x: 'y', peer: { capture: 'pear' } } }),
        rule({ id: 'c' }, { type: 'histogram', metric: 'h_seconds', buckets: [1], value: { capture: 't' } }, { target_prefix: 'chronik' }),
        rule({ id: 'c' }, { type: 'counter', metric: 'process_x_total' }),
        rule({ id: 'd' }, { metric: 'chronik_custom_send_failures_total', help: 'other help' }),
      ],
      disabled_rules: ['raft_became', 'no_such_rule'],
    });
    expect(p).toEqual(expect.arrayContaining([
      'rules.0.id: rule `raft_became`: `raft_became` is a built-in rule id (pick another; switch the built-in off with disabled_rules)',
      'rules.0.action.metric: rule `raft_became`: expected a name outside the built-in metrics, got `chronik_log_raft_term` (the `chronik_log_` prefix is reserved)',
      'rules.0.action.metric: rule `raft_became`: expected a counter name ending in `_total`, got `chronik_log_raft_term`',
      'rules.1.id: expected an id of lower-case letters, digits and `_`, starting with a letter, got "Bad-Id"',
      'rules.2.action.metric: rule `a`: expected a gauge name not ending in `_total` (that suffix means a counter), got `x_total`',
      'rules.2.action.value: rule `a`: a gauge needs a value (a number, or { capture: name })',
      'rules.3.action.value.capture: rule `b`: expected the name of a capture group of match.message (`t`, `peer`), got `nope`',
      'rules.3.action.labels.node_id: rule `b`: `node_id` is reserved (node_id and cluster_id are added to every series)',
      'rules.3.action.labels.__x: rule `b`: expected a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __), got `__x`',
      'rules.3.action.labels.peer.capture: rule `b`: expected the name of a capture group of match.message (`t`, `peer`), got `pear`',
      'rules.4.match: rule `c`: give target or target_prefix, not both',
      'rules.5.id: rule id `c` is already used by rules.4',
      'rules.5.action.metric: rule `c`: expected a name outside the built-in metrics, got `process_x_total` (the `process_` prefix is reserved)',
      'rules.3.action: rule `b`: metric `chronik_custom_send_failures_total` is also fed by rules.1 with another type, help, label names or buckets',
      'rules.6.action: rule `d`: metric `chronik_custom_send_failures_total` is also fed by rules.1 with another type, help, label names or buckets',
      'disabled_rules.1: expected the id of a built-in rule (see docs/metrics.md), got "no_such_rule"',
    ]));
    expect(p.some((x) => x.startsWith('disabled_rules.0'))).toBe(false);
  });
});
