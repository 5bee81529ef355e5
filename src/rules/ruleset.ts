// What a repository's config adds to the classifier (its own rules before the built-ins, extra
// secrets to mask, silenced signatures), and the pure pieces around signing a failure: the
// signer, the agent conditions of a run, re-signing stored signatures under a new normalizer
// version, and a draft rule for a failure no rule names yet.
import { stringify } from 'yaml';
import type { AgentEvidence } from '../agents/types.js';
import { clusterIdOf, fingerprintOf, fingerprintVersion, normalizeLine, NORMALIZER_VERSION, rehydrateSignature } from '../signature/index.js';
import { BUILTIN_RULES, classify, classifyAs, MAX_UNNAMED_TITLE, unnamedKey, validateRule } from './classify.js';
import type { AgentSignalKind, Classification, FailureFacts, Rule } from './types.js';

/** One `silence:` entry of the config: a fingerprint (or cluster id), a signature regex, or a rule id. */
export interface SilenceEntry {
  fingerprint?: string;
  signature?: string;
  rule?: string;
  reason?: string;
}

/** The analysis part of the config file (validated by src/config/file.ts). */
export interface AnalysisConfig {
  rules?: Rule[];
  mask?: string[];
  silence?: Array<string | SilenceEntry>;
}

export interface CompiledSilence {
  fingerprint: string | null;
  clusterId: string | null;
  signature: RegExp | null;
  rule: string | null;
  /** What the report says: the entry and its reason. */
  label: string;
}

/** Everything the classifier and the clustering need from the config, compiled. */
export interface RuleSet {
  /** Config rules first (a config rule with a built-in id replaces it), then the built-ins, in order. */
  readonly rules: readonly Rule[];
  readonly mask: readonly RegExp[];
  readonly silence: readonly CompiledSilence[];
}

export const DEFAULT_RULE_SET: RuleSet = Object.freeze({ rules: BUILTIN_RULES, mask: [], silence: [] });

const FINGERPRINT_ENTRY_RE = /^v\d+:[0-9a-f]{16}$/;
const CLUSTER_ID_ENTRY_RE = /^c[0-9a-f]{10}$/;

/** True when a `silence:` string is a fingerprint (`v2:…`) or a cluster id (`c…`). */
export function isFingerprintOrClusterId(s: string): boolean {
  return FINGERPRINT_ENTRY_RE.test(s) || CLUSTER_ID_ENTRY_RE.test(s);
}

/**
 * The ordered rules, masks and silences of a config. Throws on an invalid rule or regex (the
 * config parser reports those first, naming the line; this is a backstop for other callers).
 */
export function buildRuleSet(config?: AnalysisConfig | null): RuleSet {
  if (!config) return DEFAULT_RULE_SET;
  const own = config.rules ?? [];
  for (const rule of own) {
    const errors = validateRule(rule);
    if (errors.length) throw new Error(errors[0]);
  }
  const ownIds = new Set(own.map((r) => r.id));
  const rules = [...own, ...BUILTIN_RULES.filter((r) => !ownIds.has(r.id))];
  const mask = (config.mask ?? []).map((src) => new RegExp(src, 'g'));
  const silence = (config.silence ?? []).map(compileSilence);
  return Object.freeze({ rules: Object.freeze(rules), mask: Object.freeze(mask), silence: Object.freeze(silence) });
}

function compileSilence(entry: string | SilenceEntry): CompiledSilence {
  const e: SilenceEntry = typeof entry === 'string' ? (isFingerprintOrClusterId(entry) ? { fingerprint: entry } : { signature: entry }) : entry;
  const fp = e.fingerprint ?? null;
  const what = fp ? `fingerprint ${fp}` : e.signature !== undefined ? `signature /${e.signature}/` : `rule ${e.rule}`;
  return {
    fingerprint: fp && FINGERPRINT_ENTRY_RE.test(fp) ? fp : null,
    clusterId: fp && CLUSTER_ID_ENTRY_RE.test(fp) ? fp : null,
    signature: e.signature !== undefined ? new RegExp(e.signature, 'i') : null,
    rule: e.rule ?? null,
    label: `silenced by the config (${what})${e.reason ? `: ${e.reason}` : ''}`,
  };
}

/** Why a cluster is silenced by the config, or null. Matches any of its fingerprints, its id, any signature, its rule. */
export function silenceReason(
  target: { id: string; fingerprints: readonly string[]; signatures: readonly string[]; ruleId: string | null },
  silence: readonly CompiledSilence[],
): string | null {
  for (const s of silence) {
    const all = s.fingerprint ? [s.fingerprint] : [];
    if (all.some((f) => target.fingerprints.includes(f))) return s.label;
    if (s.clusterId && (s.clusterId === target.id || target.fingerprints.some((f) => clusterIdOf(f) === s.clusterId))) return s.label;
    if (s.signature && target.signatures.some((sig) => s.signature!.test(sig))) return s.label;
    if (s.rule && s.rule === target.ruleId) return s.label;
  }
  return null;
}

function asRuleSet(rules: RuleSet | readonly Rule[] | undefined): RuleSet {
  if (!rules) return DEFAULT_RULE_SET;
  if (Array.isArray(rules)) return { rules: rules as readonly Rule[], mask: [], silence: [] };
  return rules as RuleSet;
}

export interface Signed {
  classification: Classification;
  /** The normalized failure line (with the config's masks). */
  signature: string;
  fingerprint: string;
  clusterId: string;
}

/** Classifies and signs one failure: what `signFailure` (src/failure) and `analyze` record. */
export function signFacts(facts: FailureFacts, rules?: RuleSet | readonly Rule[]): Signed {
  const set = asRuleSet(rules);
  const options = { mask: set.mask };
  const classification = classify(facts, set.rules, options);
  const fingerprint = fingerprintOf(classification.key);
  return { classification, signature: normalizeLine(facts.line, options), fingerprint, clusterId: clusterIdOf(fingerprint) };
}

/**
 * The agent conditions of a run, from what src/agents read of its artifacts: its signals, whether
 * the engine used no token (tokens == 0, or a zero-tokens signal), whether the firewall blocked a
 * request. Absent evidence leaves a condition unknown (rules that need it do not apply).
 */
export function agentFacts(agent: Pick<AgentEvidence, 'signals' | 'tokens' | 'firewall'> | null | undefined): Pick<FailureFacts, 'signals' | 'tokensZero' | 'blockedDomain'> {
  if (!agent) return {};
  const out: Pick<FailureFacts, 'signals' | 'tokensZero' | 'blockedDomain'> = {};
  const signals = [...new Set(agent.signals.map((s) => s.kind))].sort() as AgentSignalKind[];
  if (signals.length) out.signals = signals;
  if (agent.tokens) out.tokensZero = agent.tokens.total === 0;
  else if (signals.includes('zero-tokens')) out.tokensZero = true;
  if (agent.firewall) out.blockedDomain = agent.firewall.some((d) => d.blocked > 0);
  return out;
}

/** What the ledger keeps of a cluster, enough to sign it again. */
export interface StoredSignature {
  fingerprint: string;
  /** The representative failure line: the normalized signature the ledger keeps (or a raw line). */
  exampleLine: string;
  ruleId: string | null;
  step: string | null;
}

/**
 * Old → new fingerprints for stored clusters signed by an older normalizer version, so that their
 * history carries over: each example line is turned back into a line (placeholders → sample
 * values), classified again — by the rule that named it, its conditions taken as met, since they
 * held when it was signed — and fingerprinted under the current version. Records of the current
 * version, and those whose fingerprint does not change, are left out. An unnamed record (or one
 * whose rule is gone) is classified again by the current rules, so a rule added since names it.
 * Pure and deterministic.
 */
export function reSignAliases(records: readonly StoredSignature[], rules?: RuleSet | readonly Rule[]): Map<string, string> {
  const set = asRuleSet(rules);
  const options = { mask: set.mask };
  const byId = new Map(set.rules.map((r) => [r.id, r]));
  const aliases = new Map<string, string>();
  for (const rec of records) {
    const version = fingerprintVersion(rec.fingerprint);
    if (version === null || version === NORMALIZER_VERSION) continue;
    const line = rehydrateSignature(rec.exampleLine);
    const facts: FailureFacts = { line, context: [line], failedStep: rec.step, conclusion: null };
    const rule = rec.ruleId ? byId.get(rec.ruleId) : undefined;
    // Named: by the rule that named it. Unnamed (or its rule is gone): by whatever names the line
    // now (a rule added since), else by the line.
    const key = rule ? classifyAs(facts, rule, options).key : classify(facts, set.rules, options).key;
    const next = fingerprintOf(key);
    if (next !== rec.fingerprint) aliases.set(rec.fingerprint, next);
  }
  return aliases;
}

const PLACEHOLDER_IN_SIG_RE = /<(?:n|dur|date|uuid|sha|hex|ip|port|id|email|ws|tmp|val|query)(?::\d{1,3})?>/g;
const REGEX_SPECIAL_RE = /[.*+?^${}()|[\]\\/]/g;
const MAX_DRAFT_PATTERN = 160;

/**
 * A rule to start from for a failure no rule names: its signature as a pattern (placeholders
 * become wildcards), its failed step when the line alone is generic. For the report's "to name
 * this, add a rule" hint; a person fills in the category and the fix.
 */
export function draftRule(signature: string, step: string | null = null): Rule {
  const cut = signature.length > MAX_DRAFT_PATTERN ? signature.slice(0, MAX_DRAFT_PATTERN) : signature;
  const pattern = cut
    .split(PLACEHOLDER_IN_SIG_RE)
    .map((part) => part.replace(REGEX_SPECIAL_RE, '\\$&').replace(/\s+/g, '\\s+'))
    .join('.+?');
  const generic = unnamedKey(signature, step).includes('|step:');
  const rule: Rule = {
    id: `custom-${fingerprintOf(`draft:${signature}`).slice(3, 11)}`,
    title: signature.length > MAX_UNNAMED_TITLE ? `${signature.slice(0, MAX_UNNAMED_TITLE - 1)}…` : signature,
    category: 'unknown',
    patterns: [pattern],
    fixHint: 'Say in one sentence what to do about it.',
    retry: 'once',
  };
  if (generic && step) rule.step = `^${step.replace(REGEX_SPECIAL_RE, '\\$&')}$`;
  return rule;
}

/** A draft rule as the YAML to paste under `rules:` in .github/ci-failure-investigator.yml. */
export function draftRuleYaml(rule: Rule): string {
  return stringify([rule], { lineWidth: 0 });
}
