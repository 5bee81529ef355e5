// The pipeline, wiring only: ledger → window → collect → evidence → classify+sign → cluster →
// read issues → plan → publish. Every step's logic lives in its own folder; I/O only through
// src/github/.
import { bucketOf } from './collect/select.js';
import { clusterFailures, windowRunsOf, type Cluster } from './cluster/index.js';
import { isoSeconds } from './config/duration.js';
import { routeFor, type IssueConfig } from './config/file.js';
import type { Options } from './config/options.js';
import { computeWindow, isEmptyWindow, type Window } from './config/window.js';
import { parseDuration } from './config/duration.js';
import { baselineCostText, compareClusters, DEFAULT_LOOKBACK_MS } from './compare/index.js';
import { collectBaselines, failedJobLogs } from './github/baselines.js';
import { recordsOfRun } from './failure/record.js';
import { isBudgetError, type GitHubClient } from './github/client.js';
import { collectWindow, type CollectedWindow } from './github/collect.js';
import { emptyResult, findReportIssue, publish, PublishError, readIssueSide, type IssueSide, type PublishResult } from './github/issues.js';
import type { Issue } from './github/types.js';
import { applyAliases, emptyLedger, readLedger, rebuildLedger, type Ledger } from './ledger/index.js';
import { DEFAULT_RULE_SET, reSignAliases, type RuleSet } from './rules/index.js';
import { toRunJson, type RunJson } from './output/json.js';
import { plannedWrites, type Plan, type PlannedWrite, type SubIssueNumbers } from './plan/index.js';
import { DEFAULT_LIFECYCLE } from './plan/lifecycle.js';
import { ourSubIssues, planWindow, unlinkedSubIssues } from './plan/window.js';
import { parseSections } from './render/body.js';
import type { Coverage } from './render/report.js';

/** Requests kept back from collection so the report can still be written when the budget runs low. */
const WRITE_RESERVE = 8;

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

/** What the pipeline knows of the repository besides the options. */
export interface RunContext {
  defaultBranch: string | null;
  ruleSet: RuleSet;
  issues?: IssueConfig;
}

export async function investigate(options: Options, client: GitHubClient, log: Logger, context: RunContext = { defaultBranch: null, ruleSet: DEFAULT_RULE_SET }): Promise<RunResult> {
  const ref = { owner: options.owner, repo: options.repo };
  const existing = await findReportIssue(client, ref, options.reportLabel);
  const notes: string[] = [];
  // Entries signed by an older normalizer version move to their new fingerprints first.
  const stored = ledgerOf(existing, notes, log);
  const aliases = reSignAliases(
    Object.entries(stored.clusters).map(([fingerprint, c]) => ({ fingerprint, exampleLine: c.example, ruleId: c.ruleId, step: null })),
    context.ruleSet,
  );
  const ledger = applyAliases(stored, aliases);

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

  if (isEmptyWindow(window)) return emptyWindow(options, client, log, window, existing, ledger);
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
  const records = collected.investigated.flatMap((r) => recordsOfRun(r, context.ruleSet));
  const clusters = clusterFailures(records, {
    runs: windowRunsOf([...collected.runs, ...collected.carriedOver]),
    defaultBranch: context.defaultBranch,
    knownFingerprints: Object.keys(ledger.clusters),
    silence: context.ruleSet.silence,
  });
  const budgetSkips = collected.skipped.filter((s) => s.reason === 'budget').length;
  if (budgetSkips) notes.push(`${budgetSkips} failed run(s) were not investigated because the request budget (max-api-requests) was spent; raise it or shorten the window.`);

  // Compare with what worked: baselines only for the clusters that will be shown (not silenced).
  const runsById = new Map([...collected.runs, ...collected.carriedOver].map((r) => [r.id, r]));
  const lookbackMs = (context.issues?.baselineLookback ? parseDuration(context.issues.baselineLookback) : null) ?? DEFAULT_LOOKBACK_MS;
  const baselines = await collectBaselines(client, ref, clusters.filter((c) => !c.silenced), { lookbackMs, maxPerWorkflow: 5, maxLogBytes: options.maxLogBytes, reserve: WRITE_RESERVE + 10, runs: runsById });
  const compares = compareClusters(clusters, baselines, { runs: runsById, logs: failedJobLogs(collected.investigated) });
  notes.push(...baselines.notes);

  const side = await readIssueSide(client, ref, existing?.number ?? null).catch((e: unknown): IssueSide => {
    if (!isBudgetError(e)) throw e;
    notes.push('Existing issues were not looked up: the request budget was spent; their comments and closes wait for the next run.');
    return { open: [], reportSubIssues: [] };
  });
  const coverage = coverageOf(collected);
  const decided = planWindow({
    since,
    until,
    chained: window.chained,
    clusters,
    coverage,
    notes,
    apiRequests: client.requests(),
    apiDetail: baselineCostText(baselines),
    compares,
    ledger,
    pending: collected.pending,
    counted: Object.fromEntries([...collected.investigated.map((r) => r.run), ...collected.runs.filter((r) => bucketOf(r) === 'failed')].map((r) => [String(r.id), r.created_at])),
    existing: existing ? { number: existing.number, body: existing.body ?? '' } : null,
    side,
    label: options.reportLabel,
    maxNewSubIssues: options.maxNewSubIssues,
    lifecycle: {
      closeAfterWindows: context.issues?.closeAfterWindows ?? DEFAULT_LIFECYCLE.closeAfterWindows,
      closeAfterHours: context.issues?.closeAfterHours ?? DEFAULT_LIFECYCLE.closeAfterHours,
      mutedLabel: context.issues?.mutedLabel ?? DEFAULT_LIFECYCLE.mutedLabel,
    },
    routeOf: (c) => routeFor(context.issues?.routes ?? [], c),
    writeBudget: client.remaining(),
    alias: (fp) => aliases.get(fp) ?? fp,
  });
  const planned = plannedWrites(decided.plan);
  const jsonOf = (p: PublishResult) =>
    toRunJson({ since, until, coverage, clusters, views: decided.views(numbersOf(decided.plan, p, decided.knownSubIssues)), apiRequests: client.requests(), plan: planned, published: p, dryRun: options.dryRun, compares });

  let published = emptyResult(existing?.number ?? null);
  if (!options.dryRun && planned.length) {
    try {
      published = await publish(client, ref, decided.plan, existing?.number ?? null, since);
    } catch (e) {
      const done = e instanceof PublishError ? e.done : published;
      throw new RunError(e instanceof Error ? e.message : String(e), jsonOf(done), e);
    }
  }
  const report = decided.section(numbersOf(decided.plan, published, decided.knownSubIssues)).markdown;
  return { window, investigated: true, report, plan: planned, published, json: jsonOf(published), clusters };
}

/** The ledger from the report body; a damaged or missing one is rebuilt and said, never silently reset. */
function ledgerOf(existing: Issue | null, notes: string[], log: Logger): Ledger {
  if (!existing) return emptyLedger();
  const read = readLedger(existing.body);
  if (read.ledger) return read.ledger;
  const lastUntil = parseSections(existing.body).map((s) => s.until).sort().at(-1) ?? null;
  notes.push(`The report issue's state could not be read (${read.problem}); it was rebuilt from the report's sections${lastUntil ? ` (last window ending ${lastUntil})` : ''} and our sub-issues' markers.`);
  log.warn(`report issue #${existing.number}: ${read.problem}; state rebuilt`);
  return rebuildLedger({ subIssues: [], lastUntil });
}

/** Nothing new to look at; but a previous run may have stopped before linking its sub-issues. */
async function emptyWindow(options: Options, client: GitHubClient, log: Logger, window: Window, existing: Issue | null, ledger: Ledger): Promise<RunResult> {
  const since = isoSeconds(window.since);
  const until = isoSeconds(window.until);
  log.info(`window ${since} → ${until} is empty: the last report already covers it`);
  const ref = { owner: options.owner, repo: options.repo };
  let links: ReturnType<typeof unlinkedSubIssues> = [];
  if (existing && Object.values(ledger.clusters).some((c) => c.subIssue)) {
    const side = await readIssueSide(client, ref, existing.number);
    const { statuses, known } = ourSubIssues(ledger, side);
    links = unlinkedSubIssues(ledger, side, statuses, known);
  }
  const plan: Plan = {
    createSubIssues: [],
    issueWrites: [],
    retire: null,
    report: { action: null, issue: existing?.number ?? null, title: '', labels: [], why: 'unchanged' },
    reportBody: () => existing?.body ?? '',
    links: links.map((l) => ({ fingerprint: l.fingerprint, issue: l.number, id: l.id, title: l.title, why: 'our sub-issue is not linked to the report yet' })),
    overflow: [],
  };
  const planned = plannedWrites(plan);
  let published = emptyResult(existing?.number ?? null);
  if (planned.length && !options.dryRun) {
    try {
      published = await publish(client, ref, plan, existing!.number, since);
    } catch (e) {
      throw new RunError(e instanceof Error ? e.message : String(e), null, e);
    }
  }
  const json = toRunJson({ since, until, coverage: null, clusters: [], views: [], apiRequests: client.requests(), plan: planned, published, dryRun: options.dryRun });
  return { window, investigated: false, report: '', plan: planned, published, json, clusters: [] };
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
