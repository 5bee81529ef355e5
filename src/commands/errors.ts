// One sentence that names what went wrong, for stderr and core.setFailed.
import { InputError } from '../config/options.js';
import { httpStatus } from '../github/client.js';

export function fatalMessage(e: unknown): string {
  if (e instanceof InputError) return e.message;
  const status = httpStatus(e);
  const message = e instanceof Error ? e.message : String(e);
  const url = String((e as { request?: { url?: string } }).request?.url ?? '');
  const method = String((e as { request?: { method?: string } }).request?.method ?? '');
  if (status === 401) return `token: GitHub answered 401 (${message}); the token is missing, wrong or expired`;
  if (status === 404 && /\/repos\/[^/]+\/[^/?]+(\/(issues|actions\/runs))?(\?|$)/.test(url)) {
    return `repo: ${repoOf(url)} was not found, or the token cannot see it (GitHub answered 404 to ${method} ${pathOf(url)})`;
  }
  if (status === 410 && /\/issues/.test(url)) return `repo: issues are disabled on ${repoOf(url)} (GitHub answered 410); enable them or use --dry-run`;
  if (status === 403) return `token: GitHub refused ${method} ${pathOf(url)} (403 ${message}); check the workflow's permissions (actions: read, issues: write, contents: read)`;
  if (status !== null) return `GitHub answered ${status} to ${method} ${pathOf(url)}: ${message}`;
  return message;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function repoOf(url: string): string {
  return /\/repos\/([^/]+\/[^/?]+)/.exec(url)?.[1] ?? 'the repository';
}
