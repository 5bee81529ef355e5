// Which successful runs a cluster is compared with, and which last-good → first-bad pair of
// commits is suspect. Pure: the candidates come from one runs query per workflow
// (src/github/baselines.ts).
import type { FailureRecord } from '../failure/record.js';
import type { BaselineMatch, BaselineRun, ChosenBaseline, ClusterPlan, SuspectPair, WorkflowChoice } from './types.js';

export const DEFAULT_LOOKBACK_MS = 72 * 3_600_000;
export const DEFAULT_MAX_PER_WORKFLOW = 5;

/** `72 h`, `7 d` (days only past 3 days) */
export function lookbackText(ms: number): string {
  const h = Math.round(ms / 3_600_000);
  return h % 24 === 0 && h > 72 ? `${h / 24} d` : `${h} h`;
}

/** The workflow file name the runs API takes as workflow_id (`.github/workflows/ci.yml` → `ci.yml`); null for a dynamic workflow. */
export function workflowFileOf(path: string): string | null {
  const p = path.replace(/@.*$/, '');
  if (!/^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p)) return null;
  return p.slice(p.lastIndexOf('/') + 1);
}

const byTime = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);

/** The cluster's failures per workflow path, each list oldest first. */
export function failuresByWorkflow(failures: readonly FailureRecord[]): Map<string, FailureRecord[]> {
  const map = new Map<string, FailureRecord[]>();
  for (const f of [...failures].sort((a, b) => byTime(a, b) || a.runId - b.runId)) {
    const list = map.get(f.workflowPath);
    if (list) list.push(f);
    else map.set(f.workflowPath, [f]);
  }
  return map;
}

function matchOf(run: BaselineRun, ref: { branch: string; event: string }): BaselineMatch {
  const branch = run.branch === ref.branch;
  const event = run.event === ref.event;
  return branch && event ? 'same-branch-event' : branch ? 'same-branch' : event ? 'same-event' : 'other';
}
const MATCH_ORDER: Record<BaselineMatch, number> = { 'same-branch-event': 0, 'same-branch': 1, 'same-event': 2, other: 3 };

/**
 * Up to `max` successful runs created before the first failure and within the lookback, nearest
 * first. Runs of the failure's branch are preferred (same event first); runs of other branches
 * stand in only when the branch has none, so medians compare like with like.
 */
export function chooseBaselines(
  candidates: readonly BaselineRun[],
  first: { createdAt: string; branch: string; event: string },
  opts: { lookbackMs: number; max: number },
): ChosenBaseline[] {
  const until = Date.parse(first.createdAt);
  const since = until - opts.lookbackMs;
  const eligible = candidates
    .filter((r) => {
      const t = Date.parse(r.createdAt);
      return t < until && t >= since;
    })
    .map((r) => ({ run: r, match: matchOf(r, first) }));
  const sameBranch = eligible.filter((e) => e.match === 'same-branch-event' || e.match === 'same-branch');
  const pool = sameBranch.length ? sameBranch : eligible;
  return pool
    .sort((a, b) => MATCH_ORDER[a.match] - MATCH_ORDER[b.match] || b.run.createdAt.localeCompare(a.run.createdAt) || b.run.runId - a.run.runId)
    .slice(0, Math.max(0, opts.max))
    .map((e) => ({ runId: e.run.runId, match: e.match }));
}

export interface WorkflowCandidates {
  /** Successful runs the query returned (any order). */
  runs: readonly BaselineRun[];
  /** Why the workflow was not queried or the query failed; null when it was. */
  problem: string | null;
  /** False when the query matched more runs than one page returned (the oldest are missing). */
  complete?: boolean;
}

/**
 * The plan of one cluster: its baselines per workflow and its suspect pairs. `candidates` is
 * keyed by workflow path; a workflow missing from it was not queried.
 */
export function planCluster(
  fingerprint: string,
  failures: readonly FailureRecord[],
  candidates: ReadonlyMap<string, WorkflowCandidates>,
  opts: { lookbackMs: number; maxPerWorkflow: number },
): ClusterPlan {
  const workflows: WorkflowChoice[] = [];
  const runsById = new Map<number, BaselineRun>();
  for (const [path, list] of failuresByWorkflow(failures)) {
    const first = list[0]!;
    const c = candidates.get(path);
    for (const r of c?.runs ?? []) runsById.set(r.runId, r);
    const chosen = c ? chooseBaselines(c.runs, first, { lookbackMs: opts.lookbackMs, max: opts.maxPerWorkflow }) : [];
    let status: WorkflowChoice['status'] = 'found';
    let problem: string | null = null;
    if (!c) [status, problem] = ['unknown', 'not looked up'];
    else if (c.problem) [status, problem] = ['unknown', c.problem];
    else if (!chosen.length && c.complete === false) [status, problem] = ['unknown', `the successful runs listed (one page) are all after the first failure at ${first.createdAt.slice(0, 16)}Z`];
    else if (!chosen.length) [status, problem] = ['none', `no successful run of ${first.workflow} in the ${lookbackText(opts.lookbackMs)} before ${first.createdAt.slice(0, 16)}Z`];
    workflows.push({
      workflowPath: path,
      workflow: first.workflow,
      firstFailure: { runId: first.runId, createdAt: first.createdAt, branch: first.branch, event: first.event, headSha: first.headSha },
      baselines: chosen,
      status,
      problem,
    });
  }
  const pairs = suspectPairs(failures, workflows, runsById);
  const suspect = [...pairs].sort((a, b) => byTime(a.firstBad, b.firstBad) || a.firstBad.runId - b.firstBad.runId).find((p) => p.lastGood) ?? pairs[0] ?? null;
  return { fingerprint, workflows, suspect, pairs };
}

/**
 * Per workflow and branch: the newest chosen baseline of that branch created before the first
 * failure there (last good), and that first failure (first bad). Ordered by first failure.
 */
export function suspectPairs(failures: readonly FailureRecord[], workflows: readonly WorkflowChoice[], runs: ReadonlyMap<number, BaselineRun>): SuspectPair[] {
  const pairs: SuspectPair[] = [];
  const choice = new Map(workflows.map((w) => [w.workflowPath, w]));
  const firsts = new Map<string, FailureRecord>();
  for (const f of [...failures].sort((a, b) => byTime(a, b) || a.runId - b.runId)) {
    const key = `${f.workflowPath}\u0000${f.branch}`;
    if (!firsts.has(key)) firsts.set(key, f);
  }
  for (const f of firsts.values()) {
    const w = choice.get(f.workflowPath);
    const goods = (w?.baselines ?? [])
      .map((b) => runs.get(b.runId))
      .filter((r): r is BaselineRun => !!r && r.branch === f.branch && r.createdAt < f.createdAt)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.runId - a.runId);
    const good = goods[0];
    pairs.push({
      workflow: f.workflow,
      workflowPath: f.workflowPath,
      branch: f.branch,
      lastGood: good ? { sha: good.headSha, runId: good.runId, createdAt: good.createdAt, url: good.url } : null,
      firstBad: { sha: f.headSha, runId: f.runId, createdAt: f.createdAt, url: f.runUrl },
    });
  }
  return pairs;
}

/** The key under which a compare call's result is kept: one call per distinct pair. */
export function pairKey(base: string, head: string): string {
  return `${base.toLowerCase()}...${head.toLowerCase()}`;
}
