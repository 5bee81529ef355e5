// The pipeline, wiring only: ledger → window → collect → evidence → classify+sign → cluster →
// plan → publish. Every step's logic lives in its own folder; I/O only through src/github/.
import { bucketOf } from './collect/select.js';
import { clusterFailures, type Cluster } from './cluster/index.js';
import type { Options } from './config/options.js';
import { computeWindow, isEmptyWindow, type Window } from './config/window.js';
import { recordsOfRun } from './failure/record.js';
import { isBudgetError, type GitHubClient } from './github/client.js';
import { collectWindow, type CollectedWindow } from './github/collect.js';
import { findReportIssue, findTrackingIssues, listSubIssueNumbers, publish, publishLinks, PublishError, type PublishResult, type TrackingIssue } from './github/issues.js';
import type { WorkflowRun } from './github/types.js';
import { advanceLedger, emptyLedger, readLedger, type Ledger } from './ledger/index.js';
import { plannedWrites, planWrites, qualifiesForSubIssue, subIssueCandidates, type Plan, type PlannedWrite, type SubIssueNumbers } from './plan/index.js';
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
  clusters: Cluster[];
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly partial: RunJson | null,
    cause?: unknown,
  ) {
    super(message, { cause });
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
  const emptyPublish: PublishResult = { report: existing?.number ?? null, created: [], updated: [], linked: [] };

  if (isEmptyWindow(window)) {
    log.info(`window ${since} → ${until} is empty: the last report already covers it`);
    // Nothing new to look at, but a previous run may have stopped before linking its sub-issues.
    const links = existing ? await linkRepairPlan(client, ref, existing.number, ledger) : [];
    const planned = links.map((l) => ({ action: 'link' as const, target: 'sub-issue' as const, issue: l.number, title: l.title, why: 'our sub-issue is not linked to the report yet' }));
    let published = emptyPublish;
    if (links.length && !options.dryRun) {
      try {
        published = await publishLinks(client, ref, existing!.number, links);
      } catch (e) {
        throw new RunError(e instanceof Error ? e.message : String(e), null, e);
      }
    }
    const json = toRunJson({ since, until, coverage: null, clusters: [], views: [], apiRequests: client.requests(), plan: planned, published, dryRun: options.dryRun });
    return { window, investigated: false, report: '', plan: planned, published, json, clusters: [] };
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
  const tracking = await findTrackingIssues(client, ref, existing?.number ?? null).catch((e: unknown): TrackingIssue[] => {
    if (!isBudgetError(e)) throw e;
    notes.push('Existing issues were not looked up: the request budget was spent.');
    return [];
  });
  const budgetSkips = collected.skipped.filter((s) => s.reason === 'budget').length;
  if (budgetSkips) notes.push(`${budgetSkips} failed run(s) were not investigated because the request budget (max-api-requests) was spent; raise it or shorten the window.`);

  const coverage = coverageOf(collected);
  const knownSubIssues = new Map<string, number>();
  for (const [fp, c] of Object.entries(ledger.clusters)) if (c.subIssue) knownSubIssues.set(fp, c.subIssue);
  // Our own sub-issues found by marker count as known even when the ledger missed them (a run
  // that stopped before writing its state): never a second sub-issue for one fingerprint.
  for (const t of tracking) if (t.ours && !knownSubIssues.has(t.fingerprint)) knownSubIssues.set(t.fingerprint, t.number);
  const trackedElsewhere = new Set(tracking.filter((t) => !t.ours || t.number !== knownSubIssues.get(t.fingerprint)).map((t) => t.fingerprint));
  // Sub-issues are filed when a window is first reported; a re-run of it only re-renders.
  const fileSubIssues = !ledger.windows.some((w) => w.since === since && w.until === until);
  const unlinked = existing && knownSubIssues.size ? await unlinkedSubIssues(client, ref, existing.number, tracking, knownSubIssues) : [];

  const viewsWith = (subIssues: SubIssueNumbers): ClusterView[] =>
    clusters.map((c) => {
      const known = ledger.clusters[c.fingerprint];
      const own = subIssues.get(c.fingerprint);
      const others = tracking.filter((t) => t.fingerprint === c.fingerprint && t.number !== own).map((t) => t.number);
      return {
        cluster: c,
        isNew: !known,
        since: known && known.firstSeen < c.firstSeen ? known.firstSeen : c.firstSeen,
        tracked: [...new Set(others)].sort((a, b) => a - b),
        subIssue: own ?? null,
        subIssueNew: own !== undefined && !knownSubIssues.has(c.fingerprint),
        tracking: trackingReason(c, own, others, knownSubIssues, overflow, fileSubIssues, options.maxNewSubIssues),
      };
    });
  let overflow: string[] = [];
  const sectionWith = (subIssues: SubIssueNumbers) => ({
    since,
    until,
    markdown: renderSection({ since, until, coverage, clusters: viewsWith(subIssues), apiRequests: collectionRequests, notes, overflow, maxNewSubIssues: options.maxNewSubIssues }),
  });
  const ledgerWith = (subIssues: SubIssueNumbers) =>
    advanceLedger(ledger, {
      since,
      until,
      chained: window.chained,
      pending: collected.pending,
      clusters: clusters.map((c) => ({ fingerprint: c.fingerprint, firstSeen: c.firstSeen, lastSeen: c.lastSeen, runIds: c.runIds, subIssue: subIssues.get(c.fingerprint) ?? null })),
    });
  // The request count shown in the report is the investigation's, fixed before any write, so that
  // re-running a window renders the same bytes.
  const collectionRequests = client.requests();
  const candidates = fileSubIssues ? subIssueCandidates({ clusters, knownSubIssues, trackedElsewhere }) : [];
  overflow = candidates.slice(options.maxNewSubIssues).map((c) => c.fingerprint);
  const plan = planWrites({
    existing: existing ? { number: existing.number, body: existing.body ?? '' } : null,
    label: options.reportLabel,
    section: sectionWith,
    ledger: ledgerWith,
    clusters,
    knownSubIssues,
    trackedElsewhere,
    unlinked,
    maxNewSubIssues: options.maxNewSubIssues,
    fileSubIssues,
  });
  const planned = plannedWrites(plan);
  const report = sectionWith(new Map()).markdown;

  let published: PublishResult = emptyPublish;
  const jsonOf = (p: PublishResult) =>
    toRunJson({ since, until, coverage, clusters, views: viewsWith(numbersOf(plan, p, knownSubIssues)), apiRequests: client.requests(), plan: planned, published: p, dryRun: options.dryRun });
  if (!options.dryRun && planned.length) {
    try {
      published = await publish(client, ref, plan, existing?.number ?? null);
    } catch (e) {
      const done = e instanceof PublishError ? e.done : emptyPublish;
      throw new RunError(e instanceof Error ? e.message : String(e), jsonOf(done), e);
    }
  }
  const finalReport = published.created.length || published.updated.length ? sectionWith(numbersOf(plan, published, knownSubIssues)).markdown : report;
  return { window, investigated: true, report: finalReport, plan: planned, published, json: jsonOf(published), clusters };
}

/** Why a problem has, or has not, an issue of its own: every decision is said in the report. */
function trackingReason(
  c: Cluster,
  own: number | undefined,
  others: number[],
  known: SubIssueNumbers,
  overflow: string[],
  fileSubIssues: boolean,
  cap: number,
): string {
  if (own !== undefined) return known.has(c.fingerprint) ? `Tracked in sub-issue #${own}.` : `Sub-issue #${own} filed by this run.`;
  if (others.length) return `Tracked by ${others.map((n) => `#${n}`).join(', ')} (an open issue carrying this problem's marker), so no sub-issue of its own.`;
  if (!qualifiesForSubIssue(c)) return 'No sub-issue: a single run that is not P0; one is filed when it fails in 2 runs or becomes P0.';
  if (!fileSubIssues) return 'No sub-issue: this window was reported before, and a re-run files nothing new.';
  if (overflow.includes(c.fingerprint)) return `No sub-issue yet: this run already filed ${cap} (max-new-sub-issues); a later window in which it fails again files it.`;
  return 'A sub-issue will be filed for it.';
}

/** Sub-issue numbers after publishing: the known ones and the ones just created, in plan order. */
function numbersOf(plan: Plan, p: PublishResult, known: SubIssueNumbers): Map<string, number> {
  const numbers = new Map(known);
  plan.createSubIssues.forEach((s, i) => {
    const n = p.created[i];
    if (n !== undefined) numbers.set(s.fingerprint, n);
  });
  return numbers;
}

/** Our sub-issues known to the ledger that the report does not list. */
async function linkRepairPlan(client: GitHubClient, ref: { owner: string; repo: string }, report: number, ledger: Ledger) {
  const known = new Map<string, number>();
  for (const [fp, c] of Object.entries(ledger.clusters)) if (c.subIssue) known.set(fp, c.subIssue);
  if (!known.size) return [];
  const tracking = await findTrackingIssues(client, ref, report);
  return unlinkedSubIssues(client, ref, report, tracking, known);
}

async function unlinkedSubIssues(
  client: GitHubClient,
  ref: { owner: string; repo: string },
  report: number,
  tracking: TrackingIssue[],
  known: SubIssueNumbers,
): Promise<Array<{ fingerprint: string; number: number; id: number; title: string }>> {
  const linked = await listSubIssueNumbers(client, ref, report);
  return tracking.filter((t) => t.ours && known.get(t.fingerprint) === t.number && !linked.has(t.number));
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
