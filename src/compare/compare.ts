// One cluster against what worked: its failed runs against the baselines of the same workflows.
// Pure: the baselines were fetched by src/github/baselines.ts; the failed side is the failure
// records, the window's run objects (durations) and, when kept, the failed jobs' log texts.
import type { AgentEvidence } from '../agents/types.js';
import type { FailureRecord } from '../failure/record.js';
import { baselineLines, envDiff, mergeEnvChanges, mergeVersionChanges, novelLines, versionDiff, versionsOf, type NovelInput, type RunVersions } from './diffs.js';
import { firewallDiff, type RunFirewall } from './firewall.js';
import { contextFacts, logFacts } from './logfacts.js';
import { runDurationMs, runMetricsDiff, type MetricSamples } from './metrics.js';
import { DEFAULT_LOOKBACK_MS, failuresByWorkflow, lookbackText, pairKey, planCluster, type WorkflowCandidates } from './select.js';
import type {
  BaselineEvidence,
  BaselineSet,
  ClusterCompare,
  ClusterPlan,
  CommitRange,
  CompareBaseline,
  EnvChange,
  FailedJobLogs,
  LogFacts,
  RunTimes,
  SuspectChange,
  VersionChange,
} from './types.js';

export interface CompareContext {
  /** The window's run objects by id, for the failed runs' durations. */
  runs?: ReadonlyMap<number, RunTimes>;
  /** The failed jobs' log texts by job id, for setup, environment and novel lines. */
  logs?: FailedJobLogs;
  lookbackMs?: number;
  /** The plan src/github/baselines.ts made; derived from `baselines` when absent. */
  plan?: ClusterPlan;
}

/** The step key both sides use: the failed step's name, or `*` (the whole log). */
export const stepKey = (f: Pick<FailureRecord, 'failedStep'>) => f.failedStep ?? '*';

function emptyCompare(baseline: CompareBaseline, notes: string[]): ClusterCompare {
  return {
    version: 1,
    baseline,
    firewall_diff: null,
    run_metrics_diff: null,
    version_changes: null,
    env_diff: null,
    novel_lines: null,
    novel_lines_source: null,
    suspect_change: null,
    notes,
  };
}

/** Candidates as if listed: the baselines given, grouped by workflow; every failed workflow present. */
function candidatesOf(failures: readonly FailureRecord[], baselines: readonly BaselineEvidence[]): Map<string, WorkflowCandidates> {
  const map = new Map<string, WorkflowCandidates>();
  for (const path of failuresByWorkflow(failures).keys()) map.set(path, { runs: baselines.filter((b) => b.run.workflowPath === path).map((b) => b.run), problem: null });
  return map;
}

/**
 * Compare one cluster's failures with its baselines. `baselines`: the evidence of the chosen
 * successful runs (any order; the plan says which stand for which workflow). `commits`: the
 * range of the plan's suspect pair, when it was fetched.
 */
export function compareCluster(
  failures: readonly FailureRecord[],
  baselines: readonly BaselineEvidence[],
  commits: CommitRange | null,
  ctx: CompareContext = {},
): ClusterCompare {
  const lookbackMs = ctx.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const plan = ctx.plan ?? planCluster('', failures, candidatesOf(failures, baselines), { lookbackMs, maxPerWorkflow: Number.MAX_SAFE_INTEGER });
  const evidence = new Map(baselines.map((b) => [b.run.runId, b]));
  const notes: string[] = [];

  // --- the baseline itself
  const chosen = plan.workflows.flatMap((w) => w.baselines.map((b) => ({ w, b, ev: evidence.get(b.runId) }))).filter((x) => x.ev);
  const seenRuns = new Set<number>();
  const baseline: CompareBaseline = {
    status: 'found',
    lookback_hours: Math.round(lookbackMs / 3_600_000),
    runs: chosen
      .filter((x) => !seenRuns.has(x.b.runId) && seenRuns.add(x.b.runId))
      .map(({ b, ev }) => ({
        run_id: ev!.run.runId,
        workflow: ev!.run.workflow,
        branch: ev!.run.branch,
        event: ev!.run.event,
        head_sha: ev!.run.headSha,
        created_at: ev!.run.createdAt,
        url: ev!.run.url,
        match: b.match,
      })),
    nearest_run_id: plan.workflows.find((w) => w.baselines.some((b) => evidence.has(b.runId)))?.baselines.find((b) => evidence.has(b.runId))?.runId ?? null,
    problems: plan.workflows.filter((w) => w.problem).map((w) => `${w.workflow}: ${w.problem}`),
  };
  if (!baseline.runs.length) {
    const looked = plan.workflows.every((w) => w.status === 'none');
    baseline.status = looked ? 'none' : 'unknown';
    return emptyCompare(baseline, looked ? [`no baseline in ${lookbackText(lookbackMs)}: nothing to compare with`] : []);
  }

  // --- per workflow, both sides
  const byWorkflow = failuresByWorkflow(failures);
  const metrics: { base: MetricSamples; failed: MetricSamples } = { base: { tokens: [], durationMs: [], turns: [] }, failed: { tokens: [], durationMs: [], turns: [] } };
  const fwBase: RunFirewall[] = [];
  const fwFailed: RunFirewall[] = [];
  const versionLists: VersionChange[][] = [];
  const envLists: EnvChange[][] = [];
  const novel: NovelInput[] = [];
  let failedLogsRead = 0;
  let contextOnly = 0;
  let versionsCompared = false;
  let envCompared = false;

  for (const w of plan.workflows) {
    const evs = w.baselines.map((b) => evidence.get(b.runId)).filter((e): e is BaselineEvidence => !!e);
    const fails = byWorkflow.get(w.workflowPath) ?? [];
    if (!evs.length || !fails.length) continue;

    // baseline side
    for (const ev of evs) {
      pushAgent(metrics.base, ev.agent);
      if (ev.run.durationMs !== null) metrics.base.durationMs.push(ev.run.durationMs);
      if (ev.agent?.firewall) fwBase.push({ runId: ev.run.runId, workflow: ev.run.workflow, domains: ev.agent.firewall });
    }
    const jobNames = new Set(fails.map((f) => f.jobName ?? ''));
    const baseLogs = evs.flatMap((ev) => Object.entries(ev.logs).filter(([job]) => jobNames.has(job)).map(([, facts]) => facts));
    const baseVersions: RunVersions[] = evs
      .map((ev) => {
        const setup = Object.values(ev.logs).find((l) => l.setup)?.setup ?? null;
        return { hasSetup: setup !== null, values: versionsOf(setup, ev.agent) };
      })
      .filter((v) => v.values.length);

    // failed side, one entry per run (a run's jobs share its agent evidence and duration)
    const failedFacts = new Map<FailureRecord, LogFacts>();
    for (const f of fails) {
      const log = f.jobId !== null ? ctx.logs?.get(f.jobId) : undefined;
      if (log) {
        failedFacts.set(f, logFacts(log.text, { steps: log.steps, wanted: [stepKey(f)], flagErrors: true }));
        failedLogsRead++;
      }
    }
    const runFirst = new Map<number, FailureRecord>();
    for (const f of fails) if (!runFirst.has(f.runId)) runFirst.set(f.runId, f);
    const failedVersions: RunVersions[] = [];
    for (const [runId, f] of runFirst) {
      pushAgent(metrics.failed, f.agent);
      const times = ctx.runs?.get(runId);
      const d = times ? runDurationMs(times) : null;
      if (d !== null) metrics.failed.durationMs.push(d);
      if (f.agent?.firewall) fwFailed.push({ runId, workflow: f.workflow, domains: f.agent.firewall });
      const setup = fails.filter((o) => o.runId === runId).map((o) => failedFacts.get(o)?.setup ?? null).find((s) => s) ?? null;
      const values = versionsOf(setup, f.agent);
      if (values.length) failedVersions.push({ hasSetup: setup !== null, values });
    }
    if (baseVersions.length && failedVersions.length) {
      versionsCompared = true;
      versionLists.push(versionDiff(w.workflow, baseVersions, failedVersions));
    }
    if (baseLogs.length && failedFacts.size) envCompared = true;
    envLists.push(
      envDiff(
        w.workflow,
        baseLogs.map((l) => l.env),
        [...failedFacts.values()].map((l) => l.env),
      ),
    );

    // novel lines: the failed step against the same job's same step in the baselines
    for (const f of fails) {
      const key = stepKey(f);
      const base = evs.map((ev) => ev.logs[f.jobName ?? '']).filter((l): l is LogFacts => !!l && !!l.steps[key]);
      if (!base.length) continue;
      let facts = failedFacts.get(f);
      if (!facts) {
        if (!f.context.length) continue;
        facts = contextFacts(f.context, key);
        contextOnly++;
      }
      novel.push({ runId: f.runId, failed: facts.steps[key]?.lines ?? [], baseline: baselineLines(base, key) });
    }
  }

  const multi = new Set(fwFailed.map((r) => r.workflow)).size > 1;
  const firewall = firewallDiff(fwBase, fwFailed, multi);
  const runMetrics = runMetricsDiff(metrics.base, metrics.failed);
  const versions = mergeVersionChanges(versionLists);
  const env = mergeEnvChanges(envLists);
  const novelList = novel.length ? novelLines(novel) : null;

  if (!failedLogsRead && failures.some((f) => f.jobId !== null)) notes.push("the failed jobs' log texts were not available: versions and environment not compared, novel lines from the failure-line window only");
  if (!baseline.runs.some((r) => Object.keys(evidence.get(r.run_id)?.logs ?? {}).length)) {
    const why = [...new Set(baseline.runs.flatMap((r) => evidence.get(r.run_id)?.problems ?? []).filter((p) => p.startsWith('log of') || p.startsWith('jobs:')))];
    notes.push(`no baseline job log was read${why.length ? ` (${why.slice(0, 3).join('; ')})` : ''}: versions from the logs, environment and novel lines not compared`);
  }
  if (!firewall && fwFailed.length) notes.push('firewall: no baseline run had firewall data');
  if (!metrics.base.tokens.length && metrics.failed.tokens.length) notes.push('tokens: no baseline run had token data');
  if (!ctx.runs && failures.length) notes.push("duration: the failed runs' timestamps were not given");

  return {
    version: 1,
    baseline,
    firewall_diff: firewall,
    run_metrics_diff: runMetrics,
    version_changes: versionsCompared ? versions : null,
    env_diff: envCompared ? env : null,
    novel_lines: novelList,
    novel_lines_source: novelList ? (contextOnly && contextOnly === novel.length ? 'context' : 'log') : null,
    suspect_change: suspectChange(plan, commits),
    notes,
  };
}

function pushAgent(s: MetricSamples, a: AgentEvidence | null): void {
  if (!a) return;
  if (a.tokens) s.tokens.push(a.tokens.total);
  if (a.turns !== null) s.turns.push(a.turns);
}

function suspectChange(plan: ClusterPlan, commits: CommitRange | null): SuspectChange | null {
  const p = plan.suspect;
  if (!p) return null;
  const elsewhere = plan.pairs
    .filter((o) => o !== p && o.lastGood && o.lastGood.sha === o.firstBad.sha)
    .map((o) => `${o.workflow} on ${o.branch}`);
  const base: SuspectChange = {
    workflow: p.workflow,
    branch: p.branch,
    last_good: p.lastGood ? { sha: p.lastGood.sha, run_id: p.lastGood.runId, created_at: p.lastGood.createdAt, url: p.lastGood.url } : null,
    first_bad: { sha: p.firstBad.sha, run_id: p.firstBad.runId, created_at: p.firstBad.createdAt, url: p.firstBad.url },
    verdict: 'not-fetched',
    total_commits: null,
    commits: [],
    compare_url: null,
    problem: null,
    same_commit_elsewhere: elsewhere,
  };
  if (!p.lastGood) return { ...base, verdict: 'no-last-good' };
  if (p.lastGood.sha.toLowerCase() === p.firstBad.sha.toLowerCase()) return { ...base, verdict: 'same-commit' };
  if (!commits || commits.problem) return { ...base, problem: commits?.problem ?? 'the commits between them were not fetched' };
  return {
    ...base,
    verdict: 'commits',
    total_commits: commits.totalCommits,
    commits: commits.commits.map((c) => ({ sha: c.sha, title: c.title, author: c.author, pr: c.pr })),
    compare_url: commits.htmlUrl,
  };
}

/** Every cluster compared with what worked, by cluster fingerprint. */
export function compareClusters(
  clusters: ReadonlyArray<{ fingerprint: string; failures: readonly FailureRecord[] }>,
  set: BaselineSet,
  ctx: Omit<CompareContext, 'plan' | 'lookbackMs'> = {},
): Map<string, ClusterCompare> {
  const out = new Map<string, ClusterCompare>();
  for (const c of clusters) {
    const plan = set.plans.get(c.fingerprint);
    if (!plan) {
      out.set(c.fingerprint, emptyCompare({ status: 'unknown', lookback_hours: Math.round(set.lookbackMs / 3_600_000), runs: [], nearest_run_id: null, problems: ['baselines were not looked up'] }, []));
      continue;
    }
    const evs = [...new Set(plan.workflows.flatMap((w) => w.baselines.map((b) => b.runId)))].map((id) => set.evidence.get(id)).filter((e): e is BaselineEvidence => !!e);
    const s = plan.suspect;
    const commits = s?.lastGood ? (set.commits.get(pairKey(s.lastGood.sha, s.firstBad.sha)) ?? null) : null;
    out.set(c.fingerprint, compareCluster(c.failures, evs, commits, { ...ctx, plan, lookbackMs: set.lookbackMs }));
  }
  return out;
}

/** The nearest baseline run of a comparison (`clusters[].baselineRunId` of --json). */
export function baselineRunIdOf(c: ClusterCompare | null | undefined): number | null {
  return c?.baseline.nearest_run_id ?? null;
}
