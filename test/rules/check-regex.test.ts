// The regex safety checker: table-driven verdicts, and the proof checked against the real engine's running time.

import { describe, expect, it } from 'vitest';
import { checkRegex } from '../../src/rules/regex/index.js';

describe('checkRegex', () => {
  it.each([
    ['(a+)+$', 'exponential'],
    ['(a|a)*b', 'exponential'],
    ['(a*)*b', 'exponential'],
    ['^(a|ab)*c$', undefined],
    ['^(\\w+\\s?)+$', 'exponential'],
    ['(x+x+)+y', 'exponential'],
    ['^(a|a?)+$', 'exponential'],
    ['\\d+\\d+x', 'polynomial'],
    ['^\\d+\\d+x', 'polynomial'],
    ['(?<ms>\\d+)ms$', 'polynomial'],
    ['^.*foo', undefined],
    ['.*foo', 'polynomial'],
    ['error: (?<msg>.*)$', 'polynomial'],
    ['error: (?<msg>.*)', undefined],
    ['^error: (?<msg>.*)$', undefined],
    ['a\\s*=\\s*b', undefined],
    ['^Sent snapshot to (?<peer>\\d+) in (?<ms>\\d+)ms$', undefined],
    ['snapshot to (?<peer>\\d+) in (?<ms>\\d+)ms', undefined],
    ['WAL replication queue full \\((?<n>\\d+) records\\)', undefined],
    ['^(?<topic>[^-\\s]+)-(?<partition>\\d+)$', undefined],
    ['^(?<a>\\S+)\\s+(?<b>\\S+)$', undefined],
    ['^(?<a>.+)-(?<b>.+)$', 'polynomial'],
    ['^a{1,30}b', undefined],
    ['^(a{1,3}){1,3}b', undefined],
    ['^(?:foo|bar|baz)+$', undefined],
    ['^term=(?<t>\\d+)(?:, commit=(?<c>\\d+))?', undefined],
    ['^x\\b\\w+\\b', undefined],
  ])('%s → %s', (source, expected) => {
    const v = checkRegex(source);
    expect(v.safe ? undefined : v.reason).toBe(expected);
  });

  it('refuses what an automaton cannot bound, and bad syntax', () => {
    expect(checkRegex('(a)\\1')).toMatchObject({ safe: false, reason: 'unsupported' });
    expect(checkRegex('(?<x>a)\\k<x>')).toMatchObject({ safe: false, reason: 'unsupported' });
    expect(checkRegex('a(?=b)')).toMatchObject({ safe: false, reason: 'unsupported' });
    expect(checkRegex('(?<!a)b')).toMatchObject({ safe: false, reason: 'unsupported' });
    expect(checkRegex('a{2')).toMatchObject({ safe: false, reason: 'syntax' });
    expect(checkRegex('(')).toMatchObject({ safe: false, reason: 'syntax' });
    expect(checkRegex('^a{1,1000}$')).toMatchObject({ safe: false, reason: 'too-complex' });
  });

  it('returns the named groups', () => {
    expect(checkRegex('^(?<peer>\\d+) in (?<ms>\\d+)ms')).toEqual({ safe: true, names: ['peer', 'ms'] });
  });
});
