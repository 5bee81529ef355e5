export type { Category, RetryAdvice, FailureFacts, Classification, Rule } from './types.js';
export { BUILTIN_RULES, classify, compileRule, validateRule, factsOf, MAX_UNNAMED_TITLE } from './classify.js';
