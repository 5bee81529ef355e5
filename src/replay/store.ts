// Issues, comments, labels and sub-issues in memory, stamped with the clock (not the wall clock)
// so that replays are deterministic, and rendered as GitHub's REST objects.
import type { Issue, IssueComment, Label } from '../github/types.js';
import type { Clock } from './clock.js';
import { BOT_LOGIN, user, type SimpleUser, type Site } from './objects.js';
import {
  commentNodeId,
  DEFAULT_LABEL_COLOR,
  issueIdFor,
  issueNodeId,
  labelNodeId,
  type ReplayState,
  type StateComment,
  type StateIssue,
  type StateLabel,
} from './state.js';

export const MAX_SUB_ISSUES = 100;

export type ServedIssue = Issue & { node_id: string; user: SimpleUser | null; comments: number; [k: string]: unknown };
export type ServedComment = IssueComment & { node_id: string; [k: string]: unknown };
export type ServedLabel = Label & { node_id: string; url: string; default: boolean };

export class IssueStore {
  /** the author of everything written through the API */
  readonly author = BOT_LOGIN;

  constructor(
    private readonly data: ReplayState,
    private readonly clock: Clock,
    private readonly site: Site,
  ) {}

  snapshot(): ReplayState {
    return structuredClone(this.data);
  }

  // ---- labels -------------------------------------------------------------------------------

  labels(): StateLabel[] {
    return this.data.labels;
  }

  label(name: string): StateLabel | undefined {
    const key = name.toLowerCase();
    return this.data.labels.find((l) => l.name.toLowerCase() === key);
  }

  createLabel(name: string, color?: string, description?: string | null): StateLabel {
    const id = this.data.counters.label++;
    const label: StateLabel = {
      id,
      node_id: labelNodeId(id),
      name,
      color: (color ?? DEFAULT_LABEL_COLOR).replace(/^#/, ''),
      description: description ?? null,
      default: false,
    };
    this.data.labels.push(label);
    return label;
  }

  /** the label's stored name, creating it when unknown (like adding a label to an issue does) */
  ensureLabel(name: string): string {
    return (this.label(name) ?? this.createLabel(name)).name;
  }

  renameLabel(label: StateLabel, newName: string): void {
    const old = label.name.toLowerCase();
    for (const issue of this.data.issues) issue.labels = issue.labels.map((n) => (n.toLowerCase() === old ? newName : n));
    label.name = newName;
  }

  deleteLabel(label: StateLabel): void {
    const old = label.name.toLowerCase();
    for (const issue of this.data.issues) issue.labels = issue.labels.filter((n) => n.toLowerCase() !== old);
    this.data.labels = this.data.labels.filter((l) => l !== label);
  }

  labelObject(l: StateLabel): ServedLabel {
    return {
      id: l.id,
      node_id: l.node_id,
      url: `${this.site.api}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      color: l.color,
      default: l.default,
      description: l.description,
    };
  }

  // ---- issues -------------------------------------------------------------------------------

  private visible(issue: StateIssue): boolean {
    return !this.clock.after(issue.created_at);
  }

  /** issues that exist at the clock */
  issues(): StateIssue[] {
    return this.data.issues.filter((i) => this.visible(i));
  }

  issue(number: number): StateIssue | undefined {
    const issue = this.data.issues.find((i) => i.number === number);
    return issue && this.visible(issue) ? issue : undefined;
  }

  issueById(id: number): StateIssue | undefined {
    const issue = this.data.issues.find((i) => i.id === id);
    return issue && this.visible(issue) ? issue : undefined;
  }

  createIssue(input: { title: string; body: string | null; labels: string[]; assignees: string[] }): StateIssue {
    const number = Math.max(0, ...this.data.issues.map((i) => i.number)) + 1;
    const id = issueIdFor(number, new Set(this.data.issues.map((i) => i.id)));
    const now = this.clock.iso;
    const issue: StateIssue = {
      number,
      id,
      node_id: issueNodeId(id),
      title: input.title,
      body: input.body,
      state: 'open',
      state_reason: null,
      labels: dedupe(input.labels.map((n) => this.ensureLabel(n))),
      assignees: dedupe(input.assignees),
      user: this.author,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
      locked: false,
      comments: [],
      sub_issues: [],
      extra: {},
    };
    this.data.issues.push(issue);
    return issue;
  }

  /** apply an edit; `state_reason` follows GitHub (closing defaults to completed, reopening says reopened) */
  updateIssue(
    issue: StateIssue,
    edit: { title?: string; body?: string | null; state?: 'open' | 'closed'; state_reason?: string | null; labels?: string[]; assignees?: string[] },
  ): void {
    const now = this.clock.iso;
    if (edit.title !== undefined) issue.title = edit.title;
    if (edit.body !== undefined) issue.body = edit.body;
    if (edit.labels !== undefined) issue.labels = dedupe(edit.labels.map((n) => this.ensureLabel(n)));
    if (edit.assignees !== undefined) issue.assignees = dedupe(edit.assignees);
    if (edit.state === 'closed' && issue.state !== 'closed') {
      issue.state = 'closed';
      issue.closed_at = now;
      issue.closed_by = this.author;
      issue.state_reason = edit.state_reason ?? 'completed';
    } else if (edit.state === 'open' && issue.state !== 'open') {
      issue.state = 'open';
      issue.closed_at = null;
      issue.closed_by = null;
      issue.state_reason = 'reopened';
    } else if (edit.state_reason !== undefined) {
      issue.state_reason = edit.state_reason;
    }
    issue.updated_at = now;
  }

  touch(issue: StateIssue): void {
    issue.updated_at = this.clock.iso;
  }

  // ---- comments -----------------------------------------------------------------------------

  comments(issue: StateIssue): StateComment[] {
    return issue.comments.filter((c) => !this.clock.after(c.created_at));
  }

  comment(id: number): { issue: StateIssue; comment: StateComment } | undefined {
    for (const issue of this.issues()) {
      const comment = this.comments(issue).find((c) => c.id === id);
      if (comment) return { issue, comment };
    }
    return undefined;
  }

  addComment(issue: StateIssue, body: string): StateComment {
    const id = this.data.counters.comment++;
    const now = this.clock.iso;
    const comment: StateComment = { id, node_id: commentNodeId(id), body, user: this.author, created_at: now, updated_at: now };
    issue.comments.push(comment);
    issue.updated_at = now;
    return comment;
  }

  editComment(comment: StateComment, body: string): void {
    comment.body = body;
    comment.updated_at = this.clock.iso;
  }

  deleteComment(issue: StateIssue, comment: StateComment): void {
    issue.comments = issue.comments.filter((c) => c !== comment);
  }

  // ---- sub-issues ---------------------------------------------------------------------------

  subIssues(parent: StateIssue): StateIssue[] {
    return parent.sub_issues.map((n) => this.issue(n)).filter((i): i is StateIssue => i !== undefined);
  }

  parentOf(child: StateIssue): StateIssue | undefined {
    return this.issues().find((p) => p.sub_issues.includes(child.number));
  }

  /** true when `maybeAncestor` is `issue` or one of its parents, grandparents, … */
  isAncestor(maybeAncestor: StateIssue, issue: StateIssue): boolean {
    const seen = new Set<number>();
    for (let cur: StateIssue | undefined = issue; cur && !seen.has(cur.number); cur = this.parentOf(cur)) {
      if (cur.number === maybeAncestor.number) return true;
      seen.add(cur.number);
    }
    return false;
  }

  linkSubIssue(parent: StateIssue, child: StateIssue): void {
    const old = this.parentOf(child);
    if (old) old.sub_issues = old.sub_issues.filter((n) => n !== child.number);
    parent.sub_issues.push(child.number);
  }

  unlinkSubIssue(parent: StateIssue, child: StateIssue): void {
    parent.sub_issues = parent.sub_issues.filter((n) => n !== child.number);
  }

  // ---- rendering ----------------------------------------------------------------------------

  issueObject(issue: StateIssue): ServedIssue {
    const { site } = this;
    const url = `${site.api}/issues/${issue.number}`;
    const isPull = issue.extra['pull_request'] !== undefined;
    const subs = this.subIssues(issue);
    const completed = subs.filter((s) => s.state === 'closed').length;
    const parent = this.parentOf(issue);
    const labels = issue.labels.map((n) => this.label(n)).filter((l): l is StateLabel => l !== undefined);
    const assignees = issue.assignees.map((login) => user(site, login));
    return {
      milestone: null,
      active_lock_reason: null,
      performed_via_github_app: null,
      author_association: issue.user === this.author ? 'NONE' : 'MEMBER',
      reactions: emptyReactions(`${url}/reactions`),
      ...issue.extra,
      url,
      repository_url: site.api,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      timeline_url: `${url}/timeline`,
      html_url: `${site.html}/${isPull ? 'pull' : 'issues'}/${issue.number}`,
      id: issue.id,
      node_id: issue.node_id,
      number: issue.number,
      title: issue.title,
      user: user(site, issue.user),
      labels: labels.map((l) => this.labelObject(l)),
      state: issue.state,
      state_reason: issue.state_reason as Issue['state_reason'],
      locked: issue.locked,
      assignee: assignees[0] ?? null,
      assignees,
      comments: this.comments(issue).length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      closed_by: issue.closed_by ? user(site, issue.closed_by) : null,
      body: issue.body,
      sub_issues_summary: {
        total: subs.length,
        completed,
        percent_completed: subs.length ? Math.floor((completed * 100) / subs.length) : 0,
      },
      parent_issue_url: parent ? `${site.api}/issues/${parent.number}` : null,
    };
  }

  commentObject(issue: StateIssue, c: StateComment): ServedComment {
    const { site } = this;
    return {
      id: c.id,
      node_id: c.node_id,
      url: `${site.api}/issues/comments/${c.id}`,
      html_url: `${site.html}/issues/${issue.number}#issuecomment-${c.id}`,
      issue_url: `${site.api}/issues/${issue.number}`,
      body: c.body,
      user: user(site, c.user),
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: c.user === this.author ? 'NONE' : 'MEMBER',
      performed_via_github_app: null,
      reactions: emptyReactions(`${site.api}/issues/comments/${c.id}/reactions`),
    };
  }
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const k = n.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function emptyReactions(url: string): Record<string, unknown> {
  return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}
