// Baselines for the comparison (src/compare): successful runs of the affected workflows, in a
// lookback longer than the window, and what the comparison reads of the nearest ones.
//
// Requests, in this order (so that a short budget drops the most expensive reads first):
//   1. one runs query per affected workflow, not per run:
//      GET /repos/{o}/{r}/actions/workflows/{file}/runs?status=success&created=<lookback..first failure>
//   2. one compare call per distinct last-good/first-bad pair (src/github/commits.ts)
//   3. reads of the chosen baselines, nearest first across all clusters:
//      - the `logReads` nearest per workflow (default 1): its jobs (1) and the log of each job
//        named like a failed job (1 each, at most `maxJobsPerWorkflow`, default 2);
//      - for an agentic workflow, the `artifactReads` nearest (default 3, enough for a z-score of
//        tokens): its agent artifacts (1 listing + 1 download per agent artifact, gh-aw has 1–2).
// Worst case per affected workflow: 1 + logReads·(1 + maxJobsPerWorkflow) + artifactReads·(1 + A),
// A = agent artifacts per run; with the defaults 4 for a plain workflow and 13 for an agentic one
// (A = 2), plus 1 compare call per cluster (fewer when clusters share a pair). Reads of a run are
// shared by every cluster that chose it. Nothing is sent once `client.remaining() <= reserve` or
// once `maxRequests` were sent; what was skipped is told in the result, never thrown. Sequential,
// so that where a budget cuts is deterministic.
import { agentEvidence } from '../agents/index.js';
import { planCluster, workflowFileOf, failuresByWorkflow, stepKey, logFacts, lookbackText, type WorkflowCandidates } from '../compare/index.js';
import type { BaselineEvidence, BaselineRun, BaselineSet, ClusterPlan, FailedJobLogs, LogFacts } from '../compare/types.js';
import { runDurationMs } from '../compare/metrics.js';
import { isoSeconds } from '../config/duration.js';
import { runPlace, type FailureRecord } from '../failure/record.js';
import { readAgentArtifacts } from './artifacts.js';
import { httpStatus, problemOf, type GitHubClient } from './client.js';
import type { CollectedRun } from './collect.js';
import { compareCommitPairs, DEFAULT_COMMIT_CAP } from './commits.js';
import { downloadJobLog } from './logs.js';
import { listJobs, type RepoRef } from './runs.js';
import type { Job, WorkflowRun } from './types.js';

export interface BaselineOptions {
  /** How far before a cluster's first failure successes are looked for (default 72 h, DEFAULT_LOOKBACK_MS). */
  lookbackMs: number;
  /** Baselines per workflow used for medians (durations come free with the listing). */
  maxPerWorkflow: number;
  /** Cap of a baseline job log (its tail is kept), as for failed jobs. */
  maxLogBytes: number;
  /** Requests kept back for the writes that follow. */
  reserve: number;
  /** Nearest baselines per workflow whose jobs and job logs are read (default 1). */
  logReads?: number;
  /** Nearest baselines per agentic workflow whose agent artifacts are read (default 3). */
  artifactReads?: number;
  /** Distinct failed job names per workflow whose baseline logs are read (default 2). */
  maxJobsPerWorkflow?: number;
  /** Largest agent artifact zip downloaded (default 16 MB). */
  maxArtifactBytes?: number;
  /** Commits listed per suspect range (default 10); 0 makes no compare call. */
  commitCap?: number;
  /** The window's runs by id: their numeric workflow_id is used when known (survives renames). */
  runs?: ReadonlyMap<number, Pick<WorkflowRun, 'workflow_id'>>;
  /** At most this many requests for the whole baseline step (default: no cap but `reserve`). */
  maxRequests?: number;
}

export const DEFAULT_LOG_READS = 1;
export const DEFAULT_ARTIFACT_READS = 3;
export const DEFAULT_MAX_JOBS_PER_WORKFLOW = 2;
const DEFAULT_MAX_ARTIFACT_BYTES = 16 * 1024 * 1024;
const MAX_ARTIFACT_FILE_BYTES = 4 * 1024 * 1024;
const PER_PAGE = 100;
const BUDGET = 'not read: the request budget is kept for the report';

/** What a cluster must carry for its baselines (a `Cluster` fits). */
export type BaselineCluster = { fingerprint: string; failures: readonly FailureRecord[] };

/**
 * The requests left to the baseline step: none once the budget is down to `reserve`, or once
 * `maxRequests` were sent. `reserve()` is the reserve to hand to readers that check it themselves.
 */
interface Guard {
  spent(): boolean;
  reserve(): number;
}

function guardOf(client: GitHubClient, opts: BaselineOptions): Guard {
  const stopAt = opts.maxRequests === undefined ? Number.POSITIVE_INFINITY : client.requests() + Math.max(0, opts.maxRequests);
  const reserve = () => Math.max(opts.reserve, stopAt === Number.POSITIVE_INFINITY ? 0 : client.remaining() - Math.max(0, stopAt - client.requests()));
  return { spent: () => client.remaining() <= reserve(), reserve };
}


function baselineRunOf(r: WorkflowRun): BaselineRun {
  return {
    runId: r.id,
    ...runPlace(r),
    url: r.html_url,
    durationMs: runDurationMs(r),
  };
}

interface WorkflowQuery {
  path: string;
  workflow: string;
  /** workflow_id for the API: the numeric id when known, else the file name. */
  id: number | string | null;
  from: number;
  to: number;
}

/** The successful runs of each affected workflow: one query per workflow. */
async function queryWorkflows(client: GitHubClient, ref: RepoRef, clusters: readonly BaselineCluster[], opts: BaselineOptions, guard: Guard): Promise<Map<string, WorkflowCandidates>> {
  const queries = new Map<string, WorkflowQuery>();
  for (const c of clusters) {
    for (const [path, list] of failuresByWorkflow(c.failures)) {
      const first = list[0]!;
      const t = Date.parse(first.createdAt);
      const q = queries.get(path);
      if (q) {
        q.from = Math.min(q.from, t - opts.lookbackMs);
        q.to = Math.max(q.to, t);
      } else {
        const id = list.map((f) => opts.runs?.get(f.runId)?.workflow_id).find((x): x is number => typeof x === 'number') ?? workflowFileOf(path);
        queries.set(path, { path, workflow: first.workflow, id, from: t - opts.lookbackMs, to: t });
      }
    }
  }
  const out = new Map<string, WorkflowCandidates>();
  for (const q of queries.values()) {
    if (q.id === null) {
      out.set(q.path, { runs: [], problem: `not looked up: ${q.path} is not a workflow file (a dynamic workflow)` });
      continue;
    }
    if (guard.spent()) {
      out.set(q.path, { runs: [], problem: 'not looked up: the request budget is kept for the report' });
      continue;
    }
    try {
      const res = await client.octokit.rest.actions.listWorkflowRuns({
        ...ref,
        workflow_id: q.id,
        status: 'success',
        created: `${isoSeconds(new Date(q.from))}..${isoSeconds(new Date(q.to))}`,
        exclude_pull_requests: true,
        per_page: PER_PAGE,
      });
      const listed = res.data.workflow_runs as WorkflowRun[];
      const runs = listed.filter((r) => r.conclusion === 'success').map(baselineRunOf);
      out.set(q.path, { runs, problem: null, complete: res.data.total_count <= listed.length });
    } catch (e) {
      const status = httpStatus(e);
      out.set(q.path, { runs: [], problem: `not looked up: ${status === 404 ? 'GitHub does not know this workflow (HTTP 404)' : problemOf(e)}` });
    }
  }
  return out;
}

interface ReadTask {
  run: BaselineRun;
  /** job name → step keys wanted */
  logs: Map<string, Set<string>>;
  artifacts: boolean;
  rank: number;
  order: number;
}

function readTasks(plans: readonly ClusterPlan[], clusters: readonly BaselineCluster[], runs: ReadonlyMap<number, BaselineRun>, opts: BaselineOptions): ReadTask[] {
  const logReads = opts.logReads ?? DEFAULT_LOG_READS;
  const artifactReads = opts.artifactReads ?? DEFAULT_ARTIFACT_READS;
  const maxJobs = opts.maxJobsPerWorkflow ?? DEFAULT_MAX_JOBS_PER_WORKFLOW;
  const tasks = new Map<number, ReadTask>();
  let order = 0;
  plans.forEach((plan, ci) => {
    const byWorkflow = failuresByWorkflow(clusters[ci]!.failures);
    for (const w of plan.workflows) {
      const fails = byWorkflow.get(w.workflowPath) ?? [];
      const jobs = new Map<string, Set<string>>();
      for (const f of fails) {
        if (f.jobName === null) continue;
        if (!jobs.has(f.jobName)) {
          if (jobs.size >= maxJobs) continue;
          jobs.set(f.jobName, new Set());
        }
        jobs.get(f.jobName)!.add(stepKey(f));
      }
      const agentic = fails.some((f) => f.agent !== null) || /\.lock\.ya?ml$/i.test(w.workflowPath);
      w.baselines.forEach((b, rank) => {
        const run = runs.get(b.runId);
        if (!run) return;
        const wantLogs = rank < logReads && jobs.size > 0;
        const wantArtifacts = agentic && rank < artifactReads;
        if (!wantLogs && !wantArtifacts) return;
        let t = tasks.get(b.runId);
        if (!t) tasks.set(b.runId, (t = { run, logs: new Map(), artifacts: false, rank, order: order++ }));
        t.rank = Math.min(t.rank, rank);
        t.artifacts ||= wantArtifacts;
        if (wantLogs) {
          for (const [job, steps] of jobs) {
            const set = t.logs.get(job) ?? new Set<string>();
            for (const s of steps) set.add(s);
            t.logs.set(job, set);
          }
        }
      });
    }
  });
  return [...tasks.values()].sort((a, b) => a.rank - b.rank || a.order - b.order);
}

/** The baseline job standing for a failed job: the same name, else the same name without its matrix suffix. */
function jobNamed(jobs: readonly Job[], name: string): Job | undefined {
  const bare = (n: string) => n.replace(/\s*\(.*\)\s*$/, '');
  return jobs.find((j) => j.name === name) ?? jobs.find((j) => bare(j.name) === bare(name));
}

async function readBaseline(client: GitHubClient, ref: RepoRef, task: ReadTask, opts: BaselineOptions, guard: Guard): Promise<BaselineEvidence> {
  const ev: BaselineEvidence = { run: task.run, logs: {}, agent: null, problems: [] };
  const runId = task.run.runId;
  let agentLog: string | null = null;
  if (task.logs.size) {
    let jobs: Job[] | null = null;
    if (guard.spent()) ev.problems.push(`jobs: ${BUDGET}`);
    else {
      try {
        jobs = await listJobs(client, ref, runId);
      } catch (e) {
        ev.problems.push(`jobs: ${problemOf(e)}`);
      }
    }
    for (const [name, steps] of jobs ? task.logs : []) {
      const job = jobNamed(jobs!, name);
      if (!job) {
        ev.problems.push(`log of ${name}: the run has no job of that name`);
        continue;
      }
      if (guard.spent()) {
        ev.problems.push(`log of ${name}: ${BUDGET}`);
        continue;
      }
      try {
        const log = await downloadJobLog(client, ref, job.id, opts.maxLogBytes);
        const facts: LogFacts = logFacts(log.text, {
          steps: (job.steps ?? []).map((s) => ({ name: s.name, number: s.number, conclusion: s.conclusion ?? null, started_at: s.started_at ?? null, completed_at: s.completed_at ?? null })),
          wanted: [...steps],
        });
        ev.logs[name] = facts;
        if (/^agent\b/i.test(job.name)) agentLog = log.text;
      } catch (e) {
        const status = httpStatus(e);
        ev.problems.push(`log of ${name}: ${status === 410 || status === 404 ? 'expired' : problemOf(e)}`);
      }
    }
  }
  if (task.artifacts) {
    if (guard.spent()) ev.problems.push(`agent artifacts: ${BUDGET}`);
    else {
      const maxBytes = opts.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
      const read = await readAgentArtifacts(client, ref, runId, { maxBytes, maxFileBytes: Math.min(maxBytes, MAX_ARTIFACT_FILE_BYTES), reserve: guard.reserve() });
      ev.agent = agentEvidence(read.files, agentLog, read.absent);
    }
  }
  return ev;
}

/**
 * Successful runs to compare each cluster with, what the comparison reads of them, and the
 * commits between each cluster's last good and first bad run. Never throws on the API: problems
 * and skips are told in the result (plans' `problem`, evidence `problems`, `notes`).
 */
export async function collectBaselines(client: GitHubClient, ref: RepoRef, clusters: readonly BaselineCluster[], opts: BaselineOptions): Promise<BaselineSet> {
  const start = client.requests();
  const guard = guardOf(client, opts);
  const candidates = await queryWorkflows(client, ref, clusters, opts, guard);
  const afterQueries = client.requests();

  const plans = clusters.map((c) => planCluster(c.fingerprint, c.failures, candidates, { lookbackMs: opts.lookbackMs, maxPerWorkflow: opts.maxPerWorkflow }));
  const runs = new Map<number, BaselineRun>();
  for (const c of candidates.values()) for (const r of c.runs) runs.set(r.runId, r);

  const cap = opts.commitCap ?? DEFAULT_COMMIT_CAP;
  const pairs = plans
    .map((p) => p.suspect)
    .filter((s): s is NonNullable<typeof s> => !!s?.lastGood && s.lastGood.sha.toLowerCase() !== s.firstBad.sha.toLowerCase())
    .map((s) => ({ base: s.lastGood!.sha, head: s.firstBad.sha }));
  const commits = cap > 0 ? await compareCommitPairs(client, ref, pairs, { cap, reserve: guard.reserve }) : new Map();
  const afterCompares = client.requests();

  const evidence = new Map<number, BaselineEvidence>();
  for (const task of readTasks(plans, clusters, runs, opts)) evidence.set(task.run.runId, await readBaseline(client, ref, task, opts, guard));
  for (const p of plans) {
    for (const w of p.workflows) {
      for (const b of w.baselines) {
        const run = runs.get(b.runId);
        if (run && !evidence.has(b.runId)) evidence.set(b.runId, { run, logs: {}, agent: null, problems: [] });
      }
    }
  }
  const end = client.requests();

  const notes: string[] = [];
  const skippedQueries = [...candidates.values()].filter((c) => c.problem?.includes('budget')).length;
  const skippedReads = [...evidence.values()].filter((e) => e.problems.some((p) => p.includes('budget'))).length;
  const skippedCompares = [...commits.values()].filter((c) => c.problem?.includes('budget')).length;
  if (skippedQueries || skippedReads || skippedCompares) {
    const parts = [
      skippedQueries ? `${skippedQueries} workflow(s) not looked up` : '',
      skippedCompares ? `${skippedCompares} commit range(s) not listed` : '',
      skippedReads ? `${skippedReads} baseline run(s) not fully read` : '',
    ].filter(Boolean);
    const why = opts.maxRequests !== undefined && client.requests() - start >= opts.maxRequests ? `at the cap of ${opts.maxRequests} requests for baselines` : 'to keep the request budget for the report';
    notes.push(`Baselines (${lookbackText(opts.lookbackMs)} lookback): ${parts.join(', ')}, ${why}.`);
  }
  return {
    lookbackMs: opts.lookbackMs,
    plans: new Map(plans.map((p) => [p.fingerprint, p])),
    evidence,
    commits,
    requests: { runQueries: afterQueries - start, compares: afterCompares - afterQueries, reads: end - afterCompares, total: end - start },
    notes,
  };
}

/** The failed jobs' log texts collect kept, by job id, with their step timings (for compareClusters). */
export function failedJobLogs(investigated: readonly CollectedRun[]): FailedJobLogs {
  const map = new Map<number, { text: string; steps: Array<{ name: string; number: number; conclusion: string | null; started_at: string | null; completed_at: string | null }> }>();
  for (const r of investigated) {
    for (const cj of r.failedJobs) {
      if (!cj.log) continue;
      map.set(cj.job.id, {
        text: cj.log.text,
        steps: (cj.job.steps ?? []).map((s) => ({ name: s.name, number: s.number, conclusion: s.conclusion ?? null, started_at: s.started_at ?? null, completed_at: s.completed_at ?? null })),
      });
    }
  }
  return map;
}

export type { BaselineSet };
