// Issues and their comments over HTTP, stamped with the clock, with GitHub's validation answers.
import {
  bodyObject,
  intParam,
  json,
  noContent,
  notFound,
  validationFailed,
  type Ctx,
  type Reply,
  type Router,
} from './http.js';
import { bodyTooLong, invalid, issueParam, readIssueEdit } from './issue-input.js';
import { paginate } from './listing.js';
import type { StateIssue } from './state.js';
import type { IssueStore } from './store.js';

function listIssues(ctx: Ctx, store: IssueStore): Reply {
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) return invalid('Issue', 'state', state);
  const wanted = (q.get('labels') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const creator = q.get('creator')?.toLowerCase();
  const assignee = q.get('assignee');
  const since = q.get('since') ? Date.parse(q.get('since')!) : NaN;
  const sort = q.get('sort') ?? 'created';
  const direction = q.get('direction') ?? 'desc';
  let list = store.issues().filter((i) => state === 'all' || i.state === state);
  if (wanted.length) list = list.filter((i) => wanted.every((w) => i.labels.some((n) => n.toLowerCase() === w)));
  if (creator) list = list.filter((i) => i.user.toLowerCase() === creator);
  if (assignee === 'none') list = list.filter((i) => i.assignees.length === 0);
  else if (assignee === '*') list = list.filter((i) => i.assignees.length > 0);
  else if (assignee) list = list.filter((i) => i.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase()));
  if (!Number.isNaN(since)) list = list.filter((i) => Date.parse(i.updated_at) >= since);
  const key = (i: StateIssue): number =>
    sort === 'updated' ? Date.parse(i.updated_at) : sort === 'comments' ? store.comments(i).length : Date.parse(i.created_at);
  const sign = direction === 'asc' ? 1 : -1;
  list = [...list].sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
  const page = paginate(list, ctx);
  return json(page.items.map((i) => store.issueObject(i)), 200, page.headers);
}
export function registerIssueRoutes(router: Router, store: IssueStore): void {
  const R = '/repos/{owner}/{repo}';
  const I = `${R}/issues/{issue_number}`;

  // ---- issues
  router.add('GET', `${R}/issues`, (ctx) => listIssues(ctx, store));
  router.add('POST', `${R}/issues`, (ctx) => {
    const read = readIssueEdit(bodyObject(ctx), true);
    if ('reply' in read) return read.reply;
    const { edit } = read;
    const issue = store.createIssue({
      title: edit.title!,
      body: edit.body ?? null,
      labels: edit.labels ?? [],
      assignees: edit.assignees ?? [],
    });
    return json(store.issueObject(issue), 201, { location: `${ctx.base}/repos/${ctx.params['owner']}/${ctx.params['repo']}/issues/${issue.number}` });
  });
  router.add('GET', I, (ctx) => {
    const issue = issueParam(store, ctx);
    return issue ? json(store.issueObject(issue)) : notFound();
  });
  router.add('PATCH', I, (ctx) => {
    const issue = issueParam(store, ctx);
    if (!issue) return notFound();
    const read = readIssueEdit(bodyObject(ctx), false);
    if ('reply' in read) return read.reply;
    store.updateIssue(issue, read.edit);
    return json(store.issueObject(issue));
  });
  // ---- comments
  router.add('GET', `${R}/issues/comments`, (ctx) => {
    const all = store.issues().flatMap((issue) => store.comments(issue).map((comment) => ({ issue, comment })));
    const since = ctx.query.get('since') ? Date.parse(ctx.query.get('since')!) : NaN;
    const sign = ctx.query.get('direction') === 'desc' ? -1 : 1;
    const key = ctx.query.get('sort') === 'updated' ? 'updated_at' : 'created_at';
    const list = all
      .filter((x) => Number.isNaN(since) || Date.parse(x.comment.updated_at) >= since)
      .sort((a, b) => sign * (Date.parse(a.comment[key]) - Date.parse(b.comment[key]) || a.comment.id - b.comment.id));
    const page = paginate(list, ctx);
    return json(page.items.map((x) => store.commentObject(x.issue, x.comment)), 200, page.headers);
  });
  router.add('GET', `${I}/comments`, (ctx) => {
    const issue = issueParam(store, ctx);
    if (!issue) return notFound();
    const since = ctx.query.get('since') ? Date.parse(ctx.query.get('since')!) : NaN;
    const list = store.comments(issue).filter((c) => Number.isNaN(since) || Date.parse(c.updated_at) >= since);
    const page = paginate(list, ctx);
    return json(page.items.map((c) => store.commentObject(issue, c)), 200, page.headers);
  });
  router.add('POST', `${I}/comments`, (ctx) => {
    const issue = issueParam(store, ctx);
    if (!issue) return notFound();
    const body = bodyObject(ctx)['body'];
    if (typeof body !== 'string' || !body) return validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    const tooLong = bodyTooLong('IssueComment', body);
    if (tooLong) return tooLong;
    const c = store.addComment(issue, body);
    return json(store.commentObject(issue, c), 201, { location: `${ctx.base}${ctx.path.replace(/\/issues\/\d+\/comments\/?$/, '')}/issues/comments/${c.id}` });
  });
  router.add('GET', `${R}/issues/comments/{comment_id}`, (ctx) => {
    const found = store.comment(intParam(ctx.params['comment_id']) ?? -1);
    return found ? json(store.commentObject(found.issue, found.comment)) : notFound();
  });
  router.add('PATCH', `${R}/issues/comments/{comment_id}`, (ctx) => {
    const found = store.comment(intParam(ctx.params['comment_id']) ?? -1);
    if (!found) return notFound();
    const body = bodyObject(ctx)['body'];
    if (typeof body !== 'string' || !body) return validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    const tooLong = bodyTooLong('IssueComment', body);
    if (tooLong) return tooLong;
    store.editComment(found.comment, body);
    return json(store.commentObject(found.issue, found.comment));
  });
  router.add('DELETE', `${R}/issues/comments/{comment_id}`, (ctx) => {
    const found = store.comment(intParam(ctx.params['comment_id']) ?? -1);
    if (!found) return notFound();
    store.deleteComment(found.issue, found.comment);
    return noContent();
  });
}
