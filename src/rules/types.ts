// The rule catalog's shapes. A rule names a failure class and what to do about it; its grouping
// key decides which failures are one root cause (Contract 2: clusters group by the rule's key).

export type Category =
  | 'auth'
  | 'limits'
  | 'rate-limit'
  | 'infra'
  | 'toolchain'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'policy'
  | 'config'
  | 'test'
  | 'build'
  | 'lint'
  | 'agent'
  | 'unknown';

export type RetryAdvice = 'never' | 'backoff' | 'once';

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
}

export interface Classification {
  /** The matching rule's id, or null when no rule names the failure. */
  ruleId: string | null;
  /** Human title of the failure class (for an unnamed failure: derived from its line). */
  title: string;
  category: Category;
  /**
   * The grouping key, before fingerprinting: for a rule, `rule:<id>` plus the parts of the match
   * the rule keeps (e.g. a test name); for an unnamed failure, the normalized line.
   */
  key: string;
  fixHint: string | null;
  retry: RetryAdvice | null;
}

/**
 * One entry of the ordered rule catalog: plain data, so that a repository's config can add rules
 * of the same shape. All regexes are JavaScript sources, matched case-insensitively.
 */
export interface Rule {
  id: string;
  /** The failure class, for people. `{group}` inserts a key group's (normalized) value. */
  title: string;
  category: Category;
  /** Tested on the failure line; one must match (an empty list matches any line). */
  patterns: string[];
  /** Tested on the failure line and its context lines (nearest first). */
  contextPatterns?: string[];
  /** true (default): a context pattern must match for the rule to apply; false: they only supply key groups. */
  contextRequired?: boolean;
  /** Named groups whose values, normalized, join the key — the parts that tell one root cause from another. */
  keyGroups?: string[];
  /** Extra patterns, tried on the line then the context, only to fill key groups the match left empty. */
  keyPatterns?: string[];
  /** 'line': when no key group has a value, the normalized failure line stands in for them. */
  keyFallback?: 'line';
  /** Regex on the failed step's name. */
  step?: string;
  /** The rule applies only to these job conclusions. */
  conclusion?: string[];
  /** One actionable sentence. */
  fixHint: string;
  retry: RetryAdvice;
  priorityHint?: 'P0' | 'P1' | 'P2';
}
