// Repository labels and the labels of an issue (unknown labels are created, like GitHub does).
import {
  bodyObject,
  json,
  noContent,
  notFound,
  validationFailed,
  type Reply,
  type Router,
} from './http.js';
import { invalid, issueParam, labelNames } from './issue-input.js';
import { paginate } from './listing.js';
import type { StateIssue } from './state.js';
import type { IssueStore } from './store.js';

export function registerLabelRoutes(router: Router, store: IssueStore): void {
  const R = '/repos/{owner}/{repo}';
  const I = `${R}/issues/{issue_number}`;

  // ---- labels
  router.add('GET', `${R}/labels`, (ctx) => {
    const page = paginate(store.labels(), ctx);
    return json(page.items.map((l) => store.labelObject(l)), 200, page.headers);
  });
  router.add('GET', `${R}/labels/{name}`, (ctx) => {
    const l = store.label(ctx.params['name']!);
    return l ? json(store.labelObject(l)) : notFound();
  });
  router.add('POST', `${R}/labels`, (ctx) => {
    const b = bodyObject(ctx);
    if (typeof b['name'] !== 'string' || !b['name'].trim()) {
      return validationFailed([{ resource: 'Label', code: 'missing_field', field: 'name' }]);
    }
    if (store.label(b['name'])) return validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    const color = typeof b['color'] === 'string' ? b['color'] : undefined;
    if (color !== undefined && !/^#?[0-9a-fA-F]{6}$/.test(color)) return invalid('Label', 'color', color);
    const desc = typeof b['description'] === 'string' ? b['description'] : null;
    return json(store.labelObject(store.createLabel(b['name'].trim(), color, desc)), 201);
  });
  router.add('PATCH', `${R}/labels/{name}`, (ctx) => {
    const l = store.label(ctx.params['name']!);
    if (!l) return notFound();
    const b = bodyObject(ctx);
    const newName = b['new_name'];
    if (typeof newName === 'string' && newName.trim() && newName.toLowerCase() !== l.name.toLowerCase()) {
      if (store.label(newName)) return validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
      store.renameLabel(l, newName.trim());
    } else if (typeof newName === 'string' && newName.trim()) store.renameLabel(l, newName.trim());
    if (typeof b['color'] === 'string') l.color = b['color'].replace(/^#/, '');
    if (b['description'] !== undefined) l.description = typeof b['description'] === 'string' ? b['description'] : null;
    return json(store.labelObject(l));
  });
  router.add('DELETE', `${R}/labels/{name}`, (ctx) => {
    const l = store.label(ctx.params['name']!);
    if (!l) return notFound();
    store.deleteLabel(l);
    return noContent();
  });
  // ---- labels of an issue
  const issueLabels = (issue: StateIssue): Reply => json(store.issueObject(issue).labels);
  router.add('GET', `${I}/labels`, (ctx) => {
    const issue = issueParam(store, ctx);
    return issue ? issueLabels(issue) : notFound();
  });
  for (const method of ['POST', 'PUT']) {
    router.add(method, `${I}/labels`, (ctx) => {
      const issue = issueParam(store, ctx);
      if (!issue) return notFound();
      const names = labelNames(Array.isArray(ctx.body) ? ctx.body : bodyObject(ctx)['labels']);
      if (!names) return invalid('Label', 'labels');
      const next = method === 'POST' ? [...issue.labels, ...names] : names;
      store.updateIssue(issue, { labels: next });
      return issueLabels(issue);
    });
  }
  router.add('DELETE', `${I}/labels`, (ctx) => {
    const issue = issueParam(store, ctx);
    if (!issue) return notFound();
    store.updateIssue(issue, { labels: [] });
    return noContent();
  });
  router.add('DELETE', `${I}/labels/{name}`, (ctx) => {
    const issue = issueParam(store, ctx);
    const name = ctx.params['name']!.toLowerCase();
    if (!issue || !issue.labels.some((n) => n.toLowerCase() === name)) return notFound();
    store.updateIssue(issue, { labels: issue.labels.filter((n) => n.toLowerCase() !== name) });
    return issueLabels(issue);
  });
}
