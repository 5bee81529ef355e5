// Everything a window decides about issues, in one pure step: which problems are known and where
// they are tracked, what happens to their issues, which new ones get a sub-issue, the report's
// section and the ledger to store. run.ts reads GitHub before and publishes after.
import type { Cluster } from '../cluster/index.js';
import type { ClusterCompare } from '../compare/index.js';
import type { IssueSide } from '../github/issues.js';
import { advanceLedger, type Ledger } from '../ledger/index.js';
import type { Section } from '../render/body.js';
import { renderSection, type ClusterView, type Coverage } from '../render/report.js';
import { SUB_ISSUE_MARKER } from '../render/subissue.js';
import { parseTracker, trackersOf, type Tracking } from '../tracking/index.js';
import { planWrites, qualifiesForSubIssue, subIssueCandidates, type Plan, type SubIssueNumbers } from './index.js';
import { decideLifecycle, type IssueStatus, type LifecycleDecision, type LifecycleSettings } from './lifecycle.js';

/** Roll over to a new report issue before GitHub's 100 sub-issues per parent (gh-aw rolls at 64 too). */
export const ROLLOVER_AT = 64;

export interface WindowPlanInput {
  since: string;
  until: string;
  chained: boolean;
  clusters: Cluster[];
  coverage: Coverage;
  notes: string[];
  /** Requests of the investigation, fixed before any write (the report shows it). */
  apiRequests: number;
  /** What the baselines cost, said next to the count. */
  apiDetail?: string;
  /** The comparison with what worked, per fingerprint. */
  compares?: ReadonlyMap<string, ClusterCompare>;
  ledger: Ledger;
  pending: number[];
  counted: Record<string, string>;
  existing: { number: number; body: string } | null;
  side: IssueSide;
  label: string;
  maxNewSubIssues: number;
  lifecycle: LifecycleSettings;
  routeOf?: Parameters<typeof planWrites>[0]['routeOf'];
  /** Requests left for writing (the budget minus what the investigation used). */
  writeBudget?: number;
  /** A fingerprint of an older normalizer version → its current one (markers in old issues). */
  alias?: (fingerprint: string) => string;
}

export interface WindowPlan {
  plan: Plan;
  views(subIssues: SubIssueNumbers): ClusterView[];
  section(subIssues: SubIssueNumbers): Section;
  knownSubIssues: SubIssueNumbers;
  lifecycle: LifecycleDecision;
}

export function planWindow(input: WindowPlanInput): WindowPlan {
  const { since, until, clusters, ledger } = input;
  const reportNumber = input.existing?.number ?? null;

  const alias = input.alias ?? ((fp: string) => fp);
  const { statuses, known } = ourSubIssues(ledger, input.side, alias);
  const ours = new Set(known.values());
  const trackers = trackersOf(
    clusters.map((c) => ({ fingerprint: c.fingerprint, signature: c.signature, lines: c.failures.map((f) => f.failureLine?.text ?? '').filter(Boolean) })),
    input.side.open.filter((o) => !ours.has(o.number)),
    new Set(reportNumber ? [reportNumber] : []),
    alias,
  );

  const windowsAfter = advanceLedger(ledger, { since, until, chained: input.chained, pending: [], counted: {}, clusters: [] }).windows;
  const lifecycle = decideLifecycle({ since, until, chained: input.chained, clusters, ledger, windowsAfter, subIssues: statuses, subIssueOf: known, trackers, report: reportNumber, settings: input.lifecycle });

  const unwritten = fitToBudget(lifecycle, input.writeBudget, chosenCost(input, clusters, known));
  if (unwritten.length) {
    input.notes.push(
      `${unwritten.length} issue update(s) were not written because the request budget (max-api-requests) ran out: ${unwritten.map((w) => `${w.action} #${w.issue}`).join(', ')}. The next run writes what still applies.`,
    );
  }
  const trackedElsewhere = new Set([...trackers.entries()].filter(([, ts]) => ts.some((t) => t.issue.state === 'open')).map(([fp]) => fp));
  for (const fp of lifecycle.silenced) trackedElsewhere.add(fp);
  for (const c of clusters) if (c.silenced) trackedElsewhere.add(c.fingerprint);
  // Sub-issues are filed when a window is first reported; a re-run of it only re-renders.
  const fileSubIssues = !ledger.windows.some((w) => w.since === since && w.until === until);
  const candidates = fileSubIssues ? subIssueCandidates({ clusters, knownSubIssues: known, trackedElsewhere }) : [];
  const chosen = candidates.slice(0, input.maxNewSubIssues);
  const overflow = candidates.slice(input.maxNewSubIssues).map((c) => c.fingerprint);

  const linkedHere = new Set(input.side.reportSubIssues.map((s) => s.number));
  const rollover =
    input.existing && chosen.length && linkedHere.size + chosen.length > ROLLOVER_AT
      ? { from: input.existing.number, reason: `${linkedHere.size} sub-issues; a new report starts before GitHub's limit of 100` }
      : null;
  const unlinked = rollover ? [] : unlinkedSubIssues(ledger, input.side, statuses, known);

  const trackersFor = (fp: string, own: number | undefined): Tracking[] => (trackers.get(fp) ?? []).filter((t) => t.issue.number !== own);
  const views = (subIssues: SubIssueNumbers): ClusterView[] =>
    clusters.map((c) => {
      const prev = ledger.clusters[c.fingerprint];
      const own = subIssues.get(c.fingerprint);
      const others = trackersFor(c.fingerprint, own);
      const firstSeen = prev && prev.firstSeen < c.firstSeen ? prev.firstSeen : c.firstSeen;
      return {
        cluster: c,
        // New = first seen in this window: a re-run of the window says the same.
        isNew: firstSeen >= since,
        since: firstSeen,
        tracked: others.map((t) => t.issue.number),
        trackers: others.map((t) => ({ number: t.issue.number, title: t.issue.title, state: t.issue.state, how: t.how })),
        subIssue: own ?? null,
        // Filed for this window: by this run, or by an earlier run of the same window.
        subIssueNew: own !== undefined && (!prev?.subIssue || prev.filedIn === until),
        tracking: lifecycle.notes.get(c.fingerprint) ?? trackingReason(c, own, own !== undefined && (!prev?.subIssue || prev.filedIn === until), others, overflow, fileSubIssues, input.maxNewSubIssues),
      };
    });
  const closedNow = lifecycle.writes.filter((w) => w.action === 'close').map((w) => ({ issue: w.issue, title: w.title, why: w.why }));
  const section = (subIssues: SubIssueNumbers): Section => ({
    since,
    until,
    markdown: renderSection({ since, until, coverage: input.coverage, clusters: views(subIssues), apiRequests: input.apiRequests, apiDetail: input.apiDetail, compares: input.compares, notes: input.notes, overflow, maxNewSubIssues: input.maxNewSubIssues, closed: closedNow }),
  });
  const ledgerWith = (subIssues: SubIssueNumbers): Ledger =>
    advanceLedger(ledger, {
      since,
      until,
      chained: input.chained,
      pending: input.pending,
      counted: input.counted,
      clusters: clusters.map((c) => ({
        fingerprint: c.fingerprint,
        title: c.title,
        example: c.signature,
        ruleId: c.ruleId,
        firstSeen: c.firstSeen,
        lastSeen: c.lastSeen,
        runIds: c.runIds,
        subIssue: subIssues.get(c.fingerprint) ?? null,
        reported: lifecycle.reported.has(c.fingerprint) || !known.has(c.fingerprint),
        ...(lifecycle.states[c.fingerprint] ? { state: lifecycle.states[c.fingerprint] } : {}),
      })),
      states: lifecycle.states,
      ...(rollover ? { previousReports: [...ledger.previousReports, rollover.from].slice(-10), retiredSubIssues: [...linkedHere] } : {}),
    });

  const plan = planWrites({
    existing: input.existing,
    label: input.label,
    section,
    ledger: ledgerWith,
    clusters: chosen,
    knownSubIssues: known,
    trackedElsewhere,
    unlinked,
    maxNewSubIssues: input.maxNewSubIssues,
    issueWrites: lifecycle.writes,
    routeOf: input.routeOf,
    rollover,
    fileSubIssues,
  });
  // planWrites only sees the chosen clusters; the overflow is ours to report.
  plan.overflow = overflow;
  return { plan, views, section, knownSubIssues: known, lifecycle };
}

/** What a write costs in requests (a comment first reads the comments since the window, once). */
const COST: Record<string, number> = { comment: 2, close: 3, reopen: 3, update: 1 };

/** Requests the writes other than lifecycle ones take: new sub-issues (create + link), the report. */
function chosenCost(input: WindowPlanInput, clusters: Cluster[], known: Map<string, number>): number {
  const fresh = Math.min(input.maxNewSubIssues, clusters.filter((c) => qualifiesForSubIssue(c) && !known.has(c.fingerprint)).length);
  return fresh * 2 + (input.existing ? 1 : 3);
}

/**
 * Drop lifecycle writes the budget cannot pay for, least important first (body edits, then
 * comments on people's issues, then our comments); closes and reopens go last. Dropped writes
 * leave their clusters unreported, so the next run writes what still applies.
 */
function fitToBudget(d: LifecycleDecision, budget: number | undefined, fixed: number) {
  if (budget === undefined) return [];
  const rank = (w: LifecycleDecision['writes'][number]) => (w.action === 'update' ? 0 : w.action === 'comment' ? 1 : 2);
  let cost = fixed + d.writes.reduce((n, w) => n + COST[w.action]!, 0);
  const dropped: LifecycleDecision['writes'] = [];
  const order = [...d.writes].sort((a, b) => rank(a) - rank(b));
  while (cost > budget && order.length) {
    const w = order.shift()!;
    dropped.push(w);
    cost -= COST[w.action]!;
  }
  if (!dropped.length) return [];
  d.writes = d.writes.filter((w) => !dropped.includes(w));
  for (const w of dropped) if (w.action === 'comment') d.reported.delete(w.fingerprint);
  return dropped;
}

/**
 * Our sub-issues: the report's, plus open issues carrying our sub-issue marker (filed by a run
 * that stopped before linking). Known by the ledger first, else by the marker in their body.
 */
export function ourSubIssues(ledger: Ledger, side: IssueSide, alias: (fp: string) => string = (fp) => fp): { statuses: Map<number, IssueStatus>; known: Map<string, number> } {
  const statuses = new Map<number, IssueStatus>(side.reportSubIssues.map((s) => [s.number, s]));
  for (const o of side.open) {
    if (o.body.includes(SUB_ISSUE_MARKER) && !statuses.has(o.number)) statuses.set(o.number, { ...o, stateReason: null, closedAt: null });
  }
  const known = new Map<string, number>();
  for (const [fp, c] of Object.entries(ledger.clusters)) if (c.subIssue) known.set(fp, c.subIssue);
  for (const s of [...statuses.values()].sort((a, b) => a.number - b.number)) {
    if (!s.body.includes(SUB_ISSUE_MARKER)) continue;
    for (const fp of parseTracker(s.body).fingerprints.map(alias)) if (!known.has(fp)) known.set(fp, s.number);
  }
  return { statuses, known };
}

/** Our open sub-issues the report does not list (and that no earlier report keeps): to be linked. */
export function unlinkedSubIssues(ledger: Ledger, side: IssueSide, statuses: Map<number, IssueStatus>, known: Map<string, number>) {
  const linked = new Set(side.reportSubIssues.map((s) => s.number));
  const retired = new Set(ledger.retiredSubIssues);
  return [...known.entries()]
    .map(([fingerprint, number]) => ({ fingerprint, number, status: statuses.get(number) }))
    .filter((u) => u.status && u.status.state === 'open' && !linked.has(u.number) && !retired.has(u.number))
    .map((u) => ({ fingerprint: u.fingerprint, number: u.number, id: u.status!.id, title: u.status!.title }))
    .sort((a, b) => a.number - b.number);
}

/** Why a problem has, or has not, an issue of its own: every decision is said in the report. */
function trackingReason(c: Cluster, own: number | undefined, filedHere: boolean, others: Tracking[], overflow: string[], fileSubIssues: boolean, cap: number): string {
  if (c.silenced) return `Silenced by the repository's config (${c.silenced}): listed here, no issue and no comment.`;
  if (own !== undefined) return filedHere ? `Sub-issue #${own} filed for this window.` : `Tracked in sub-issue #${own}.`;
  if (others.length) {
    const how = others.map((t) => `#${t.issue.number} (${t.how === 'marker' ? 'fingerprint marker' : 'matcher block'})`).join(', ');
    return `Tracked by ${how}, so no sub-issue of its own; this window's runs are added there in one comment.`;
  }
  if (!qualifiesForSubIssue(c)) return 'No sub-issue: a single run that is not P0; one is filed when it fails in 2 runs or becomes P0.';
  if (!fileSubIssues || overflow.includes(c.fingerprint)) return `No sub-issue yet: at most ${cap} are filed per window (max-new-sub-issues); a later window in which it fails again files it.`;
  return 'A sub-issue is filed for it by this run.';
}
