export type { Category, RetryAdvice, FailureFacts, Classification, Rule, AgentSignalKind } from './types.js';
export { CATEGORIES, AGENT_SIGNAL_KINDS } from './types.js';
export {
  BUILTIN_RULES,
  classify,
  classifyAs,
  compileRule,
  validateRule,
  factsOf,
  unnamedKey,
  stepKey,
  MAX_UNNAMED_TITLE,
  type ClassifyOptions,
} from './classify.js';
export {
  DEFAULT_RULE_SET,
  buildRuleSet,
  signFacts,
  agentFacts,
  reSignAliases,
  silenceReason,
  isFingerprintOrClusterId,
  draftRule,
  draftRuleYaml,
  type RuleSet,
  type AnalysisConfig,
  type SilenceEntry,
  type CompiledSilence,
  type StoredSignature,
  type Signed,
} from './ruleset.js';
