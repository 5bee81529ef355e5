// The rule catalog's shapes. A rule names a failure class and what to do about it; its grouping
// key decides which failures are one root cause (Contract 2: clusters group by the rule's key).
// docs/rules.md documents every field for people who write rules in the config file.
import type { AgentSignalKind } from '../agents/types.js';

export type { AgentSignalKind };

export const CATEGORIES = [
  'auth',
  'limits',
  'rate-limit',
  'infra',
  'toolchain',
  'network',
  'timeout',
  'cancelled',
  'policy',
  'config',
  'test',
  'build',
  'lint',
  'unknown',
] as const;

export type Category = (typeof CATEGORIES)[number];

export type RetryAdvice = 'never' | 'backoff' | 'once';

/** Every agent signal kind, for validating config rules (kept equal to AgentSignalKind by a type check). */
export const AGENT_SIGNAL_KINDS = [
  'retry-loop',
  'zero-tokens',
  'zero-turns',
  'mcp-failed',
  'missing-tool',
  'no-safe-outputs',
  'credit-limit',
  'usage-limit',
  'rate-limit',
  'token-revoked',
  'auth-error',
  'agent-completed',
] as const satisfies readonly AgentSignalKind[];
// Fails to compile when src/agents adds a signal kind that is not listed above.
export type MissingSignalKinds = Exclude<AgentSignalKind, (typeof AGENT_SIGNAL_KINDS)[number]>;
const _allSignalKindsListed: [MissingSignalKinds] extends [never] ? true : never = true;
void _allSignalKindsListed;

/** What the classifier is given about one failure. */
export interface FailureFacts {
  /** The failure line's text (cleaned). */
  line: string;
  /** Cleaned context lines around it (failure line included). */
  context: string[];
  failedStep: string | null;
  /** The job's (or run's) conclusion: failure, timed_out, cancelled, startup_failure … */
  conclusion: string | null;
  /**
   * Values known from elsewhere for a rule's key groups, used when neither the line nor the
   * context holds them (e.g. `{ test: evidence.testNames[0] }`, see `factsOf`).
   */
  groups?: Record<string, string>;
  /** Agent signals of the run (src/agents), when it is an agentic run with readable artifacts. */
  signals?: AgentSignalKind[];
  /** The engine used no token at all (it failed before the agent started); unknown when absent. */
  tokensZero?: boolean;
  /** The firewall blocked at least one request of the run; unknown when absent. */
  blockedDomain?: boolean;
}

export interface Classification {
  /** The matching rule's id, or null when no rule names the failure. */
  ruleId: string | null;
  /** Human title of the failure class (for an unnamed failure: derived from its line). */
  title: string;
  category: Category;
  /**
   * The grouping key, before fingerprinting: for a rule, `rule:<id>` plus the parts of the match
   * the rule keeps (e.g. a test name); for an unnamed failure, `line:` + the normalized line (and,
   * for a generic line that names no cause, `|step:` + the failed step).
   */
  key: string;
  fixHint: string | null;
  retry: RetryAdvice | null;
}

/**
 * One entry of the ordered rule catalog: plain data, so that a repository's config can add rules
 * of the same shape. All regexes are JavaScript sources, matched case-insensitively.
 *
 * A rule applies when every condition it sets holds (step, conclusion, context, agent conditions,
 * `unless`) and either one of its `patterns` matches the failure line, or — only when no rule's
 * pattern matched the line — one of its `orSignals` is among the run's agent signals. A job
 * conclusion listed in `orConclusion` counts as a pattern match. Rules are
 * tried in order, first match wins; `fallback` rules are tried after every other rule and signal.
 */
export interface Rule {
  id: string;
  /** The failure class, for people. `{group}` inserts a key group's (normalized) value. */
  title: string;
  category: Category;
  /** Tested on the failure line; one must match (an empty list matches any line). */
  patterns: string[];
  /** The rule does not apply when one of these matches the failure line. */
  unless?: string[];
  /** Tested on the failure line and its context lines (nearest first). */
  contextPatterns?: string[];
  /** true (default): a context pattern must match for the rule to apply; false: they only supply key groups. */
  contextRequired?: boolean;
  /** How many context lines on each side of the failure line the context patterns look at (default: all given). */
  contextWindow?: number;
  /** Named groups whose values, normalized, join the key — the parts that tell one root cause from another. */
  keyGroups?: string[];
  /** Extra patterns, tried on the line then the context, only to fill key groups the match left empty. */
  keyPatterns?: string[];
  /** 'line': when no key group has a value, the normalized failure line stands in for them. */
  keyFallback?: 'line';
  /** The failed step's name (normalized) joins the key: for rules whose line says too little. */
  keyStep?: boolean;
  /** Regex on the failed step's name. */
  step?: string;
  /** The rule applies only to these job conclusions. */
  conclusion?: string[];
  /** These job conclusions name the failure whatever its line (`timed_out` is a timeout). */
  orConclusion?: string[];
  /** Agent condition: every one of these signals must be present. */
  signals?: AgentSignalKind[];
  /** Agent condition: the engine used no token (true) or some (false). */
  tokensZero?: boolean;
  /** Agent condition: the firewall blocked a request (true) or none (false). */
  blockedDomain?: boolean;
  /** Any of these agent signals names the failure when no rule's pattern matched its line. */
  orSignals?: AgentSignalKind[];
  /** Tried only after every other rule and every signal: for catch-all rules (an unexplained exit code). */
  fallback?: boolean;
  /** One actionable sentence. */
  fixHint: string;
  retry: RetryAdvice;
}
