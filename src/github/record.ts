// Read a window of a live repository the way the investigation does, for `record`.
import { bucketOf, FAILED_JOB_CONCLUSIONS, selectRuns, type RunFilter } from '../collect/select.js';
import type { Recording } from '../replay/record.js';
import { isoSeconds } from '../config/duration.js';
import { isAgentArtifactName } from '../agents/index.js';
import { readAgentArtifacts, type AgentArtifacts } from './artifacts.js';
import type { GitHubClient } from './client.js';
import { DEFAULT_MAX_ARTIFACT_BYTES, isAgenticRun } from './collect.js';
import { downloadJobLog } from './logs.js';
import { getRepository } from './repo.js';
import { listJobs, listRunsInWindow, type RepoRef } from './runs.js';

export interface RecordRequest {
  ref: RepoRef;
  since: Date;
  until: Date;
  filter: RunFilter;
  maxLogBytes: number;
  /** How far before the window the baselines are looked up (successful runs and commits). */
  lookbackMs: number;
}

/** Stands in for the files of an artifact recorded without them (expired, a docker build record). */
const PLACEHOLDER = 'RECORDED.txt';

/**
 * The artifacts a replay must list to read a run as the investigation read it: the agent
 * artifacts with the files src/agents keeps, the expired ones and the `.dockerbuild` records.
 */
function recordedArtifacts(read: AgentArtifacts): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const a of read.listed) {
    if (!isAgentArtifactName(a.name) && !a.name.toLowerCase().endsWith('.dockerbuild')) continue;
    const inside = new Map<string, string>();
    for (const [key, text] of read.files) if (key.startsWith(`${a.name}/`)) inside.set(key.slice(a.name.length + 1), text);
    if (!inside.size) inside.set(PLACEHOLDER, 'Recorded without its files: expired, a docker build record, or none of the files the investigation reads.\n');
    out.set(a.expired ? `${a.name}.expired` : a.name, inside);
  }
  return out;
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
    // an agentic failed run whose evidence is read: its artifacts, as the investigation reads them
    let artifacts: Map<string, Map<string, string>> | undefined;
    if (bucket === 'failed' && logs.size && isAgenticRun(run, jobs)) {
      artifacts = recordedArtifacts(await readAgentArtifacts(client, req.ref, run.id, { maxBytes: DEFAULT_MAX_ARTIFACT_BYTES, maxFileBytes: 4 * 1024 * 1024 }));
    }
    recorded.push({ run: run as unknown as Recording['runs'][number]['run'], jobs: jobs as unknown as Array<Record<string, unknown>>, logs, ...(artifacts ? { artifacts } : {}) });
  }
  // What the comparison with successful runs reads: the successful runs of the failed workflows in
  // the lookback, their jobs, job logs and agent artifacts, and the commits of that span.
  const lookbackSince = new Date(req.since.getTime() - req.lookbackMs);
  const failedPaths = [...new Set(recorded.filter((r) => bucketOf(r.run as never) === 'failed').map((r) => String(r.run.path)))];
  const byId = new Map(recorded.map((r) => [r.run.id, r]));
  const readSuccess = async (run: { id: number; path: string }) => {
    const jobs = await listJobs(client, req.ref, run.id);
    const logs = new Map<number, string>();
    for (const job of jobs) {
      try {
        logs.set(job.id, (await downloadJobLog(client, req.ref, job.id, req.maxLogBytes)).text);
      } catch {
        // No log (expired): the replay answers 410 too.
      }
    }
    const artifacts = isAgenticRun(run as never, jobs) ? recordedArtifacts(await readAgentArtifacts(client, req.ref, run.id, { maxBytes: DEFAULT_MAX_ARTIFACT_BYTES, maxFileBytes: 4 * 1024 * 1024 })) : undefined;
    return { run: run as unknown as Recording['runs'][number]['run'], jobs: jobs as unknown as Array<Record<string, unknown>>, logs, ...(artifacts ? { artifacts } : {}) };
  };
  for (const path of failedPaths) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    const res = await client.octokit.rest.actions.listWorkflowRuns({ ...req.ref, workflow_id: file, status: 'success', created: `${isoSeconds(lookbackSince)}..${isoSeconds(req.until)}`, per_page: 100 });
    for (const run of res.data.workflow_runs) {
      const known = byId.get(run.id);
      // A success of the window itself (before the first failure) can be a baseline too.
      if (known && known.jobs.length) continue;
      const full = await readSuccess(run as unknown as { id: number; path: string });
      if (known) Object.assign(known, full);
      else {
        recorded.push(full);
        byId.set(run.id, full);
      }
    }
  }
  // Commits of the span on every branch a failed run ran on (the suspect ranges live there).
  const branches = [...new Set([repo.defaultBranch, ...recorded.filter((r) => bucketOf(r.run as never) === 'failed').map((r) => String(r.run.head_branch ?? ''))].filter(Boolean))];
  const bySha = new Map<string, NonNullable<Recording['commits']>[number]>();
  for (const sha of branches) {
    const list = await client.octokit.paginate(client.octokit.rest.repos.listCommits, { ...req.ref, sha, since: lookbackSince.toISOString(), until: req.until.toISOString(), per_page: 100 }).catch(() => []);
    for (const c of list) {
      bySha.set(c.sha, {
        sha: c.sha,
        parents: c.parents.map((p) => p.sha),
        message: c.commit.message,
        author: { login: c.author?.login ?? c.commit.author?.name ?? 'unknown' },
        date: c.commit.author?.date ?? c.commit.committer?.date ?? req.until.toISOString(),
      });
    }
  }
  const commits = [...bySha.values()].sort((a, b) => a.date.localeCompare(b.date) || a.sha.localeCompare(b.sha));
  const labels = await client.octokit.paginate(client.octokit.rest.issues.listLabelsForRepo, { ...req.ref, per_page: 100 });
  const issues = (await client.octokit.paginate(client.octokit.rest.issues.listForRepo, { ...req.ref, state: 'open', per_page: 100 })).filter((i) => !i.pull_request);
  return {
    repo: `${req.ref.owner}/${req.ref.repo}`,
    now: isoSeconds(req.until),
    defaultBranch: repo.defaultBranch,
    selfWorkflow: req.filter.selfWorkflow,
    runs: recorded,
    commits,
    labels: labels as unknown as Array<Record<string, unknown>>,
    issues: issues as unknown as Recording['issues'],
  };
}
