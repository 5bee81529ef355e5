// The issue side: find the rolling report issue and the issues that track a cluster, and carry out
// the planned writes. Issues are found by label and hidden marker through the issues listing,
// never through search, whose index lags behind writes by minutes.
import type { PlannedWrite } from '../plan/index.js';
import { REPORT_MARKER } from '../render/body.js';
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

/**
 * Open issues that carry our cluster marker (ours or a person's copy of it), by fingerprint.
 * Reads the most recently updated open issues only: the marker lives in recent issues.
 */
export async function findTrackingIssues(client: GitHubClient, ref: RepoRef, exclude: number | null): Promise<Map<string, number[]>> {
  const byFp = new Map<string, number[]>();
  for (let page = 1; page <= TRACKING_PAGES; page++) {
    const res = await client.octokit.rest.issues.listForRepo({ ...ref, state: 'open', sort: 'updated', direction: 'desc', per_page: 100, page });
    for (const issue of res.data as Issue[]) {
      if (issue.pull_request || issue.number === exclude) continue;
      for (const m of (issue.body ?? '').matchAll(CLUSTER_MARKER_RE)) {
        const list = byFp.get(m[1]!) ?? [];
        if (!list.includes(issue.number)) list.push(issue.number);
        byFp.set(m[1]!, list);
      }
    }
    if (res.data.length < 100) break;
  }
  for (const list of byFp.values()) list.sort((a, b) => a - b);
  return byFp;
}

export interface PublishResult {
  report: number | null;
  created: number[];
  updated: number[];
}

/** Carry out the plan in order. A failure stops here: what was done is returned in the error. */
export async function publish(client: GitHubClient, ref: RepoRef, writes: PlannedWrite[]): Promise<PublishResult> {
  const result: PublishResult = { report: null, created: [], updated: [] };
  try {
    for (const w of writes) {
      if (w.action === 'create') {
        for (const label of w.labels) await ensureLabel(client, ref, label);
        const res = await client.octokit.rest.issues.create({ ...ref, title: w.title, body: w.body, labels: w.labels });
        result.created.push(res.data.number);
        result.report = res.data.number;
      } else {
        await client.octokit.rest.issues.update({ ...ref, issue_number: w.issue, body: w.body });
        result.updated.push(w.issue);
        result.report = w.issue;
      }
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

async function ensureLabel(client: GitHubClient, ref: RepoRef, name: string): Promise<void> {
  try {
    await client.octokit.rest.issues.getLabel({ ...ref, name });
    return;
  } catch (e) {
    if (httpStatus(e) !== 404) throw e;
  }
  try {
    await client.octokit.rest.issues.createLabel({ ...ref, name, color: LABEL_COLOR, description: 'Rolling CI failure report by ci-failure-investigator' });
  } catch (e) {
    // Another run created it between our read and our write.
    if (httpStatus(e) !== 422) throw e;
  }
}
