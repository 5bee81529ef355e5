// The comparisons themselves, table-driven: firewall domains, run metrics, versions, environment
// presence and novel lines.
import { describe, expect, it } from 'vitest';
import type { AgentEvidence, FirewallDomain } from '../agents/types.js';
import { envDiff, mergeEnvChanges, mergeVersionChanges, novelLines, versionDiff, versionsOf } from './diffs.js';
import { domainStatus, firewallDiff, firewallEntries, type RunFirewall } from './firewall.js';
import { runDurationMs, runMetricsDiff } from './metrics.js';
import type { SetupFacts } from './types.js';

const d = (domain: string, allowed: number, blocked = 0, authErrors = 0): FirewallDomain => ({ domain, allowed, blocked, authErrors });
const fw = (runId: number, domains: FirewallDomain[], workflow = 'AI Moderator'): RunFirewall => ({ runId, workflow, domains });

describe('firewallDiff', () => {
  const baseline = [
    fw(1, [d('api.anthropic.com:443', 6), d('api.github.com:443', 22), d('registry.npmjs.org:443', 4)]),
    fw(2, [d('api.anthropic.com:443', 5), d('api.github.com:443', 20)]),
    fw(3, [d('api.anthropic.com:443', 7), d('api.github.com:443', 24), d('pypi.org:443', 1)]),
  ];
  const failed = [
    fw(10, [d('api.openai.com:443', 13, 0, 13), d('chatgpt.com:443', 0, 1), d('api.github.com:443', 0, 3)]),
    fw(11, [d('api.openai.com:443', 13, 0, 13), d('chatgpt.com:443', 0, 1), d('api.github.com:443', 0, 3)]),
    fw(12, [d('api.openai.com:443', 12), d('api.github.com:443', 0, 2), d('sentry.io:443', 1)]),
  ];
  const diff = firewallDiff(baseline, failed)!;

  it('new domains with counts (median per run), suspicious when in most failed runs and no success', () => {
    expect(diff.new_domains.map((e) => [e.domain, e.run2_allowed, e.run2_blocked, e.failed_runs, e.suspicious])).toEqual([
      ['api.openai.com:443', 13, 0, 3, true],
      ['chatgpt.com:443', 0, 1, 2, true],
      ['sentry.io:443', 1, 0, 1, false],
    ]);
    expect(diff.suspicious_domains).toEqual(['api.openai.com:443', 'chatgpt.com:443']);
    expect(diff.new_domains[0]).toMatchObject({ is_anomaly: true, anomaly_note: 'in most failed runs, in no successful one; requests answered 401/403', run2_auth_errors: 13 });
    expect(diff.new_domains[1]!.anomaly_note).toBe('in most failed runs, in no successful one; new denied domain');
  });

  it('allowed → denied flips, and gone only when most baselines used the domain', () => {
    expect(diff.status_changes).toEqual([
      expect.objectContaining({ domain: 'api.github.com:443', status: 'status_changed', run1_allowed: 22, run2_blocked: 3, run1_status: 'allowed', run2_status: 'denied', is_anomaly: true, anomaly_note: 'previously allowed, now denied' }),
    ]);
    expect(diff.removed_domains.map((e) => [e.domain, e.baseline_runs])).toEqual([['api.anthropic.com:443', 3]]);
    expect(diff.summary).toEqual({ new_domain_count: 3, removed_domain_count: 1, status_change_count: 1, volume_change_count: 0, has_anomalies: true, anomaly_count: 3 });
    expect(diff.baseline_requests_per_run).toBe(32);
    expect(diff.failed_requests_per_run).toBe(17);
  });

  it.each<[string, FirewallDomain[], FirewallDomain[], string | null]>([
    ['more than doubled', [d('api.github.com:443', 10)], [d('api.github.com:443', 31)], '+210%'],
    ['less than half', [d('api.github.com:443', 30)], [d('api.github.com:443', 12)], '-60%'],
    ['within a factor of two: no change', [d('api.github.com:443', 10)], [d('api.github.com:443', 19)], null],
  ])('volume: %s', (_name, b, f, change) => {
    const v = firewallDiff([fw(1, b)], [fw(2, f)])!.volume_changes;
    expect(v.length ? v[0]!.volume_change : null).toBe(change);
  });

  it('only when both sides have firewall data', () => {
    expect(firewallDiff([], failed)).toBeNull();
    expect(firewallDiff(baseline, [])).toBeNull();
  });

  it('names the failed workflows showing a domain when the cluster spans several', () => {
    const multi = firewallDiff([fw(1, [d('a.io:443', 1)], 'A'), fw(2, [d('a.io:443', 1)], 'B')], [fw(3, [d('a.io:443', 1), d('b.io:443', 2)], 'A'), fw(4, [d('a.io:443', 1)], 'B')], true)!;
    expect(multi.new_domains.map((e) => [e.domain, e.workflows])).toEqual([['b.io:443', ['A']]]);
  });

  it('orders entries for a reader: suspicious, anomalies, then volume', () => {
    expect(firewallEntries(diff).map((e) => e.domain)).toEqual(['api.openai.com:443', 'chatgpt.com:443', 'api.github.com:443', 'sentry.io:443', 'api.anthropic.com:443']);
  });

  it.each([
    [3, 0, 'allowed'],
    [0, 2, 'denied'],
    [3, 2, 'mixed'],
    [0, 0, 'unknown'],
  ])('domainStatus(%i allowed, %i blocked) = %s', (a, b, s) => expect(domainStatus(a, b)).toBe(s));
});

describe('runMetricsDiff', () => {
  it('a token collapse to 0 is "died before inference"; duration gets a z-score with 3 baselines', () => {
    const m = runMetricsDiff({ tokens: [182_301, 175_000, 190_120], durationMs: [205_000, 200_000, 215_000], turns: [14, 12, 15] }, { tokens: [0, 0], durationMs: [537_000, 540_000], turns: [0, 0] })!;
    expect(m).toMatchObject({
      run1_token_usage: 182_301,
      run2_token_usage: 0,
      token_usage_change: '-100%',
      run1_duration: '3m25s',
      run2_duration: '8m59s',
      duration_change: '+5m34s',
      run1_turns: 14,
      run2_turns: 0,
      turns_change: -14,
      died_before_inference: true,
    });
    const duration = m.metrics.find((x) => x.metric === 'duration_seconds')!;
    expect(duration).toMatchObject({ baseline: 205, failed: 538.5, change_percent: 163, flagged: true, baseline_runs: 3, failed_runs: 2 });
    expect(duration.z_score).toBeGreaterThan(3.5);
  });

  it('each metric only when both sides have it; under 3 baselines no z-score', () => {
    const m = runMetricsDiff({ tokens: [], durationMs: [200_000, 220_000], turns: [] }, { tokens: [5], durationMs: [400_000], turns: [3] })!;
    expect(m.metrics.map((x) => x.metric)).toEqual(['duration_seconds']);
    expect(m.metrics[0]).toMatchObject({ z_score: null, flagged: false });
    expect(m.run1_token_usage).toBeNull();
    expect(m.died_before_inference).toBe(false);
    expect(runMetricsDiff({ tokens: [], durationMs: [], turns: [] }, { tokens: [1], durationMs: [1], turns: [1] })).toBeNull();
  });

  it('a run lasts from run_started_at (else created_at) to updated_at', () => {
    expect(runDurationMs({ created_at: '2026-04-22T10:00:00Z', run_started_at: '2026-04-22T10:01:00Z', updated_at: '2026-04-22T10:05:00Z' })).toBe(240_000);
    expect(runDurationMs({ created_at: '2026-04-22T10:00:00Z', updated_at: '2026-04-22T10:05:00Z' })).toBe(300_000);
    expect(runDurationMs({ created_at: '2026-04-22T10:00:00Z', updated_at: '2026-04-22T09:05:00Z' })).toBeNull();
  });
});

const setup = (imageVersion: string, actions: Record<string, string> = { 'actions/checkout': 'v5 (4361261)' }): SetupFacts => ({ runnerVersion: '2.333.1', image: 'ubuntu-24.04', imageVersion, os: 'Ubuntu 24.04.2 LTS', actions });
const agent = (over: Partial<AgentEvidence>): AgentEvidence => ({
  engine: 'codex',
  model: 'gpt-5.3-codex',
  engineVersion: '0.121.0',
  cliVersion: 'v0.68.3',
  awfVersion: 'v0.25.18',
  firewall: null,
  tokens: null,
  tokensByModel: null,
  tokensSource: null,
  turns: null,
  toolCalls: null,
  safeOutputs: null,
  signals: [],
  absent: [],
  sources: [],
  ...over,
});

describe('versions', () => {
  it('the runner image, an engine version and an action that differ; what is alike is not told', () => {
    const base = [{ hasSetup: true, values: versionsOf(setup('20260419.1'), agent({ engineVersion: '0.120.1' })) }];
    const failed = [{ hasSetup: true, values: versionsOf(setup('20260421.2', { 'actions/checkout': 'v5 (4361261)', 'actions/setup-node': 'v4 (49933ea)' }), agent({})) }];
    expect(versionDiff('CI', base, failed)).toEqual([
      { key: 'engine-version', what: 'engine version', baseline: ['0.120.1'], failed: ['0.121.0'], workflows: ['CI'] },
      { key: 'runner-image', what: 'runner image', baseline: ['ubuntu-24.04 20260419.1'], failed: ['ubuntu-24.04 20260421.2'], workflows: ['CI'] },
      { key: 'action:actions/setup-node', what: 'action actions/setup-node', baseline: [], failed: ['v4 (49933ea)'], workflows: ['CI'] },
    ]);
  });

  it('compares a value only when both sides have it', () => {
    const base = [{ hasSetup: false, values: versionsOf(null, agent({ model: null })) }];
    const failed = [{ hasSetup: true, values: versionsOf(setup('20260421.2'), agent({ model: 'gpt-5' })) }];
    expect(versionDiff('CI', base, failed)).toEqual([]);
  });

  it('merges per-workflow changes by key and values, engine facts first', () => {
    const a = { key: 'runner-image', what: 'runner image', baseline: ['x 1'], failed: ['x 2'], workflows: ['A'] };
    const b = { key: 'engine-version', what: 'engine version', baseline: ['1'], failed: ['2'], workflows: ['B'] };
    expect(mergeVersionChanges([[a], [{ ...a, workflows: ['C'] }, b]])).toEqual([b, { ...a, workflows: ['A', 'C'] }]);
  });
});

describe('environment presence', () => {
  it.each<[string, Array<Record<string, 'set' | 'unset' | 'mixed'>>, Array<Record<string, 'set' | 'unset' | 'mixed'>>, unknown[]]>([
    ['a secret gone', [{ ANTHROPIC_AUTH_TOKEN: 'set', MINIMAX_API_KEY: 'set' }], [{ ANTHROPIC_AUTH_TOKEN: 'unset', MINIMAX_API_KEY: 'set' }], [{ name: 'ANTHROPIC_AUTH_TOKEN', baseline: 'set', failed: 'unset', failed_runs: 1, workflows: ['E2E'] }]],
    [
      'seed 002: unset in the failed dump, never stated by the success',
      [{ MINIMAX_API_KEY: 'set' }],
      [{ MINIMAX_API_KEY: 'set', ANTHROPIC_AUTH_TOKEN: 'unset' }, { ANTHROPIC_AUTH_TOKEN: 'unset' }],
      [{ name: 'ANTHROPIC_AUTH_TOKEN', baseline: 'not-stated', failed: 'unset', failed_runs: 2, workflows: ['E2E'] }],
    ],
    ['set only in the failure, never stated before: not a difference', [{}], [{ NEW_FLAG: 'set' }], []],
    ['no baseline log: nothing compared', [], [{ A_TOKEN: 'unset' }], []],
  ])('%s', (_name, base, failed, expected) => {
    expect(envDiff('E2E', base, failed)).toEqual(expected);
  });

  it('merges workflows, stated-both-ways first', () => {
    const merged = mergeEnvChanges([
      [{ name: 'B_KEY', baseline: 'not-stated', failed: 'unset', failed_runs: 1, workflows: ['A'] }],
      [
        { name: 'Z_KEY', baseline: 'set', failed: 'unset', failed_runs: 1, workflows: ['B'] },
        { name: 'B_KEY', baseline: 'set', failed: 'unset', failed_runs: 2, workflows: ['B'] },
      ],
    ]);
    expect(merged).toEqual([
      { name: 'B_KEY', baseline: 'set', failed: 'unset', failed_runs: 3, workflows: ['A', 'B'] },
      { name: 'Z_KEY', baseline: 'set', failed: 'unset', failed_runs: 1, workflows: ['B'] },
    ]);
  });
});

describe('novelLines', () => {
  const L = (text: string, error = false) => ({ text, error });
  it('lines of the failed step never in the baseline: error-looking first, then the most widespread, secrets masked', () => {
    const baseline = new Set(['Starting codex', 'Agent finished']);
    const out = novelLines([
      { runId: 1, failed: [L('Starting codex'), L('retrying in <n>s'), L('ERROR: Reconnecting... <n>/<n> (401 Unauthorized)', true), L('token ghp_abcdefghijklmnopqrstuvwxyz0123456789 rejected')], baseline },
      { runId: 2, failed: [L('retrying in <n>s'), L('ERROR: Reconnecting... <n>/<n> (401 Unauthorized)', true)], baseline },
    ]);
    expect(out.map((l) => [l.text.includes('ghp_abcdef') ? 'LEAK' : l.text.slice(0, 24), l.runs, l.error_like])).toEqual([
      ['ERROR: Reconnecting... <', 2, true],
      ['retrying in <n>s', 2, false],
      [expect.stringMatching(/^token /), 1, false],
    ]);
  });

  it('at most 20', () => {
    const failed = Array.from({ length: 30 }, (_, i) => L(`line ${String.fromCharCode(97 + (i % 26))}${i}`));
    expect(novelLines([{ runId: 1, failed, baseline: new Set() }])).toHaveLength(20);
  });
});
