// The issue side: find the rolling report issue, read the issues that track problems, and carry
// out the planned writes. Issues are found by label and hidden marker through the issues
// listing, never through search, whose index lags behind writes by minutes.
import type { Plan } from '../plan/index.js';
import type { IssueStatus, IssueWrite } from '../plan/lifecycle.js';
import { REPORT_MARKER } from '../render/body.js';
import type { TrackerIssue } from '../tracking/index.js';
import { httpStatus, type GitHubClient } from './client.js';
import type { RepoRef } from './runs.js';
import type { Issue } from './types.js';

const OPEN_ISSUE_PAGES = 2;

/** The open report issue: the newest open issue with our label whose body carries the marker. */
export async function findReportIssue(client: GitHubClient, ref: RepoRef, label: string): Promise<Issue | null> {
  const res = await client.octokit.rest.issues.listForRepo({ ...ref, labels: label, state: 'open', sort: 'created', direction: 'desc', per_page: 100 });
  const issues = (res.data as Issue[]).filter((i) => !i.pull_request && (i.body ?? '').includes(REPORT_MARKER));
  return issues[0] ?? null;
}

export interface IssueSide {
  /** Open issues (the most recently updated 200): where markers and matcher blocks are found. */
  open: TrackerIssue[];
  /** The report's sub-issues in every state. */
  reportSubIssues: IssueStatus[];
}

const labelNames = (labels: Issue['labels']) => labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);

function statusOf(i: Issue): IssueStatus {
  return {
    number: i.number,
    id: i.id,
    title: i.title,
    body: i.body ?? '',
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: i.state_reason ?? null,
    closedAt: i.closed_at ?? null,
    labels: labelNames(i.labels),
  };
}

/** 1–2 pages of open issues and 1 page of the report's sub-issues (GitHub allows 100 per parent). */
export async function readIssueSide(client: GitHubClient, ref: RepoRef, report: number | null): Promise<IssueSide> {
  const open: TrackerIssue[] = [];
  for (let page = 1; page <= OPEN_ISSUE_PAGES; page++) {
    const res = await client.octokit.rest.issues.listForRepo({ ...ref, state: 'open', sort: 'updated', direction: 'desc', per_page: 100, page });
    for (const i of res.data as Issue[]) {
      if (i.pull_request || i.number === report) continue;
      const s = statusOf(i);
      open.push({ number: s.number, id: s.id, title: s.title, body: s.body, state: s.state, labels: s.labels });
    }
    if (res.data.length < 100) break;
  }
  let reportSubIssues: IssueStatus[] = [];
  if (report !== null) {
    const res = await client.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', { ...ref, issue_number: report, per_page: 100 });
    reportSubIssues = (res.data as Issue[]).map(statusOf);
  }
  return { open, reportSubIssues };
}

export interface PublishResult {
  report: number | null;
  created: number[];
  updated: number[];
  linked: number[];
  commented: number[];
  closed: number[];
  reopened: number[];
}

export function emptyResult(report: number | null): PublishResult {
  return { report, created: [], updated: [], linked: [], commented: [], closed: [], reopened: [] };
}

/**
 * Carry out the plan in its order: new sub-issues, writes on existing issues, the report (with
 * the state), links, and the close of a rolled-over report. A failure stops here: what was done
 * is returned in the error.
 */
export async function publish(client: GitHubClient, ref: RepoRef, plan: Plan, existingReport: number | null, windowSince: string): Promise<PublishResult> {
  const result = emptyResult(existingReport);
  const createdNumbers = new Map<string, number>();
  const createdIds = new Map<string, number>();
  try {
    // The label first: a label that cannot be created stops the run before anything is written.
    if (plan.report.action === 'create') for (const label of plan.report.labels) await ensureLabel(client, ref, label);
    for (const s of plan.createSubIssues) {
      const res = await client.octokit.rest.issues.create({ ...ref, title: s.title, body: s.body, labels: s.labels, assignees: s.assignees });
      result.created.push(res.data.number);
      createdNumbers.set(s.fingerprint, res.data.number);
      createdIds.set(s.fingerprint, res.data.id);
    }
    for (const w of plan.issueWrites) await writeIssue(client, ref, w, windowSince, result);
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
    if (plan.retire && result.report !== null && result.report !== plan.retire.issue) {
      await postOnce(client, ref, plan.retire.issue, plan.retire.comment(result.report), plan.retire.marker, windowSince);
      await client.octokit.rest.issues.update({ ...ref, issue_number: plan.retire.issue, state: 'closed', state_reason: 'completed' });
      result.closed.push(plan.retire.issue);
    }
  } catch (e) {
    if (e instanceof LabelError) throw e;
    throw new PublishError(e, result);
  }
  return result;
}

async function writeIssue(client: GitHubClient, ref: RepoRef, w: IssueWrite, since: string, result: PublishResult): Promise<void> {
  const issue_number = w.issue;
  switch (w.action) {
    case 'comment':
      if (await postOnce(client, ref, issue_number, w.body, w.marker, since)) result.commented.push(issue_number);
      return;
    case 'update':
      await client.octokit.rest.issues.update({ ...ref, issue_number, body: w.body });
      result.updated.push(issue_number);
      return;
    case 'reopen':
      await client.octokit.rest.issues.update({ ...ref, issue_number, state: 'open' });
      await postOnce(client, ref, issue_number, w.body, w.marker, since);
      result.reopened.push(issue_number);
      return;
    case 'close':
      await postOnce(client, ref, issue_number, w.body, w.marker, since);
      await client.octokit.rest.issues.update({ ...ref, issue_number, state: 'closed', state_reason: 'completed' });
      result.closed.push(issue_number);
      return;
  }
}

/**
 * Post a comment unless one with its marker is already there: a run stopped after commenting and
 * before writing its state must not comment twice when it runs again. Only comments since the
 * window started are read, so this costs one request.
 */
async function postOnce(client: GitHubClient, ref: RepoRef, issue_number: number, body: string, marker: string | null, since: string): Promise<boolean> {
  if (marker) {
    const res = await client.octokit.rest.issues.listComments({ ...ref, issue_number, since, per_page: 100 });
    if (res.data.some((c) => (c.body ?? '').includes(marker))) return false;
  }
  await client.octokit.rest.issues.createComment({ ...ref, issue_number, body });
  return true;
}

/** sub_issue_id is the issue's id, not its number: GitHub answers 422 to a number. */
async function linkSubIssue(client: GitHubClient, ref: RepoRef, parent: number, id: number): Promise<void> {
  await client.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', { ...ref, issue_number: parent, sub_issue_id: id });
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
