// The `--json` document of `run`/`replay` (Contract 2). Unknown or absent values are null.
import type { Cluster } from '../cluster/index.js';
import { baselineRunIdOf, type ClusterCompare } from '../compare/index.js';
import type { PublishResult } from '../github/issues.js';
import type { PlannedWrite } from '../plan/index.js';
import type { ClusterView, Coverage } from '../render/report.js';

export interface RunJson {
  window: { since: string; until: string };
  coverage: {
    runsInWindow: number;
    failedRuns: number;
    cancelledRuns: number;
    inProgressRuns: number;
    carriedOverRuns: number;
    investigatedRuns: number;
    skipped: Array<{ runId: number; reason: string; detail: string }>;
  };
  clusters: Array<{
    id: string;
    title: string;
    ruleId: string | null;
    category: string;
    priority: string;
    priorityReason: string;
    signature: string;
    fingerprint: string;
    runIds: number[];
    workflows: string[];
    engines: string[];
    firstSeen: string;
    lastSeen: string;
    isNew: boolean;
    trackedBy: number[];
    baselineRunId: number | null;
    subIssue: number | null;
    compare: ClusterCompare | null;
  }>;
  apiRequests: number;
  issues: {
    report: number | null;
    created: number[];
    updated: number[];
    linked: number[];
    commented: number[];
    closed: number[];
    reopened: number[];
    planned: Array<{ action: string; issue: number | null; title: string }>;
  };
}

export interface RunJsonInput {
  since: string;
  until: string;
  coverage: Coverage | null;
  clusters: Cluster[];
  views: ClusterView[];
  apiRequests: number;
  plan: PlannedWrite[];
  published: PublishResult;
  dryRun: boolean;
  compares?: ReadonlyMap<string, ClusterCompare>;
}

export function toRunJson(i: RunJsonInput): RunJson {
  const view = new Map(i.views.map((v) => [v.cluster.fingerprint, v]));
  const c = i.coverage;
  return {
    window: { since: i.since, until: i.until },
    coverage: {
      runsInWindow: c?.runsInWindow ?? 0,
      failedRuns: c?.failedRuns ?? 0,
      cancelledRuns: c?.cancelledRuns ?? 0,
      inProgressRuns: c?.inProgressRuns ?? 0,
      carriedOverRuns: c?.carriedOverRuns ?? 0,
      investigatedRuns: c?.investigatedRuns ?? 0,
      skipped: (c?.skipped ?? []).map((s) => ({ runId: s.runId, reason: s.reason, detail: s.detail })),
    },
    clusters: i.clusters.map((cl) => ({
      id: cl.id,
      title: cl.title,
      ruleId: cl.ruleId,
      category: cl.category,
      priority: cl.priority,
      priorityReason: cl.priorityReason,
      signature: cl.signature,
      fingerprint: cl.fingerprint,
      runIds: cl.runIds,
      workflows: cl.workflows,
      engines: cl.engines,
      firstSeen: view.get(cl.fingerprint)?.since ?? cl.firstSeen,
      lastSeen: cl.lastSeen,
      isNew: view.get(cl.fingerprint)?.isNew ?? true,
      trackedBy: view.get(cl.fingerprint)?.tracked ?? [],
      baselineRunId: baselineRunIdOf(i.compares?.get(cl.fingerprint)),
      subIssue: view.get(cl.fingerprint)?.subIssue ?? null,
      compare: i.compares?.get(cl.fingerprint) ?? null,
    })),
    apiRequests: i.apiRequests,
    issues: {
      report: i.published.report,
      created: i.published.created,
      updated: i.published.updated,
      linked: i.published.linked,
      commented: i.published.commented,
      closed: i.published.closed,
      reopened: i.published.reopened,
      planned: i.dryRun ? i.plan.map((w) => ({ action: w.action, issue: w.issue, title: w.title })) : [],
    },
  };
}
