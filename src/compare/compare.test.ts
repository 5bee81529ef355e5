// compareCluster and its markdown, on failure records and baseline evidence written for the test.
import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import type { AgentEvidence, FirewallDomain } from '../agents/types.js';
import type { FailureRecord } from '../failure/record.js';
import { normalizeLine } from '../signature/index.js';
import { baselineRunIdOf, compareCluster, compareClusters } from './compare.js';
import { logFacts } from './logfacts.js';
import { baselineCostText, compareMarkdown, compareSentence, thousands } from './render.js';
import { pairKey } from './select.js';
import type { BaselineEvidence, BaselineSet, ClusterCompare, CommitRange } from './types.js';

const SHA_GOOD = '4b1c9e0a7821d24cd2bf334b6d4fc159e249e352';
const SHA_BAD = '28d8df1dc57c96a2ad3c0852542f5c35a926e131';

const agent = (over: Partial<AgentEvidence>): AgentEvidence => ({
  engine: 'codex',
  model: 'gpt-5.3-codex',
  engineVersion: '0.121.0',
  cliVersion: null,
  awfVersion: null,
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
const tokens = (total: number) => ({ input: total, output: 0, cacheRead: 0, cacheWrite: 0, total, requests: 3 });
const dom = (domain: string, allowed: number, blocked = 0): FirewallDomain => ({ domain, allowed, blocked, authErrors: 0 });

function failure(runId: number, createdAt: string, over: Partial<FailureRecord> = {}): FailureRecord {
  return record({
    runId,
    fingerprint: 'v1:codex401',
    workflow: 'AI Moderator',
    workflowPath: '.github/workflows/ai-moderator.lock.yml',
    event: 'schedule',
    createdAt,
    headSha: SHA_BAD,
    jobId: runId * 10,
    jobName: 'agent',
    failedStep: 'Execute Codex CLI',
    context: [{ number: 40, text: 'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized)' }],
    agent: agent({ firewall: [dom('api.openai.com:443', 13), dom('chatgpt.com:443', 0, 1)], tokens: tokens(0), turns: 0 }),
    ...over,
  });
}

function baseline(runId: number, createdAt: string, over: Partial<BaselineEvidence['run']> = {}, ev: Partial<BaselineEvidence> = {}): BaselineEvidence {
  return {
    run: {
      runId,
      workflow: 'AI Moderator',
      workflowPath: '.github/workflows/ai-moderator.lock.yml',
      branch: 'main',
      event: 'schedule',
      headSha: SHA_GOOD,
      createdAt,
      url: `https://github.com/o/r/actions/runs/${runId}`,
      durationMs: 205_000,
      ...over,
    },
    logs: {},
    agent: agent({ engineVersion: '0.120.1', firewall: [dom('api.anthropic.com:443', 6), dom('api.github.com:443', 22)], tokens: tokens(182_301), turns: 14 }),
    problems: [],
    ...ev,
  };
}

const FAILURES = [failure(10, '2026-04-22T09:46:07Z'), failure(11, '2026-04-22T12:31:09Z')];
const BASELINES = [baseline(1, '2026-04-21T19:05:12Z'), baseline(2, '2026-04-21T13:05:00Z', { durationMs: 200_000 }), baseline(3, '2026-04-21T07:05:00Z', { durationMs: 215_000 })];
const RUNS = new Map([
  [10, { created_at: '2026-04-22T09:46:07Z', run_started_at: '2026-04-22T09:46:07Z', updated_at: '2026-04-22T09:55:04Z' }],
  [11, { created_at: '2026-04-22T12:31:09Z', run_started_at: '2026-04-22T12:31:09Z', updated_at: '2026-04-22T12:40:10Z' }],
]);
const RANGE: CommitRange = {
  base: SHA_GOOD,
  head: SHA_BAD,
  totalCommits: 2,
  status: 'ahead',
  htmlUrl: 'https://github.com/o/r/compare/x...y',
  problem: null,
  commits: [
    { sha: 'fcbc9016360b7ef2ef343bdb77952a09989c44ae', title: 'Bump codex to 0.121.0 (#27709)', author: 'kenji-ops', pr: 27709, date: null },
    { sha: SHA_BAD, title: 'Inject openai-proxy provider, ping @octocat about #27724 | `x`', author: 'kenji-ops', pr: 27711, date: null },
  ],
};

describe('compareCluster', () => {
  const c = compareCluster(FAILURES, BASELINES, RANGE, { runs: RUNS });

  it('finds the baseline: nearest first, same branch and event', () => {
    expect(c.baseline).toMatchObject({ status: 'found', lookback_hours: 72, nearest_run_id: 1, problems: [] });
    expect(c.baseline.runs.map((r) => [r.run_id, r.match])).toEqual([
      [1, 'same-branch-event'],
      [2, 'same-branch-event'],
      [3, 'same-branch-event'],
    ]);
    expect(baselineRunIdOf(c)).toBe(1);
  });

  it('diffs firewall, tokens, duration, turns and versions', () => {
    expect(c.firewall_diff!.suspicious_domains).toEqual(['api.openai.com:443', 'chatgpt.com:443']);
    expect(c.firewall_diff!.removed_domains.map((e) => e.domain)).toEqual(['api.anthropic.com:443', 'api.github.com:443']);
    expect(c.run_metrics_diff).toMatchObject({ died_before_inference: true, run1_duration: '3m25s', run2_duration: '8m59s', turns_change: -14, token_usage_change: '-100%' });
    expect(c.version_changes).toEqual([{ key: 'engine-version', what: 'engine version', baseline: ['0.120.1'], failed: ['0.121.0'], workflows: ['AI Moderator'] }]);
  });

  it('the suspect change: the commits between last good and first bad', () => {
    expect(c.suspect_change).toMatchObject({
      verdict: 'commits',
      branch: 'main',
      last_good: { sha: SHA_GOOD, run_id: 1 },
      first_bad: { sha: SHA_BAD, run_id: 10 },
      total_commits: 2,
      compare_url: 'https://github.com/o/r/compare/x...y',
    });
    expect(c.suspect_change!.commits.map((x) => x.pr)).toEqual([27709, 27711]);
  });

  it('without the failed logs: novel lines from the failure-line window, and says what was not compared', () => {
    expect(c.novel_lines_source).toBeNull(); // no baseline log was read: nothing to compare lines with
    const withLogs = compareCluster(
      FAILURES,
      BASELINES.map((b, i) => (i ? b : { ...b, logs: { agent: logFacts('2026-04-21T19:05:30.0000000Z Starting codex\n', { wanted: ['Execute Codex CLI'] }) } })),
      RANGE,
      { runs: RUNS },
    );
    expect(withLogs.novel_lines_source).toBe('context');
    expect(withLogs.novel_lines).toEqual([{ text: normalizeLine('ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized)'), runs: 2, error_like: true }]);
    expect(withLogs.notes).toContain("the failed jobs' log texts were not available: versions and environment not compared, novel lines from the failure-line window only");
  });

  it('same sha on both sides: not caused by a commit', () => {
    const same = compareCluster(
      FAILURES.map((f) => ({ ...f, headSha: SHA_GOOD })),
      BASELINES,
      null,
      { runs: RUNS },
    );
    expect(same.suspect_change).toMatchObject({ verdict: 'same-commit', commits: [], total_commits: null });
    expect(compareMarkdown(same).join('\n')).toContain('**Not caused by a commit:**');
  });

  it('a range that could not be listed, and no last good run on the branch', () => {
    expect(compareCluster(FAILURES, BASELINES, { ...RANGE, problem: 'HTTP 500 oops', commits: [], totalCommits: null }).suspect_change).toMatchObject({ verdict: 'not-fetched', problem: 'HTTP 500 oops' });
    const other = compareCluster(FAILURES, [baseline(1, '2026-04-21T19:05:12Z', { branch: 'release', event: 'push' })], null);
    expect(other.baseline.runs[0]!.match).toBe('other');
    expect(other.suspect_change).toMatchObject({ verdict: 'no-last-good', last_good: null });
  });

  it('no baseline: says so, invents nothing', () => {
    const none = compareCluster(FAILURES, [baseline(1, '2026-04-18T09:00:00Z')], null, { runs: RUNS });
    expect(none).toEqual({
      version: 1,
      baseline: { status: 'none', lookback_hours: 72, runs: [], nearest_run_id: null, problems: ['AI Moderator: no successful run of AI Moderator in the 72 h before 2026-04-22T09:46Z'] },
      firewall_diff: null,
      run_metrics_diff: null,
      version_changes: null,
      env_diff: null,
      novel_lines: null,
      novel_lines_source: null,
      suspect_change: null,
      notes: ['no baseline in 72 h: nothing to compare with'],
    } satisfies ClusterCompare);
  });
});

describe('compareMarkdown', () => {
  const c = compareCluster(FAILURES, BASELINES, RANGE, { runs: RUNS });
  const md = compareMarkdown(c, { ref: '2026-04-22T07:14:00Z', ruleNamed: true });

  it('a sentence, a compact table and the suspect change', () => {
    expect(md.slice(0, 6)).toEqual([
      '**Compared with** 3 successful runs of AI Moderator in the 72 h before the first failure (medians); nearest [§1](https://github.com/o/r/actions/runs/1) at 04-21 19:05Z.',
      '',
      '| signal | baseline | failed | change |',
      '|---|---|---|---|',
      '| firewall: `api.openai.com:443` | 0 | 13 allowed | new, in 2 of 2 failed runs and no success ⚠ |',
      '| firewall: `chatgpt.com:443` | 0 | 1 blocked | new, blocked, in 2 of 2 failed runs and no success ⚠ |',
    ]);
    const text = md.join('\n');
    expect(text).toContain('| tokens (median of 3) | 182,301 | 0 | died before inference |');
    expect(text).toMatch(/\| duration \(median of 3\) \| 3m25s \| 8m59s \| \+5m34s \(\+163 %\), z = [\d.]+ ⚠ \|/);
    expect(text).toContain('| turns (median of 3) | 14 | 0 | -14 (-100 %) |');
    expect(text).toContain('| engine version | 0.120.1 | 0.121.0 | changed |');
    expect(text).toContain('**Suspect change:** last good `4b1c9e0` → first bad `28d8df1` ([§10](https://github.com/o/r/actions/runs/10), 09:46Z) on `main` (2 commits): *Bump codex to 0.121.0* (#27709) by kenji-ops `fcbc901`;');
  });

  it('commit titles and domains from outside are made safe: no mention, no issue link, no broken table', () => {
    const text = md.join('\n');
    expect(text).not.toMatch(/@octocat/);
    expect(text).toContain('@\u200boctocat');
    expect(text).not.toMatch(/#27724/);
    expect(text).toContain('#\u200b27724');
    expect(text).toContain('\\|');
    const evil = compareMarkdown(
      compareCluster([failure(10, '2026-04-22T09:46:07Z', { agent: agent({ firewall: [dom('a|b`c.example:443', 3)] }) })], [baseline(1, '2026-04-21T19:05:12Z')], null),
    ).join('\n');
    expect(evil).toContain('firewall: ``a\\|b`c.example:443``');
  });

  it('collapses the gone domains when the failed runs reached nothing, and hides metrics that barely moved', () => {
    const quiet = compareCluster(
      [failure(10, '2026-04-22T09:46:07Z', { agent: agent({ firewall: [], tokens: tokens(180_000), turns: 14 }) })],
      [baseline(1, '2026-04-21T19:05:12Z')],
      null,
    );
    const text = compareMarkdown(quiet).join('\n');
    expect(text).toContain('| firewall: all domains | 28 requests to 2 domains | no request | the failed runs reached no domain |');
    expect(text).not.toContain('gone');
    expect(text).not.toMatch(/\| tokens/);
    expect(text).not.toMatch(/\| turns/);
  });

  it('names the workflows of the cluster that have no baseline', () => {
    const mixed = compareCluster([...FAILURES, failure(30, '2026-04-22T10:00:00Z', { workflow: 'Daily Fact', workflowPath: '.github/workflows/daily-fact.lock.yml' })], BASELINES, RANGE, { runs: RUNS });
    expect(mixed.baseline.problems).toEqual(['Daily Fact: no successful run of Daily Fact in the 72 h before 2026-04-22T10:00Z']);
    expect(compareMarkdown(mixed)[0]).toMatch(/\. No baseline for Daily Fact: no successful run of Daily Fact in the 72 h before 2026-04-22T10:00Z\.$/);
  });

  it('novel lines only when no rule named the failure', () => {
    const withBaseLog = compareCluster(FAILURES, [{ ...BASELINES[0]!, logs: { agent: logFacts('2026-04-21T19:05:30.0000000Z Starting codex\n', { wanted: ['Execute Codex CLI'] }) } }], RANGE);
    expect(compareMarkdown(withBaseLog, { ruleNamed: false }).join('\n')).toContain('**Lines only the failed runs print**');
    expect(compareMarkdown(withBaseLog, { ruleNamed: true }).join('\n')).not.toContain('**Lines only the failed runs print**');
  });

  it('the same input gives the same bytes; nothing for a missing comparison', () => {
    expect(compareMarkdown(compareCluster(FAILURES, BASELINES, RANGE, { runs: RUNS }), { ref: '2026-04-22T07:14:00Z', ruleNamed: true })).toEqual(md);
    expect(compareMarkdown(null)).toEqual([]);
    expect(thousands(4836954)).toBe('4,836,954');
    expect(thousands(-182301)).toBe('-182,301');
  });
});

describe('compareSentence (for a sub-issue)', () => {
  it('what changed, and whether a commit can be the cause', () => {
    const c = compareCluster(FAILURES, BASELINES, RANGE, { runs: RUNS });
    expect(compareSentence(c, '2026-04-22T07:14:00Z')).toBe(
      'What changed since the last success ([§1](https://github.com/o/r/actions/runs/1), 04-21 19:05Z): tokens 182,301 → 0 (died before inference); duration 3m25s → 8m59s; turns 14 → 0; engine version 0.120.1 → 0.121.0; new domains `api.openai.com:443`, `chatgpt.com:443`. 2 commits between last good `4b1c9e0` and first bad `28d8df1`.',
    );
    const same = compareCluster(FAILURES.map((f) => ({ ...f, headSha: SHA_GOOD, agent: null })), BASELINES.map((b) => ({ ...b, agent: null })), null, { runs: RUNS });
    expect(compareSentence(same)).toMatch(/^What changed since the last success .*: duration 3m25s → 8m59s\. It succeeded on the same commit `4b1c9e0`: not caused by a commit/);
    expect(compareSentence(compareCluster(FAILURES, [], null))).toBe('No successful run in the 72 h before the first failure: nothing to compare with.');
    expect(compareSentence(null)).toBeNull();
  });
});

describe('compareClusters over a baseline set', () => {
  it('takes each cluster its plan, evidence and commit range; a cluster without a plan is "unknown"', () => {
    const plan = {
      fingerprint: 'v1:codex401',
      workflows: [
        {
          workflowPath: '.github/workflows/ai-moderator.lock.yml',
          workflow: 'AI Moderator',
          firstFailure: { runId: 10, createdAt: '2026-04-22T09:46:07Z', branch: 'main', event: 'schedule', headSha: SHA_BAD },
          baselines: [{ runId: 1, match: 'same-branch-event' as const }],
          status: 'found' as const,
          problem: null,
        },
      ],
      suspect: { workflow: 'AI Moderator', workflowPath: '.github/workflows/ai-moderator.lock.yml', branch: 'main', lastGood: { sha: SHA_GOOD, runId: 1, createdAt: '2026-04-21T19:05:12Z', url: 'u1' }, firstBad: { sha: SHA_BAD, runId: 10, createdAt: '2026-04-22T09:46:07Z', url: 'u10' } },
      pairs: [],
    };
    const set: BaselineSet = {
      lookbackMs: 48 * 3_600_000,
      plans: new Map([['v1:codex401', plan]]),
      evidence: new Map([[1, BASELINES[0]!]]),
      commits: new Map([[pairKey(SHA_GOOD, SHA_BAD), RANGE]]),
      requests: { runQueries: 1, reads: 4, compares: 1, total: 6 },
      notes: [],
    };
    const out = compareClusters([{ fingerprint: 'v1:codex401', failures: FAILURES }, { fingerprint: 'v1:other', failures: [failure(20, '2026-04-22T10:00:00Z')] }], set, { runs: RUNS });
    expect(out.get('v1:codex401')).toMatchObject({ baseline: { status: 'found', lookback_hours: 48, nearest_run_id: 1 }, suspect_change: { verdict: 'commits', total_commits: 2 } });
    expect(out.get('v1:other')!.baseline).toEqual({ status: 'unknown', lookback_hours: 48, runs: [], nearest_run_id: null, problems: ['baselines were not looked up'] });
    expect(baselineCostText(set)).toBe('6 for baselines: 1 runs query, 4 reads, 1 commit compare');
  });
});
