// Reading the bodies of issue, comment and label writes the way GitHub validates them (422s for
// bodies over 65,536 characters, a missing title, malformed labels, …).
import { intParam, validationFailed, type Ctx, type Reply } from './http.js';
import type { StateIssue } from './state.js';
import type { IssueStore } from './store.js';

export const MAX_BODY_CHARS = 65_536;
export const MAX_TITLE_CHARS = 256;
const STATE_REASONS = ['completed', 'not_planned', 'reopened', 'duplicate'];

/** characters as GitHub counts them (code points) */
export function charCount(text: string): number {
  if (text.length <= MAX_BODY_CHARS) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function bodyTooLong(resource: string, body: unknown): Reply | undefined {
  if (typeof body === 'string' && charCount(body) > MAX_BODY_CHARS) {
    return validationFailed([
      { resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY_CHARS} characters)` },
    ]);
  }
  return undefined;
}

/** label names from `["a", {name: "b"}]`; undefined when malformed */
export function labelNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const v of value) {
    if (typeof v === 'string' && v.trim()) out.push(v.trim());
    else if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') out.push((v as { name: string }).name);
    else return undefined;
  }
  return out;
}

function logins(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value as string[];
}

export function invalid(resource: string, field: string, value?: unknown): Reply {
  return validationFailed([{ resource, code: 'invalid', field, ...(value === undefined ? {} : { value }) }]);
}

export function subIssueError(message: string): Reply {
  return validationFailed([{ resource: 'Issue', code: 'custom', field: 'sub_issue_id', message }]);
}

export function issueParam(store: IssueStore, ctx: Ctx): StateIssue | undefined {
  const n = intParam(ctx.params['issue_number']);
  return n === undefined ? undefined : store.issue(n);
}

export type IssueEdit = Parameters<IssueStore['updateIssue']>[1];

/** the issue edit in a POST/PATCH body, or a 422 */
export function readIssueEdit(b: Record<string, unknown>, creating: boolean): { edit: IssueEdit } | { reply: Reply } {
  const r = readIssueEditOrReply(b, creating);
  return 'status' in r && typeof r.status === 'number' ? { reply: r as Reply } : { edit: r as IssueEdit };
}

function readIssueEditOrReply(b: Record<string, unknown>, creating: boolean): IssueEdit | Reply {
  const edit: IssueEdit = {};
  if (b['title'] !== undefined || creating) {
    const title = typeof b['title'] === 'number' ? String(b['title']) : b['title'];
    if (typeof title !== 'string' || !title.trim()) {
      return validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    }
    if (charCount(title) > MAX_TITLE_CHARS) {
      return validationFailed([
        { resource: 'Issue', code: 'custom', field: 'title', message: `title is too long (maximum is ${MAX_TITLE_CHARS} characters)` },
      ]);
    }
    edit.title = title;
  }
  if (b['body'] !== undefined) {
    if (b['body'] !== null && typeof b['body'] !== 'string') return invalid('Issue', 'body');
    const tooLong = bodyTooLong('Issue', b['body']);
    if (tooLong) return tooLong;
    edit.body = b['body'] as string | null;
  }
  if (b['labels'] !== undefined) {
    const names = labelNames(b['labels']);
    if (!names) return invalid('Issue', 'labels');
    edit.labels = names;
  }
  if (b['assignees'] !== undefined || b['assignee'] !== undefined) {
    const list = b['assignees'] !== undefined ? logins(b['assignees']) : b['assignee'] === null ? [] : logins([b['assignee']]);
    if (!list) return invalid('Issue', 'assignees');
    edit.assignees = list;
  }
  if (!creating && b['state'] !== undefined) {
    if (b['state'] !== 'open' && b['state'] !== 'closed') return invalid('Issue', 'state', b['state']);
    edit.state = b['state'];
  }
  if (!creating && b['state_reason'] !== undefined) {
    const r = b['state_reason'];
    if (r !== null && (typeof r !== 'string' || !STATE_REASONS.includes(r))) return invalid('Issue', 'state_reason', r);
    edit.state_reason = r;
  }
  return edit;
}
