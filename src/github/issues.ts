// The issue side: find the rolling report issue and the issues that track a cluster, and carry out
// the planned writes. Issues are found by label and hidden marker through the issues listing,
// never through search, whose index lags behind writes by minutes.
import type { Plan } from '../plan/index.js';
import { REPORT_MARKER } from '../render/body.js';
import { SUB_ISSUE_MARKER } from '../render/subissue.js';
import { httpStatus, type GitHubClient } from './client.js';
import type { RepoRef } from './runs.js';
import type { Issue } from './types.js';

const CLUSTER_MARKER_RE = /<!-- ci-failure-investigator:cluster fp=(v\d+:[0-9a-f]+)/g;
const TRACKING_PAGES = 2;

/** The open report issue: the newest open issue with our label whose body carries the marker. */
export async function findReportIssue(client: GitHubClient, ref: RepoRef, label: string): Promise<Issue | null> {
  const res = await client.octokit.rest.issues.listForRepo({ ...ref, labels: label, state: 'open', sort: 'created', direction: 'desc', per_page: 100 });
  const issues = (res.data as Issue[]).filter((i) => !i.pull_request && (i.body ?? '').includes(REPORT_MARKER));
  return issues[0] ?? null;
}

export interface TrackingIssue {
  fingerprint: string;
  number: number;
  id: number;
  title: string;
  /** Filed by us as a sub-issue (carries the sub-issue marker), not a person's issue. */
  ours: boolean;
}

/**
 * Open issues that carry our cluster marker (our sub-issues, or a person's issue with the marker
 * copied in). Reads the most recently updated open issues only: the marker lives in recent issues.
 */
export async function findTrackingIssues(client: GitHubClient, ref: RepoRef, exclude: number | null): Promise<TrackingIssue[]> {
  const out: TrackingIssue[] = [];
  for (let page = 1; page <= TRACKING_PAGES; page++) {
    const res = await client.octokit.rest.issues.listForRepo({ ...ref, state: 'open', sort: 'updated', direction: 'desc', per_page: 100, page });
    for (const issue of res.data as Issue[]) {
      if (issue.pull_request || issue.number === exclude) continue;
      const body = issue.body ?? '';
      const fps = new Set([...body.matchAll(CLUSTER_MARKER_RE)].map((m) => m[1]!));
      for (const fingerprint of fps) {
        out.push({ fingerprint, number: issue.number, id: issue.id, title: issue.title, ours: body.includes(SUB_ISSUE_MARKER) });
      }
    }
    if (res.data.length < 100) break;
  }
  return out.sort((a, b) => a.number - b.number || a.fingerprint.localeCompare(b.fingerprint));
}

/** Numbers of the report's sub-issues (GitHub allows 100 per parent: one page). */
export async function listSubIssueNumbers(client: GitHubClient, ref: RepoRef, parent: number): Promise<Set<number>> {
  const res = await client.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', { ...ref, issue_number: parent, per_page: 100 });
  return new Set((res.data as Array<{ number: number }>).map((i) => i.number));
}

export interface PublishResult {
  report: number | null;
  created: number[];
  updated: number[];
  linked: number[];
}

/** Carry out the plan in its order. A failure stops here: what was done is returned in the error. */
export async function publish(client: GitHubClient, ref: RepoRef, plan: Plan, existingReport: number | null): Promise<PublishResult> {
  const result: PublishResult = { report: existingReport, created: [], updated: [], linked: [] };
  const createdNumbers = new Map<string, number>();
  const createdIds = new Map<string, number>();
  try {
    // The label first: a label that cannot be created stops the run before anything is written.
    if (plan.report.action === 'create') for (const label of plan.report.labels) await ensureLabel(client, ref, label);
    for (const s of plan.createSubIssues) {
      const res = await client.octokit.rest.issues.create({ ...ref, title: s.title, body: s.body });
      result.created.push(res.data.number);
      createdNumbers.set(s.fingerprint, res.data.number);
      createdIds.set(s.fingerprint, res.data.id);
    }
    if (plan.report.action) {
      const body = plan.reportBody(createdNumbers);
      if (plan.report.action === 'create') {
        const res = await client.octokit.rest.issues.create({ ...ref, title: plan.report.title, body, labels: plan.report.labels });
        result.created.push(res.data.number);
        result.report = res.data.number;
      } else {
        await client.octokit.rest.issues.update({ ...ref, issue_number: plan.report.issue!, body });
        result.updated.push(plan.report.issue!);
      }
    }
    for (const l of plan.links) {
      const id = l.id ?? createdIds.get(l.fingerprint);
      const number = l.issue ?? createdNumbers.get(l.fingerprint);
      if (id === undefined || number === undefined || result.report === null) continue;
      await linkSubIssue(client, ref, result.report, id);
      result.linked.push(number);
    }
  } catch (e) {
    if (e instanceof LabelError) throw e;
    throw new PublishError(e, result);
  }
  return result;
}

/** sub_issue_id is the issue's id, not its number: GitHub answers 422 to a number. */
async function linkSubIssue(client: GitHubClient, ref: RepoRef, parent: number, id: number): Promise<void> {
  await client.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', { ...ref, issue_number: parent, sub_issue_id: id });
}

/** Link existing sub-issues to the report (the repair of a run that stopped before its links). */
export async function publishLinks(client: GitHubClient, ref: RepoRef, report: number, links: Array<{ number: number; id: number }>): Promise<PublishResult> {
  const result: PublishResult = { report, created: [], updated: [], linked: [] };
  try {
    for (const l of links) {
      await linkSubIssue(client, ref, report, l.id);
      result.linked.push(l.number);
    }
  } catch (e) {
    throw new PublishError(e, result);
  }
  return result;
}

export class PublishError extends Error {
  constructor(
    cause: unknown,
    readonly done: PublishResult,
  ) {
    super(`publishing stopped: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PublishError';
  }
}

const LABEL_COLOR = 'b60205';

/** The label cannot be had: the run stops naming the input, before any issue is written. */
export class LabelError extends Error {
  constructor(name: string, cause: unknown) {
    const status = httpStatus(cause);
    super(`report-label: the label '${name}' does not exist and could not be created (${status ? `HTTP ${status}: ` : ''}${cause instanceof Error ? cause.message : String(cause)}); create it by hand or give the token issues: write`, { cause });
    this.name = 'LabelError';
  }
}

async function ensureLabel(client: GitHubClient, ref: RepoRef, name: string): Promise<void> {
  try {
    await client.octokit.rest.issues.getLabel({ ...ref, name });
    return;
  } catch (e) {
    if (httpStatus(e) !== 404) throw new LabelError(name, e);
  }
  try {
    await client.octokit.rest.issues.createLabel({ ...ref, name, color: LABEL_COLOR, description: 'Rolling CI failure report by ci-failure-investigator' });
  } catch (e) {
    // 422 already_exists: another run created it between our read and our write.
    if (httpStatus(e) !== 422 || !/already_exists|already exists/i.test(JSON.stringify((e as { response?: { data?: unknown } }).response?.data ?? ''))) {
      throw new LabelError(name, e);
    }
  }
}
