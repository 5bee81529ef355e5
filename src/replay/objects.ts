// The fixed parts of the objects the server answers: the repository, users, URLs and the
// deterministic ids filled in for fields a scenario leaves out.
import { createHash } from 'node:crypto';

export interface Site {
  /** server base, e.g. http://127.0.0.1:4000 */
  base: string;
  owner: string;
  name: string;
  fullName: string;
  /** `${base}/repos/${owner}/${name}` */
  api: string;
  /** `https://github.com/${owner}/${name}` */
  html: string;
  repoId: number;
  ownerId: number;
  defaultBranch: string;
}

/** a stable number in [min, min + span) derived from a text */
export function stableNumber(text: string, min = 100_000_000, span = 900_000_000): number {
  const digest = createHash('sha256').update(text).digest();
  return min + (digest.readUInt32BE(0) % span);
}

/** GitHub-looking node id (base64 of a type and a number) */
export function nodeId(prefix: string, kind: string, id: number | string): string {
  return `${prefix}_${Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '')}`;
}

export function makeSite(base: string, owner: string, name: string, defaultBranch: string): Site {
  const fullName = `${owner}/${name}`;
  return {
    base,
    owner,
    name,
    fullName,
    api: `${base}/repos/${owner}/${name}`,
    html: `https://github.com/${owner}/${name}`,
    repoId: stableNumber(`repo:${fullName.toLowerCase()}`),
    ownerId: stableNumber(`owner:${owner.toLowerCase()}`, 1_000_000, 90_000_000),
    defaultBranch,
  };
}

export interface SimpleUser {
  login: string;
  id: number;
  node_id: string;
  type: string;
  site_admin: boolean;
  html_url: string;
  url: string;
  avatar_url: string;
  [k: string]: unknown;
}

/** the author of what the server writes (GITHUB_TOKEN in an action writes as this bot) */
export const BOT_LOGIN = 'github-actions[bot]';

export function user(site: Site, login: string, extra?: Record<string, unknown>): SimpleUser {
  const bot = login === BOT_LOGIN;
  const id = bot ? 41898282 : stableNumber(`user:${login.toLowerCase()}`, 1_000, 200_000_000);
  return {
    login,
    id,
    node_id: nodeId(bot ? 'BOT' : 'U', 'User', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `${site.base}/users/${encodeURIComponent(login)}`,
    html_url: bot ? 'https://github.com/apps/github-actions' : `https://github.com/${login}`,
    type: bot ? 'Bot' : 'User',
    site_admin: false,
    ...extra,
  };
}

/** a user object from whatever a scenario file gave (`{login}` at least) */
export function userFrom(site: Site, raw: unknown): SimpleUser | null {
  if (raw === null || raw === undefined || typeof raw !== 'object') return null;
  const login = (raw as { login?: unknown }).login;
  if (typeof login !== 'string') return null;
  return user(site, login, raw as Record<string, unknown>);
}

export function repository(site: Site): Record<string, unknown> {
  const owner = {
    ...user(site, site.owner),
    id: site.ownerId,
    node_id: nodeId('O', 'Organization', site.ownerId),
    type: 'Organization',
  };
  return {
    id: site.repoId,
    node_id: nodeId('R', 'Repository', site.repoId),
    name: site.name,
    full_name: site.fullName,
    owner,
    private: false,
    visibility: 'public',
    html_url: site.html,
    description: null,
    fork: false,
    url: site.api,
    archived: false,
    disabled: false,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_discussions: false,
    default_branch: site.defaultBranch,
    issues_url: `${site.api}/issues{/number}`,
    labels_url: `${site.api}/labels{/name}`,
    pulls_url: `${site.api}/pulls{/number}`,
    contents_url: `${site.api}/contents/{+path}`,
    compare_url: `${site.api}/compare/{base}...{head}`,
    commits_url: `${site.api}/commits{/sha}`,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

/** the small form of the repository nested in runs and artifacts */
export function minimalRepository(site: Site): Record<string, unknown> {
  const full = repository(site);
  const { permissions: _p, ...rest } = full;
  return rest;
}
