import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, startScenario, type Harness, type ScenarioSpec } from './test-support.js';

const spec: ScenarioSpec = {
  labels: [
    { name: 'ci-failure', color: 'd73a4a', description: 'CI failures' },
    { name: 'Report', color: '0e8a16' },
  ],
  issues: [
    {
      number: 10,
      title: 'CI failure report',
      body: 'report body',
      labels: ['ci-failure', 'Report'],
      created_at: '2026-04-20T06:00:00Z',
      comments: [{ body: 'first comment', user: { login: 'octocat' }, created_at: '2026-04-20T07:00:00Z' }],
      sub_issues: [11],
    },
    { number: 11, title: 'Codex 401 loop', labels: [{ name: 'ci-failure' }], created_at: '2026-04-21T06:00:00Z' },
    { number: 12, title: 'Old problem', state: 'closed', labels: ['ci-failure'], created_at: '2026-04-19T06:00:00Z' },
    { number: 13, title: 'Opened tomorrow', created_at: '2026-04-23T06:00:00Z' },
  ],
};

let h: Harness;
beforeEach(async () => {
  h = await startScenario(spec);
});
afterEach(() => h.close());

describe('issues', () => {
  it('loads scenario issues with ids that are not their numbers, hiding those opened after the clock', async () => {
    const { data } = await h.octokit.rest.issues.get({ ...REPO, issue_number: 10 });
    expect(data.id).not.toBe(10);
    expect(data.node_id).toBeTruthy();
    expect(data.comments).toBe(1);
    expect(data.html_url).toBe('https://github.com/acme/widgets/issues/10');
    expect(data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['ci-failure', 'Report']);
    expect(data.sub_issues_summary).toEqual({ total: 1, completed: 0, percent_completed: 0 });
    await expect(h.octokit.rest.issues.get({ ...REPO, issue_number: 13 })).rejects.toMatchObject({ status: 404 });
  });

  it('creates an issue numbered after the highest, stamped with the clock, creating unknown labels', async () => {
    const { status, data } = await h.octokit.rest.issues.create({ ...REPO, title: 'New problem', body: 'details', labels: ['ci-failure', 'p0'] });
    expect(status).toBe(201);
    expect(data.number).toBe(14);
    expect(data.id).not.toBe(14);
    expect(data.created_at).toBe('2026-04-22T19:14:00Z');
    expect(data.user?.login).toBe('github-actions[bot]');
    const p0 = await h.octokit.rest.issues.getLabel({ ...REPO, name: 'P0' });
    expect(p0.data).toMatchObject({ name: 'p0', color: 'ededed' });
    await expect(h.octokit.rest.issues.create({ ...REPO, title: '' })).rejects.toMatchObject({ status: 422 });
  });

  it('lists by state and by all of the given labels, newest first, with pagination', async () => {
    const open = await h.octokit.rest.issues.listForRepo({ ...REPO });
    expect(open.data.map((i) => i.number)).toEqual([11, 10]);
    const report = await h.octokit.rest.issues.listForRepo({ ...REPO, labels: 'ci-failure,report', state: 'all' });
    expect(report.data.map((i) => i.number)).toEqual([10]);
    const all = await h.octokit.rest.issues.listForRepo({ ...REPO, labels: 'ci-failure', state: 'all', direction: 'asc' });
    expect(all.data.map((i) => i.number)).toEqual([12, 10, 11]);
    const closed = await h.octokit.rest.issues.listForRepo({ ...REPO, state: 'closed' });
    expect(closed.data.map((i) => [i.number, i.state_reason])).toEqual([[12, 'completed']]);
    const paged = await h.octokit.paginate(h.octokit.rest.issues.listForRepo, { ...REPO, state: 'all', per_page: 1 });
    expect(paged.map((i) => i.number)).toEqual([11, 10, 12]);
  });

  it('updates title, body, labels and state with the clock\'s stamps', async () => {
    const closed = await h.octokit.rest.issues.update({ ...REPO, issue_number: 11, state: 'closed', state_reason: 'not_planned', title: 'Codex 401 loop (fixed)' });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_at: '2026-04-22T19:14:00Z', title: 'Codex 401 loop (fixed)' });
    const parent = await h.octokit.rest.issues.get({ ...REPO, issue_number: 10 });
    expect(parent.data.sub_issues_summary).toEqual({ total: 1, completed: 1, percent_completed: 100 });
    const reopened = await h.octokit.rest.issues.update({ ...REPO, issue_number: 11, state: 'open', labels: ['new-label'] });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    expect(reopened.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['new-label']);
    const added = await h.octokit.rest.issues.addLabels({ ...REPO, issue_number: 11, labels: ['ci-failure', 'NEW-LABEL'] });
    expect(added.data.map((l) => l.name)).toEqual(['new-label', 'ci-failure']);
  });

  it('refuses bodies over 65,536 characters with GitHub\'s validation error', async () => {
    const long = 'x'.repeat(65_537);
    const res = await fetch(`${h.server.url}/repos/acme/widgets/issues`, { method: 'POST', body: JSON.stringify({ title: 't', body: long }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
    });
    await expect(h.octokit.rest.issues.update({ ...REPO, issue_number: 10, body: long })).rejects.toMatchObject({ status: 422 });
    await expect(h.octokit.rest.issues.createComment({ ...REPO, issue_number: 10, body: long })).rejects.toMatchObject({ status: 422 });
    const ok = await h.octokit.rest.issues.update({ ...REPO, issue_number: 10, body: 'y'.repeat(65_536) });
    expect(ok.data.body).toHaveLength(65_536);
  });
});

describe('comments and labels', () => {
  it('creates, lists, edits and deletes comments with their own ids', async () => {
    const created = await h.octokit.rest.issues.createComment({ ...REPO, issue_number: 10, body: 'window 2' });
    expect(created.status).toBe(201);
    const issue = await h.octokit.rest.issues.get({ ...REPO, issue_number: 10 });
    expect(created.data.id).not.toBe(issue.data.id);
    expect(created.data.created_at).toBe('2026-04-22T19:14:00Z');
    expect(created.data.html_url).toBe(`https://github.com/acme/widgets/issues/10#issuecomment-${created.data.id}`);
    const list = await h.octokit.rest.issues.listComments({ ...REPO, issue_number: 10 });
    expect(list.data.map((c) => c.body)).toEqual(['first comment', 'window 2']);
    const edited = await h.octokit.rest.issues.updateComment({ ...REPO, comment_id: created.data.id, body: 'window 2, edited' });
    expect(edited.data.body).toBe('window 2, edited');
    const got = await h.octokit.rest.issues.getComment({ ...REPO, comment_id: created.data.id });
    expect(got.data.body).toBe('window 2, edited');
    await h.octokit.rest.issues.deleteComment({ ...REPO, comment_id: created.data.id });
    await expect(h.octokit.rest.issues.getComment({ ...REPO, comment_id: created.data.id })).rejects.toMatchObject({ status: 404 });
  });

  it('serves labels case-insensitively and refuses a duplicate', async () => {
    const list = await h.octokit.rest.issues.listLabelsForRepo({ ...REPO });
    expect(list.data.map((l) => l.name)).toEqual(['ci-failure', 'Report']);
    const one = await h.octokit.rest.issues.getLabel({ ...REPO, name: 'report' });
    expect(one.data).toMatchObject({ name: 'Report', color: '0e8a16' });
    await expect(h.octokit.rest.issues.getLabel({ ...REPO, name: 'nope' })).rejects.toMatchObject({ status: 404 });
    const created = await h.octokit.rest.issues.createLabel({ ...REPO, name: 'flaky', color: 'fbca04' });
    expect(created.status).toBe(201);
    await expect(h.octokit.rest.issues.createLabel({ ...REPO, name: 'FLAKY' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ code: 'already_exists' }] } },
    });
  });
});

describe('sub-issues', () => {
  it('takes an issue id, not its number', async () => {
    const child = await h.octokit.rest.issues.create({ ...REPO, title: 'child' });
    const byNumber = await fetch(`${h.server.url}/repos/acme/widgets/issues/10/sub_issues`, {
      method: 'POST',
      body: JSON.stringify({ sub_issue_id: child.data.number }),
    });
    expect(byNumber.status).toBe(422);
    const err = (await byNumber.json()) as { message: string; errors: Array<{ field: string }> };
    expect(err.message).toBe('Validation Failed');
    expect(err.errors[0]!.field).toBe('sub_issue_id');
    const byId = await h.octokit.rest.issues.addSubIssue({ ...REPO, issue_number: 10, sub_issue_id: child.data.id });
    expect(byId.status).toBe(201);
    expect(byId.data.number).toBe(10);
    expect(byId.data.sub_issues_summary?.total).toBe(2);
    const subs = await h.octokit.rest.issues.listSubIssues({ ...REPO, issue_number: 10 });
    expect(subs.data.map((i) => i.number)).toEqual([11, child.data.number]);
    const parent = await h.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/parent', { ...REPO, issue_number: child.data.number });
    expect((parent.data as { number: number }).number).toBe(10);
  });

  it('allows one parent unless replace_parent, and removes', async () => {
    const other = await h.octokit.rest.issues.create({ ...REPO, title: 'other parent' });
    const eleven = await h.octokit.rest.issues.get({ ...REPO, issue_number: 11 });
    await expect(h.octokit.rest.issues.addSubIssue({ ...REPO, issue_number: other.data.number, sub_issue_id: eleven.data.id })).rejects.toMatchObject({ status: 422 });
    await h.octokit.rest.issues.addSubIssue({ ...REPO, issue_number: other.data.number, sub_issue_id: eleven.data.id, replace_parent: true });
    const ten = await h.octokit.rest.issues.listSubIssues({ ...REPO, issue_number: 10 });
    expect(ten.data).toEqual([]);
    await h.octokit.rest.issues.removeSubIssue({ ...REPO, issue_number: other.data.number, sub_issue_id: eleven.data.id });
    await expect(
      h.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/parent', { ...REPO, issue_number: 11 }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('caps a parent at 100 sub-issues', async () => {
    const parent = await h.octokit.rest.issues.create({ ...REPO, title: 'big parent' });
    for (let i = 0; i < 100; i++) {
      const child = await h.octokit.rest.issues.create({ ...REPO, title: `child ${i}` });
      await h.octokit.rest.issues.addSubIssue({ ...REPO, issue_number: parent.data.number, sub_issue_id: child.data.id });
    }
    const extra = await h.octokit.rest.issues.create({ ...REPO, title: 'one too many' });
    await expect(
      h.octokit.rest.issues.addSubIssue({ ...REPO, issue_number: parent.data.number, sub_issue_id: extra.data.id }),
    ).rejects.toMatchObject({ status: 422 });
    const all = await h.octokit.paginate(h.octokit.rest.issues.listSubIssues, { ...REPO, issue_number: parent.data.number, per_page: 100 });
    expect(all).toHaveLength(100);
  });
});
