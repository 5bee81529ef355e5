import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, validateRule } from './index.js';

describe('BUILTIN_RULES', () => {
  it('is ordered: specific causes first', () => {
    expect(BUILTIN_RULES.map((r) => r.id)).toEqual([
      'token-revoked',
      'credit-limit',
      'usage-limit',
      'job-timeout',
      'job-cancelled',
      'runner-lost',
      'oom',
      'disk-full',
      'codex-proxy-401-loop',
      'sidecar-unhealthy',
      'command-not-found',
      'protected-files',
      'test-failure',
      'docker-pull',
      'action-download',
      'auth-401',
      'rate-limit',
      'dns-network',
      'checkout-failed',
      'engine-exit-code',
      'compile-error',
      'npm-error',
      'python-exception',
    ]);
  });

  it.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('%s is a valid rule', (_id, rule) => {
    expect(validateRule(rule)).toEqual([]);
    expect(rule.fixHint.length).toBeGreaterThan(20);
    expect(rule.fixHint).not.toContain('\n');
    expect(['never', 'backoff', 'once']).toContain(rule.retry);
    for (const g of rule.keyGroups ?? []) {
      const sources = [...rule.patterns, ...(rule.contextPatterns ?? []), ...(rule.keyPatterns ?? [])].join('\n');
      expect(sources).toContain(`(?<${g}>`);
    }
  });

  it('has unique ids and plain-data entries', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.parse(JSON.stringify(BUILTIN_RULES))).toEqual(BUILTIN_RULES);
  });
});

describe('validateRule', () => {
  it('reports invalid regexes and rules that would match everything', () => {
    const errors = validateRule({ id: 'Bad Id', title: 't', category: 'unknown', patterns: ['(unclosed'], fixHint: 'x', retry: 'never' });
    expect(errors.join('\n')).toMatch(/lowercase/);
    expect(errors.join('\n')).toMatch(/invalid regex/);
    expect(validateRule({ id: 'all', title: 't', category: 'unknown', patterns: [], fixHint: 'x', retry: 'never' }).join()).toMatch(/match everything/);
  });
});
