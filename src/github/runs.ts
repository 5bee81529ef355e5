// Workflow runs of a window, their jobs, and runs looked up again by id.
import { isoSeconds } from '../config/duration.js';
import type { GitHubClient } from './client.js';
import type { Job, WorkflowRun } from './types.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

/** GitHub serves at most this many results for one filtered runs query, whatever total_count says. */
export const LISTING_CAP = 1000;
const PER_PAGE = 100;

/**
 * Every run created in [since, until), oldest first. A range whose total_count reaches the
 * listing cap is split in two halves by time and each half listed on its own, so no run hides
 * behind the 1,000-result cap.
 */
export async function listRunsInWindow(client: GitHubClient, ref: RepoRef, since: Date, until: Date): Promise<WorkflowRun[]> {
  const byId = new Map<number, WorkflowRun>();
  await listRange(client, ref, since, until, byId);
  return [...byId.values()]
    .filter((r) => {
      const t = Date.parse(r.created_at);
      return t >= since.getTime() && t < until.getTime();
    })
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
}

async function listRange(client: GitHubClient, ref: RepoRef, since: Date, until: Date, into: Map<number, WorkflowRun>): Promise<void> {
  // `created` ranges are inclusive at both ends and second-precise; the half-open end is applied
  // by the caller, so asking up to `until` itself loses nothing.
  const created = `${isoSeconds(since)}..${isoSeconds(until)}`;
  const first = await client.octokit.rest.actions.listWorkflowRunsForRepo({ ...ref, created, per_page: PER_PAGE, page: 1 });
  const total = first.data.total_count;
  const spanMs = until.getTime() - since.getTime();
  if (total >= LISTING_CAP && spanMs > 2000) {
    const mid = new Date(since.getTime() + Math.floor(spanMs / 2000) * 1000);
    await listRange(client, ref, since, mid, into);
    await listRange(client, ref, new Date(mid.getTime() + 1000), until, into);
    return;
  }
  for (const run of first.data.workflow_runs) into.set(run.id, run as WorkflowRun);
  const pages = Math.ceil(Math.min(total, LISTING_CAP) / PER_PAGE);
  for (let page = 2; page <= pages; page++) {
    const res = await client.octokit.rest.actions.listWorkflowRunsForRepo({ ...ref, created, per_page: PER_PAGE, page });
    if (res.data.workflow_runs.length === 0) break;
    for (const run of res.data.workflow_runs) into.set(run.id, run as WorkflowRun);
  }
}

export async function getRun(client: GitHubClient, ref: RepoRef, runId: number): Promise<WorkflowRun> {
  const res = await client.octokit.rest.actions.getWorkflowRun({ ...ref, run_id: runId });
  return res.data as WorkflowRun;
}

/** Jobs of the run's latest attempt, with their steps: one page covers all but giant matrices. */
export async function listJobs(client: GitHubClient, ref: RepoRef, runId: number): Promise<Job[]> {
  const jobs = await client.octokit.paginate(client.octokit.rest.actions.listJobsForWorkflowRun, {
    ...ref,
    run_id: runId,
    filter: 'latest',
    per_page: PER_PAGE,
  });
  return jobs as Job[];
}
