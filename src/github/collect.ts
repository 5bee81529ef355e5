// Collect a window's failures: the runs, the jobs of the failed ones, each failed job's log and,
// for an agentic-workflow run, its small agent artifacts (one listing + the named downloads).
// Partial failures (an expired log, a rate limit that outlived the retries, a spent budget) are
// recorded per run and the rest of the window goes on.
import { bucketOf, FAILED_JOB_CONCLUSIONS, selectRuns, type RunFilter } from '../collect/select.js';
import { mapLimit } from '../util/concurrency.js';
import { readAgentArtifacts } from './artifacts.js';
import { errorText, httpStatus, isBudgetError, type GitHubClient } from './client.js';
import { downloadJobLog, type JobLogText } from './logs.js';
import { getRun, listJobs, listRunsInWindow, type RepoRef } from './runs.js';
import type { Job, WorkflowRun } from './types.js';

export type SkipReason = 'logs-expired' | 'no-jobs' | 'budget' | 'error';

export interface CollectedJob {
  job: Job;
  log: JobLogText | null;
  /** Why the log is missing: 'expired' (410/404), 'budget', or an error text. */
  logProblem: string | null;
}

/** The files of an agentic run's artifacts that src/agents reads, and what could not be read. */
export interface CollectedAgentArtifacts {
  /** `<artifact name>/<path in the zip>` → text. */
  files: Map<string, string>;
  absent: string[];
}

export interface CollectedRun {
  run: WorkflowRun;
  carriedOver: boolean;
  failedJobs: CollectedJob[];
  /** Agent artifacts, for a run that looks agentic (see isAgenticRun); null for any other run. */
  agent: CollectedAgentArtifacts | null;
}

export interface Skipped {
  runId: number;
  reason: SkipReason;
  detail: string;
}

export interface CollectedWindow {
  /** Runs created in the window, after the workflow filters, the investigator's own excluded. */
  runs: WorkflowRun[];
  /** Failed runs whose evidence was read. */
  investigated: CollectedRun[];
  skipped: Skipped[];
  cancelled: WorkflowRun[];
  inProgress: WorkflowRun[];
  carriedOver: WorkflowRun[];
  /** Runs to look at again next time (still running at this window's end). */
  pending: number[];
}

export interface CollectRequest {
  ref: RepoRef;
  since: Date;
  until: Date;
  filter: RunFilter;
  /** Runs the previous window left in progress. */
  pending: number[];
  maxLogBytes: number;
  /** Largest artifact zip downloaded (default DEFAULT_MAX_ARTIFACT_BYTES). */
  maxArtifactBytes?: number;
  /** Whether this window's in-progress runs are to be carried to the next window. */
  carryInProgress: boolean;
  /** Requests kept back from collection for the writes that follow it. */
  reserve: number;
  warn: (m: string) => void;
}

const LOG_CONCURRENCY = 4;
/** gh-aw's agent artifacts are a few hundred KB; a zip over this is not a small artifact. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 16 * 1024 * 1024;
/** Largest file kept from an artifact zip (an engine log keeps its tail). */
const MAX_ARTIFACT_FILE_BYTES = 4 * 1024 * 1024;

const EXECUTE_STEP = /^execute\b.*\bcli\b/i;

/**
 * Whether a run is an agentic workflow's (gh-aw and alike): a `.lock.yml` workflow, a job named
 * `agent`, or a step named like `Execute Codex CLI`. Only those get their artifacts listed.
 */
export function isAgenticRun(run: Pick<WorkflowRun, 'path'>, jobs: readonly Job[]): boolean {
  if (/\.lock\.ya?ml$/i.test(run.path)) return true;
  return jobs.some((j) => /^agent(?:$|[\s(])/i.test(j.name) || (j.steps ?? []).some((s) => EXECUTE_STEP.test(s.name)));
}

export async function collectWindow(client: GitHubClient, req: CollectRequest): Promise<CollectedWindow> {
  const all = await listRunsInWindow(client, req.ref, req.since, req.until);
  const runs = selectRuns(all, req.filter);
  const inWindow = new Set(runs.map((r) => r.id));

  const carriedOver: WorkflowRun[] = [];
  const pending: number[] = [];
  for (const id of req.pending) {
    if (inWindow.has(id)) continue;
    try {
      const run = await getRun(client, req.ref, id);
      const bucket = bucketOf(run);
      if (bucket === 'failed') carriedOver.push(run);
      else if (bucket === 'in-progress') pending.push(id);
    } catch (e) {
      if (isBudgetError(e)) pending.push(id);
      else if (httpStatus(e) !== 404) {
        req.warn(`run ${id} (carried over): ${errorText(e)}; it is looked at again next time`);
        pending.push(id);
      }
    }
  }

  const failed = [...runs.filter((r) => bucketOf(r) === 'failed'), ...carriedOver];
  const cancelled = runs.filter((r) => bucketOf(r) === 'cancelled');
  const inProgress = runs.filter((r) => bucketOf(r) === 'in-progress');
  if (req.carryInProgress) pending.push(...inProgress.map((r) => r.id));

  const carriedIds = new Set(carriedOver.map((r) => r.id));
  const outcomes = await mapLimit(failed, LOG_CONCURRENCY, (run) => collectRun(client, req, run, carriedIds.has(run.id)));
  const investigated: CollectedRun[] = [];
  const skipped: Skipped[] = [];
  for (const o of outcomes) {
    if ('reason' in o) skipped.push(o);
    else investigated.push(o);
  }
  return { runs, investigated, skipped, cancelled, inProgress, carriedOver, pending: [...new Set(pending)].sort((a, b) => a - b) };
}

async function collectRun(client: GitHubClient, req: CollectRequest, run: WorkflowRun, carriedOver: boolean): Promise<CollectedRun | Skipped> {
  if (client.remaining() <= req.reserve) return { runId: run.id, reason: 'budget', detail: 'the request budget was spent before this run' };
  let jobs: Job[];
  try {
    jobs = await listJobs(client, req.ref, run.id);
  } catch (e) {
    return { runId: run.id, reason: isBudgetError(e) ? 'budget' : 'error', detail: `jobs: ${errorText(e)}` };
  }
  const failedJobs = jobs.filter((j) => j.conclusion && FAILED_JOB_CONCLUSIONS.has(j.conclusion));
  if (failedJobs.length === 0) {
    // A startup failure has no jobs: the run itself is the evidence.
    if (run.conclusion === 'startup_failure') return { run, carriedOver, failedJobs: [], agent: null };
    return { runId: run.id, reason: 'no-jobs', detail: jobs.length ? 'no job of the run failed' : 'the run has no jobs' };
  }
  const collected: CollectedJob[] = [];
  for (const job of failedJobs) {
    if (client.remaining() <= req.reserve) {
      collected.push({ job, log: null, logProblem: 'budget' });
      continue;
    }
    try {
      const log = await downloadJobLog(client, req.ref, job.id, req.maxLogBytes);
      collected.push({ job, log, logProblem: null });
    } catch (e) {
      const status = httpStatus(e);
      const problem = isBudgetError(e) ? 'budget' : status === 410 || status === 404 ? 'expired' : errorText(e);
      collected.push({ job, log: null, logProblem: problem });
    }
  }
  if (collected.every((c) => c.log === null)) {
    const problems = collected.map((c) => c.logProblem);
    const reason: SkipReason = problems.includes('budget') ? 'budget' : problems.every((p) => p === 'expired') ? 'logs-expired' : 'error';
    return { runId: run.id, reason, detail: collected.map((c) => `job ${c.job.id}: ${c.logProblem}`).join('; ') };
  }
  const agent = isAgenticRun(run, jobs) ? await collectAgentArtifacts(client, req, run) : null;
  return { run, carriedOver, failedJobs: collected, agent };
}

/** One artifact listing and the named downloads; a spent budget or an HTTP error is an `absent` entry. */
async function collectAgentArtifacts(client: GitHubClient, req: CollectRequest, run: WorkflowRun): Promise<CollectedAgentArtifacts> {
  if (client.remaining() <= req.reserve) return { files: new Map(), absent: ['artifacts: not read, the request budget is spent'] };
  const maxBytes = req.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
  const read = await readAgentArtifacts(client, req.ref, run.id, { maxBytes, maxFileBytes: Math.min(maxBytes, MAX_ARTIFACT_FILE_BYTES), reserve: req.reserve });
  return { files: read.files, absent: read.absent };
}

