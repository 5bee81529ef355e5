import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRun, REPO, startScenario, type Harness } from './test-support.js';

// The product's client is Octokit + throttling + retry: the server's fault answers must look
// enough like GitHub's for those plugins to recognise them.
describe('with the throttling and retry plugins', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScenario(
      { runs: [{ run: makeRun(1, '2026-04-22T10:00:00Z') }] },
      {
        faults: [
          { path: '/repos/*/*/issues', method: 'GET', status: 403, times: 1, headers: { 'retry-after': '1' } },
          { path: '/repos/*/*/actions/runs', status: 502, times: 1 },
        ],
      },
    );
  });
  afterAll(() => h.close());

  it('retries a secondary rate limit and a 502, and the server counts every answer', async () => {
    const Client = Octokit.plugin(throttling, retry);
    const seen: string[] = [];
    const client = new Client({
      baseUrl: h.server.url,
      auth: 'ghs_x',
      throttle: {
        onRateLimit: () => (seen.push('primary'), true),
        onSecondaryRateLimit: () => (seen.push('secondary'), true),
        retryAfterBaseValue: 1,
      },
      retry: { retryAfterBaseValue: 1 },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const issues = await client.rest.issues.listForRepo({ ...REPO });
    expect(issues.status).toBe(200);
    expect(seen).toEqual(['secondary']);
    const runs = await client.rest.actions.listWorkflowRunsForRepo({ ...REPO });
    expect(runs.data.total_count).toBe(1);
    expect(h.server.requestCount()).toBe(4);
  });
});
