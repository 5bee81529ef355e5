// The repository itself and its config file, read through the API so the action needs no checkout.
import { httpStatus, type GitHubClient } from './client.js';
import type { RepoRef } from './runs.js';

export interface RepoFacts {
  defaultBranch: string;
  hasIssues: boolean;
}

export async function getRepository(client: GitHubClient, ref: RepoRef): Promise<RepoFacts> {
  const res = await client.octokit.rest.repos.get({ owner: ref.owner, repo: ref.repo });
  return { defaultBranch: res.data.default_branch, hasIssues: res.data.has_issues };
}

/** A file of the default branch, or null when it does not exist. */
export async function readRepoFile(client: GitHubClient, ref: RepoRef, path: string): Promise<string | null> {
  try {
    const res = await client.octokit.rest.repos.getContent({ ...ref, path });
    const data = res.data as { type?: string; encoding?: string; content?: string };
    if (data.type !== 'file' || typeof data.content !== 'string') return null;
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  } catch (e) {
    if (httpStatus(e) === 404) return null;
    throw e;
  }
}
