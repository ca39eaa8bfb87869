// rules/regex: load-time proof that a user regex cannot backtrack badly, and a literal prefilter for it.
export { checkRegex } from './check-regex.js';
export type { RegexVerdict } from './check-regex.js';
export { requiredLiteral } from './required-literal.js';
