// The one GitHub client. Every API call of a run goes through it, so that one counter sees every
// HTTP request (retries and error answers included) and one budget can stop the run before it eats
// the repository's shared GITHUB_TOKEN allowance (1,000 requests/hour per repository).
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { Pacing } from '../config/options.js';

export const API_VERSION = '2022-11-28';

const InvestigatorOctokit = Octokit.plugin(throttling, retry);
export type GitHubOctokit = InstanceType<typeof InvestigatorOctokit>;

/** Thrown instead of sending a request once the run's request budget is spent. */
export class BudgetExceededError extends Error {
  constructor(readonly budget: number) {
    super(`the request budget of ${budget} API requests is spent (max-api-requests)`);
    // @octokit/request rethrows an 'AbortError' from fetch as it is, without wrapping it in a
    // RequestError; the retry plugin then does not retry it (it has no .request). Any other name
    // would be wrapped as a 500 and retried with back-off against a budget that stays spent.
    this.name = 'AbortError';
  }
}

export interface ClientOptions {
  token: string;
  baseUrl: string;
  maxRequests: number;
  pacing: Pacing;
  userAgent?: string;
  /** Where warnings go (stderr for the CLI, core.warning for the action). */
  warn?: (message: string) => void;
  debug?: (message: string) => void;
}

export interface GitHubClient {
  octokit: GitHubOctokit;
  /** HTTP requests sent to the API so far (a storage download after a redirect is not one). */
  requests(): number;
  /** Requests still allowed by the budget. */
  remaining(): number;
  /** Change the budget once the repository's config file is read. */
  setBudget(maxRequests: number): void;
}

const MAX_RATE_LIMIT_WAIT_S = 120;

export function createClient(opts: ClientOptions): GitHubClient {
  let count = 0;
  let budget = opts.maxRequests;
  const apiOrigin = new URL(opts.baseUrl).origin;
  const warn = opts.warn ?? (() => {});

  // Counting at the fetch layer sees every attempt the retry and throttling plugins make, which a
  // request hook outside them would not. fetch follows the 302 of logs and artifacts itself, so
  // one call here is one API request.
  const countingFetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.origin === apiOrigin && !url.pathname.startsWith('/_storage/')) {
      if (count >= budget) throw new BudgetExceededError(budget);
      count++;
    }
    return fetch(input, init);
  };

  const onLimit = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
    if (retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_S) {
      warn(`GitHub ${kind} on ${options.method} ${options.url}; retrying after ${retryAfter}s`);
      return true;
    }
    warn(`GitHub ${kind} on ${options.method} ${options.url}; giving up (retry-after ${retryAfter}s)`);
    return false;
  };

  const octokit = new InvestigatorOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    userAgent: opts.userAgent ?? 'ci-failure-investigator',
    request: { fetch: countingFetch },
    // Octokit logs every non-2xx answer; the pipeline handles each one (an expired log, a missing
    // label) and reports what matters, so its own lines are debug output.
    log: {
      debug: (m: string) => opts.debug?.(m),
      info: (m: string) => opts.debug?.(m),
      warn: (m: string) => opts.debug?.(m),
      error: (m: string) => opts.debug?.(m),
    },
    retry: { retries: 2, retryAfterBaseValue: opts.pacing.retryBaseMs },
    throttle: {
      retryAfterBaseValue: opts.pacing.retryBaseMs,
      fallbackSecondaryRateRetryAfter: 60,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.pacing.writeMs }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.pacing.notifyMs }),
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
    },
  });
  octokit.hook.before('request', (options) => {
    options.headers['x-github-api-version'] = API_VERSION;
  });

  return {
    octokit,
    requests: () => count,
    remaining: () => Math.max(0, budget - count),
    setBudget: (n) => {
      budget = n;
    },
  };
}

/** HTTP status of an Octokit error, or null for a non-HTTP failure. */
export function httpStatus(error: unknown): number | null {
  const s = (error as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : null;
}

/** Octokit errors can wrap the budget error; find it. */
export function isBudgetError(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof BudgetExceededError) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** An error as one short line: `HTTP 502 Server Error`, or the message of a non-HTTP failure. */
export function errorText(e: unknown, max = 200): string {
  const status = httpStatus(e);
  const msg = e instanceof Error ? e.message : String(e);
  return (status ? `HTTP ${status} ${msg}` : msg).slice(0, max);
}

/** Why something could not be read, for evidence that degrades instead of failing. */
export function problemOf(e: unknown): string {
  return isBudgetError(e) ? 'the request budget is spent' : errorText(e, 160);
}
