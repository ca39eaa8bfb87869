// chronik/: events → observations, from the message tables.
export { createClassifier } from './classify.js';
export type { Classifier, ClassifierOptions } from './classify.js';
export { MESSAGE_RULES, GENERIC_RULES } from './messages.js';
export type { MessageRule } from './messages.js';
export { splitPartitionKey } from './partition-key.js';
export type {
  BrokerOutcome, BrokerStage, Observation, PersistWhat, ProposalKind, ProposeContext, RaftRole,
} from './observations.js';
