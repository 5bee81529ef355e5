// Read a window of a live repository the way the investigation does, for `record`.
import { bucketOf, FAILED_JOB_CONCLUSIONS, selectRuns, type RunFilter } from '../collect/select.js';
import type { Recording } from '../replay/record.js';
import { isoSeconds } from '../config/duration.js';
import type { GitHubClient } from './client.js';
import { downloadJobLog } from './logs.js';
import { getRepository } from './repo.js';
import { listJobs, listRunsInWindow, type RepoRef } from './runs.js';

export interface RecordRequest {
  ref: RepoRef;
  since: Date;
  until: Date;
  filter: RunFilter;
  maxLogBytes: number;
}

/** Runs of the window with the jobs and failed-job logs of the failed and cancelled ones, labels, open issues. */
export async function readRecording(client: GitHubClient, req: RecordRequest): Promise<Recording> {
  const repo = await getRepository(client, req.ref);
  const runs = selectRuns(await listRunsInWindow(client, req.ref, req.since, req.until), req.filter);
  const recorded: Recording['runs'] = [];
  for (const run of runs) {
    const bucket = bucketOf(run);
    const jobs = bucket === 'failed' || bucket === 'cancelled' ? await listJobs(client, req.ref, run.id) : [];
    const logs = new Map<number, string>();
    for (const job of jobs) {
      if (!job.conclusion || !(FAILED_JOB_CONCLUSIONS.has(job.conclusion) || job.conclusion === 'cancelled')) continue;
      try {
        logs.set(job.id, (await downloadJobLog(client, req.ref, job.id, req.maxLogBytes)).text);
      } catch {
        // An expired log stays missing in the scenario, where it answers 410 like on GitHub.
      }
    }
    recorded.push({ run: run as unknown as Recording['runs'][number]['run'], jobs: jobs as unknown as Array<Record<string, unknown>>, logs });
  }
  const labels = await client.octokit.paginate(client.octokit.rest.issues.listLabelsForRepo, { ...req.ref, per_page: 100 });
  const issues = (await client.octokit.paginate(client.octokit.rest.issues.listForRepo, { ...req.ref, state: 'open', per_page: 100 })).filter((i) => !i.pull_request);
  return {
    repo: `${req.ref.owner}/${req.ref.repo}`,
    now: isoSeconds(req.until),
    defaultBranch: repo.defaultBranch,
    selfWorkflow: req.filter.selfWorkflow,
    runs: recorded,
    labels: labels as unknown as Array<Record<string, unknown>>,
    issues: issues as unknown as Recording['issues'],
  };
}
