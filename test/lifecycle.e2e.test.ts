// End to end: consecutive scheduled runs against one repository (one --state file), as issue
// lifecycles play out over days: recurrence, quiet closes, people muting and silencing, matchers.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunJson } from '../src/output/json.js';
import { startReplayServer } from '../src/replay/server.js';
import { runCli } from './support/cli.js';

const EXAMPLE = 'examples/seed-000';
const CLOCKS = ['2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', '2026-04-22T19:14:00Z'];
const LATER = ['2026-04-23T01:14:00Z', '2026-04-23T07:14:00Z', '2026-04-23T13:14:00Z'];

interface StateIssue {
  number: number;
  title: string;
  state: string;
  state_reason?: string | null;
  body: string;
  labels: Array<string | { name: string }>;
  comments?: Array<{ body: string }>;
  sub_issues?: number[];
}

let dir: string;
const tmp = (n: string) => join(dir, n);
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as RunJson;
const issuesOf = (state: string) => (JSON.parse(readFileSync(state, 'utf8')) as { issues: StateIssue[] }).issues;
const written = (j: RunJson) => [...j.issues.created, ...j.issues.updated, ...j.issues.commented, ...j.issues.closed, ...j.issues.reopened, ...j.issues.linked];

async function replay(scenario: string, state: string, now: string, name: string, extra: string[] = []): Promise<RunJson> {
  const r = await runCli(['replay', scenario, '--state', state, '--now', now, '--json', tmp(`${name}.json`), ...extra]);
  expect(r.stderr).not.toMatch(/ci-failure-investigator: /);
  expect(r.code).toBe(0);
  return readJson(tmp(`${name}.json`));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cfi-life-'));
});

describe('three scheduled windows in a row, then quiet days', () => {
  const state = () => tmp('chain.json');
  const runs: RunJson[] = [];

  beforeAll(async () => {
    for (const [i, now] of CLOCKS.entries()) runs.push(await replay(EXAMPLE, state(), now, `w${i}`));
  });

  it('the windows chain without gaps', () => {
    expect(runs[1]!.window.since).toBe(runs[0]!.window.until);
    expect(runs[2]!.window.since).toBe(runs[1]!.window.until);
  });

  it('a recurring problem gets one comment per window, never one per run', () => {
    const codex = runs[0]!.clusters.find((c) => c.subIssue !== null && runs[2]!.clusters.some((x) => x.fingerprint === c.fingerprint))!;
    expect(codex).toBeDefined();
    const windowsSeenAgain = runs.slice(1).filter((r) => r.clusters.some((c) => c.fingerprint === codex.fingerprint)).length;
    const runsSeenAgain = runs.slice(1).flatMap((r) => r.clusters.filter((c) => c.fingerprint === codex.fingerprint).flatMap((c) => c.runIds)).length;
    const sub = issuesOf(state()).find((i) => i.number === codex.subIssue)!;
    expect(sub.comments?.length).toBe(windowsSeenAgain);
    expect(runsSeenAgain).toBeGreaterThan(windowsSeenAgain);
    expect(sub.body).toContain('<!-- ci-failure-investigator:hits -->');
  });

  it('every run of the same clock again writes nothing', async () => {
    const before = issuesOf(state());
    const again = await replay(EXAMPLE, state(), CLOCKS[2]!, 'again');
    expect(written(again)).toEqual([]);
    expect(issuesOf(state())).toEqual(before);
  });

  it('after 4 quiet windows and 24 h a sub-issue is closed as completed, with a comment; the next run at that clock writes nothing', async () => {
    const later: RunJson[] = [];
    for (const [i, now] of [...LATER, '2026-04-23T19:14:00Z'].entries()) later.push(await replay(EXAMPLE, state(), now, `later${i}`));
    const closed = later.flatMap((r) => r.issues.closed);
    expect(closed.length).toBeGreaterThan(0);
    const issues = issuesOf(state());
    for (const n of closed) {
      const i = issues.find((x) => x.number === n)!;
      expect(i.state).toBe('closed');
      expect(i.state_reason).toBe('completed');
      expect(i.comments?.at(-1)?.body).toMatch(/Not seen for \d+ windows/);
    }
    // Closed once, not again by the next windows.
    expect(new Set(closed).size).toBe(closed.length);
    const again = await replay(EXAMPLE, state(), '2026-04-23T19:14:00Z', 'later-again');
    expect(written(again)).toEqual([]);
  });
});

describe('a window re-run after a publish that a fault stopped halfway', () => {
  it('ends with exactly the issues and comments of a clean run', async () => {
    const clean = tmp('clean-state.json');
    const broken = tmp('broken-state.json');
    let report = 0;
    for (const now of CLOCKS.slice(0, 2)) {
      await replay(EXAMPLE, clean, now, 'clean-run');
      report = (await replay(EXAMPLE, broken, now, 'broken-run')).issues.report!;
    }
    const clean3 = await replay(EXAMPLE, clean, CLOCKS[2]!, 'clean-3');
    expect(clean3.issues.commented.length + clean3.issues.created.length).toBeGreaterThan(0);
    const faults = tmp('stop-report.yml');
    // The report update fails after the sub-issues, comments and edits went through.
    writeFileSync(faults, `- {method: PATCH, path: "/repos/*/*/issues/${report}", status: 500}\n`);
    const r = await runCli(['replay', EXAMPLE, '--state', broken, '--now', CLOCKS[2]!, '--faults', faults, '--json', tmp('broken-3.json')]);
    expect(r.code).toBe(1);
    await replay(EXAMPLE, broken, CLOCKS[2]!, 'broken-3b');
    const shape = (f: string) => issuesOf(f).map((i) => ({ number: i.number, state: i.state, body: i.body, comments: (i.comments ?? []).map((c) => c.body), subs: i.sub_issues ?? [] }));
    expect(shape(broken)).toEqual(shape(clean));
  });
});

describe('people in charge', () => {
  it('a sub-issue closed as not planned silences its problem; a muted one gets no comment', async () => {
    const state = tmp('people.json');
    const first = await replay(EXAMPLE, state, CLOCKS[0]!, 'p0');
    const second = await replay(EXAMPLE, state, CLOCKS[1]!, 'p1');
    const filed = second.clusters.filter((c) => c.subIssue !== null);
    const [silenced, muted] = [first.clusters.find((c) => c.subIssue)!, filed.find((c) => c.subIssue !== first.clusters.find((x) => x.subIssue)!.subIssue)!];
    const server = await startReplayServer({ scenarioDir: EXAMPLE, now: CLOCKS[1], stateFile: state });
    const octokit = new Octokit({ baseUrl: server.url });
    const ref = { owner: 'octo-org', repo: 'agent-factory' };
    await octokit.rest.issues.update({ ...ref, issue_number: silenced.subIssue!, state: 'closed', state_reason: 'not_planned' });
    await octokit.rest.issues.addLabels({ ...ref, issue_number: muted.subIssue!, labels: ['muted'] });
    await server.saveState(state);
    await server.close();
    const before = issuesOf(state);
    const third = await replay(EXAMPLE, state, CLOCKS[2]!, 'p2');
    const after = issuesOf(state);
    const commentsOf = (list: StateIssue[], n: number) => list.find((i) => i.number === n)!.comments?.length ?? 0;
    expect(commentsOf(after, silenced.subIssue!)).toBe(commentsOf(before, silenced.subIssue!));
    expect(after.find((i) => i.number === silenced.subIssue)!.state).toBe('closed');
    expect(third.issues.reopened).toEqual([]);
    if (third.clusters.some((c) => c.fingerprint === muted.fingerprint)) expect(commentsOf(after, muted.subIssue!)).toBe(commentsOf(before, muted.subIssue!));
    // No second issue for the silenced problem.
    expect(third.clusters.find((c) => c.fingerprint === silenced.fingerprint)?.subIssue ?? silenced.subIssue).toBe(silenced.subIssue);
    expect(after.filter((i) => i.body.includes(`fp=${silenced.fingerprint}`)).map((i) => i.number)).toEqual([silenced.subIssue]);
  });

  it('a person’s issue with a matcher block tracks the problem: no sub-issue, one comment per window, listed in the report', async () => {
    const scenario = tmp('matcher-scenario');
    cpSync(EXAMPLE, scenario, { recursive: true });
    const file = join(scenario, 'issues', '27731.json');
    const issue = JSON.parse(readFileSync(file, 'utf8')) as { body: string };
    issue.body += '\n\n```ci-failure-investigator\npattern: "401 Unauthorized"\n```\n';
    writeFileSync(file, JSON.stringify(issue, null, 2));
    const state = tmp('matcher.json');
    const one = await replay(scenario, state, CLOCKS[0]!, 'm0');
    const two = await replay(scenario, state, CLOCKS[1]!, 'm1');
    const codex = two.clusters.find((c) => c.trackedBy.includes(27731))!;
    expect(codex).toBeDefined();
    expect(codex.subIssue).toBeNull();
    const comments = issuesOf(state).find((i) => i.number === 27731)!.comments ?? [];
    // The person's own comment, then one per window in which the problem failed.
    const windows = [one, two].filter((r) => r.clusters.some((c) => c.fingerprint === codex.fingerprint)).length;
    expect(comments.filter((c) => c.body.includes('ci-failure-investigator:hit')).length).toBe(windows);
    const report = issuesOf(state).find((i) => i.number === two.issues.report)!;
    expect(report.body).toMatch(/### Existing issues[\s\S]*\| #27731 Recompile lock files/);
  });
});

describe('routing from the config file', () => {
  it('labels, assigns and (opt-in) mentions a team on new sub-issues of the routed category only', async () => {
    const cfg = tmp('routes.yml');
    writeFileSync(cfg, ['routes:', '  - category: auth', '    labels: [agentic, auth]', '    assignees: kenji-ops', '    mention: "@octo-org/ai-platform"'].join('\n'));
    const state = tmp('routes-state.json');
    const r = await replay(EXAMPLE, state, CLOCKS[1]!, 'routes', ['--config', cfg]);
    const issues = issuesOf(state);
    for (const c of r.clusters.filter((x) => x.subIssue)) {
      const i = issues.find((x) => x.number === c.subIssue)! as StateIssue & { assignees?: Array<string | { login: string }> };
      const labels = i.labels.map((l) => (typeof l === 'string' ? l : l.name));
      if (c.category === 'auth') {
        expect(labels).toEqual(['agentic', 'auth']);
        expect(i.body).toContain('cc @octo-org/ai-platform');
        expect(JSON.stringify(i.assignees)).toContain('kenji-ops');
      } else {
        expect(labels).toEqual([]);
        expect(i.body).not.toMatch(/(^|\s)@/);
      }
    }
    expect(r.clusters.some((c) => c.category === 'auth' && c.subIssue)).toBe(true);
  });
});
