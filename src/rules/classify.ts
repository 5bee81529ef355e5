// The matcher: tries the rules in order, first match wins, and builds the grouping key from the
// rule's key groups (normalized), so that two wordings of one cause share a key while two
// different tests, commands or containers do not.
import type { LogEvidence } from '../evidence/types.js';
import { normalizeLine } from '../signature/index.js';
import { CATALOG } from './catalog.js';
import type { Classification, FailureFacts, Rule } from './types.js';

export const BUILTIN_RULES: readonly Rule[] = CATALOG;

/** Longest title derived from an unnamed failure's line. */
export const MAX_UNNAMED_TITLE = 80;
const MAX_TITLE_VALUE = 60;

interface CompiledRule {
  rule: Rule;
  patterns: RegExp[];
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

/** Problems with a rule (invalid regex, missing fields), for config validation. Empty when fine. */
export function validateRule(rule: Rule): string[] {
  const errors: string[] = [];
  if (!rule.id || !/^[a-z0-9][a-z0-9-]*$/.test(rule.id)) errors.push(`rule id "${rule.id}" must be lowercase letters, digits and dashes`);
  if (!rule.title) errors.push(`rule ${rule.id}: title is empty`);
  if (!rule.fixHint) errors.push(`rule ${rule.id}: fixHint is empty`);
  const all = [...rule.patterns, ...(rule.contextPatterns ?? []), ...(rule.keyPatterns ?? []), ...(rule.step ? [rule.step] : [])];
  for (const s of all) {
    try {
      new RegExp(s, 'i');
    } catch (e) {
      errors.push(`rule ${rule.id}: invalid regex /${s}/: ${(e as Error).message}`);
    }
  }
  if (rule.patterns.length === 0 && !rule.contextPatterns?.length && !rule.conclusion?.length && !rule.step) {
    errors.push(`rule ${rule.id}: no patterns, context patterns, step or conclusion: it would match everything`);
  }
  return errors;
}

/** Context lines ordered nearest to the failure line first (the line itself first). */
function nearestFirst(facts: FailureFacts): string[] {
  const ctx = facts.context;
  const at = ctx.indexOf(facts.line);
  if (at < 0) return [facts.line, ...ctx];
  const out: string[] = [ctx[at] ?? facts.line];
  for (let d = 1; at - d >= 0 || at + d < ctx.length; d++) {
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
function keyValue(value: string): string {
  return /^-?\d{1,4}$/.test(value) ? value : normalizeLine(value);
}

function unnamedTitle(normalized: string): string {
  return normalized.length > MAX_UNNAMED_TITLE ? `${normalized.slice(0, MAX_UNNAMED_TITLE - 1)}…` : normalized;
}

/** Tries the rules in order; the first that matches names the failure. */
export function classify(facts: FailureFacts, rules: readonly Rule[] = BUILTIN_RULES): Classification {
  const line = facts.line;
  for (const rule of rules) {
    const c = compiledOf(rule);
    if (!c) continue;
    if (rule.conclusion && !rule.conclusion.includes(facts.conclusion ?? '')) continue;
    if (c.step && !(facts.failedStep !== null && c.step.test(facts.failedStep))) continue;
    const m = c.patterns.length > 0 ? firstMatch(c.patterns, line) : null;
    if (c.patterns.length > 0 && !m) continue;

    const wanted = rule.keyGroups ?? [];
    const groups = new Map<string, string>();
    fill(groups, wanted, m);
    let lines: string[] | null = null;
    if (c.context.length > 0) {
      lines = nearestFirst(facts);
      let matched = false;
      for (const l of lines) {
        const cm = firstMatch(c.context, l);
        if (cm) {
          matched = true;
          fill(groups, wanted, cm);
        }
        if (matched && wanted.every((g) => groups.has(g))) break;
      }
      if (!matched && rule.contextRequired !== false) continue;
    }
    if (c.keyPatterns.length > 0 && !wanted.every((g) => groups.has(g))) {
      for (const l of lines ?? nearestFirst(facts)) {
        for (const re of c.keyPatterns) fill(groups, wanted, re.exec(l));
        if (wanted.every((g) => groups.has(g))) break;
      }
    }
    for (const g of wanted) {
      const v = facts.groups?.[g];
      if (!groups.has(g) && v !== undefined && v.trim() !== '') groups.set(g, v.trim());
    }

    const values = new Map<string, string>();
    for (const [g, v] of groups) values.set(g, keyValue(v));
    // Key values are compared case-insensitively (`Codex` and `codex` are one engine).
    let key = `rule:${rule.id}`;
    if (wanted.length > 0) {
      if (values.size === 0 && rule.keyFallback === 'line') key += `|${normalizeLine(line).toLowerCase()}`;
      else key += wanted.map((g) => `|${(values.get(g) ?? '').toLowerCase()}`).join('');
    }
    return {
      ruleId: rule.id,
      title: renderTitle(rule.title, values),
      category: rule.category,
      key,
      fixHint: rule.fixHint,
      retry: rule.retry,
    };
  }
  const normalized = normalizeLine(line);
  return { ruleId: null, title: unnamedTitle(normalized), category: 'unknown', key: `line:${normalized}`, fixHint: null, retry: null };
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
