import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplayServer } from './server.js';
import { makeRun, NOW, REPO, removeDir, startScenario, tempDir, type Harness, type ScenarioSpec } from './test-support.js';

const base: ScenarioSpec = {
  runs: [{ run: makeRun(1, '2026-04-22T10:00:00Z') }],
  issues: [{ number: 5, title: 'existing', created_at: '2026-04-20T00:00:00Z' }],
};

const open: Harness[] = [];
async function start(spec: ScenarioSpec, opts: Parameters<typeof startScenario>[1] = {}): Promise<Harness> {
  const h = await startScenario(spec, opts);
  open.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

describe('faults', () => {
  it('answers the first POST with a secondary rate limit, then the real route', async () => {
    const h = await start({
      ...base,
      yml: {
        repo: 'acme/widgets',
        now: NOW,
        faults: [{ path: '/repos/*/*/issues', method: 'POST', status: 403, times: 1, headers: { 'retry-after': 1 } }],
      },
    });
    const first = await fetch(`${h.server.url}/repos/acme/widgets/issues`, { method: 'POST', body: JSON.stringify({ title: 'x' }) });
    expect(first.status).toBe(403);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(((await first.json()) as { message: string }).message).toBe(
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    );
    const list = await h.octokit.rest.issues.listForRepo({ ...REPO });
    expect(list.status).toBe(200);
    const second = await h.octokit.rest.issues.create({ ...REPO, title: 'x' });
    expect(second.status).toBe(201);
    expect(h.server.requestCount()).toBe(3);
  });

  it('uses faults given in the options instead of the scenario\'s; * does not cross /', async () => {
    const h = await start(
      { ...base, yml: { repo: 'acme/widgets', now: NOW, faults: [{ path: '/repos/**', status: 500 }] } },
      { faults: [{ path: '/repos/*/*/actions/runs', status: 403, headers: { 'x-ratelimit-remaining': '0' } }] },
    );
    await expect(h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'API rate limit exceeded' }, headers: { 'x-ratelimit-remaining': '0' } },
    });
    // always (no times): a second time too
    await expect(h.octokit.rest.actions.listWorkflowRunsForRepo({ ...REPO })).rejects.toMatchObject({ status: 403 });
    // the glob does not reach a deeper path, and the scenario's 500 was replaced
    const run = await h.octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: 1 });
    expect(run.status).toBe(200);
  });

  it('sends a given body and counts fault answers', async () => {
    const h = await start(base, { faults: [{ path: '/repos/acme/widgets', status: 502, times: 2, body: { message: 'Server Error' } }] });
    const a = await fetch(`${h.server.url}/repos/acme/widgets`);
    expect(a.status).toBe(502);
    expect(await a.json()).toEqual({ message: 'Server Error' });
    await fetch(`${h.server.url}/repos/acme/widgets`);
    const c = await fetch(`${h.server.url}/repos/acme/widgets`);
    expect(c.status).toBe(200);
    expect(h.server.requestCount()).toBe(3);
  });
});

describe('HTTP like GitHub', () => {
  it('sends rate-limit headers that count down with each request, whatever the token', async () => {
    const h = await start(base);
    const a = await fetch(`${h.server.url}/repos/acme/widgets`);
    const b = await fetch(`${h.server.url}/repos/acme/widgets`, { headers: { authorization: 'token anything' } });
    expect(a.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(b.headers.get('x-ratelimit-remaining')).toBe('4998');
    expect(b.headers.get('x-ratelimit-used')).toBe('2');
    expect(b.headers.get('x-ratelimit-resource')).toBe('core');
    expect(b.headers.get('x-ratelimit-reset')).toBe(String(Date.parse(NOW) / 1000 + 3600));
    expect(b.headers.get('x-github-request-id')).toBeTruthy();
    expect(b.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('404s an unknown route with a documentation_url, 400s invalid JSON', async () => {
    const h = await start(base);
    const missing = await fetch(`${h.server.url}/repos/acme/widgets/nothing/here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ message: 'Not Found', documentation_url: expect.any(String) });
    const bad = await fetch(`${h.server.url}/repos/acme/widgets/issues`, { method: 'POST', body: '{"title": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe('Problems parsing JSON');
  });
});

describe('state file', () => {
  it('saves issues, comments, labels and sub-issues, and a new server loads them instead of the scenario\'s', async () => {
    const h = await start(base);
    const stateFile = join(h.dir, 'state.json');
    const parent = await h.octokit.rest.issues.create({ ...REPO, title: 'report', labels: ['ci-report'] });
    const child = await h.octokit.rest.issues.create({ ...REPO, title: 'problem' });
    await h.octokit.rest.issues.addSubIssue({ ...REPO, issue_number: parent.data.number, sub_issue_id: child.data.id });
    const comment = await h.octokit.rest.issues.createComment({ ...REPO, issue_number: parent.data.number, body: 'hello' });
    await h.octokit.rest.issues.update({ ...REPO, issue_number: 5, state: 'closed' });
    await h.server.saveState(stateFile);

    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { version: number; issues: unknown[] };
    expect(saved.version).toBe(1);
    expect(saved.issues).toHaveLength(3);
    expect((await readdir(h.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(h.server.state().issues.find((i) => i.number === parent.data.number)?.sub_issues).toEqual([child.data.number]);

    const again = await startReplayServer({ scenarioDir: h.dir, stateFile, now: '2026-04-22T23:00:00Z' });
    try {
      const get = async (path: string): Promise<any> => (await fetch(`${again.url}/repos/acme/widgets${path}`)).json();
      expect((await get('/issues/5')).state).toBe('closed');
      const p = await get(`/issues/${parent.data.number}`);
      expect(p).toMatchObject({ id: parent.data.id, title: 'report', sub_issues_summary: { total: 1 } });
      expect(p.labels.map((l: { name: string }) => l.name)).toEqual(['ci-report']);
      const comments = await get(`/issues/${parent.data.number}/comments`);
      expect(comments.map((c: { id: number }) => c.id)).toEqual([comment.data.id]);
      // new ids keep counting from where the saved state left off
      const res = await fetch(`${again.url}/repos/acme/widgets/issues/${parent.data.number}/comments`, { method: 'POST', body: JSON.stringify({ body: 'again' }) });
      const created = (await res.json()) as { id: number; created_at: string };
      expect(created.id).toBeGreaterThan(comment.data.id);
      expect(created.created_at).toBe('2026-04-22T23:00:00Z');
      const next = await fetch(`${again.url}/repos/acme/widgets/issues`, { method: 'POST', body: JSON.stringify({ title: 'third' }) });
      expect(((await next.json()) as { number: number }).number).toBe(child.data.number + 1);
      await again.saveState();
      const resaved = JSON.parse(await readFile(stateFile, 'utf8')) as { issues: Array<{ comments: unknown[] }> };
      expect(resaved.issues).toHaveLength(4);
    } finally {
      await again.close();
    }
  });

  it('starts from the scenario when the state file does not exist, and rejects a bad one naming the key', async () => {
    const dir = await tempDir();
    try {
      const h = await start(base, { stateFile: join(dir, 'absent.json') });
      expect(h.server.state().issues.map((i) => i.number)).toEqual([5]);
      await writeFile(join(dir, 'bad.json'), JSON.stringify({ version: 1, repo: 'acme/widgets', issues: [{ number: 'x' }], labels: [], counters: { comment: 1, label: 1 } }));
      await expect(startReplayServer({ scenarioDir: h.dir, stateFile: join(dir, 'bad.json') })).rejects.toThrow(/bad\.json.*issues\[0\]\.number/);
    } finally {
      await removeDir(dir);
    }
  });
});
