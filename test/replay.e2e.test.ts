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

  it('creates one report issue, a sub-issue per new recurring or P0 problem, linked to it, and prints the section it wrote', () => {
    const filed = first.clusters.filter((c) => c.subIssue !== null);
    const expected = first.clusters.filter((c) => c.priority === 'P0' || c.runIds.length >= 2);
    expect(filed.map((c) => c.id)).toEqual(expected.slice(0, 3).map((c) => c.id));
    expect(first.issues.created).toEqual([...filed.map((c) => c.subIssue), first.issues.report]);
    expect(first.issues.linked).toEqual(filed.map((c) => c.subIssue));
    const state = JSON.parse(readFileSync(tmp('state.json'), 'utf8')) as { issues: Array<{ number: number; body: string; sub_issues?: number[] }> };
    const report = state.issues.find((i) => i.number === first.issues.report)!;
    expect(report.sub_issues).toEqual(filed.map((c) => c.subIssue));
    for (const c of filed) {
      const sub = state.issues.find((i) => i.number === c.subIssue)!;
      expect(sub.body).toContain(`<!-- ci-failure-investigator:cluster fp=${c.fingerprint} -->`);
      expect(sub.body).toMatch(/\*\*Mechanism\.\*\*[\s\S]*\*\*Evidence\.\*\*[\s\S]*\*\*Recommended fix\.\*\*/);
    }
    expect(stdout).toContain(`**new → #${filed[0]!.subIssue}**`);
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
    expect(two.issues.updated).toContain(one.issues.report);
    expect(two.issues.report).toBe(one.issues.report);
    // A problem filed in the first window and failing again gets one comment, not one per run.
    const recurring = two.clusters.filter((c) => one.clusters.some((x) => x.fingerprint === c.fingerprint && x.subIssue));
    expect(recurring.length).toBeGreaterThan(0);
    expect(two.issues.commented.sort()).toEqual(recurring.map((c) => c.subIssue).sort());
    // A problem already filed gets no second sub-issue in the next window.
    const filedBefore = new Set(one.clusters.filter((c) => c.subIssue).map((c) => c.fingerprint));
    for (const c of two.clusters) if (filedBefore.has(c.fingerprint)) expect(one.clusters.find((x) => x.fingerprint === c.fingerprint)!.subIssue).toBe(c.subIssue);
    expect(two.issues.created.length).toBe(two.clusters.filter((c) => c.subIssue !== null && !filedBefore.has(c.fingerprint)).length);
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
    expect(r.stdout).toMatch(/<summary>create report \(new\): CI failure report \(rolling\)<\/summary>/);
    expect(r.stdout).toMatch(/<summary>create sub-issue \(new\): /);
    const j = readJson(tmp('dry.json'));
    expect(written(j)).toEqual([]);
    expect(j.issues.planned.map((p) => p.action)).toEqual(['create', 'create', 'create', 'link', 'link']);
    expect(j.issues.planned[2]).toEqual({ action: 'create', issue: null, title: 'CI failure report (rolling)' });
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
    expect(j.issues.report).not.toBeNull();
    expect(j.issues.created).toContain(j.issues.report);
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
    expect(readJson(tmp('halfway-2.json')).issues.report).not.toBeNull();
  });

  it('a link that fails after the report was written is repaired by the next run, with no second sub-issue', async () => {
    const state = tmp('unlinked.json');
    const faults = tmp('unlinked.yml');
    writeFileSync(faults, '- {method: POST, path: "/repos/*/*/issues/*/sub_issues", status: 500}\n');
    const r = await runCli(['replay', EXAMPLE, '--state', state, '--faults', faults, '--json', tmp('unlinked-1.json')]);
    expect(r.code).toBe(1);
    const one = readJson(tmp('unlinked-1.json'));
    const subs = one.clusters.filter((c) => c.subIssue !== null).map((c) => c.subIssue);
    expect(subs.length).toBeGreaterThan(0);
    expect(one.issues.linked).toEqual([]);
    const again = await runCli(['replay', EXAMPLE, '--state', state, '--json', tmp('unlinked-2.json')]);
    expect(again.code).toBe(0);
    const two = readJson(tmp('unlinked-2.json'));
    expect(two.issues.created).toEqual([]);
    expect(two.issues.linked).toEqual(subs);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { issues: Array<{ number: number; sub_issues?: number[] }> };
    expect(saved.issues.find((i) => i.number === one.issues.report)!.sub_issues).toEqual(subs);
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

describe('bad input reported by GitHub', () => {
  const faultFile = (name: string, yaml: string) => {
    const f = tmp(`${name}.yml`);
    writeFileSync(f, yaml);
    return f;
  };
  const configYaml = Buffer.from('window: 6h\nmax-api-requests: lots\n').toString('base64');

  it.each([
    ['a wrong token (401)', '- {path: "/repos/*/*", status: 401}\n', /token: GitHub answered 401/],
    ['a repository that does not exist (404)', '- {path: "/repos/*/*", status: 404}\n', /repo: octo-org\/agent-factory was not found/],
    [
      'issues disabled',
      '- {path: "/repos/*/*", status: 200, body: {name: agent-factory, full_name: octo-org/agent-factory, default_branch: main, has_issues: false}}\n',
      /repo: issues are disabled on octo-org\/agent-factory/,
    ],
    ['a label that cannot be created', '- {method: POST, path: "/repos/*/*/labels", status: 403}\n', /report-label: the label 'ci-failure-report' does not exist and could not be created/],
    [
      'an invalid config file in the repository',
      `- {path: "/repos/*/*/contents/.github/ci-failure-investigator.yml", status: 200, body: {type: file, encoding: base64, content: "${configYaml}"}}\n`,
      /config: \.github\/ci-failure-investigator\.yml:2: 'max-api-requests'/,
    ],
  ])('%s: exit 1, one sentence, no issue written', async (name, faults, message) => {
    const state = tmp(`bad-${name.replace(/\W+/g, '-')}.json`);
    const r = await runCli(['replay', EXAMPLE, '--state', state, '--faults', faultFile(name.replace(/\W+/g, '-'), faults)]);
    expect(r.code).toBe(1);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^ci-failure-investigator: /);
    expect(last).toMatch(message);
    if (existsSync(state)) {
      const saved = JSON.parse(readFileSync(state, 'utf8')) as { issues: Array<{ number: number }> };
      expect(saved.issues.map((i) => i.number)).toEqual([27731]);
    }
  });

  it('a local --config file with an unknown key names the file, the line and the key', async () => {
    const cfg = tmp('bad-config.yml');
    writeFileSync(cfg, 'window: 6h\nreport-lable: ci\n');
    const r = await runCli(['replay', EXAMPLE, '--config', cfg]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`config: ${cfg}:2: 'report-lable' is not a known setting`);
  });
});
