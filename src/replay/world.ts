// The scenario's runs and jobs as they are at the clock, rendered as GitHub objects with the
// fields a scenario leaves out filled in (ids, URLs, run numbers, workflow ids).
import type { Job, JobStep, WorkflowRun } from '../github/types.js';
import type { Clock } from './clock.js';
import { minimalRepository, nodeId, stableNumber, type Site } from './objects.js';
import type { RawJob, RawRun, RunAttempt, Scenario, ScenarioCommit, ScenarioRun } from './scenario.js';

export type ServedRun = WorkflowRun & { id: number; url: string; [k: string]: unknown };
export type ServedJob = Job & { steps: JobStep[]; [k: string]: unknown };

export interface Workflow {
  id: number;
  name: string;
  path: string;
}

function byNewest(a: RawRun, b: RawRun): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id;
}

export class World {
  /** workflow id by path */
  private readonly workflowIds = new Map<string, number>();
  private readonly workflowNames = new Map<string, string>();
  private readonly runNumbers = new Map<number, number>();
  /** job id → where it lives */
  private readonly jobIndex = new Map<number, { runId: number; attempt: number; job: RawJob }>();
  private readonly commitsBySha = new Map<string, ScenarioCommit>();
  private served: ServedRun[] | undefined;

  constructor(
    readonly scenario: Scenario,
    readonly clock: Clock,
    readonly site: Site,
  ) {
    const firsts = [...scenario.runs.values()].map((r) => r.attempts.get(r.latest)!.run).sort((a, b) => -byNewest(a, b));
    for (const run of firsts) {
      if (run.workflow_id !== undefined && !this.workflowIds.has(run.path)) this.workflowIds.set(run.path, run.workflow_id);
      if (run.name && !this.workflowNames.has(run.path)) this.workflowNames.set(run.path, run.name);
    }
    const counters = new Map<string, number>();
    for (const run of firsts) {
      if (!this.workflowIds.has(run.path)) this.workflowIds.set(run.path, stableNumber(`workflow:${run.path}`));
      const n = (counters.get(run.path) ?? 0) + 1;
      counters.set(run.path, n);
      this.runNumbers.set(run.id, run.run_number ?? n);
    }
    for (const run of scenario.runs.values()) {
      for (const a of run.attempts.values()) {
        for (const job of a.jobs ?? []) {
          if (!this.jobIndex.has(job.id) || a.attempt === run.latest) this.jobIndex.set(job.id, { runId: run.id, attempt: a.attempt, job });
        }
      }
    }
    for (const c of scenario.commits) this.commitsBySha.set(c.sha.toLowerCase(), c);
  }

  workflows(): Workflow[] {
    return [...this.workflowIds.entries()]
      .map(([path, id]) => ({ id, path, name: this.workflowNames.get(path) ?? workflowNameFromPath(path) }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  /** a workflow by id or by file name (`ci.yml`) */
  workflow(idOrFile: string): Workflow | undefined {
    return this.workflows().find((w) => String(w.id) === idOrFile || w.path === idOrFile || w.path.endsWith(`/${idOrFile}`));
  }

  /** all runs that exist at the clock, newest first */
  runs(): ServedRun[] {
    if (!this.served) {
      const out: Array<{ raw: RawRun; served: ServedRun }> = [];
      for (const run of this.scenario.runs.values()) {
        const a = this.clock.attemptOf(run);
        if (a) out.push({ raw: a.run, served: this.renderRun(a) });
      }
      this.served = out.sort((x, y) => byNewest(x.raw, y.raw)).map((x) => x.served);
    }
    return this.served;
  }

  /** a run's latest attempt at the clock, or a given attempt */
  attempt(runId: number, n?: number): { run: ScenarioRun; attempt: RunAttempt } | undefined {
    const run = this.scenario.runs.get(runId);
    if (!run) return undefined;
    const attempt = n === undefined ? this.clock.attemptOf(run) : this.clock.attempt(run, n);
    return attempt ? { run, attempt } : undefined;
  }

  renderRun(a: RunAttempt): ServedRun {
    const raw = a.run;
    const { site } = this;
    const at = this.clock.run(raw);
    const id = raw.id;
    const runUrl = `${site.api}/actions/runs/${id}`;
    const workflowId = this.workflowIds.get(raw.path) ?? stableNumber(`workflow:${raw.path}`);
    const commit = this.commitsBySha.get(raw.head_sha.toLowerCase());
    const headCommit = commit
      ? {
          id: commit.sha,
          tree_id: commit.sha,
          message: commit.message,
          timestamp: commit.date ?? raw.created_at,
          author: { name: commit.author?.login ?? 'unknown', email: '' },
          committer: { name: commit.author?.login ?? 'unknown', email: '' },
        }
      : null;
    const name = raw.name ?? this.workflowNames.get(raw.path) ?? workflowNameFromPath(raw.path);
    const checkSuiteId = stableNumber(`check-suite:${id}:${a.attempt}`, 10_000_000_000, 1_000_000_000);
    const repo = minimalRepository(site);
    return {
      node_id: nodeId('WFR', 'WorkflowRun', id),
      check_suite_id: checkSuiteId,
      check_suite_node_id: nodeId('CS', 'CheckSuite', checkSuiteId),
      pull_requests: [],
      referenced_workflows: [],
      head_commit: headCommit,
      head_repository: repo,
      head_repository_id: site.repoId,
      html_url: `${site.html}/actions/runs/${id}`,
      ...raw,
      repository: repo,
      id,
      name,
      head_branch: raw.head_branch === undefined ? site.defaultBranch : raw.head_branch,
      display_title: raw.display_title ?? (commit?.message.split('\n')[0] || name),
      run_number: this.runNumbers.get(id) ?? raw.run_number ?? 1,
      workflow_id: workflowId,
      run_attempt: a.attempt,
      run_started_at: raw.run_started_at ?? raw.created_at,
      status: at.status,
      conclusion: at.conclusion,
      updated_at: at.updated_at,
      url: runUrl,
      jobs_url: `${runUrl}/jobs`,
      logs_url: `${runUrl}/logs`,
      check_suite_url: `${site.api}/check-suites/${checkSuiteId}`,
      artifacts_url: `${runUrl}/artifacts`,
      cancel_url: `${runUrl}/cancel`,
      rerun_url: `${runUrl}/rerun`,
      previous_attempt_url: a.attempt > 1 ? `${runUrl}/attempts/${a.attempt - 1}` : null,
      workflow_url: `${site.api}/actions/workflows/${workflowId}`,
    };
  }

  /** the jobs of one attempt at the clock; [] for an attempt without jobs.json */
  jobsOf(a: RunAttempt): ServedJob[] {
    const out: ServedJob[] = [];
    for (const job of a.jobs ?? []) {
      const served = this.renderJob(job, a.run);
      if (served) out.push(served);
    }
    return out;
  }

  /** a job by id when its run and attempt exist at the clock */
  job(jobId: number): { job: ServedJob; runId: number; attempt: number } | undefined {
    const entry = this.jobIndex.get(jobId);
    if (!entry) return undefined;
    const found = this.attempt(entry.runId, entry.attempt);
    if (!found) return undefined;
    const job = this.renderJob(entry.job, found.attempt.run);
    return job ? { job, runId: entry.runId, attempt: entry.attempt } : undefined;
  }

  renderJob(job: RawJob, run: RawRun): ServedJob | undefined {
    const at = this.clock.job(job, run);
    if (!at) return undefined;
    const { site } = this;
    const steps = job.steps.map((step, i) => {
      const at = this.clock.step(step);
      return { ...step, number: step.number ?? i + 1, ...at, status: at.status as JobStep['status'] };
    });
    const workflowName = run.name ?? this.workflowNames.get(run.path) ?? workflowNameFromPath(run.path);
    return {
      node_id: nodeId('CR', 'CheckRun', job.id),
      head_sha: run.head_sha,
      head_branch: run.head_branch === undefined ? site.defaultBranch : run.head_branch,
      workflow_name: workflowName,
      runner_id: null,
      runner_name: null,
      runner_group_id: null,
      runner_group_name: null,
      check_run_url: `${site.api}/check-runs/${job.id}`,
      created_at: job.created_at ?? at.started_at,
      html_url: `${site.html}/actions/runs/${job.run_id}/job/${job.id}`,
      ...job,
      url: `${site.api}/actions/jobs/${job.id}`,
      run_url: `${site.api}/actions/runs/${job.run_id}`,
      run_id: job.run_id,
      run_attempt: job.run_attempt,
      labels: job.labels,
      status: at.status as Job['status'],
      conclusion: at.conclusion as Job['conclusion'],
      started_at: at.started_at,
      completed_at: at.completed_at,
      steps,
    };
  }

  commit(sha: string): ScenarioCommit | undefined {
    return this.commitsBySha.get(sha.toLowerCase());
  }
}

export function workflowNameFromPath(path: string): string {
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.ya?ml$/i, '');
}
