// Group failures with one root cause (one fingerprint) across workflows and engines, and say how
// badly each group hurts. Pure.
import type { FailureRecord } from '../failure/record.js';
import type { Category, RetryAdvice } from '../rules/types.js';

export type Priority = 'P0' | 'P1' | 'P2';

export interface Cluster {
  id: string;
  fingerprint: string;
  key: string;
  ruleId: string | null;
  title: string;
  category: Category;
  /** The representative normalized failure line. */
  signature: string;
  fixHint: string | null;
  retry: RetryAdvice | null;
  failures: FailureRecord[];
  runIds: number[];
  workflows: string[];
  engines: string[];
  branches: string[];
  firstSeen: string;
  lastSeen: string;
  /** Workflows none of whose runs in the window passed: this cluster blocks their lane. */
  blockedWorkflows: string[];
  priority: Priority;
  priorityReason: string;
}

/** The window's runs of one workflow that finished (cancelled ones aside), failed or not. */
export type FinishedRunsByWorkflow = ReadonlyMap<string, readonly number[]>;

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const PRIORITY_ORDER: Record<Priority, number> = { P0: 0, P1: 1, P2: 2 };

export function clusterFailures(failures: readonly FailureRecord[], finished: FinishedRunsByWorkflow): Cluster[] {
  const groups = new Map<string, FailureRecord[]>();
  for (const f of failures) {
    const g = groups.get(f.fingerprint);
    if (g) g.push(f);
    else groups.set(f.fingerprint, [f]);
  }
  const clusters = [...groups.values()].map((g) => describe(g, finished));
  return clusters.sort(
    (a, b) =>
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
      b.runIds.length - a.runIds.length ||
      a.firstSeen.localeCompare(b.firstSeen) ||
      a.id.localeCompare(b.id),
  );
}

function describe(group: FailureRecord[], finished: FinishedRunsByWorkflow): Cluster {
  const sorted = [...group].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.runId - b.runId || (a.jobId ?? 0) - (b.jobId ?? 0));
  const first = sorted[0]!;
  const runIds = uniq(sorted.map((f) => f.runId)).sort((a, b) => a - b);
  const inCluster = new Set(runIds);
  const workflows = uniq(sorted.map((f) => f.workflow)).sort();
  const blockedWorkflows = workflows.filter((w) => {
    const runs = finished.get(w) ?? [];
    return runs.length > 0 && runs.every((id) => inCluster.has(id));
  });
  const { priority, reason } = prioritize(sorted, runIds.length, blockedWorkflows, finished);
  return {
    id: first.clusterId,
    fingerprint: first.fingerprint,
    key: first.classification.key,
    ruleId: first.classification.ruleId,
    title: first.classification.title,
    category: first.classification.category,
    signature: first.signature,
    fixHint: first.classification.fixHint,
    retry: first.classification.retry,
    failures: sorted,
    runIds,
    workflows,
    engines: uniq(sorted.map((f) => f.engine).filter((e): e is string => !!e)).sort(),
    branches: uniq(sorted.map((f) => f.branch)).sort(),
    firstSeen: first.createdAt,
    lastSeen: sorted[sorted.length - 1]!.createdAt,
    blockedWorkflows,
    priority,
    priorityReason: reason,
  };
}

/**
 * The spine's priority rule, in order:
 * P0 when a run could not start at all (startup_failure), or when the cluster has ≥ 2 runs and
 * every finished run of at least one workflow in the window failed with it (a blocked lane);
 * P1 when it recurs (≥ 2 runs); P2 when it is isolated (1 run).
 */
function prioritize(group: FailureRecord[], runs: number, blocked: string[], finished: FinishedRunsByWorkflow): { priority: Priority; reason: string } {
  if (group.some((f) => f.runConclusion === 'startup_failure')) {
    return { priority: 'P0', reason: 'a workflow could not start at all (startup_failure)' };
  }
  if (runs >= 2 && blocked.length > 0) {
    const lanes = blocked.map((w) => {
      const n = finished.get(w)?.length ?? 0;
      return `${w} (${n} of ${n})`;
    });
    return { priority: 'P0', reason: `blocks a lane: every finished run of ${lanes.join(', ')} in this window failed with it` };
  }
  if (runs >= 2) return { priority: 'P1', reason: `recurring: ${runs} runs, while other runs of the same workflows passed` };
  return { priority: 'P2', reason: 'isolated: 1 run' };
}
