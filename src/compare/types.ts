// What src/compare reads and what it returns. Pure data: the baselines are fetched by
// src/github/baselines.ts, the comparison is made here, the JSON shape of `ClusterCompare` is
// documented in src/compare/README.md (it is `clusters[].compare` of `--json`).
import type { AgentEvidence } from '../agents/types.js';
import type { StepTiming } from '../evidence/types.js';

// ---------------------------------------------------------------------------------------------
// Facts read from one job log (the failed job's, or the baseline's job of the same name)
// ---------------------------------------------------------------------------------------------

/** What the runner printed in the job's "Set up job" section. */
export interface SetupFacts {
  /** `Current runner version: '2.333.1'` */
  runnerVersion: string | null;
  /** `Image: ubuntu-24.04` (or `Environment:` in older logs) */
  image: string | null;
  /** The runner image's `Version: 20260419.1` */
  imageVersion: string | null;
  /** `Ubuntu 24.04.2 LTS` from the "Operating System" group */
  os: string | null;
  /** action (`owner/repo[/path]`) → `ref (sha7)`, from `Download action repository 'a@ref' (SHA:…)` lines. */
  actions: Record<string, string>;
}

/** Whether a variable was said to be set: names and presence only, never a value. */
export type Presence = 'set' | 'unset' | 'mixed';

/** A normalized log line (signature normalizer) and whether it looks like an error. */
export interface NormLine {
  text: string;
  error: boolean;
}

export interface StepLines {
  /** False when the step was not found by its timings and the whole log stands in for it. */
  found: boolean;
  /** Distinct normalized lines, in log order. */
  lines: NormLine[];
}

export interface LogFacts {
  /** Null when the log holds no "Set up job" section (its head was cut, or it is not a GHA log). */
  setup: SetupFacts | null;
  env: Record<string, Presence>;
  /** Per step name asked for. */
  steps: Record<string, StepLines>;
}

/** A failed job's log text as collect kept it, with the job's step timings when known. */
export interface FailedJobLog {
  text: string;
  steps?: readonly StepTiming[];
}

/** jobId → the failed job's log. */
export type FailedJobLogs = ReadonlyMap<number, FailedJobLog>;

/** The timestamps of a run that give its duration (a WorkflowRun fits). */
export interface RunTimes {
  created_at: string;
  updated_at: string;
  run_started_at?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Baselines
// ---------------------------------------------------------------------------------------------

/** A successful run of an affected workflow, as the runs listing gave it. */
export interface BaselineRun {
  runId: number;
  workflow: string;
  workflowPath: string;
  branch: string;
  event: string;
  headSha: string;
  createdAt: string;
  url: string;
  /** run_started_at (else created_at) → updated_at; null when unknown. */
  durationMs: number | null;
}

/** What was read of one baseline run. */
export interface BaselineEvidence {
  run: BaselineRun;
  /** Job name (of the failed job it stands for) → facts of that job's log; only the jobs read. */
  logs: Record<string, LogFacts>;
  /** Its agent artifacts' evidence; null when not read (not agentic, budget, not among the nearest). */
  agent: AgentEvidence | null;
  /** What could not be read, and why. */
  problems: string[];
}

/** How a chosen baseline relates to the failure it stands against. */
export type BaselineMatch = 'same-branch-event' | 'same-branch' | 'same-event' | 'other';

export interface ChosenBaseline {
  runId: number;
  match: BaselineMatch;
}

/** The baselines chosen for one workflow of one cluster. */
export interface WorkflowChoice {
  workflowPath: string;
  workflow: string;
  /** The cluster's first failure in this workflow. */
  firstFailure: { runId: number; createdAt: string; branch: string; event: string; headSha: string };
  /** Nearest first; empty when none. */
  baselines: ChosenBaseline[];
  /** found; none: no success in the lookback; unknown: not looked up, or not listed far enough back. */
  status: 'found' | 'none' | 'unknown';
  /** Why there is no baseline (none in the lookback, not queried …); null when there is one. */
  problem: string | null;
}

/** A last-good → first-bad pair of one workflow and branch. */
export interface SuspectPair {
  workflow: string;
  workflowPath: string;
  branch: string;
  lastGood: { sha: string; runId: number; createdAt: string; url: string } | null;
  firstBad: { sha: string; runId: number; createdAt: string; url: string };
}

export interface ClusterPlan {
  fingerprint: string;
  workflows: WorkflowChoice[];
  /** The pair whose commits are fetched (the earliest failing workflow+branch with a last good run). */
  suspect: SuspectPair | null;
  /** Every workflow+branch pair of the cluster. */
  pairs: SuspectPair[];
}

export interface SuspectCommit {
  sha: string;
  /** First line of the message. */
  title: string;
  author: string | null;
  /** The pull request the message names (`… (#123)`, `Merge pull request #123 from …`). */
  pr: number | null;
  date: string | null;
}

/** The commits between a last good and a first bad sha (GET compare/{base}...{head}). */
export interface CommitRange {
  base: string;
  head: string;
  /** Commits in head and not in base, as GitHub counts them; null when the call failed. */
  totalCommits: number | null;
  /** Oldest first, at most the cap. */
  commits: SuspectCommit[];
  /** `ahead`, `diverged`, … as GitHub says; null when the call failed. */
  status: string | null;
  htmlUrl: string | null;
  problem: string | null;
}

// ---------------------------------------------------------------------------------------------
// The comparison: `clusters[].compare` of --json (documented in README.md beside this file)
// ---------------------------------------------------------------------------------------------

export interface CompareBaselineRun {
  run_id: number;
  workflow: string;
  branch: string;
  event: string;
  head_sha: string;
  created_at: string;
  url: string;
  match: BaselineMatch;
}

export interface CompareBaseline {
  /** found: at least one successful run; none: no success in the lookback; unknown: not looked up (budget, error). */
  status: 'found' | 'none' | 'unknown';
  lookback_hours: number;
  runs: CompareBaselineRun[];
  /** The nearest baseline of the cluster's first failing workflow. */
  nearest_run_id: number | null;
  /** Why some or all workflows of the cluster have no baseline; one sentence each. */
  problems: string[];
}

export type DomainStatus = 'allowed' | 'denied' | 'mixed' | 'unknown';

/** One domain's difference; `run1_*` is the baseline (median per run), `run2_*` the failed runs (median per run). */
export interface DomainDiffEntry {
  domain: string;
  status: 'new' | 'removed' | 'status_changed' | 'volume_changed';
  is_anomaly: boolean;
  anomaly_note: string | null;
  run1_allowed: number;
  run1_blocked: number;
  run2_allowed: number;
  run2_blocked: number;
  run1_status: DomainStatus | null;
  run2_status: DomainStatus | null;
  /** Change of the per-run request count, e.g. `+287%`; null unless both sides have requests. */
  volume_change: string | null;
  /** Requests answered 401/403 (median per run) on each side. */
  run1_auth_errors: number;
  run2_auth_errors: number;
  /** In how many runs of each side the domain appears. */
  baseline_runs: number;
  failed_runs: number;
  /** In most failed runs and in no successful one. */
  suspicious: boolean;
  /** Workflows whose failed runs show the domain (a removed one: whose baselines did), when the cluster spans several. */
  workflows: string[];
}

export interface FirewallDiff {
  /** Runs with firewall data on each side. */
  baseline_runs: number;
  failed_runs: number;
  /** Requests per run (median over the runs with firewall data), all domains together. */
  baseline_requests_per_run: number;
  failed_requests_per_run: number;
  /** Distinct domains each side reached. */
  baseline_domains: number;
  failed_domains: number;
  new_domains: DomainDiffEntry[];
  removed_domains: DomainDiffEntry[];
  status_changes: DomainDiffEntry[];
  volume_changes: DomainDiffEntry[];
  suspicious_domains: string[];
  summary: {
    new_domain_count: number;
    removed_domain_count: number;
    status_change_count: number;
    volume_change_count: number;
    has_anomalies: boolean;
    anomaly_count: number;
  };
}

export type MetricName = 'tokens' | 'duration_seconds' | 'turns';

export interface MetricDiff {
  metric: MetricName;
  /** Median over the baseline runs that have the value. */
  baseline: number;
  /** Median over the failed runs that have the value. */
  failed: number;
  change: number;
  /** null when the baseline is 0. */
  change_percent: number | null;
  /** Robust z-score of the failed median against the baselines (median/MAD); null under 3 baselines or without spread. */
  z_score: number | null;
  /** |z| > 3.5 */
  flagged: boolean;
  baseline_runs: number;
  failed_runs: number;
}

export interface RunMetricsDiff {
  run1_token_usage: number | null;
  run2_token_usage: number | null;
  token_usage_change: string | null;
  run1_duration: string | null;
  run2_duration: string | null;
  duration_change: string | null;
  run1_turns: number | null;
  run2_turns: number | null;
  turns_change: number | null;
  /** 0 tokens in every failed run that has a count, tokens in the baseline. */
  died_before_inference: boolean;
  metrics: MetricDiff[];
}

export interface VersionChange {
  /** runner, runner-image, os, action:<owner/repo>, engine, model, engine-version, gh-aw-version, firewall-version */
  key: string;
  /** What a reader calls it: `runner image`, `action actions/checkout`. */
  what: string;
  baseline: string[];
  failed: string[];
  workflows: string[];
}

export interface EnvChange {
  name: string;
  /** not-stated: the baseline's log read says nothing about it. */
  baseline: Presence | 'not-stated';
  failed: Presence;
  /** Failed runs whose log states it. */
  failed_runs: number;
  workflows: string[];
}

export interface NovelLine {
  /** Normalized, secrets masked. */
  text: string;
  /** Failed runs whose failed step prints it. */
  runs: number;
  error_like: boolean;
}

export interface SuspectChange {
  workflow: string;
  branch: string;
  last_good: { sha: string; run_id: number; created_at: string; url: string } | null;
  first_bad: { sha: string; run_id: number; created_at: string; url: string };
  /**
   * commits: the commits between them are listed; same-commit: both ran on one sha (not a commit:
   * environment, secrets or an external service); no-last-good: no success on the branch in the
   * lookback; not-fetched: the compare call was not made or failed.
   */
  verdict: 'commits' | 'same-commit' | 'no-last-good' | 'not-fetched';
  total_commits: number | null;
  /** Oldest first (right after the last good run), capped. */
  commits: Array<{ sha: string; title: string; author: string | null; pr: number | null }>;
  compare_url: string | null;
  problem: string | null;
  /** Other workflow+branch pairs of the cluster that ran good and bad on one sha. */
  same_commit_elsewhere: string[];
}

export interface ClusterCompare {
  version: 1;
  baseline: CompareBaseline;
  firewall_diff: FirewallDiff | null;
  run_metrics_diff: RunMetricsDiff | null;
  version_changes: VersionChange[] | null;
  env_diff: EnvChange[] | null;
  novel_lines: NovelLine[] | null;
  /** Where the failed step's lines came from: the failed job's log, or only the failure-line window. */
  novel_lines_source: 'log' | 'context' | null;
  suspect_change: SuspectChange | null;
  /** What could not be compared, and why. */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// What src/github/baselines.ts hands over
// ---------------------------------------------------------------------------------------------

/** API requests the baseline step made, by kind (every HTTP request, retries included, in `total`). */
export interface BaselineRequests {
  /** One successful-runs query per affected workflow. */
  runQueries: number;
  /** Jobs listings, job logs, artifact listings and downloads of baseline runs. */
  reads: number;
  /** One compare call per distinct last-good/first-bad pair. */
  compares: number;
  total: number;
}

export interface BaselineSet {
  lookbackMs: number;
  /** Per cluster fingerprint. */
  plans: ReadonlyMap<string, ClusterPlan>;
  /** Every chosen baseline run by id (read or not: its duration comes from the listing). */
  evidence: ReadonlyMap<number, BaselineEvidence>;
  /** Per pairKey(base, head). */
  commits: ReadonlyMap<string, CommitRange>;
  requests: BaselineRequests;
  /** What was skipped for the whole window (a spent budget …), one sentence each. */
  notes: string[];
}
