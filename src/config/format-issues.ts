// zod issues → "key.path: expected …, got …" lines that name what the YAML author wrote, all problems at once.

import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const ARTICLE: Readonly<Record<string, string>> = {
  string: 'a string', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping', int: 'an integer',
  undefined: 'nothing', null: 'null',
};

/** What a parsed YAML value is, for the "got" half. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** The value at a key path of the raw document. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined; // walking parsed YAML
  return v;
}

const bound = (issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string }, small: boolean): string => {
  const n = Number(small ? issue.minimum : issue.maximum);
  const op = small ? (issue.inclusive === false ? '>' : '≥') : (issue.inclusive === false ? '<' : '≤');
  switch (issue.origin) {
    case 'array': case 'set': return small ? `a list of at least ${n} item${n === 1 ? '' : 's'}` : `a list of at most ${n} items`;
    case 'string': return small && n === 1 ? 'a non-empty string' : `a string of ${small ? 'at least' : 'at most'} ${n} characters`;
    default: return `a number ${op} ${n}`;
  }
};

/** What the schema wanted, in words. */
function expected(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': return ARTICLE[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small': return bound(issue, true);
    case 'too_big': return bound(issue, false);
    case 'invalid_value': return issue.values.length === 1 ? `\`${String(issue.values[0])}\`` : `one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}`;
    case 'invalid_format': return issue.message.startsWith('Invalid') ? `a string of format ${issue.format}` : issue.message;
    case 'not_multiple_of': return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union': {
      const options = [...new Set(issue.errors.map((branch) => (branch[0] === undefined ? 'something else' : expected(branch[0]))))];
      return options.join(' or ');
    }
    default: return issue.message;
  }
}

/**
 * One line per problem, each naming the key path.
 * @example
 * formatIssues(error.issues, raw); // ['limits.max_line_bytes: expected a number ≥ 256, got 10']
 */
export function formatIssues(issues: readonly Issue[], raw: unknown): string[] {
  return issues.map((issue) => {
    const key = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return `${key}: unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
    }
    if (issue.code === 'custom' && issue.params?.['plain'] === true) return `${key}: ${issue.message}`;
    return `${key}: expected ${expected(issue)}, got ${describeValue(valueAt(raw, issue.path))}`;
  });
}
