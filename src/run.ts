// The pipeline, wiring only: ledger → window → collect → evidence → classify+sign → cluster →
// plan → publish. Every step's logic lives in its own folder; I/O only through src/github/.
import { bucketOf } from './collect/select.js';
import { clusterFailures, type Cluster } from './cluster/index.js';
import type { Options } from './config/options.js';
import { computeWindow, isEmptyWindow, type Window } from './config/window.js';
import { recordsOfRun } from './failure/record.js';
import { isBudgetError, type GitHubClient } from './github/client.js';
import { collectWindow, type CollectedWindow } from './github/collect.js';
import { findReportIssue, findTrackingIssues, publish, PublishError, type PublishResult } from './github/issues.js';
import type { WorkflowRun } from './github/types.js';
import { advanceLedger, emptyLedger, readLedger, type Ledger } from './ledger/index.js';
import { planReport, type PlannedWrite } from './plan/index.js';
import { renderSection, type ClusterView, type Coverage } from './render/report.js';
import { isoSeconds } from './config/duration.js';
import { toRunJson, type RunJson } from './output/json.js';

/** Requests kept back from collection so the report can still be written when the budget runs low. */
const WRITE_RESERVE = 6;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface RunResult {
  window: Window;
  /** False when the chained window was empty and nothing was looked at. */
  investigated: boolean;
  /** The window's report section as written to GitHub (markers left out). */
  report: string;
  plan: PlannedWrite[];
  published: PublishResult;
  json: RunJson;
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly partial: RunJson | null,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

export async function investigate(options: Options, client: GitHubClient, log: Logger): Promise<RunResult> {
  const ref = { owner: options.owner, repo: options.repo };

  const existing = await findReportIssue(client, ref, options.reportLabel);
  const read = existing ? readLedger(existing.body) : null;
  const notes: string[] = [];
  if (read?.problem) {
    notes.push(`The report issue's state could not be read (${read.problem}); this window was chosen without it.`);
    log.warn(`report issue #${existing!.number}: ${read.problem}`);
  }
  const ledger: Ledger = read?.ledger ?? emptyLedger();

  const window = computeWindow({
    now: options.now,
    since: options.since,
    until: options.until,
    windowMs: options.windowMs,
    lastUntil: ledger.lastUntil ? new Date(ledger.lastUntil) : null,
  });
  if (window.note) notes.push(window.note);
  const since = isoSeconds(window.since);
  const until = isoSeconds(window.until);
  const emptyPublish: PublishResult = { report: existing?.number ?? null, created: [], updated: [] };

  if (isEmptyWindow(window)) {
    log.info(`window ${since} → ${until} is empty: the last report already covers it; nothing to do`);
    const json = toRunJson({ since, until, coverage: null, clusters: [], views: [], apiRequests: client.requests(), plan: [], published: emptyPublish, dryRun: options.dryRun });
    return { window, investigated: false, report: '', plan: [], published: emptyPublish, json };
  }
  log.info(`window ${since} → ${until}${window.chained ? '' : ' (explicit; the chain is left alone)'}`);

  const collected = await collectWindow(client, {
    ref,
    since: window.since,
    until: window.until,
    filter: { workflows: options.workflows, excludeWorkflows: options.excludeWorkflows, selfWorkflow: options.selfWorkflow },
    pending: window.chained ? ledger.pending : [],
    maxLogBytes: options.maxLogBytes,
    carryInProgress: window.chained,
    reserve: WRITE_RESERVE,
    warn: (m) => log.warn(m),
  });
  const records = collected.investigated.flatMap((r) => recordsOfRun(r));
  const clusters = clusterFailures(records, finishedRunsByWorkflow(collected.runs, collected.carriedOver));
  const tracking = await findTrackingIssues(client, ref, existing?.number ?? null).catch((e: unknown) => {
    if (!isBudgetError(e)) throw e;
    notes.push('Existing issues were not looked up: the request budget was spent.');
    return new Map<string, number[]>();
  });
  const budgetSkips = collected.skipped.filter((s) => s.reason === 'budget').length;
  if (budgetSkips) notes.push(`${budgetSkips} failed run(s) were not investigated because the request budget (max-api-requests) was spent; raise it or shorten the window.`);

  const views: ClusterView[] = clusters.map((c) => {
    const known = ledger.clusters[c.fingerprint];
    return {
      cluster: c,
      isNew: !known,
      since: known && known.firstSeen < c.firstSeen ? known.firstSeen : c.firstSeen,
      tracked: tracking.get(c.fingerprint) ?? [],
    };
  });
  const coverage = coverageOf(collected);
  const report = renderSection({ since, until, coverage, clusters: views, apiRequests: client.requests(), notes });
  const nextLedger = advanceLedger(ledger, {
    since,
    until,
    chained: window.chained,
    pending: collected.pending,
    clusters: clusters.map((c) => ({ fingerprint: c.fingerprint, firstSeen: c.firstSeen, lastSeen: c.lastSeen, runIds: c.runIds })),
  });
  const plan = planReport({
    existing: existing ? { number: existing.number, body: existing.body ?? '' } : null,
    section: { since, until, markdown: report },
    ledger: nextLedger,
    label: options.reportLabel,
  });

  let published = emptyPublish;
  const jsonOf = (p: PublishResult) =>
    toRunJson({ since, until, coverage, clusters, views, apiRequests: client.requests(), plan, published: p, dryRun: options.dryRun });
  if (!options.dryRun && plan.length) {
    try {
      published = await publish(client, ref, plan);
    } catch (e) {
      const done = e instanceof PublishError ? e.done : emptyPublish;
      throw new RunError(e instanceof Error ? e.message : String(e), jsonOf({ ...done, report: done.report ?? existing?.number ?? null }));
    }
  }
  return { window, investigated: true, report, plan, published, json: jsonOf(published) };
}

function finishedRunsByWorkflow(runs: WorkflowRun[], carried: WorkflowRun[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const r of [...runs, ...carried]) {
    const b = bucketOf(r);
    if (b !== 'failed' && b !== 'other') continue;
    const name = r.name ?? r.path;
    map.set(name, [...(map.get(name) ?? []), r.id]);
  }
  return map;
}

function coverageOf(c: CollectedWindow): Coverage {
  const failedInWindow = c.runs.filter((r) => bucketOf(r) === 'failed').length;
  const byId = new Map([...c.runs, ...c.carriedOver].map((r) => [r.id, r]));
  return {
    runsInWindow: c.runs.length,
    workflowsInWindow: new Set(c.runs.map((r) => r.path)).size,
    failedRuns: failedInWindow + c.carriedOver.length,
    cancelledRuns: c.cancelled.length,
    inProgressRuns: c.inProgress.length,
    carriedOverRuns: c.carriedOver.length,
    investigatedRuns: c.investigated.length,
    skipped: c.skipped.map((s) => ({ ...s, url: byId.get(s.runId)?.html_url ?? null, workflow: byId.get(s.runId)?.name ?? null })),
  };
}

export type { Cluster };
