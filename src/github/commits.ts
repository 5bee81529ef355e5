// The commits between a last good and a first bad sha: one GET /repos/{o}/{r}/compare/{base}...{head}
// per distinct pair. Never throws: a failed call is a CommitRange with a problem.
import type { CommitRange, SuspectCommit } from '../compare/types.js';
import { pairKey } from '../compare/select.js';
import { httpStatus, problemOf, type GitHubClient } from './client.js';
import type { RepoRef } from './runs.js';

export const DEFAULT_COMMIT_CAP = 10;

interface CompareCommit {
  sha: string;
  commit: { message: string; author?: { name?: string | null; date?: string | null } | null };
  author?: { login?: string | null } | null;
}

/** The pull request a commit message names: `Title (#123)` (squash) or `Merge pull request #123 from …`. */
export function prNumberOf(message: string): number | null {
  const first = message.split('\n', 1)[0] ?? '';
  const merge = /^Merge pull request #(\d+)\b/.exec(first);
  if (merge) return Number(merge[1]);
  const squash = /\(#(\d+)\)\s*$/.exec(first);
  return squash ? Number(squash[1]) : null;
}

/** The first line of a message; for a merge commit of a pull request, the pull request's title (its body's first line). */
export function titleOf(message: string): string {
  const lines = message.split('\n').map((l) => l.trim());
  const first = lines[0] ?? '';
  if (/^Merge pull request #\d+ from /.test(first)) {
    const body = lines.slice(1).find((l) => l !== '');
    if (body) return body.slice(0, 200);
  }
  return first.slice(0, 200);
}

function compareProblem(e: unknown): string {
  return httpStatus(e) === 404 ? 'GitHub does not know one of the two commits (HTTP 404)' : problemOf(e);
}

/**
 * One compare call: the commits in `head` and not in `base`, oldest first (the order GitHub
 * gives), at most `cap` of them; `totalCommits` is GitHub's full count (it lists up to 250 per
 * call). Oldest first because the first bad run known is the window's, and the problem may have
 * started earlier: the commits right after the last good run are the likelier suspects.
 */
export async function compareCommits(client: GitHubClient, ref: RepoRef, base: string, head: string, cap = DEFAULT_COMMIT_CAP): Promise<CommitRange> {
  const range: CommitRange = { base, head, totalCommits: null, commits: [], status: null, htmlUrl: null, problem: null };
  try {
    const res = await client.octokit.rest.repos.compareCommitsWithBasehead({ ...ref, basehead: `${base}...${head}` });
    const data = res.data as { status?: string; total_commits?: number; html_url?: string; commits?: CompareCommit[] };
    const listed = data.commits ?? [];
    range.status = data.status ?? null;
    range.totalCommits = data.total_commits ?? listed.length;
    range.htmlUrl = data.html_url ?? null;
    range.commits = listed
      .slice(0, Math.max(0, cap))
      .map(
        (c): SuspectCommit => ({
          sha: c.sha,
          title: titleOf(c.commit.message),
          author: c.author?.login ?? c.commit.author?.name ?? null,
          pr: prNumberOf(c.commit.message),
          date: c.commit.author?.date ?? null,
        }),
      );
  } catch (e) {
    range.problem = compareProblem(e);
  }
  return range;
}

export interface CommitRequest {
  base: string;
  head: string;
}

/**
 * Compare calls for several pairs, one per distinct pair, in the order given; a pair is skipped
 * with a problem once `client.remaining() <= reserve`.
 */
export async function compareCommitPairs(
  client: GitHubClient,
  ref: RepoRef,
  pairs: readonly CommitRequest[],
  opts: { cap?: number; reserve: number | (() => number) },
): Promise<Map<string, CommitRange>> {
  const reserve = typeof opts.reserve === 'function' ? opts.reserve : () => opts.reserve as number;
  const out = new Map<string, CommitRange>();
  for (const p of pairs) {
    const key = pairKey(p.base, p.head);
    if (out.has(key)) continue;
    if (client.remaining() <= reserve()) {
      out.set(key, { base: p.base, head: p.head, totalCommits: null, commits: [], status: null, htmlUrl: null, problem: 'not fetched: the request budget is kept for the report' });
      continue;
    }
    out.set(key, await compareCommits(client, ref, p.base, p.head, opts.cap));
  }
  return out;
}
