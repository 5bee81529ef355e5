// The repository itself: GET /repos/{o}/{r}, commits and compare (from commits.json), contents
// (from repo/**), and /rate_limit.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { json, notFound, type Ctx, type Reply, type Router } from './http.js';
import { paginate } from './listing.js';
import { nodeId, repository, user, type Site } from './objects.js';
import type { ScenarioCommit } from './scenario.js';
import { isMissing } from './validate.js';
import type { World } from './world.js';

/** commits.json as a graph, seen at the clock (commits dated after it do not exist yet) */
export class CommitGraph {
  private readonly bySha = new Map<string, ScenarioCommit>();
  private readonly order = new Map<string, number>();

  constructor(private readonly world: World) {
    world.scenario.commits.forEach((c, i) => {
      if (world.clock.after(c.date)) return;
      this.bySha.set(c.sha.toLowerCase(), c);
      this.order.set(c.sha.toLowerCase(), i);
    });
  }

  /** a sha (or unique prefix of 7+), the default branch or HEAD, or a branch some run was on */
  resolve(ref: string): ScenarioCommit | undefined {
    const r = ref.toLowerCase();
    const exact = this.bySha.get(r);
    if (exact) return exact;
    if (/^[0-9a-f]{7,}$/.test(r)) {
      const hits = [...this.bySha.keys()].filter((s) => s.startsWith(r));
      if (hits.length === 1) return this.bySha.get(hits[0]!);
    }
    if (ref === 'HEAD' || ref === this.world.site.defaultBranch) return this.newest([...this.bySha.values()]);
    const run = this.world.runs().find((x) => x.head_branch === ref);
    return run ? this.bySha.get(run.head_sha.toLowerCase()) : undefined;
  }

  private key(c: ScenarioCommit): [number, number] {
    return [c.date ? Date.parse(c.date) : 0, this.order.get(c.sha.toLowerCase()) ?? 0];
  }

  private newest(list: ScenarioCommit[]): ScenarioCommit | undefined {
    return [...list].sort((a, b) => {
      const [da, ia] = this.key(a);
      const [db, ib] = this.key(b);
      return db - da || ib - ia;
    })[0];
  }

  /** all shas reachable from sha (itself included; unknown parents are kept as bare shas) */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const todo = [sha.toLowerCase()];
    while (todo.length) {
      const s = todo.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const p of this.bySha.get(s)?.parents ?? []) todo.push(p.toLowerCase());
    }
    return seen;
  }

  /** known commits of a set, parents before children (ties by date, then file order) */
  oldestFirst(shas: Iterable<string>): ScenarioCommit[] {
    const set = new Set([...shas].filter((s) => this.bySha.has(s)));
    const done = new Set<string>();
    const out: ScenarioCommit[] = [];
    while (out.length < set.size) {
      const ready = [...set].filter(
        (s) => !done.has(s) && this.bySha.get(s)!.parents.every((p) => !set.has(p.toLowerCase()) || done.has(p.toLowerCase())),
      );
      const pick = ready.length ? ready : [...set].filter((s) => !done.has(s)); // a cycle: just go on
      const next = pick.map((s) => this.bySha.get(s)!).sort((a, b) => {
        const [da, ia] = this.key(a);
        const [db, ib] = this.key(b);
        return da - db || ia - ib;
      })[0]!;
      done.add(next.sha.toLowerCase());
      out.push(next);
    }
    return out;
  }

  get(sha: string): ScenarioCommit | undefined {
    return this.bySha.get(sha.toLowerCase());
  }
}

export function commitObject(site: Site, c: ScenarioCommit): Record<string, unknown> {
  const login = c.author?.login;
  const person = { name: c.author?.name ?? login ?? 'unknown', email: c.author?.email ?? '', date: c.date ?? null };
  return {
    sha: c.sha,
    node_id: nodeId('C', 'Commit', c.sha),
    url: `${site.api}/commits/${c.sha}`,
    html_url: `${site.html}/commit/${c.sha}`,
    comments_url: `${site.api}/commits/${c.sha}/comments`,
    commit: {
      message: c.message,
      author: person,
      committer: person,
      tree: { sha: c.sha, url: `${site.api}/git/trees/${c.sha}` },
      url: `${site.api}/git/commits/${c.sha}`,
      comment_count: 0,
    },
    author: login ? user(site, login) : null,
    committer: login ? user(site, login) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${site.api}/commits/${p}`, html_url: `${site.html}/commit/${p}` })),
  };
}

function compare(ctx: Ctx, world: World, graph: CommitGraph): Reply {
  const spec = ctx.params['basehead']!;
  const m = /^(.+?)(\.\.\.?)(.+)$/.exec(spec);
  if (!m) return notFound();
  const base = graph.resolve(m[1]!);
  const head = graph.resolve(m[3]!);
  if (!base || !head) return notFound();
  const fromBase = graph.ancestors(base.sha);
  const fromHead = graph.ancestors(head.sha);
  const ahead = [...fromHead].filter((s) => !fromBase.has(s));
  const behind = [...fromBase].filter((s) => !fromHead.has(s));
  const common = [...fromHead].filter((s) => fromBase.has(s));
  if (!common.length) return json({ message: `No common ancestor between ${m[1]} and ${m[3]}.`, status: '404' }, 404);
  const knownCommon = graph.oldestFirst(common);
  const mergeBase = knownCommon[knownCommon.length - 1];
  const aheadCommits = graph.oldestFirst(ahead);
  const status = !ahead.length && !behind.length ? 'identical' : !behind.length ? 'ahead' : !ahead.length ? 'behind' : 'diverged';
  const { site } = world;
  const commits = ctx.query.has('page') || ctx.query.has('per_page') ? paginate(aheadCommits, ctx) : { items: aheadCommits.slice(0, 250), headers: {} };
  return json(
    {
      url: `${site.api}/compare/${spec}`,
      html_url: `${site.html}/compare/${spec}`,
      permalink_url: `${site.html}/compare/${site.owner}:${base.sha}...${site.owner}:${head.sha}`,
      diff_url: `${site.html}/compare/${spec}.diff`,
      patch_url: `${site.html}/compare/${spec}.patch`,
      base_commit: commitObject(site, base),
      merge_base_commit: mergeBase ? commitObject(site, mergeBase) : { sha: common[0] },
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: commits.items.map((c) => commitObject(site, c)),
      files: [],
    },
    200,
    commits.headers,
  );
}

function listCommits(ctx: Ctx, world: World, graph: CommitGraph): Reply {
  const from = graph.resolve(ctx.query.get('sha') ?? world.site.defaultBranch);
  if (!from) return ctx.query.get('sha') ? notFound() : json([]);
  const since = ctx.query.get('since');
  const until = ctx.query.get('until');
  const author = ctx.query.get('author')?.toLowerCase();
  const list = graph
    .oldestFirst(graph.ancestors(from.sha))
    .reverse()
    .filter((c) => !since || !c.date || Date.parse(c.date) >= Date.parse(since))
    .filter((c) => !until || !c.date || Date.parse(c.date) <= Date.parse(until))
    .filter((c) => !author || c.author?.login.toLowerCase() === author);
  const page = paginate(list, ctx);
  return json(page.items.map((c) => commitObject(world.site, c)), 200, page.headers);
}

function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

async function contents(ctx: Ctx, world: World): Promise<Reply> {
  const { site } = world;
  const root = resolve(world.scenario.dir, 'repo');
  const rel = (ctx.params['path'] ?? '').replace(/^\/+|\/+$/g, '');
  const abs = resolve(root, rel);
  if (abs !== root && !abs.startsWith(root + sep)) return notFound();
  const entryFor = (path: string, type: 'file' | 'dir', size: number, sha: string): Record<string, unknown> => ({
    type,
    name: path.split('/').pop() ?? path,
    path,
    sha,
    size,
    url: `${site.api}/contents/${path}?ref=${site.defaultBranch}`,
    html_url: `${site.html}/${type === 'dir' ? 'tree' : 'blob'}/${site.defaultBranch}/${path}`,
    git_url: `${site.api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`,
    download_url: type === 'file' ? `https://raw.githubusercontent.com/${site.fullName}/${site.defaultBranch}/${path}` : null,
    _links: { self: `${site.api}/contents/${path}?ref=${site.defaultBranch}`, git: null, html: null },
  });
  let info;
  try {
    info = await stat(abs);
  } catch (err) {
    if (isMissing(err)) return notFound();
    throw err;
  }
  if (info.isDirectory()) {
    const names = (await readdir(abs, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    const out: Array<Record<string, unknown>> = [];
    for (const e of names) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) out.push(entryFor(path, 'dir', 0, blobSha(Buffer.from(path))));
      else if (e.isFile()) {
        const content = await readFile(join(abs, e.name));
        out.push(entryFor(path, 'file', content.length, blobSha(content)));
      }
    }
    return json(out);
  }
  const content = await readFile(abs);
  const accept = String(ctx.headers['accept'] ?? '');
  if (/vnd\.github(\.v3)?\.raw/.test(accept)) {
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: content };
  }
  const base64 = content.toString('base64').replace(/.{60}/g, '$&\n');
  return json({ ...entryFor(rel, 'file', content.length, blobSha(content)), encoding: 'base64', content: base64 });
}

export function registerRepoRoutes(router: Router, world: World, requests: () => number): void {
  const R = '/repos/{owner}/{repo}';
  const graph = new CommitGraph(world);

  router.add('GET', R, () => json(repository(world.site)));
  router.add('GET', `${R}/compare/{basehead+}`, (ctx) => compare(ctx, world, graph));
  router.add('GET', `${R}/commits`, (ctx) => listCommits(ctx, world, graph));
  router.add('GET', `${R}/commits/{ref+}`, (ctx) => {
    const c = graph.resolve(ctx.params['ref']!);
    return c ? json({ ...commitObject(world.site, c), stats: { total: 0, additions: 0, deletions: 0 }, files: [] }) : notFound();
  });
  router.add('GET', `${R}/contents`, (ctx) => contents(ctx, world));
  router.add('GET', `${R}/contents/{path+}`, (ctx) => contents(ctx, world));

  router.add('GET', '/rate_limit', () => {
    const used = requests();
    const core = { limit: 5000, used, remaining: Math.max(0, 5000 - used), reset: world.clock.epochSeconds() + 3600, resource: 'core' };
    const other = (resource: string, limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset, resource });
    return json({
      resources: { core, search: other('search', 30), graphql: other('graphql', 5000) },
      rate: core,
    });
  });
}
