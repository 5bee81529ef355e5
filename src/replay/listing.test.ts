import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRange, parseCreated } from './listing.js';
import { makeRun, REPO, startScenario, type Harness } from './test-support.js';

const ms = (iso: string): number => Date.parse(iso);
const matches = (q: string, iso: string): boolean => {
  const range = parseCreated(q);
  if (!range) throw new Error(`unparsed ${q}`);
  return inRange(ms(iso), range);
};

describe('parseCreated', () => {
  it('reads each operator on a date-time', () => {
    const t = '2026-04-22T10:00:00Z';
    expect(matches(`>${t}`, t)).toBe(false);
    expect(matches(`>${t}`, '2026-04-22T10:00:01Z')).toBe(true);
    expect(matches(`>=${t}`, t)).toBe(true);
    expect(matches(`>=${t}`, '2026-04-22T09:59:59Z')).toBe(false);
    expect(matches(`<${t}`, t)).toBe(false);
    expect(matches(`<${t}`, '2026-04-22T09:59:59Z')).toBe(true);
    expect(matches(`<=${t}`, t)).toBe(true);
    expect(matches(`<=${t}`, '2026-04-22T10:00:01Z')).toBe(false);
  });

  it('reads a range with inclusive ends and * open ends', () => {
    const q = '2026-04-22T10:00:00Z..2026-04-22T12:00:00Z';
    expect(matches(q, '2026-04-22T10:00:00Z')).toBe(true);
    expect(matches(q, '2026-04-22T12:00:00Z')).toBe(true);
    expect(matches(q, '2026-04-22T12:00:01Z')).toBe(false);
    expect(matches('*..2026-04-22T12:00:00Z', '2001-01-01T00:00:00Z')).toBe(true);
    expect(matches('2026-04-22T10:00:00Z..*', '2099-01-01T00:00:00Z')).toBe(true);
    expect(matches('2026-04-22T10:00:00Z..*', '2026-04-22T09:00:00Z')).toBe(false);
  });

  it('gives dates whole-day meaning, like GitHub search', () => {
    expect(matches('>=2026-04-22', '2026-04-22T00:00:00Z')).toBe(true);
    expect(matches('>=2026-04-22', '2026-04-21T23:59:59Z')).toBe(false);
    expect(matches('<=2026-04-22', '2026-04-22T23:59:59Z')).toBe(true);
    expect(matches('<=2026-04-22', '2026-04-23T00:00:00Z')).toBe(false);
    expect(matches('>2026-04-22', '2026-04-22T23:59:59Z')).toBe(false);
    expect(matches('>2026-04-22', '2026-04-23T00:00:00Z')).toBe(true);
    expect(matches('<2026-04-22', '2026-04-22T00:00:00Z')).toBe(false);
    expect(matches('<2026-04-22', '2026-04-21T23:59:59Z')).toBe(true);
    expect(matches('2026-04-21..2026-04-22', '2026-04-22T18:00:00Z')).toBe(true);
    expect(matches('2026-04-21..2026-04-22', '2026-04-23T00:00:00Z')).toBe(false);
    expect(matches('2026-04-22', '2026-04-22T12:00:00Z')).toBe(true);
  });

  it('reads offsets, including a + that arrived as a space', () => {
    expect(matches('>=2026-04-22T12:00:00+02:00', '2026-04-22T10:00:00Z')).toBe(true);
    expect(matches('>=2026-04-22T12:00:00+02:00', '2026-04-22T09:59:59Z')).toBe(false);
    expect(matches('>=2026-04-22T12:00:00 02:00', '2026-04-22T09:59:59Z')).toBe(false);
    expect(matches('<2026-04-22T08:00:00-02:00', '2026-04-22T09:59:59Z')).toBe(true);
  });

  it('refuses what it cannot read', () => {
    expect(parseCreated('yesterday')).toBeUndefined();
    expect(parseCreated('>=2026-13-45')).toBeUndefined();
  });
});

describe('GET /actions/runs', () => {
  let h: Harness;
  // 12 runs, one every hour from 2026-04-22T00:30Z; even ones succeed; run 12 is on a branch
  const at = (i: number): string => `2026-04-22T${String(i - 1).padStart(2, '0')}:30:00Z`;
  beforeAll(async () => {
    h = await startScenario({
      runs: Array.from({ length: 12 }, (_, k) => {
        const i = k + 1;
        return {
          run: makeRun(i, at(i), {
            conclusion: i % 2 ? 'failure' : 'success',
            head_branch: i === 12 ? 'feature/x' : 'main',
            event: i === 11 ? 'schedule' : 'push',
            path: i <= 6 ? '.github/workflows/ci.yml' : '.github/workflows/nightly.yml',
            name: i <= 6 ? 'CI' : 'Nightly',
          }),
        };
      }),
    });
  });
  afterAll(() => h.close());

  const ids = async (params: Record<string, string | number>): Promise<number[]> => {
    const { data } = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO, per_page: 100, ...params });
    return data.workflow_runs.map((r) => r.id);
  };

  it('lists newest created_at first', async () => {
    expect(await ids({})).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('filters created with each operator', async () => {
    expect(await ids({ created: `>${at(10)}` })).toEqual([12, 11]);
    expect(await ids({ created: `>=${at(10)}` })).toEqual([12, 11, 10]);
    expect(await ids({ created: `<${at(3)}` })).toEqual([2, 1]);
    expect(await ids({ created: `<=${at(3)}` })).toEqual([3, 2, 1]);
    expect(await ids({ created: `${at(4)}..${at(6)}` })).toEqual([6, 5, 4]);
    expect(await ids({ created: `${at(11)}..*` })).toEqual([12, 11]);
    expect(await ids({ created: '<2026-04-22' })).toEqual([]);
    expect(await ids({ created: '2026-04-22' })).toHaveLength(12);
  });

  it('filters status by status and by conclusion', async () => {
    expect(await ids({ status: 'failure' })).toEqual([11, 9, 7, 5, 3, 1]);
    expect(await ids({ status: 'success' })).toEqual([12, 10, 8, 6, 4, 2]);
    expect(await ids({ status: 'completed' })).toHaveLength(12);
    expect(await ids({ status: 'in_progress' })).toEqual([]);
  });

  it('filters branch, event and head_sha', async () => {
    expect(await ids({ branch: 'feature/x' })).toEqual([12]);
    expect(await ids({ event: 'schedule' })).toEqual([11]);
    expect(await ids({ head_sha: 'b'.repeat(40) })).toEqual([]);
  });

  it('answers 422 to a created value it cannot read', async () => {
    await expect(ids({ created: 'last tuesday' })).rejects.toMatchObject({ status: 422 });
  });

  it('pages with a Link header (next/last, then prev/first) and paginate walks all pages', async () => {
    const first = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO, per_page: 5 });
    expect(first.data.total_count).toBe(12);
    expect(first.data.workflow_runs.map((r) => r.id)).toEqual([12, 11, 10, 9, 8]);
    const link = first.headers.link ?? '';
    expect(link).toContain(`<${h.server.url}/repos/acme/widgets/actions/runs?per_page=5&page=2>; rel="next"`);
    expect(link).toContain('page=3>; rel="last"');
    const second = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO, per_page: 5, page: 2 });
    expect(second.headers.link).toContain('page=1>; rel="prev"');
    expect(second.headers.link).toContain('page=1>; rel="first"');
    const all = await h.octokit.paginate(h.octokit.rest.actions.listWorkflowRunsForRepo, { ...REPO, per_page: 5 });
    expect(all.map((r) => r.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('lists a workflow\'s runs by file name and by id', async () => {
    const byFile = await h.octokit.rest.actions.listWorkflowRuns({ ...REPO, workflow_id: 'nightly.yml', status: 'failure' });
    expect(byFile.data.workflow_runs.map((r) => r.id)).toEqual([11, 9, 7]);
    const workflowId = byFile.data.workflow_runs[0]!.workflow_id;
    const byId = await h.octokit.rest.actions.listWorkflowRuns({ ...REPO, workflow_id: workflowId });
    expect(byId.data.total_count).toBe(6);
    await expect(h.octokit.rest.actions.listWorkflowRuns({ ...REPO, workflow_id: 'nope.yml' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('GitHub limits on listing', () => {
  let h: Harness;
  beforeAll(async () => {
    const base = Date.parse('2026-04-01T00:00:00Z');
    h = await startScenario({
      runs: Array.from({ length: 1005 }, (_, k) => ({
        run: makeRun(k + 1, new Date(base + k * 60_000).toISOString()),
      })),
    });
  });
  afterAll(() => h.close());

  it('clamps per_page to 100', async () => {
    const { data } = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO, per_page: 500 });
    expect(data.workflow_runs).toHaveLength(100);
  });

  it('tells the true total_count but serves only 1,000 results of a filtered query', async () => {
    const q = { ...REPO, status: 'failure' as const, per_page: 100 };
    const page10 = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...q, page: 10 });
    expect(page10.data.total_count).toBe(1005);
    expect(page10.data.workflow_runs).toHaveLength(100);
    expect(page10.headers.link ?? '').not.toContain('rel="next"');
    const page11 = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...q, page: 11 });
    expect(page11.data.total_count).toBe(1005);
    expect(page11.data.workflow_runs).toHaveLength(0);
    const unfiltered = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO, per_page: 100, page: 11 });
    expect(unfiltered.data.workflow_runs.map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
  });
});
