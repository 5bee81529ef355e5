// Which successful runs stand for a cluster, and which last-good → first-bad pair is suspect.
import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import type { FailureRecord } from '../failure/record.js';
import { chooseBaselines, lookbackText, pairKey, planCluster, suspectPairs, workflowFileOf, type WorkflowCandidates } from './select.js';
import type { BaselineRun } from './types.js';

const H = 3_600_000;
const base = (runId: number, createdAt: string, over: Partial<BaselineRun> = {}): BaselineRun => ({
  runId,
  workflow: 'CI',
  workflowPath: '.github/workflows/ci.yml',
  branch: 'main',
  event: 'push',
  headSha: 'b'.repeat(40),
  createdAt,
  url: `https://github.com/o/r/actions/runs/${runId}`,
  durationMs: 240_000,
  ...over,
});
const FIRST = { createdAt: '2026-04-22T12:00:00Z', branch: 'main', event: 'push' };

describe('chooseBaselines', () => {
  it.each<[string, BaselineRun[], number[]]>([
    [
      'nearest first, only before the first failure and within the lookback',
      [base(1, '2026-04-22T11:00:00Z'), base(2, '2026-04-22T13:00:00Z'), base(3, '2026-04-22T09:00:00Z'), base(4, '2026-04-18T09:00:00Z')],
      [1, 3],
    ],
    [
      'the same branch and event before the same branch with another event',
      [base(1, '2026-04-22T11:00:00Z', { event: 'workflow_dispatch' }), base(2, '2026-04-22T08:00:00Z')],
      [2, 1],
    ],
    [
      'other branches only when the branch has no success',
      [base(1, '2026-04-22T11:00:00Z', { branch: 'feature', event: 'pull_request' }), base(2, '2026-04-22T10:00:00Z', { branch: 'feature' })],
      [2, 1],
    ],
    ['other branches never mix with the branch', [base(1, '2026-04-22T11:00:00Z', { branch: 'feature' }), base(2, '2026-04-21T10:00:00Z')], [2]],
    ['at most max', [1, 2, 3, 4, 5, 6, 7].map((i) => base(i, `2026-04-22T0${i}:00:00Z`)), [7, 6, 5, 4, 3]],
  ])('%s', (_name, runs, ids) => {
    expect(chooseBaselines(runs, FIRST, { lookbackMs: 72 * H, max: 5 }).map((c) => c.runId)).toEqual(ids);
  });

  it('says how each relates to the failure', () => {
    const c = chooseBaselines([base(1, '2026-04-22T11:00:00Z', { branch: 'x', event: 'push' }), base(2, '2026-04-22T10:00:00Z', { branch: 'y', event: 'schedule' })], FIRST, { lookbackMs: 72 * H, max: 5 });
    expect(c).toEqual([
      { runId: 1, match: 'same-event' },
      { runId: 2, match: 'other' },
    ]);
  });
});

describe('planCluster and suspect pairs', () => {
  const fail = (runId: number, createdAt: string, over: Partial<FailureRecord> = {}) =>
    record({ runId, fingerprint: 'v1:x', createdAt, headSha: 'f'.repeat(40), ...over });

  it('per workflow: its own baselines, a reason when none, the pair of the earliest failing workflow', () => {
    const failures = [
      fail(10, '2026-04-22T12:00:00Z'),
      fail(11, '2026-04-22T13:00:00Z', { headSha: 'e'.repeat(40) }),
      fail(20, '2026-04-22T09:00:00Z', { workflow: 'Docs', workflowPath: '.github/workflows/docs.yml' }),
    ];
    const candidates = new Map<string, WorkflowCandidates>([
      ['.github/workflows/ci.yml', { runs: [base(1, '2026-04-22T11:00:00Z'), base(2, '2026-04-22T10:00:00Z', { headSha: 'a'.repeat(40) })], problem: null }],
      ['.github/workflows/docs.yml', { runs: [], problem: null }],
    ]);
    const plan = planCluster('v1:x', failures, candidates, { lookbackMs: 72 * H, maxPerWorkflow: 5 });
    expect(plan.workflows.map((w) => [w.workflow, w.baselines.map((b) => b.runId), w.status, w.problem])).toEqual([
      ['Docs', [], 'none', 'no successful run of Docs in the 72 h before 2026-04-22T09:00Z'],
      ['CI', [1, 2], 'found', null],
    ]);
    // Docs failed first but has no last good run: CI's pair is the one whose commits are fetched
    expect(plan.suspect).toMatchObject({ workflow: 'CI', lastGood: { runId: 1, sha: 'b'.repeat(40) }, firstBad: { runId: 10, sha: 'f'.repeat(40) } });
    expect(plan.pairs.map((p) => [p.workflow, p.lastGood?.runId ?? null, p.firstBad.runId])).toEqual([
      ['Docs', null, 20],
      ['CI', 1, 10],
    ]);
  });

  it('a listing cut at one page that holds no run before the failure: unknown, not "none"', () => {
    const plan = planCluster('v1:x', [fail(10, '2026-04-22T12:00:00Z')], new Map([['.github/workflows/ci.yml', { runs: [base(1, '2026-04-22T13:00:00Z')], problem: null, complete: false }]]), {
      lookbackMs: 72 * H,
      maxPerWorkflow: 5,
    });
    expect(plan.workflows[0]).toMatchObject({ status: 'unknown', problem: 'the successful runs listed (one page) are all after the first failure at 2026-04-22T12:00Z' });
  });

  it('a workflow not queried (budget, dynamic) says why', () => {
    const plan = planCluster('v1:x', [fail(10, '2026-04-22T12:00:00Z')], new Map([['.github/workflows/ci.yml', { runs: [], problem: 'not looked up: the request budget is kept for the report' }]]), {
      lookbackMs: 72 * H,
      maxPerWorkflow: 5,
    });
    expect(plan.workflows[0]!.problem).toBe('not looked up: the request budget is kept for the report');
    expect(planCluster('v1:x', [fail(10, '2026-04-22T12:00:00Z')], new Map(), { lookbackMs: H, maxPerWorkflow: 5 }).workflows[0]!.problem).toBe('not looked up');
  });

  it('one pair per workflow and branch, last good only from that branch', () => {
    const failures = [fail(10, '2026-04-22T12:00:00Z'), fail(11, '2026-04-22T12:30:00Z', { branch: 'feature' })];
    const runs = new Map([1, 2].map((i) => [i, base(i, `2026-04-22T1${i}:00:00Z`)]));
    const pairs = suspectPairs(failures, [{ workflowPath: '.github/workflows/ci.yml', workflow: 'CI', firstFailure: { runId: 10, createdAt: '', branch: 'main', event: 'push', headSha: '' }, baselines: [{ runId: 2, match: 'same-branch-event' }, { runId: 1, match: 'same-branch-event' }], status: 'found', problem: null }], runs);
    expect(pairs.map((p) => [p.branch, p.lastGood?.runId ?? null])).toEqual([
      ['main', 1], // run 2 started at 12:00, not before the failure
      ['feature', null],
    ]);
  });
});

describe('names', () => {
  it.each([
    ['.github/workflows/ci.yml', 'ci.yml'],
    ['.github/workflows/smoke-codex.lock.yml', 'smoke-codex.lock.yml'],
    ['.github/workflows/ci.yml@refs/heads/main', 'ci.yml'],
    ['dynamic/pages/pages-build-deployment', null],
  ])('workflowFileOf(%j) = %j', (path, file) => expect(workflowFileOf(path)).toBe(file));

  it('lookback and pair keys', () => {
    expect(lookbackText(72 * H)).toBe('72 h');
    expect(lookbackText(168 * H)).toBe('7 d');
    expect(pairKey('ABC', 'def')).toBe('abc...def');
  });
});
