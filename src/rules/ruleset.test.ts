import { describe, expect, it } from 'vitest';
import type { AgentEvidence } from '../agents/types.js';
import { fingerprintOf } from '../signature/index.js';
import { agentFacts, buildRuleSet, classify, draftRule, draftRuleYaml, reSignAliases, signFacts, silenceReason, validateRule, type FailureFacts, type StoredSignature } from './index.js';

const facts = (line: string, more: Partial<FailureFacts> = {}): FailureFacts => ({ line, context: [line], failedStep: 'Run tests', conclusion: 'failure', ...more });

type AgentParts = Pick<AgentEvidence, 'signals' | 'tokens' | 'firewall'>;
function agent(over: Partial<AgentParts> = {}): AgentParts {
  return { firewall: null, tokens: null, signals: [], ...over };
}
const tokens = (total: number) => ({ input: total, output: 0, cacheRead: 0, cacheWrite: 0, total, requests: 1 });

describe('agentFacts', () => {
  it.each<[string, AgentParts | null, Partial<FailureFacts>]>([
    ['no evidence: every condition unknown', null, {}],
    ['tokens counted: zero', agent({ tokens: tokens(0) }), { tokensZero: true }],
    ['tokens counted: some', agent({ tokens: tokens(1200) }), { tokensZero: false }],
    ['no token file but a zero-tokens signal', agent({ signals: [{ kind: 'zero-tokens', detail: '0 tokens' }] }), { signals: ['zero-tokens'], tokensZero: true }],
    [
      'signals deduplicated and sorted; a blocked domain',
      agent({
        signals: [
          { kind: 'retry-loop', detail: 'Reconnecting... 5/5' },
          { kind: 'auth-error', detail: '401' },
          { kind: 'retry-loop', detail: 'again' },
        ],
        firewall: [{ domain: 'pypi.org:443', allowed: 0, blocked: 3, authErrors: 0 }],
      }),
      { signals: ['auth-error', 'retry-loop'], blockedDomain: true },
    ],
    ['a firewall log with nothing blocked', agent({ firewall: [{ domain: 'api.openai.com:443', allowed: 9, blocked: 0, authErrors: 9 }] }), { blockedDomain: false }],
  ])('%s', (_name, evidence, expected) => {
    expect(agentFacts(evidence)).toEqual(expected);
  });

  it('lets a rule say "401 AND tokens == 0"', () => {
    const line = 'unexpected status 401 Unauthorized';
    expect(classify(facts(line, agentFacts(agent({ tokens: tokens(0) })))).ruleId).toBe('engine-auth-before-start');
    expect(classify(facts(line, agentFacts(agent({ tokens: tokens(50) })))).ruleId).toBe('auth-401');
  });
});

describe('signFacts', () => {
  it('classifies, normalizes and fingerprints one failure', () => {
    const s = signFacts(facts('/bin/bash: line 1: node: command not found'));
    expect(s.classification.ruleId).toBe('command-not-found');
    expect(s.signature).toBe('/bin/bash: line <n>: node: command not found');
    expect(s.fingerprint).toBe(fingerprintOf('rule:command-not-found|node'));
    expect(s.clusterId).toBe(`c${s.fingerprint.slice(3, 13)}`);
  });

  it('takes a plain rule list too', () => {
    const s = signFacts(facts('boom'), [{ id: 'boom', title: 'Boom', category: 'unknown', patterns: ['boom'], fixHint: 'Stop the boom.', retry: 'never' }]);
    expect(s.classification.ruleId).toBe('boom');
  });
});

describe('buildRuleSet', () => {
  it('throws on an invalid rule (the config parser reports it first, with its line)', () => {
    expect(() => buildRuleSet({ rules: [{ id: 'x', title: 'X', category: 'unknown', patterns: ['('], fixHint: 'Fix it.', retry: 'never' }] })).toThrow(/invalid regex/);
  });
});

describe('silenceReason', () => {
  const target = { id: 'c0123456789', fingerprints: ['v2:0123456789abcdef', 'v2:fedcba9876543210'], signatures: ['Flaky widget test timed out'], ruleId: 'job-timeout' };
  it.each<[string, Parameters<typeof buildRuleSet>[0], RegExp | null]>([
    ['any member fingerprint', { silence: ['v2:fedcba9876543210'] }, /fingerprint v2:fedcba9876543210/],
    ['the cluster id', { silence: ['c0123456789'] }, /fingerprint c0123456789/],
    ['a signature regex, case-insensitive', { silence: ['flaky WIDGET'] }, /signature \/flaky WIDGET\//],
    ['a rule, with the reason', { silence: [{ rule: 'job-timeout', reason: 'nightly infra' }] }, /rule job-timeout\): nightly infra/],
    ['nothing that matches', { silence: ['v2:1111111111111111', { rule: 'oom' }, 'other text'] }, null],
  ])('matches %s', (_name, config, expected) => {
    const reason = silenceReason(target, buildRuleSet(config).silence);
    if (expected) expect(reason).toMatch(expected);
    else expect(reason).toBeNull();
  });
});

describe('reSignAliases', () => {
  // Version-1 fingerprints as the ledger stored them, with their normalized example lines.
  const v1 = (key: string) => `v1:${fingerprintOf(key).slice(3)}`.replace(/.$/, 'x');

  it('maps every older fingerprint to the one the current normalizer gives the same failure', () => {
    const raw: Array<[StoredSignature, string]> = [
      [{ fingerprint: v1('a'), exampleLine: '/bin/bash: line <n>: node: command not found', ruleId: 'command-not-found', step: 'Execute agent' }, '/bin/bash: line 7: node: command not found'],
      [
        { fingerprint: v1('b'), exampleLine: 'ERROR: unexpected status 401 Unauthorized: Incorrect API key provided: sk-***', ruleId: 'codex-proxy-401-loop', step: 'Execute agent' },
        'ERROR: unexpected status 401 Unauthorized: Incorrect API key provided: sk-place****roxy',
      ],
      [{ fingerprint: v1('c'), exampleLine: 'FAILED tests/test_api.py::test_create - assert <n> == <n>', ruleId: 'test-failure', step: 'Run tests' }, 'FAILED tests/test_api.py::test_create - assert 500 == 201'],
      [{ fingerprint: v1('d'), exampleLine: 'Widget count mismatch for run <id> after <dur>', ruleId: null, step: 'Check' }, 'Widget count mismatch for run 24771662916 after 12.5s'],
      [{ fingerprint: v1('e'), exampleLine: 'Error: Process completed with exit code 1.', ruleId: null, step: 'Deploy' }, 'Error: Process completed with exit code 1.'],
      [{ fingerprint: v1('f'), exampleLine: 'timeout in session <id> from <ip>', ruleId: null, step: null }, 'timeout in session sess_0123456789ab from 10.1.2.3'],
      [{ fingerprint: v1('g'), exampleLine: 'Tests: <n> passed, still running', ruleId: 'job-timeout', step: 'Test' }, 'Tests: 14 passed, still running'],
    ];
    const aliases = reSignAliases(raw.map(([r]) => r));
    for (const [rec, line] of raw) {
      // The same failure signed today, from its raw line, with the conditions it had then.
      const now = signFacts({ line, context: rec.ruleId === 'codex-proxy-401-loop' ? ['Reconnecting... 5/5', line] : [line], failedStep: rec.step, conclusion: rec.ruleId === 'job-timeout' ? 'timed_out' : 'failure' });
      expect(aliases.get(rec.fingerprint), rec.exampleLine).toBe(now.fingerprint);
    }
  });

  it('leaves current-version and non-fingerprint records out, and is deterministic', () => {
    const current = signFacts(facts('/bin/bash: line 1: node: command not found'));
    const recs: StoredSignature[] = [
      { fingerprint: current.fingerprint, exampleLine: current.signature, ruleId: 'command-not-found', step: null },
      { fingerprint: 'not-a-fingerprint', exampleLine: 'x', ruleId: null, step: null },
    ];
    expect(reSignAliases(recs).size).toBe(0);
    const old: StoredSignature = { fingerprint: 'v1:0000000000000001', exampleLine: 'Error: boom <n>', ruleId: null, step: null };
    expect([...reSignAliases([old])]).toEqual([...reSignAliases([old])]);
  });

  it('falls back to the line key when the rule is gone from the catalog', () => {
    const aliases = reSignAliases([{ fingerprint: 'v1:0000000000000002', exampleLine: 'Widget exploded', ruleId: 'removed-rule', step: null }]);
    expect(aliases.get('v1:0000000000000002')).toBe(fingerprintOf('line:Widget exploded'));
  });
});

describe('draftRule', () => {
  it('turns an unnamed signature into a rule that names it', () => {
    const sig = 'Widget count mismatch for run <id> after <dur> (expected <n>)';
    const rule = draftRule(sig);
    expect(validateRule(rule)).toEqual([]);
    expect(rule.patterns[0]).toBe(String.raw`Widget\s+count\s+mismatch\s+for\s+run\s+.+?\s+after\s+.+?\s+\(expected\s+.+?\)`);
    expect(classify(facts('Widget count mismatch for run 123456789 after 3.2s (expected 4)'), [rule]).ruleId).toBe(rule.id);
    expect(rule.step).toBeUndefined();
    expect(draftRuleYaml(rule)).toMatch(/^- id: custom-[0-9a-f]{8}\n {2}title: Widget count mismatch/);
  });

  it('adds the step for a generic line', () => {
    const rule = draftRule('Error: Process completed with exit code 1.', 'Deploy (prod)');
    expect(rule.step).toBe(String.raw`^Deploy \(prod\)$`);
    expect(classify(facts('Error: Process completed with exit code 1.', { failedStep: 'Deploy (prod)' }), [rule]).ruleId).toBe(rule.id);
    expect(classify(facts('Error: Process completed with exit code 1.', { failedStep: 'Build' }), [rule]).ruleId).toBeNull();
  });
});
