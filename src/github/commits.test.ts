// The commits between a last good and a first bad sha, through the replay server's compare
// endpoint (served from commits.json): one call per distinct pair, never a throw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../replay/server.js';
import { REPO, removeDir, tempDir, writeScenario } from '../replay/test-support.js';
import { createClient, type GitHubClient } from './client.js';
import { compareCommitPairs, compareCommits, prNumberOf, titleOf } from './commits.js';

const sha = (c: string) => c.repeat(40);
const COMMITS = [
  { sha: sha('1'), parents: [], message: 'Last good', author: { login: 'ana' }, date: '2026-04-22T06:00:00Z' },
  { sha: sha('2'), parents: [sha('1')], message: 'Bump codex to 0.121.0 (#27709)', author: { login: 'kenji' }, date: '2026-04-22T07:00:00Z' },
  { sha: sha('3'), parents: [sha('2')], message: 'Merge pull request #27711 from acme/proxy\n\nInject openai-proxy provider', author: { login: 'mara' }, date: '2026-04-22T08:00:00Z' },
  { sha: sha('4'), parents: [sha('3')], message: 'docs: typo', author: { login: 'priya' }, date: '2026-04-22T09:00:00Z' },
];

let dir: string;
let server: ReplayServer;
beforeAll(async () => {
  dir = await writeScenario(await tempDir(), { commits: COMMITS });
  server = await startReplayServer({ scenarioDir: dir });
});
afterAll(async () => {
  await server.close();
  await removeDir(dir);
});

const client = (max = 100): GitHubClient => createClient({ token: 'ghs_test', baseUrl: server.url, maxRequests: max, pacing: { writeMs: 0, notifyMs: 0, retryBaseMs: 1 } });

describe('compareCommits', () => {
  it('lists the commits after base up to head, oldest first, capped, with titles, authors and PR numbers', async () => {
    const c = client();
    const r = await compareCommits(c, REPO, sha('1'), sha('4'), 2);
    expect(c.requests()).toBe(1);
    expect(r).toMatchObject({ base: sha('1'), head: sha('4'), totalCommits: 3, status: 'ahead', problem: null });
    expect(r.htmlUrl).toMatch(/\/compare\//);
    expect(r.commits).toEqual([
      { sha: sha('2'), title: 'Bump codex to 0.121.0 (#27709)', author: 'kenji', pr: 27709, date: '2026-04-22T07:00:00Z' },
      { sha: sha('3'), title: 'Inject openai-proxy provider', author: 'mara', pr: 27711, date: '2026-04-22T08:00:00Z' },
    ]);
  });

  it('an unknown sha is a problem, not a throw', async () => {
    const r = await compareCommits(client(), REPO, sha('1'), sha('9'));
    expect(r).toMatchObject({ totalCommits: null, commits: [], problem: 'GitHub does not know one of the two commits (HTTP 404)' });
  });

  it('one call per distinct pair; none under the reserve', async () => {
    const c = client();
    const out = await compareCommitPairs(c, REPO, [{ base: sha('1'), head: sha('3') }, { base: sha('1').toUpperCase(), head: sha('3') }, { base: sha('2'), head: sha('4') }], { reserve: 0 });
    expect(c.requests()).toBe(2);
    expect([...out.keys()]).toEqual([`${sha('1')}...${sha('3')}`, `${sha('2')}...${sha('4')}`]);
    const tight = client(1);
    const skipped = await compareCommitPairs(tight, REPO, [{ base: sha('1'), head: sha('3') }], { reserve: 1 });
    expect(tight.requests()).toBe(0);
    expect(skipped.get(`${sha('1')}...${sha('3')}`)!.problem).toMatch(/budget/);
  });
});

describe('commit messages', () => {
  it.each([
    ['Inject openai-proxy provider (#27711)', 27711],
    ['Merge pull request #42 from acme/fix\n\nFix it', 42],
    ['Fixes #12 in the parser', null],
    ['Bump vitest', null],
  ])('prNumberOf(%j) = %j', (m, n) => expect(prNumberOf(m)).toBe(n));

  it.each([
    ['Merge pull request #42 from acme/fix\n\nFix the parser\n\nmore', 'Fix the parser'],
    ['Merge pull request #42 from acme/fix', 'Merge pull request #42 from acme/fix'],
    ['  Title  \nbody', 'Title'],
  ])('titleOf(%j) = %j', (m, t) => expect(titleOf(m)).toBe(t));
});
