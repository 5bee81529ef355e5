import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer } from './server.js';
import { makeJob, makeRun, REPO, startScenario, type Harness, type ScenarioSpec } from './test-support.js';

const sha = (c: string): string => c.repeat(40);

const spec: ScenarioSpec = {
  runs: [
    {
      run: makeRun(700, '2026-04-22T10:00:00Z'),
      jobs: [
        makeJob(7001, 700, '2026-04-22T10:00:10Z', '2026-04-22T10:03:00Z'),
        makeJob(7002, 700, '2026-04-22T10:00:10Z', '2026-04-22T10:04:00Z', { name: 'expired-log' }),
      ],
      logs: { 7001: '2026-04-22T10:02:59.1234567Z ##[error]Process completed with exit code 1.\n' },
      artifacts: {
        'agent-output': { 'aw_info.json': '{"engine":"codex"}', 'logs/firewall.log': 'ALLOW api.github.com\n' },
        'old-report.expired': { 'report.txt': 'gone' },
      },
    },
  ],
  commits: [
    { sha: sha('1'), parents: [], message: 'root', author: { login: 'ana' }, date: '2026-04-20T10:00:00Z' },
    { sha: sha('2'), parents: [sha('1')], message: 'last good', author: { login: 'ana' }, date: '2026-04-21T10:00:00Z' },
    { sha: sha('3'), parents: [sha('2')], message: 'bump engine', author: { login: 'bo' }, date: '2026-04-22T08:00:00Z' },
    { sha: sha('4'), parents: [sha('3')], message: 'first bad', author: { login: 'cy' }, date: '2026-04-22T09:00:00Z' },
    { sha: sha('5'), parents: [sha('2')], message: 'side branch', author: { login: 'di' }, date: '2026-04-22T09:30:00Z' },
    { sha: sha('6'), parents: [sha('4')], message: 'from the future', author: { login: 'ed' }, date: '2026-04-23T09:00:00Z' },
  ],
  repoFiles: {
    '.github/workflows/ci.yml': 'name: CI\non: push\n',
    'README.md': '# widgets ✓\n',
  },
};

describe('logs and artifacts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScenario(spec);
  });
  afterAll(() => h.close());

  it('redirects a job log to storage that needs no token, and octokit follows it', async () => {
    const res = await fetch(`${h.server.url}/repos/acme/widgets/actions/jobs/7001/logs`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${h.server.url}/_storage/logs/7001\\?sig=[0-9a-f]+$`));
    const stored = await fetch(location);
    expect(stored.headers.get('content-type')).toContain('text/plain');
    expect(await stored.text()).toContain('##[error]Process completed with exit code 1.');
    const viaOctokit = await h.octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...REPO, job_id: 7001 });
    expect(viaOctokit.status).toBe(200);
    expect(viaOctokit.data).toContain('exit code 1');
  });

  it('counts API requests but not storage downloads', async () => {
    const before = h.server.requestCount();
    await h.octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...REPO, job_id: 7001 });
    expect(h.server.requestCount()).toBe(before + 1);
    await fetch(`${h.server.url}/_storage/logs/7001?sig=x`);
    expect(h.server.requestCount()).toBe(before + 1);
  });

  it('answers 410 for a finished job without a log file', async () => {
    await expect(h.octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...REPO, job_id: 7002 })).rejects.toMatchObject({ status: 410 });
    await expect(h.octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...REPO, job_id: 9999 })).rejects.toMatchObject({ status: 404 });
  });

  it('lists artifact folders, a .expired one as expired', async () => {
    const { data } = await h.octokit.rest.actions.listWorkflowRunArtifacts({ ...REPO, run_id: 700 });
    expect(data.total_count).toBe(2);
    const [live, old] = data.artifacts;
    expect(live).toMatchObject({ name: 'agent-output', expired: false, size_in_bytes: 18 + 21 });
    expect(live!.archive_download_url).toBe(`${h.server.url}/repos/acme/widgets/actions/artifacts/${live!.id}/zip`);
    expect(old).toMatchObject({ name: 'old-report', expired: true });
    const one = await h.octokit.rest.actions.getArtifact({ ...REPO, artifact_id: live!.id });
    expect(one.data.name).toBe('agent-output');
  });

  it('zips an artifact folder behind a redirect, and answers 410 for an expired one', async () => {
    const { data } = await h.octokit.rest.actions.listWorkflowRunArtifacts({ ...REPO, run_id: 700 });
    const zip = await h.octokit.rest.actions.downloadArtifact({ ...REPO, artifact_id: data.artifacts[0]!.id, archive_format: 'zip' });
    const files = unzipSync(new Uint8Array(zip.data as ArrayBuffer));
    expect(Object.keys(files).sort()).toEqual(['aw_info.json', 'logs/firewall.log']);
    expect(strFromU8(files['aw_info.json']!)).toBe('{"engine":"codex"}');
    await expect(
      h.octokit.rest.actions.downloadArtifact({ ...REPO, artifact_id: data.artifacts[1]!.id, archive_format: 'zip' }),
    ).rejects.toMatchObject({ status: 410 });
  });

  it('keeps artifact ids across restarts', async () => {
    const first = await h.octokit.rest.actions.listWorkflowRunArtifacts({ ...REPO, run_id: 700 });
    const again = await startReplayServer({ scenarioDir: h.dir });
    try {
      const res = await fetch(`${again.url}/repos/acme/widgets/actions/artifacts/${first.data.artifacts[0]!.id}`);
      expect(((await res.json()) as { name: string }).name).toBe('agent-output');
    } finally {
      await again.close();
    }
  });
});

describe('commits and contents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScenario(spec);
  });
  afterAll(() => h.close());

  it('compares base...head: commits reachable from head only, oldest first', async () => {
    const { data } = await h.octokit.rest.repos.compareCommitsWithBasehead({ ...REPO, basehead: `${sha('2')}...${sha('4')}` });
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(data.commits.map((c) => c.commit.message)).toEqual(['bump engine', 'first bad']);
    expect(data.commits[0]).toMatchObject({ sha: sha('3'), author: { login: 'bo' }, parents: [{ sha: sha('2') }] });
    expect(data.commits[0]!.commit.author?.date).toBe('2026-04-22T08:00:00Z');
    expect(data.commits[0]!.html_url).toBe(`https://github.com/acme/widgets/commit/${sha('3')}`);
    const diverged = await h.octokit.rest.repos.compareCommitsWithBasehead({ ...REPO, basehead: `${sha('5')}...${sha('4')}` });
    expect(diverged.data).toMatchObject({ status: 'diverged', ahead_by: 2, behind_by: 1 });
    expect(diverged.data.merge_base_commit.sha).toBe(sha('2'));
  });

  it('404s an unknown sha and a commit dated after the clock', async () => {
    await expect(h.octokit.rest.repos.compareCommitsWithBasehead({ ...REPO, basehead: `${sha('2')}...${sha('9')}` })).rejects.toMatchObject({ status: 404 });
    await expect(h.octokit.rest.repos.getCommit({ ...REPO, ref: sha('6') })).rejects.toMatchObject({ status: 404 });
    const { data } = await h.octokit.rest.repos.getCommit({ ...REPO, ref: sha('4') });
    expect(data.commit.message).toBe('first bad');
  });

  it('serves repo files base64-encoded, and 404s a missing one', async () => {
    const { data } = await h.octokit.rest.repos.getContent({ ...REPO, path: 'README.md', ref: 'whatever' });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(data).toMatchObject({ type: 'file', encoding: 'base64', name: 'README.md', path: 'README.md' });
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('# widgets ✓\n');
    expect(data.size).toBe(Buffer.byteLength('# widgets ✓\n'));
    expect(data.sha).toMatch(/^[0-9a-f]{40}$/);
    const wf = await h.octokit.rest.repos.getContent({ ...REPO, path: '.github/workflows/ci.yml' });
    expect(Array.isArray(wf.data)).toBe(false);
    await expect(h.octokit.rest.repos.getContent({ ...REPO, path: 'missing.txt' })).rejects.toMatchObject({ status: 404 });
    await expect(h.octokit.rest.repos.getContent({ ...REPO, path: '../scenario.yml' })).rejects.toMatchObject({ status: 404 });
  });
});
