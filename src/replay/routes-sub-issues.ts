// Sub-issues: sub_issue_id is an issue *id* (a number that is only an issue number is refused),
// one parent per issue, at most 100 sub-issues per parent.
import {
  badRequest,
  bodyObject,
  json,
  notFound,
  validationFailed,
  type Router,
} from './http.js';
import { issueParam, subIssueError } from './issue-input.js';
import { paginate } from './listing.js';
import { MAX_SUB_ISSUES, type IssueStore } from './store.js';

export function registerSubIssueRoutes(router: Router, store: IssueStore): void {
  const R = '/repos/{owner}/{repo}';
  const I = `${R}/issues/{issue_number}`;

  // ---- sub-issues
  router.add('GET', `${I}/sub_issues`, (ctx) => {
    const issue = issueParam(store, ctx);
    if (!issue) return notFound();
    const page = paginate(store.subIssues(issue), ctx);
    return json(page.items.map((i) => store.issueObject(i)), 200, page.headers);
  });
  router.add('GET', `${I}/parent`, (ctx) => {
    const issue = issueParam(store, ctx);
    const parent = issue && store.parentOf(issue);
    return parent ? json(store.issueObject(parent)) : notFound();
  });
  router.add('POST', `${I}/sub_issues`, (ctx) => {
    const parent = issueParam(store, ctx);
    if (!parent) return notFound();
    const b = bodyObject(ctx);
    const subId = b['sub_issue_id'];
    if (typeof subId !== 'number' || !Number.isInteger(subId)) {
      return validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'sub_issue_id' }]);
    }
    const child = store.issueById(subId);
    if (!child) return subIssueError('The provided sub_issue_id is not the id of an issue in this repository');
    if (child.number === parent.number) return subIssueError('An issue cannot be a sub-issue of itself');
    if (parent.sub_issues.includes(child.number)) return subIssueError('Issue may not contain duplicate sub-issues');
    if (store.parentOf(child) && b['replace_parent'] !== true) return subIssueError('Sub-issue may only have one parent');
    if (store.isAncestor(child, parent)) return subIssueError('An issue cannot be a sub-issue of its own sub-issue');
    if (parent.sub_issues.length >= MAX_SUB_ISSUES) {
      return subIssueError(`Parent cannot have more than ${MAX_SUB_ISSUES} sub-issues`);
    }
    store.linkSubIssue(parent, child);
    return json(store.issueObject(parent), 201);
  });
  router.add('DELETE', `${I}/sub_issue`, (ctx) => {
    const parent = issueParam(store, ctx);
    if (!parent) return notFound();
    const subId = bodyObject(ctx)['sub_issue_id'];
    const child = typeof subId === 'number' ? store.issueById(subId) : undefined;
    if (!child || !parent.sub_issues.includes(child.number)) return notFound();
    store.unlinkSubIssue(parent, child);
    return json(store.issueObject(parent));
  });
  router.add('PATCH', `${I}/sub_issues/priority`, (ctx) => {
    const parent = issueParam(store, ctx);
    if (!parent) return notFound();
    const b = bodyObject(ctx);
    const numberOf = (id: unknown): number | undefined => (typeof id === 'number' ? store.issueById(id)?.number : undefined);
    const child = numberOf(b['sub_issue_id']);
    const after = numberOf(b['after_id']);
    const before = numberOf(b['before_id']);
    if (child === undefined || !parent.sub_issues.includes(child)) return subIssueError('The sub-issue is not a sub-issue of this issue');
    const anchor = after ?? before;
    if (anchor === undefined || !parent.sub_issues.includes(anchor) || anchor === child) {
      return badRequest('One of after_id or before_id must be the id of another sub-issue');
    }
    const rest = parent.sub_issues.filter((n) => n !== child);
    const at = rest.indexOf(anchor) + (after !== undefined ? 1 : 0);
    rest.splice(at, 0, child);
    parent.sub_issues = rest;
    return json(store.issueObject(parent));
  });
}
