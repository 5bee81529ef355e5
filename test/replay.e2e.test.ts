// End to end: the real CLI replays the bundled example against the loopback GitHub, as a
// scheduled run would against github.com.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunJson } from '../src/output/json.js';
import { runCli } from './support/cli.js';
import { scenarioClock, windowFacts } from './support/scenario-facts.js';

const EXAMPLE = 'examples/seed-000';
const NOW = scenarioClock(EXAMPLE);
const SIX_HOURS_BEFORE = new Date(Date.parse(NOW) - 6 * 3_600_000).toISOString().replace('.000', '');
const LATER = new Date(Date.parse(NOW) + 6 * 3_600_000).toISOString().replace('.000', '');

let dir: string;
const tmp = (name: string) => join(dir, name);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RunJson;
const written = (j: RunJson) => [...j.issues.created, ...j.issues.updated, ...j.issues.commented, ...j.issues.closed, ...j.issues.reopened];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cfi-e2e-'));
});

describe('replay of the example window', () => {
  let first: RunJson;
  let stdout: string;

  beforeAll(async () => {
    const r = await runCli(['replay', EXAMPLE, '--state', tmp('state.json'), '--json', tmp('first.json')]);
    expect(r.stderr).not.toMatch(/ci-failure-investigator: /);
    expect(r.code).toBe(0);
    first = readJson(tmp('first.json'));
    stdout = r.stdout;
  });

  it('looks at the last 6 hours before the clock', () => {
    expect(first.window).toEqual({ since: SIX_HOURS_BEFORE, until: NOW.replace('.000', '') });
  });

  it('accounts for every failed run: investigated + skipped = failed, as the scenario says', () => {
    const facts = windowFacts(EXAMPLE, first.window.since, first.window.until, NOW);
    const c = first.coverage;
    expect(c.runsInWindow).toBe(facts.runsInWindow.length);
    expect(c.failedRuns).toBe(facts.failed.length);
    expect(c.cancelledRuns).toBe(facts.cancelled.length);
    expect(c.inProgressRuns).toBe(facts.inProgress.length);
    expect(c.investigatedRuns + c.skipped.length).toBe(c.failedRuns);
    expect(c.skipped.map((s) => [s.runId, s.reason])).toEqual(facts.withoutLogs.map((id) => [id, 'logs-expired']));
  });

  it('puts every investigated run in a cluster and no skipped run in any', () => {
    const clustered = new Set(first.clusters.flatMap((c) => c.runIds));
    const skipped = new Set(first.coverage.skipped.map((s) => s.runId));
    const facts = windowFacts(EXAMPLE, first.window.since, first.window.until, NOW);
    for (const id of facts.failed) expect(clustered.has(id) !== skipped.has(id)).toBe(true);
  });

  it('creates one report issue and prints the section it wrote', () => {
    expect(first.issues.created).toHaveLength(1);
    expect(first.issues.report).toBe(first.issues.created[0]);
    expect(stdout).toMatch(/^## CI failure report · /);
    expect(stdout).not.toContain('ci-failure-investigator:state');
    expect(first.apiRequests).toBeGreaterThan(0);
  });

  it('a second run with the same state writes nothing', async () => {
    const r = await runCli(['replay', EXAMPLE, '--state', tmp('state.json'), '--json', tmp('second.json')]);
    expect(r.code).toBe(0);
    const second = readJson(tmp('second.json'));
    expect(written(second)).toEqual([]);
    expect(second.window.since).toBe(second.window.until);
    expect(second.issues.report).toBe(first.issues.report);
  });

  it('the same explicit window run twice writes nothing the second time', async () => {
    const args = ['replay', EXAMPLE, '--state', tmp('state.json'), '--since', SIX_HOURS_BEFORE, '--until', NOW];
    const a = await runCli([...args, '--json', tmp('explicit-1.json')]);
    const b = await runCli([...args, '--json', tmp('explicit-2.json')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(written(readJson(tmp('explicit-2.json')))).toEqual([]);
  });
});

describe('chained windows', () => {
  it('the second window starts where the first ended and picks up the run left in progress', async () => {
    const state = tmp('chain.json');
    const a = await runCli(['replay', EXAMPLE, '--state', state, '--json', tmp('chain-1.json')]);
    const b = await runCli(['replay', EXAMPLE, '--state', state, '--now', LATER, '--json', tmp('chain-2.json')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const one = readJson(tmp('chain-1.json'));
    const two = readJson(tmp('chain-2.json'));
    expect(two.window.since).toBe(one.window.until);
    expect(two.window.until).toBe(LATER);
    expect(two.issues.updated).toEqual([one.issues.report]);
    expect(two.issues.created).toEqual([]);
    // A run in progress at the first window's end is counted once it has failed.
    const facts = windowFacts(EXAMPLE, one.window.since, one.window.until, NOW);
    expect(two.coverage.carriedOverRuns).toBe(facts.inProgress.length);
    expect(two.coverage.investigatedRuns + two.coverage.skipped.length).toBe(two.coverage.failedRuns);
  });
});

describe('dry run', () => {
  it('prints the plan of writes, writes nothing and saves no state', async () => {
    const state = tmp('dry-state.json');
    const r = await runCli(['replay', EXAMPLE, '--dry-run', '--state', state, '--json', tmp('dry.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Plan of writes \(dry run\): 1/);
    expect(r.stdout).toMatch(/### create report issue \(new\)/);
    const j = readJson(tmp('dry.json'));
    expect(written(j)).toEqual([]);
    expect(j.issues.planned).toEqual([{ action: 'create', issue: null, title: 'CI failure report (rolling)' }]);
    expect(existsSync(state)).toBe(false);
  });
});

describe('faults', () => {
  it('a secondary rate limit on creating the issue is waited out and retried', async () => {
    const faults = tmp('rate.yml');
    writeFileSync(faults, '- {method: POST, path: "/repos/*/*/issues", status: 403, times: 1, headers: {retry-after: "1"}}\n');
    const r = await runCli(['replay', EXAMPLE, '--faults', faults, '--json', tmp('rate.json')]);
    expect(r.code).toBe(0);
    const j = readJson(tmp('rate.json'));
    expect(j.issues.created).toHaveLength(1);
    expect(r.stderr).toMatch(/secondary rate limit/);
  });

  it('a run whose jobs keep failing with 5xx is skipped with a reason; the rest is investigated', async () => {
    const base = readJson(tmp('first.json'));
    const victim = base.clusters[0]!.runIds[0]!;
    const faults = tmp('5xx.yml');
    writeFileSync(faults, `- {method: GET, path: "/repos/*/*/actions/runs/${victim}/jobs", status: 502}\n`);
    const r = await runCli(['replay', EXAMPLE, '--faults', faults, '--json', tmp('5xx.json')]);
    expect(r.code).toBe(0);
    const j = readJson(tmp('5xx.json'));
    expect(j.coverage.skipped).toContainEqual(expect.objectContaining({ runId: victim, reason: 'error' }));
    expect(j.coverage.investigatedRuns).toBe(base.coverage.investigatedRuns - 1);
    expect(j.clusters.flatMap((c) => c.runIds)).not.toContain(victim);
  });

  it('a publish stopped by GitHub exits 1 with one sentence, still writes --json, and a re-run finishes it', async () => {
    const state = tmp('halfway.json');
    const faults = tmp('halfway.yml');
    writeFileSync(faults, '- {method: POST, path: "/repos/*/*/issues", status: 500}\n');
    const r = await runCli(['replay', EXAMPLE, '--state', state, '--faults', faults, '--json', tmp('halfway-1.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^ci-failure-investigator: publishing stopped: /);
    expect(readJson(tmp('halfway-1.json')).issues.created).toEqual([]);
    const again = await runCli(['replay', EXAMPLE, '--state', state, '--json', tmp('halfway-2.json')]);
    expect(again.code).toBe(0);
    expect(readJson(tmp('halfway-2.json')).issues.created).toHaveLength(1);
  });

  it('the request budget stops the investigation politely: what is left is skipped with reason budget', async () => {
    const r = await runCli(['replay', EXAMPLE, '--max-api-requests', '12', '--dry-run', '--json', tmp('budget.json')]);
    const j = readJson(tmp('budget.json'));
    expect(r.code).toBe(0);
    expect(j.apiRequests).toBeLessThanOrEqual(12);
    expect(j.coverage.skipped.some((s) => s.reason === 'budget')).toBe(true);
    expect(j.coverage.investigatedRuns + j.coverage.skipped.length).toBe(j.coverage.failedRuns);
  });
});

describe('bad input', () => {
  it.each([
    [['--since', 'yesterday'], /since: 'yesterday'/],
    [['--window', '6 hours'], /window: '6 hours'/],
    [['--max-api-requests', 'many'], /max-api-requests: 'many'/],
  ])('%j → exit 1 and one sentence naming the input', async (flags, message) => {
    const r = await runCli(['replay', EXAMPLE, ...flags]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a scenario directory that does not exist is named', async () => {
    const r = await runCli(['replay', tmp('nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope/);
  });
});
