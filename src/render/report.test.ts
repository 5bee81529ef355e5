import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import { clusterFailures } from '../cluster/index.js';
import { renderSection, type Coverage, type SectionInput } from './report.js';

const coverage: Coverage = {
  runsInWindow: 41,
  workflowsInWindow: 12,
  failedRuns: 3,
  cancelledRuns: 3,
  inProgressRuns: 1,
  carriedOverRuns: 0,
  investigatedRuns: 2,
  skipped: [{ runId: 77, reason: 'logs-expired', detail: 'job 9: expired', url: 'https://github.com/o/r/actions/runs/77', workflow: 'Nightly' }],
};

const codex = (runId: number, workflow: string, createdAt: string) =>
  record({
    runId,
    jobId: runId * 10,
    workflow,
    createdAt,
    fingerprint: 'v1:401',
    engine: 'codex',
    failedStep: 'Execute Codex CLI',
    signature: 'ERROR: Reconnecting... <n>/<n> (unexpected status 401 Unauthorized)',
    failureLine: { number: 40, text: 'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized: Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz123456)' },
    context: [
      { number: 38, text: 'export OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz123456' },
      { number: 39, text: 'cc @octo-admin see #123' },
      { number: 40, text: 'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized)' },
    ],
    classification: { ruleId: 'codex-proxy-401-loop', title: 'Codex 401 Unauthorized reconnect loop', category: 'auth', key: 'rule:codex-proxy-401-loop', fixHint: 'Recompile the lock files.', retry: 'never' },
  });

function input(): SectionInput {
  const clusters = clusterFailures(
    [codex(1, 'AI Moderator', '2026-04-22T09:46:00Z'), codex(2, 'AI Moderator', '2026-04-22T12:31:00Z')],
    new Map([['AI Moderator', [1, 2]]]),
  );
  return {
    since: '2026-04-22T07:14:00Z',
    until: '2026-04-22T13:14:00Z',
    coverage,
    clusters: clusters.map((cluster) => ({ cluster, isNew: false, since: '2026-04-21T19:40:00Z', tracked: [27731], subIssue: null, subIssueNew: false })),
    apiRequests: 58,
    notes: [],
  };
}

describe('renderSection', () => {
  const md = renderSection(input());

  it('answers the first-screen questions in the heading and headline', () => {
    expect(md.split('\n')[0]).toBe('## CI failure report · 2026-04-22 07:14Z → 13:14Z');
    expect(md).toContain('**1 problem, 0 new, 1 P0.** 3 of 41 runs failed (12 workflows); 2 investigated, 1 skipped; 3 cancelled, 1 still running');
    expect(md).toContain('API: 58 requests. Deterministic, no model calls.');
  });

  it('has one table row per problem: priority, title, runs, workflows · engines, since, tracked', () => {
    expect(md).toContain('| 🔴 P0 | Codex 401 Unauthorized reconnect loop | 2 | AI Moderator · codex | 04-21 19:40Z | #27731 |');
  });

  it('explains the priority and the grouping, and gives the fix', () => {
    expect(md).toMatch(/\*\*Why P0:\*\* blocks a lane: every finished run of AI Moderator \(2 of 2\)/);
    expect(md).toContain('rule `codex-proxy-401-loop`');
    expect(md).toContain('**What to do:** Recompile the lock files. A retry will not help.');
  });

  it('shows evidence safely: secrets masked, mentions and references neutralised', () => {
    expect(md).not.toContain('sk-proj-abcdefghijklmnopqrstuvwxyz123456');
    expect(md).not.toMatch(/@octo-admin/);
    expect(md).not.toMatch(/#123\b/);
    expect(md).toContain('```text');
  });

  it('lists the skipped run with its reason', () => {
    expect(md).toContain('| [§77](https://github.com/o/r/actions/runs/77) | Nightly | log expired or missing: job 9: expired |');
  });

  it('renders the same bytes twice', () => expect(renderSection(input())).toBe(md));

  it('names a sub-issue filed by this run, and lists the problems over the cap', () => {
    const base = input();
    const md2 = renderSection({
      ...base,
      clusters: base.clusters.map((v) => ({ ...v, tracked: [], isNew: true, subIssue: 27845, subIssueNew: true })),
    });
    expect(md2).toContain('| 04-21 19:40Z | **new → #27845** |');
    const capped = renderSection({ ...base, overflow: [base.clusters[0]!.cluster.fingerprint], maxNewSubIssues: 0 });
    expect(capped).toMatch(/1 new problem did not get a sub-issue this run \(at most 0 per run, max-new-sub-issues\): Codex 401/);
  });

  it('says so when nothing failed', () => {
    const quiet = renderSection({ ...input(), clusters: [], coverage: { ...coverage, failedRuns: 0, investigatedRuns: 0, skipped: [] } });
    expect(quiet).toContain('**No failures.** 0 of 41 runs failed');
    expect(quiet).not.toContain('| problem |');
  });
});
