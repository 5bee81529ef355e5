// The matcher: tries the rules in order, first match wins, and builds the grouping key from the
// rule's key groups (normalized), so that two wordings of one cause share a key while two
// different tests, commands or containers do not.
//
// Three stages, each in catalog order:
//   1. rules (not `fallback`) whose pattern matches the line, or whose `orConclusion` holds;
//   2. rules (not `fallback`) named by an agent signal (`orSignals`), when no line matched;
//   3. `fallback` rules, by line, then by signal.
// Every stage checks the rule's conditions (step, conclusion, context, agent conditions, unless).
import type { LogEvidence } from '../evidence/types.js';
import { isGenericSignature, normalizeLine } from '../signature/index.js';
import { CATALOG } from './catalog.js';
import type { Classification, FailureFacts, Rule } from './types.js';

export const BUILTIN_RULES: readonly Rule[] = CATALOG;

/** Longest title derived from an unnamed failure's line. */
export const MAX_UNNAMED_TITLE = 80;
const MAX_TITLE_VALUE = 60;

export interface ClassifyOptions {
  /** Extra secrets to mask in keys and signatures (the config's `mask:`). */
  mask?: readonly RegExp[];
}

interface CompiledRule {
  rule: Rule;
  patterns: RegExp[];
  unless: RegExp[];
  context: RegExp[];
  keyPatterns: RegExp[];
  step: RegExp | null;
}

const compiled = new WeakMap<Rule, CompiledRule | null>();

/** Compiles a rule's regexes; throws on an invalid one (use validateRule to report instead). */
export function compileRule(rule: Rule): CompiledRule {
  const re = (s: string): RegExp => new RegExp(s, 'i');
  return {
    rule,
    patterns: rule.patterns.map(re),
    unless: (rule.unless ?? []).map(re),
    context: (rule.contextPatterns ?? []).map(re),
    keyPatterns: (rule.keyPatterns ?? []).map(re),
    step: rule.step ? re(rule.step) : null,
  };
}

function compiledOf(rule: Rule): CompiledRule | null {
  let c = compiled.get(rule);
  if (c === undefined) {
    try {
      c = compileRule(rule);
    } catch {
      c = null; // an invalid rule never matches; validateRule says why
    }
    compiled.set(rule, c);
  }
  return c;
}

function namedGroups(source: string): string[] {
  return [...source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!);
}

/** Problems with a rule (invalid regex, missing fields, unknown key groups), for config validation. Empty when fine. */
export function validateRule(rule: Rule): string[] {
  const errors: string[] = [];
  if (!rule.id || !/^[a-z0-9][a-z0-9-]*$/.test(rule.id)) errors.push(`rule id "${rule.id}" must be lowercase letters, digits and dashes`);
  if (!rule.title) errors.push(`rule ${rule.id}: title is empty`);
  if (!rule.fixHint) errors.push(`rule ${rule.id}: fixHint is empty`);
  else if (/\n/.test(rule.fixHint)) errors.push(`rule ${rule.id}: fixHint must be one line`);
  const sources = [...rule.patterns, ...(rule.unless ?? []), ...(rule.contextPatterns ?? []), ...(rule.keyPatterns ?? []), ...(rule.step ? [rule.step] : [])];
  for (const s of sources) {
    try {
      new RegExp(s, 'i');
    } catch (e) {
      errors.push(`rule ${rule.id}: invalid regex /${s}/: ${(e as Error).message}`);
    }
  }
  const groups = new Set([...rule.patterns, ...(rule.contextPatterns ?? []), ...(rule.keyPatterns ?? [])].flatMap(namedGroups));
  for (const g of rule.keyGroups ?? []) {
    if (!groups.has(g)) errors.push(`rule ${rule.id}: key group "${g}" is not a named group (?<${g}>…) of any pattern`);
  }
  for (const m of rule.title.matchAll(/\{(\w+)\}/g)) {
    if (!(rule.keyGroups ?? []).includes(m[1]!)) errors.push(`rule ${rule.id}: title uses {${m[1]}}, which is not one of its keyGroups`);
  }
  const anchored =
    rule.patterns.length > 0 ||
    (rule.contextPatterns?.length ?? 0) > 0 ||
    (rule.conclusion?.length ?? 0) > 0 ||
    (rule.orConclusion?.length ?? 0) > 0 ||
    (rule.signals?.length ?? 0) > 0 ||
    (rule.orSignals?.length ?? 0) > 0 ||
    rule.tokensZero !== undefined ||
    rule.blockedDomain !== undefined ||
    !!rule.step;
  if (!anchored) errors.push(`rule ${rule.id}: no patterns, context patterns, step, conclusion or agent condition: it would match everything`);
  if (rule.contextWindow !== undefined && !(Number.isInteger(rule.contextWindow) && rule.contextWindow > 0)) {
    errors.push(`rule ${rule.id}: contextWindow must be a positive whole number`);
  }
  return errors;
}

/** Context lines ordered nearest to the failure line first (the line itself first), at most `window` each side. */
function nearestFirst(facts: FailureFacts, window = Infinity): string[] {
  const ctx = facts.context;
  const at = ctx.indexOf(facts.line);
  if (at < 0) return [facts.line, ...ctx];
  const out: string[] = [ctx[at] ?? facts.line];
  for (let d = 1; d <= window && (at - d >= 0 || at + d < ctx.length); d++) {
    const b = ctx[at - d];
    if (b !== undefined) out.push(b);
    const a = ctx[at + d];
    if (a !== undefined) out.push(a);
  }
  return out;
}

function fill(groups: Map<string, string>, wanted: readonly string[], m: RegExpExecArray | null): void {
  if (!m?.groups) return;
  for (const g of wanted) {
    const v = m.groups[g];
    if (!groups.has(g) && v !== undefined && v.trim() !== '') groups.set(g, v.trim());
  }
}

function firstMatch(res: readonly RegExp[], line: string): RegExpExecArray | null {
  for (const re of res) {
    const m = re.exec(line);
    if (m) return m;
  }
  return null;
}

function renderTitle(template: string, values: Map<string, string>): string {
  const out = template.replace(/`?\{(\w+)\}`?/g, (whole, name: string) => {
    const v = values.get(name);
    if (v === undefined) return '';
    const short = v.length > MAX_TITLE_VALUE ? `${v.slice(0, MAX_TITLE_VALUE - 1)}…` : v;
    return whole.startsWith('`') ? `\`${short}\`` : short;
  });
  return out.replace(/\s{2,}/g, ' ').replace(/^[\s:]+|[\s:]+$/g, '') || template.replace(/`?\{\w+\}`?/g, '').trim();
}

/**
 * A key group's value, normalized. A small whole number is kept as it is: a rule keys on one only
 * when it names the cause (an HTTP status, an exit code), where `<n>` would merge 401 with 403.
 */
function keyValue(value: string, options: ClassifyOptions): string {
  return /^-?\d{1,4}$/.test(value) ? value : normalizeLine(value, options);
}

/** The failed step as a key part: normalized and lower-cased (`Run tests` = `run tests`). */
export function stepKey(step: string | null, options: ClassifyOptions = {}): string {
  return step ? normalizeLine(step, options).toLowerCase() : '';
}

function unnamedTitle(normalized: string): string {
  return normalized.length > MAX_UNNAMED_TITLE ? `${normalized.slice(0, MAX_UNNAMED_TITLE - 1)}…` : normalized;
}

type Stage = 'line' | 'signal';

const stages = new WeakMap<readonly Rule[], { main: CompiledRule[]; fallback: CompiledRule[] }>();

/** The compiled rules of a list, split into the main and the fallback stage (cached per list). */
function stagesOf(rules: readonly Rule[]): { main: CompiledRule[]; fallback: CompiledRule[] } {
  let s = stages.get(rules);
  if (!s) {
    const all = rules.map(compiledOf).filter((c): c is CompiledRule => c !== null);
    s = { main: all.filter((c) => !c.rule.fallback), fallback: all.filter((c) => c.rule.fallback) };
    stages.set(rules, s);
  }
  return s;
}

/** The rule's conditions other than its line patterns; the context match (for key groups) when it has context patterns. */
function conditionsHold(c: CompiledRule, facts: FailureFacts, relaxed = false): { ok: boolean; contextMatches: RegExpExecArray[] } {
  const rule = c.rule;
  const no = { ok: false, contextMatches: [] };
  if (relaxed) {
    const contextMatches: RegExpExecArray[] = [];
    for (const l of nearestFirst(facts, rule.contextWindow)) {
      const cm = c.context.length ? firstMatch(c.context, l) : null;
      if (cm) contextMatches.push(cm);
    }
    return { ok: true, contextMatches };
  }
  if (rule.conclusion && !rule.conclusion.includes(facts.conclusion ?? '')) return no;
  if (c.step && !(facts.failedStep !== null && c.step.test(facts.failedStep))) return no;
  if (rule.tokensZero !== undefined && facts.tokensZero !== rule.tokensZero) return no;
  if (rule.blockedDomain !== undefined && facts.blockedDomain !== rule.blockedDomain) return no;
  if (rule.signals?.length && !rule.signals.every((s) => facts.signals?.includes(s))) return no;
  if (c.unless.length && firstMatch(c.unless, facts.line)) return no;
  const contextMatches: RegExpExecArray[] = [];
  if (c.context.length > 0) {
    for (const l of nearestFirst(facts, rule.contextWindow)) {
      const cm = firstMatch(c.context, l);
      if (cm) contextMatches.push(cm);
    }
    if (contextMatches.length === 0 && rule.contextRequired !== false) return no;
  }
  return { ok: true, contextMatches };
}

function tryRule(c: CompiledRule, facts: FailureFacts, stage: Stage | 'relaxed', options: ClassifyOptions): Classification | null {
  const rule = c.rule;
  let m: RegExpExecArray | null = null;
  if (stage === 'relaxed') m = c.patterns.length > 0 ? firstMatch(c.patterns, facts.line) : null;
  else if (stage === 'line') {
    const byConclusion = !!rule.orConclusion?.includes(facts.conclusion ?? '');
    m = c.patterns.length > 0 ? firstMatch(c.patterns, facts.line) : null;
    const lineOnly = c.patterns.length === 0 && !rule.orSignals?.length && !rule.orConclusion?.length;
    if (!m && !byConclusion && !lineOnly) return null;
  } else if (!rule.orSignals?.some((s) => facts.signals?.includes(s))) return null;
  const cond = conditionsHold(c, facts, stage === 'relaxed');
  if (!cond.ok) return null;

  const wanted = rule.keyGroups ?? [];
  const groups = new Map<string, string>();
  fill(groups, wanted, m);
  for (const cm of cond.contextMatches) {
    if (wanted.every((g) => groups.has(g))) break;
    fill(groups, wanted, cm);
  }
  if (c.keyPatterns.length > 0 && !wanted.every((g) => groups.has(g))) {
    for (const l of nearestFirst(facts, rule.contextWindow)) {
      for (const re of c.keyPatterns) fill(groups, wanted, re.exec(l));
      if (wanted.every((g) => groups.has(g))) break;
    }
  }
  for (const g of wanted) {
    const v = facts.groups?.[g];
    if (!groups.has(g) && v !== undefined && v.trim() !== '') groups.set(g, v.trim());
  }

  const values = new Map<string, string>();
  for (const [g, v] of groups) values.set(g, keyValue(v, options));
  // Key values are compared case-insensitively (`Codex` and `codex` are one engine).
  let key = `rule:${rule.id}`;
  if (wanted.length > 0) {
    if (values.size === 0 && rule.keyFallback === 'line') key += `|${normalizeLine(facts.line, options).toLowerCase()}`;
    else key += wanted.map((g) => `|${(values.get(g) ?? '').toLowerCase()}`).join('');
  }
  if (rule.keyStep) key += `|step:${stepKey(facts.failedStep, options)}`;
  return {
    ruleId: rule.id,
    title: renderTitle(rule.title, values),
    category: rule.category,
    key,
    fixHint: rule.fixHint,
    retry: rule.retry,
  };
}

/**
 * The key of a failure no rule names: its normalized line, and for a generic line (one that names
 * no cause, such as `Process completed with exit code 1.`) the failed step too (the strict key).
 */
export function unnamedKey(signature: string, failedStep: string | null, options: ClassifyOptions = {}): string {
  return isGenericSignature(signature) ? `line:${signature}|step:${stepKey(failedStep, options)}` : `line:${signature}`;
}

/**
 * The classification `rule` gives a failure it is known to name (its conditions and patterns are
 * taken as met; key groups come from whatever its patterns still find): for re-signing stored
 * signatures under a new normalizer version. An invalid rule gives the unnamed key.
 */
export function classifyAs(facts: FailureFacts, rule: Rule, options: ClassifyOptions = {}): Classification {
  const c = compiledOf(rule);
  const hit = c ? tryRule(c, facts, 'relaxed', options) : null;
  if (hit) return hit;
  const normalized = normalizeLine(facts.line, options);
  return { ruleId: null, title: unnamedTitle(normalized), category: 'unknown', key: unnamedKey(normalized, facts.failedStep, options), fixHint: null, retry: null };
}

/** Tries the rules in order (three stages, see the top of this file); the first that matches names the failure. */
export function classify(facts: FailureFacts, rules: readonly Rule[] = BUILTIN_RULES, options: ClassifyOptions = {}): Classification {
  const { main, fallback } = stagesOf(rules);
  for (const [list, stage] of [
    [main, 'line'],
    [main, 'signal'],
    [fallback, 'line'],
    [fallback, 'signal'],
  ] as const) {
    if (stage === 'signal' && !facts.signals?.length) continue;
    for (const c of list) {
      const hit = tryRule(c, facts, stage, options);
      if (hit) return hit;
    }
  }
  const normalized = normalizeLine(facts.line, options);
  return { ruleId: null, title: unnamedTitle(normalized), category: 'unknown', key: unnamedKey(normalized, facts.failedStep, options), fixHint: null, retry: null };
}

/** The classifier's input from one job's evidence (the first failed test fills a missing `test`). */
export function factsOf(evidence: LogEvidence, conclusion: string | null = null): FailureFacts {
  const facts: FailureFacts = {
    line: evidence.failureLine?.text ?? '',
    context: evidence.context.map((l) => l.text),
    failedStep: evidence.failedStep,
    conclusion,
  };
  const test = evidence.testNames[0];
  if (test) facts.groups = { test };
  return facts;
}
