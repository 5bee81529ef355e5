import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, WorkflowRun } from '../github/types.js';
import { makeJob, makeRun, REPO, startScenario, type Harness, type ScenarioSpec } from './test-support.js';

// now = 2026-04-22T19:14:00Z
const spec: ScenarioSpec = {
  commits: [{ sha: 'a'.repeat(40), parents: [], message: 'Fix the flaky test\n\nlong text', author: { login: 'dev' }, date: '2026-04-22T08:00:00Z' }],
  runs: [
    // finished long before the clock
    {
      run: makeRun(100, '2026-04-22T10:00:00Z'),
      jobs: [makeJob(1001, 100, '2026-04-22T10:00:10Z', '2026-04-22T10:04:00Z')],
      logs: { 1001: 'log of 1001\n' },
    },
    // created before the clock, finishes after it
    {
      run: makeRun(200, '2026-04-22T19:00:00Z', { updated_at: '2026-04-22T19:30:00Z', conclusion: 'failure' }),
      jobs: [
        makeJob(2001, 200, '2026-04-22T19:00:10Z', '2026-04-22T19:10:00Z', { name: 'lint' }),
        makeJob(2002, 200, '2026-04-22T19:10:00Z', '2026-04-22T19:29:00Z', {
          name: 'test',
          steps: [
            { name: 'Set up job', number: 1, status: 'completed', conclusion: 'success', started_at: '2026-04-22T19:10:00Z', completed_at: '2026-04-22T19:11:00Z' },
            { name: 'Run tests', number: 2, status: 'completed', conclusion: 'failure', started_at: '2026-04-22T19:11:00Z', completed_at: '2026-04-22T19:28:00Z' },
            { name: 'Upload', number: 3, status: 'completed', conclusion: 'success', started_at: '2026-04-22T19:28:00Z', completed_at: '2026-04-22T19:29:00Z' },
          ],
        }),
        makeJob(2003, 200, '2026-04-22T19:20:00Z', '2026-04-22T19:29:30Z', { name: 'deploy' }),
      ],
      logs: { 2001: 'lint log\n', 2002: 'test log\n' },
    },
    // created after the clock: does not exist yet
    { run: makeRun(300, '2026-04-22T20:00:00Z') },
    // no jobs.json
    { run: makeRun(400, '2026-04-22T11:00:00Z', { conclusion: 'startup_failure' }) },
    // re-run: attempt 1 failed, attempt 2 (top level) started at 18:00 and succeeded
    {
      run: makeRun(500, '2026-04-22T12:00:00Z', {
        run_attempt: 2,
        run_started_at: '2026-04-22T18:00:00Z',
        updated_at: '2026-04-22T18:05:00Z',
        conclusion: 'success',
      }),
      jobs: [makeJob(5002, 500, '2026-04-22T18:00:10Z', '2026-04-22T18:04:00Z', { conclusion: 'success', run_attempt: 2 })],
      attempts: {
        1: {
          run: makeRun(500, '2026-04-22T12:00:00Z', { run_attempt: 1, conclusion: 'failure' }),
          jobs: [makeJob(5001, 500, '2026-04-22T12:00:10Z', '2026-04-22T12:04:00Z', { run_attempt: 1 })],
        },
      },
    },
  ],
};

describe('runs and jobs at the clock', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScenario(spec);
  });
  afterAll(() => h.close());

  it('does not show a run created after the clock', async () => {
    const { data } = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO });
    expect(data.workflow_runs.map((r) => r.id)).toEqual([200, 500, 400, 100]);
    expect(data.total_count).toBe(4);
    await expect(h.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 300 })).rejects.toMatchObject({ status: 404 });
  });

  it('shows a run that finishes after the clock as in progress', async () => {
    const { data } = await h.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 200 });
    expect(data.status).toBe('in_progress');
    expect(data.conclusion).toBeNull();
    expect(data.updated_at).toBe('2026-04-22T19:14:00Z');
    const inProgress = await h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO, status: 'in_progress' });
    expect(inProgress.data.workflow_runs.map((r) => r.id)).toEqual([200]);
  });

  it('shows jobs and steps as they were at the clock', async () => {
    const { data } = await h.octokit.rest.actions.listJobsForWorkflowRun({ ...REPO, run_id: 200 });
    const [lint, test, deploy] = data.jobs;
    expect(lint).toMatchObject({ status: 'completed', conclusion: 'failure', completed_at: '2026-04-22T19:10:00Z' });
    expect(test).toMatchObject({ status: 'in_progress', conclusion: null, completed_at: null });
    expect(test!.steps!.map((s) => [s.status, s.conclusion])).toEqual([
      ['completed', 'success'],
      ['in_progress', null],
      ['queued', null],
    ]);
    expect(deploy).toMatchObject({ status: 'queued', conclusion: null, completed_at: null });
  });

  it('has no log for a job that has not finished at the clock', async () => {
    await expect(h.octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...REPO, job_id: 2002 })).rejects.toMatchObject({ status: 404 });
    const done = await h.octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...REPO, job_id: 2001 });
    expect(done.data).toBe('lint log\n');
  });

  it('serves the same run finished at a later clock', async () => {
    const later = await startScenario(spec, { now: '2026-04-22T21:00:00Z' });
    try {
      expect(later.server.now).toBe('2026-04-22T21:00:00Z');
      const run = await later.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 200 });
      expect(run.data).toMatchObject({ status: 'completed', conclusion: 'failure', updated_at: '2026-04-22T19:30:00Z' });
      const log = await later.octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...REPO, job_id: 2002 });
      expect(log.data).toBe('test log\n');
      const runs = await later.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO });
      expect(runs.data.workflow_runs[0]!.id).toBe(300);
    } finally {
      await later.close();
    }
  });

  it('fills in the fields the product reads', async () => {
    const { data } = await h.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 100 });
    const run: WorkflowRun = data;
    expect(run.html_url).toBe('https://github.com/acme/widgets/actions/runs/100');
    expect(data.url).toBe(`${h.server.url}/repos/acme/widgets/actions/runs/100`);
    expect(run.run_started_at).toBe('2026-04-22T10:00:00Z');
    expect(run.workflow_id).toBeGreaterThan(0);
    expect(run.run_number).toBe(1);
    expect(run.display_title).toBe('Fix the flaky test');
    expect(data.repository.full_name).toBe('acme/widgets');
    const second = await h.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 400 });
    expect(second.data.workflow_id).toBe(run.workflow_id);
    expect(second.data.run_number).toBe(2);
    const job = await h.octokit.rest.actions.getJobForWorkflowRun({ ...REPO, job_id: 1001 });
    const j: Job = job.data;
    expect(j.html_url).toBe('https://github.com/acme/widgets/actions/runs/100/job/1001');
    expect(j.labels).toEqual([]);
    expect(j.run_attempt).toBe(1);
    expect(j.steps!.map((s) => s.number)).toEqual([1, 2]);
  });

  it('answers an empty job list for a run without jobs.json', async () => {
    const { data } = await h.octokit.rest.actions.listJobsForWorkflowRun({ ...REPO, run_id: 400 });
    expect(data).toEqual({ total_count: 0, jobs: [] });
  });

  it('serves attempts: the top level is the latest, earlier ones by number, filter=all has both', async () => {
    const latest = await h.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 500 });
    expect(latest.data).toMatchObject({ run_attempt: 2, conclusion: 'success' });
    const first = await h.octokit.rest.actions.getWorkflowRunAttempt({ ...REPO, run_id: 500, attempt_number: 1 });
    expect(first.data).toMatchObject({ run_attempt: 1, conclusion: 'failure' });
    const second = await h.octokit.rest.actions.getWorkflowRunAttempt({ ...REPO, run_id: 500, attempt_number: 2 });
    expect(second.data.conclusion).toBe('success');
    const jobs1 = await h.octokit.rest.actions.listJobsForWorkflowRunAttempt({ ...REPO, run_id: 500, attempt_number: 1 });
    expect(jobs1.data.jobs.map((j) => j.id)).toEqual([5001]);
    const latestJobs = await h.octokit.rest.actions.listJobsForWorkflowRun({ ...REPO, run_id: 500 });
    expect(latestJobs.data.jobs.map((j) => j.id)).toEqual([5002]);
    const all = await h.octokit.rest.actions.listJobsForWorkflowRun({ ...REPO, run_id: 500, filter: 'all' });
    expect(all.data.jobs.map((j) => j.id).sort()).toEqual([5001, 5002]);
    await expect(h.octokit.rest.actions.getWorkflowRunAttempt({ ...REPO, run_id: 500, attempt_number: 3 })).rejects.toMatchObject({ status: 404 });
  });

  it('shows the earlier attempt when the re-run starts after the clock', async () => {
    const early = await startScenario(spec, { now: '2026-04-22T13:00:00Z' });
    try {
      const run = await early.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 500 });
      expect(run.data).toMatchObject({ run_attempt: 1, conclusion: 'failure' });
      await expect(early.octokit.rest.actions.getWorkflowRunAttempt({ ...REPO, run_id: 500, attempt_number: 2 })).rejects.toMatchObject({ status: 404 });
      await expect(early.octokit.rest.actions.getJobForWorkflowRun({ ...REPO, job_id: 5002 })).rejects.toMatchObject({ status: 404 });
    } finally {
      await early.close();
    }
  });

  it('serves the repository and 404s another one', async () => {
    const { data } = await h.octokit.rest.repos.get({ ...REPO });
    expect(data).toMatchObject({ name: 'widgets', full_name: 'acme/widgets', default_branch: 'main', has_issues: true, private: false });
    expect(data.owner.login).toBe('acme');
    await expect(h.octokit.rest.repos.get({ owner: 'acme', repo: 'other' })).rejects.toMatchObject({ status: 404 });
    await expect(h.octokit.rest.actions.getWorkflowRun({ owner: 'evil', repo: 'widgets', run_id: 100 })).rejects.toMatchObject({ status: 404 });
  });
});
