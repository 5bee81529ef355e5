// Decide the writes a run intends, from what it found and what GitHub holds. Pure: a dry run
// prints this plan, a real run hands it to github/publish.
//
// Order of the writes, and why: new sub-issues first (their numbers go into the report), then the
// report with the ledger (state), then the sub-issue links. A link is re-derived every run (the
// ledger knows our sub-issues, GitHub knows the report's), so a run stopped before linking is
// repaired by the next one; a report written before its sub-issues could not name them.
import type { Cluster } from '../cluster/index.js';
import type { Ledger } from '../ledger/index.js';
import { archiveComment, composeBody, layoutBody, REPORT_TITLE, type Section } from '../render/body.js';
import { renderSubIssue, subIssueTitle } from '../render/subissue.js';
import type { IssueWrite } from './lifecycle.js';

export interface ExistingReport {
  number: number;
  body: string;
}

export interface SubIssueCreate {
  fingerprint: string;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  why: string;
}

export interface SubIssueLink {
  fingerprint: string;
  /** The sub-issue's number and id; null for one this plan creates. */
  issue: number | null;
  id: number | null;
  title: string;
  why: string;
}

/** Sub-issue numbers by fingerprint: the known ones, and the ones the plan creates once they exist. */
export type SubIssueNumbers = ReadonlyMap<string, number>;

/** Closing the previous report after a rollover, with a comment pointing to the new one. */
export interface Retire {
  issue: number;
  comment(newReport: number): string;
  marker: string;
}

export interface Plan {
  createSubIssues: SubIssueCreate[];
  /** Comments, closes, reopens and body edits on existing issues, in order. */
  issueWrites: IssueWrite[];
  retire: Retire | null;
  /** The report: 'create', 'update', or null when its body would not change. */
  report: { action: 'create' | 'update' | null; issue: number | null; title: string; labels: string[]; why: string };
  /** The report body once the new sub-issues have numbers (dry run: without them). */
  reportBody(created: SubIssueNumbers): string;
  links: SubIssueLink[];
  /** New clusters that qualified for a sub-issue but exceed the cap this run. */
  overflow: string[];
}

export interface PlanInput {
  existing: ExistingReport | null;
  label: string;
  /** The window's section, given the sub-issue numbers to show. */
  section(subIssues: SubIssueNumbers): Section;
  /** The ledger to store, given the sub-issue numbers. */
  ledger(subIssues: SubIssueNumbers): Ledger;
  clusters: Cluster[];
  /** Sub-issues already known per fingerprint (ledger or our marker on an open issue). */
  knownSubIssues: SubIssueNumbers;
  /** Fingerprints some other open issue already tracks. */
  trackedElsewhere: ReadonlySet<string>;
  /** Our sub-issues (number → id) that are not linked to the report yet. */
  unlinked: ReadonlyArray<{ fingerprint: string; number: number; id: number; title: string }>;
  maxNewSubIssues: number;
  issueWrites: IssueWrite[];
  /** Routing of new sub-issues (labels, assignees, an opt-in team mention), by cluster. */
  routeOf?: (c: Cluster) => { labels: string[]; assignees: string[]; mention: string | null };
  /** Start a new report issue (the current one is full); it links back to the old one. */
  rollover?: { from: number; reason: string } | null;
  /**
   * False when this window was reported before: a re-run re-renders its section but files nothing
   * new, so running a window again and again leaves the issues as running it once.
   */
  fileSubIssues: boolean;
}

/** A problem worth an issue of its own: it recurs, or it is P0 (one P0 run is enough). */
export function qualifiesForSubIssue(c: Pick<Cluster, 'runIds' | 'priority'>): boolean {
  return c.runIds.length >= 2 || c.priority === 'P0';
}

/** Clusters that get a sub-issue of their own: new problems nobody tracks, highest priority first. */
export function subIssueCandidates(input: Pick<PlanInput, 'clusters' | 'knownSubIssues' | 'trackedElsewhere'>): Cluster[] {
  return input.clusters.filter((c) => qualifiesForSubIssue(c) && !input.knownSubIssues.has(c.fingerprint) && !input.trackedElsewhere.has(c.fingerprint));
}

export function planWrites(input: PlanInput): Plan {
  const candidates = input.fileSubIssues ? subIssueCandidates(input) : [];
  const chosen = candidates.slice(0, input.maxNewSubIssues);
  const rollover = input.rollover ?? null;
  const createSubIssues = chosen.map((c) => {
    const route = input.routeOf?.(c) ?? { labels: [], assignees: [], mention: null };
    return {
      fingerprint: c.fingerprint,
      title: subIssueTitle(c),
      body: renderSubIssue(c, rollover ? null : (input.existing?.number ?? null), route.mention),
      labels: route.labels,
      assignees: route.assignees,
      why: `new problem (${c.priority}, ${c.runIds.length} run${c.runIds.length === 1 ? '' : 's'}) that no open issue tracks`,
    };
  });
  // After a rollover the new report starts from this window alone; its intro points back (ledger).
  const previousBody = rollover ? null : input.existing?.body;
  const reportBody = (created: SubIssueNumbers) => {
    const all = new Map([...input.knownSubIssues, ...created]);
    return composeBody(previousBody, input.section(all), input.ledger(all));
  };
  // Sections that no longer fit in the report body move to comments on it, each posted once.
  const archives =
    input.existing && !rollover
      ? layoutBody(previousBody, input.section(input.knownSubIssues), input.ledger(input.knownSubIssues)).dropped.map((sec) => {
          const a = archiveComment(sec);
          return { action: 'comment' as const, issue: input.existing!.number, title: REPORT_TITLE, fingerprint: '', body: a.body, why: `window ${sec.since} → ${sec.until} no longer fits in the body`, marker: a.marker };
        })
      : [];
  const issueWrites = [...input.issueWrites, ...archives];
  const bodyNow = reportBody(new Map());
  const changes = createSubIssues.length > 0 || issueWrites.length > 0 || !input.existing || bodyNow !== input.existing.body;
  const report: Plan['report'] =
    !input.existing || rollover
      ? { action: 'create', issue: null, title: REPORT_TITLE, labels: [input.label], why: rollover ? `the report #${rollover.from} is full (${rollover.reason})` : 'no open report issue carries the label and marker' }
      : { action: changes ? 'update' : null, issue: input.existing.number, title: REPORT_TITLE, labels: [], why: changes ? 'this window added or changed its section' : 'unchanged' };
  const links: SubIssueLink[] = [
    ...input.unlinked.map((u) => ({ fingerprint: u.fingerprint, issue: u.number, id: u.id, title: u.title, why: 'our sub-issue is not linked to the report yet' })),
    ...createSubIssues.map((s) => ({ fingerprint: s.fingerprint, issue: null, id: null, title: s.title, why: 'link the new sub-issue to the report' })),
  ];
  const retire: Retire | null = rollover
    ? {
        issue: rollover.from,
        marker: '<!-- ci-failure-investigator:rolled-over -->',
        comment: (n) => `This report is full (${rollover.reason}); it continues in #${n}. Closing this one.\n\n<!-- ci-failure-investigator:rolled-over -->`,
      }
    : null;
  return {
    createSubIssues,
    issueWrites,
    retire,
    report,
    reportBody,
    links,
    overflow: candidates.slice(input.maxNewSubIssues).map((c) => c.fingerprint),
  };
}

export interface PlannedWrite {
  action: 'create' | 'update' | 'link' | 'comment' | 'close' | 'reopen';
  target: 'report' | 'sub-issue' | 'issue';
  issue: number | null;
  title: string;
  why: string;
  /** The text written (create/update); absent for a link. */
  body?: string;
}

/** The plan as a flat list, in execution order, for `--dry-run` and `--json`'s `planned`. */
export function plannedWrites(plan: Plan): PlannedWrite[] {
  const out: PlannedWrite[] = plan.createSubIssues.map((s) => ({ action: 'create', target: 'sub-issue', issue: null, title: s.title, why: s.why, body: s.body }));
  for (const w of plan.issueWrites) out.push({ action: w.action, target: 'issue', issue: w.issue, title: w.title, why: w.why, body: w.body });
  if (plan.report.action) {
    out.push({ action: plan.report.action, target: 'report', issue: plan.report.issue, title: plan.report.title, why: plan.report.why, body: plan.reportBody(new Map()) });
  }
  for (const l of plan.links) out.push({ action: 'link', target: 'sub-issue', issue: l.issue, title: l.title, why: l.why });
  if (plan.retire) out.push({ action: 'close', target: 'report', issue: plan.retire.issue, title: REPORT_TITLE, why: 'rolled over to a new report issue', body: plan.retire.comment(0).replace('#0', 'the new report') });
  return out;
}
