// The bundled example (seed 000) served by the loopback GitHub, and a window of it collected as
// `replay` collects it: what the end-to-end tests of evidence and comparison start from.
import { recordsOfRun, type FailureRecord } from '../../src/failure/record.js';
import { createClient, type GitHubClient } from '../../src/github/client.js';
import { collectWindow, type CollectedWindow } from '../../src/github/collect.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/server.js';

export const EXAMPLE = 'examples/seed-000';
export const EXAMPLE_REF = { owner: 'octo-org', repo: 'agent-factory' };
export const EXAMPLE_SELF = '.github/workflows/ci-failure-investigator.yml';

/** A client for the loopback server: no pacing, quick retries. */
export function testClient(url: string, maxRequests = 1000): GitHubClient {
  return createClient({ token: 'ghs_test', baseUrl: url, maxRequests, pacing: { writeMs: 0, notifyMs: 0, retryBaseMs: 1 } });
}

/** The 6 h window of the example ending at `now`, collected, with its failure records; close the server after. */
export async function collectExample(now: string): Promise<{ server: ReplayServer; c: GitHubClient; collected: CollectedWindow; records: FailureRecord[] }> {
  const server = await startReplayServer({ scenarioDir: EXAMPLE, now });
  const c = testClient(server.url);
  const until = new Date(now);
  const collected = await collectWindow(c, {
    ref: EXAMPLE_REF,
    since: new Date(until.getTime() - 6 * 3_600_000),
    until,
    filter: { workflows: [], excludeWorkflows: [], selfWorkflow: EXAMPLE_SELF },
    pending: [],
    maxLogBytes: 8 * 1024 * 1024,
    carryInProgress: true,
    reserve: 0,
    warn: () => {},
  });
  return { server, c, collected, records: collected.investigated.flatMap((r) => recordsOfRun(r)) };
}
