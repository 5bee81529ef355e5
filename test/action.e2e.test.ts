// End to end: the bundled action (dist/index.js, as GitHub runs it) against the loopback GitHub
// started by `serve`, with INPUT_* variables, twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CLI } from './support/build-cli.js';
import { scenarioClock } from './support/scenario-facts.js';

const EXAMPLE = 'examples/seed-000';
const ref = { owner: 'octo-org', repo: 'agent-factory' };
let dir: string;
let serve: ChildProcess;
let baseUrl: string;

interface ActionResult {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parse the GITHUB_OUTPUT file: `name<<delimiter\nvalue\ndelimiter`. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

function runAction(name: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionResult> {
  const outputFile = join(dir, `${name}.out`);
  const summaryFile = join(dir, `${name}.md`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/index.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        GITHUB_REPOSITORY: `${ref.owner}/${ref.repo}`,
        GITHUB_API_URL: baseUrl,
        GITHUB_WORKFLOW_REF: `${ref.owner}/${ref.repo}/.github/workflows/ci-failure-investigator.yml@refs/heads/main`,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        CI_FAILURE_INVESTIGATOR_NOW: scenarioClock(EXAMPLE),
        INPUT_TOKEN: 'ghs_fake_installation_token',
        ...inputEnv,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, outputs: readOutputs(outputFile), summary: readFileSync(summaryFile, 'utf8') }));
  });
}

/** Everything the issues side holds, to compare before and after a run. */
async function snapshot(octokit: Octokit) {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...ref, state: 'all', per_page: 100 });
  const out = [];
  for (const i of issues.sort((a, b) => a.number - b.number)) {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...ref, issue_number: i.number, per_page: 100 });
    const subs = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', { ...ref, issue_number: i.number });
    out.push({ number: i.number, title: i.title, state: i.state, body: i.body, labels: i.labels, comments: comments.map((c) => c.body), subIssues: (subs.data as Array<{ number: number }>).map((s) => s.number) });
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cfi-action-'));
  serve = spawn(process.execPath, [TEST_CLI, 'serve', EXAMPLE], { stdio: ['ignore', 'pipe', 'pipe'] });
  baseUrl = await new Promise<string>((resolve, reject) => {
    let text = '';
    serve.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve(line.trim());
    });
    serve.on('error', reject);
    serve.on('close', (code) => reject(new Error(`serve exited ${code}`)));
  });
});

afterAll(() => {
  serve?.kill('SIGTERM');
});

describe('the bundled action against serve', () => {
  let first: ActionResult;
  let octokit: Octokit;

  beforeAll(async () => {
    octokit = new Octokit({ baseUrl });
    first = await runAction('first', {});
  });

  it('succeeds and sets its outputs', () => {
    expect(first.stdout).not.toMatch(/::error::/);
    expect(first.code).toBe(0);
    expect(Number(first.outputs['report-issue'])).toBeGreaterThan(0);
    expect(Number(first.outputs['failed-runs'])).toBeGreaterThan(0);
    const clusters = JSON.parse(first.outputs['clusters']!) as Array<{ id: string; subIssue: number | null; isNew: boolean }>;
    expect(clusters.length).toBeGreaterThan(0);
    expect(Number(first.outputs['new-clusters'])).toBe(clusters.filter((c) => c.isNew).length);
  });

  it('leaves one report issue with its sub-issues linked through their ids', async () => {
    const report = Number(first.outputs['report-issue']);
    const reports = await octokit.rest.issues.listForRepo({ ...ref, labels: 'ci-failure-report', state: 'all' });
    expect(reports.data.map((i) => i.number)).toEqual([report]);
    const clusters = JSON.parse(first.outputs['clusters']!) as Array<{ subIssue: number | null; fingerprint: string }>;
    const filed = clusters.filter((c) => c.subIssue !== null);
    expect(filed.length).toBeGreaterThan(0);
    const subs = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', { ...ref, issue_number: report });
    expect((subs.data as Array<{ number: number }>).map((s) => s.number).sort()).toEqual(filed.map((c) => c.subIssue).sort());
    for (const c of filed) {
      const issue = await octokit.rest.issues.get({ ...ref, issue_number: c.subIssue! });
      expect(issue.data.body).toContain(`fp=${c.fingerprint}`);
    }
  });

  it('writes the report to the job summary', () => {
    expect(first.summary).toMatch(/^## CI failure report · /);
  });

  it('a second run writes nothing', async () => {
    const before = await snapshot(octokit);
    const second = await runAction('second', {});
    expect(second.code).toBe(0);
    expect(second.outputs['report-issue']).toBe(first.outputs['report-issue']);
    expect(await snapshot(octokit)).toEqual(before);
    expect(second.summary).toMatch(/Nothing new/);
  });

  it('a dry run of an explicit window puts the plan in the summary and writes nothing', async () => {
    const before = await snapshot(octokit);
    const dry = await runAction('dry', { since: '2026-04-22T01:14:00Z', until: '2026-04-22T07:14:00Z', 'dry-run': 'true' });
    expect(dry.code).toBe(0);
    expect(dry.summary).toMatch(/### Plan of writes \(dry run\)/);
    expect(await snapshot(octokit)).toEqual(before);
  });
});

describe('bad input stops the action with one sentence and writes nothing', () => {
  it.each([
    [{ window: 'six hours' }, {}, /window: 'six hours' is not a duration/],
    [{ since: 'yesterday' }, {}, /since: 'yesterday'/],
    [{ 'max-new-sub-issues': '-2' }, {}, /max-new-sub-issues: '-2'/],
    [{}, { GITHUB_REPOSITORY: 'octo-org/no-such-repo' }, /repo: octo-org\/no-such-repo was not found/],
  ])('%j %j', async (inputs, env, message) => {
    const octokit = new Octokit({ baseUrl });
    const before = await snapshot(octokit);
    const r = await runAction('bad', inputs, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`::error::${message.source}`));
    expect(await snapshot(octokit)).toEqual(before);
  });
});
