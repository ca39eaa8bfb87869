// rules/: custom rules from the config (match a log event, act on a metric) and the safety proof of their regexes.
export { createCustomRules, MAX_LABEL_VALUE_CHARS } from './custom-rules.js';
export type { CustomRules, CustomRulesOptions, RuleOutcome } from './custom-rules.js';
export { checkRegex, requiredLiteral } from './regex/index.js';
export type { RegexVerdict } from './regex/index.js';
