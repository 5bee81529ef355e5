import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, CATEGORIES, validateRule, type Rule } from './index.js';

const ORDER = [
  'token-revoked',
  'credit-limit',
  'usage-limit',
  'max-turns',
  'context-length',
  'stale-lock-file',
  'startup-failure',
  'job-timeout',
  'job-cancelled',
  'runner-lost',
  'oom',
  'disk-full',
  'codex-proxy-401-loop',
  'engine-auth-before-start',
  'firewall-blocked',
  'network-blocked-domain',
  'sidecar-unhealthy',
  'cwd-missing',
  'command-not-found',
  'not-executable',
  'protected-files',
  'provider-safety-block',
  'inference-access-denied',
  'policy-blocked',
  'model-not-supported',
  'invalid-payload',
  'mcp-server-failed',
  'engine-timeout',
  'test-failure',
  'lint-failure',
  'compile-error',
  'build-failure',
  'npm-error',
  'docker-pull',
  'action-download',
  'artifact-missing',
  'credentials-missing',
  'github-api-rate-limit',
  'auth-401',
  'permission-denied',
  'rate-limit',
  'dns',
  'network',
  'checkout-failed',
  'crash',
  'uncaught-exception',
  'engine-exit-code',
  'unknown-exit',
];

describe('BUILTIN_RULES', () => {
  it('is ordered: specific causes first, catch-alls last', () => {
    expect(BUILTIN_RULES.map((r) => r.id)).toEqual(ORDER);
    const firstFallback = BUILTIN_RULES.findIndex((r) => r.fallback);
    expect(BUILTIN_RULES.slice(firstFallback).every((r) => r.fallback)).toBe(true);
  });

  it.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('%s is a valid rule', (_id, rule) => {
    expect(validateRule(rule)).toEqual([]);
    expect(rule.fixHint.length).toBeGreaterThan(20);
    expect(rule.fixHint).not.toContain('\n');
    expect(['never', 'backoff', 'once']).toContain(rule.retry);
    expect(CATEGORIES).toContain(rule.category);
  });

  it('has unique ids and plain-data entries (the same shape the config file uses)', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.parse(JSON.stringify(BUILTIN_RULES))).toEqual(BUILTIN_RULES);
  });

  it('uses every category', () => {
    const used = new Set(BUILTIN_RULES.map((r) => r.category));
    for (const c of CATEGORIES) expect(used.has(c), c).toBe(true);
  });

  it('is documented in docs/rules.md, in order', () => {
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    const listed = [...doc.matchAll(/^\| \d+ \| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(ORDER);
    for (const r of BUILTIN_RULES) expect(doc).toContain(r.fixHint);
  });
});

describe('validateRule', () => {
  const ok: Rule = { id: 'widget-quota', title: 'Widget quota for {team}', category: 'limits', patterns: [String.raw`quota for team (?<team>\w+)`], keyGroups: ['team'], fixHint: 'Ask for a bigger quota.', retry: 'never' };

  it.each<[string, Partial<Rule>, RegExp]>([
    ['a bad id', { id: 'Bad Id' }, /lowercase letters/],
    ['an invalid regex', { patterns: ['(unclosed'] }, /invalid regex/],
    ['an invalid unless regex', { unless: ['[z-a]'] }, /invalid regex/],
    ['a key group no pattern names', { keyGroups: ['team', 'region'], title: 'x' }, /key group "region"/],
    ['a title placeholder that is no key group', { title: 'Quota for {region}' }, /title uses \{region\}/],
    ['a rule that matches everything', { patterns: [], keyGroups: [], title: 'x' }, /match everything/],
    ['an empty fix hint', { fixHint: '' }, /fixHint is empty/],
    ['a two-line fix hint', { fixHint: 'one\ntwo' }, /one line/],
    ['a bad context window', { contextWindow: 0 }, /contextWindow/],
  ])('reports %s', (_name, change, message) => {
    expect(validateRule(ok)).toEqual([]);
    expect(validateRule({ ...ok, ...change }).join('\n')).toMatch(message);
  });

  it('accepts a rule anchored only on an agent condition or a conclusion', () => {
    expect(validateRule({ ...ok, patterns: [], keyGroups: [], title: 'x', orSignals: ['mcp-failed'] })).toEqual([]);
    expect(validateRule({ ...ok, patterns: [], keyGroups: [], title: 'x', tokensZero: true })).toEqual([]);
    expect(validateRule({ ...ok, patterns: [], keyGroups: [], title: 'x', orConclusion: ['timed_out'] })).toEqual([]);
  });
});
