// Helpers for the replay tests: write a small scenario directory, make run/job objects, start a
// server with an Octokit client on it. Not used by the product.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { stringify } from 'yaml';
import { startReplayServer, type ReplayServer, type ReplayServerOptions } from './server.js';

export const REPO = { owner: 'acme', repo: 'widgets' };
export const NOW = '2026-04-22T19:14:00Z';

export interface RunSpec {
  run: Record<string, unknown>;
  /** jobs.json's jobs (absent = no jobs.json) */
  jobs?: Array<Record<string, unknown>>;
  /** job id → log text */
  logs?: Record<number, string>;
  /** artifact folder name → { relative path → content } */
  artifacts?: Record<string, Record<string, string>>;
  /** attempt number → its run.json and jobs */
  attempts?: Record<number, { run: Record<string, unknown>; jobs?: Array<Record<string, unknown>> }>;
}

export interface ScenarioSpec {
  /** scenario.yml as an object (default: repo acme/widgets, now NOW) or as raw text */
  yml?: Record<string, unknown> | string;
  runs?: RunSpec[];
  commits?: unknown[];
  labels?: unknown[];
  /** issues/<number>.json */
  issues?: Array<Record<string, unknown> & { number: number }>;
  /** repo/<path> → content */
  repoFiles?: Record<string, string>;
}

async function put(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** Write a scenario directory under `dir` (created if needed); returns `dir`. */
export async function writeScenario(dir: string, spec: ScenarioSpec): Promise<string> {
  const yml = spec.yml ?? { repo: `${REPO.owner}/${REPO.repo}`, now: NOW };
  await put(join(dir, 'scenario.yml'), typeof yml === 'string' ? yml : stringify(yml));
  await mkdir(join(dir, 'runs'), { recursive: true });
  const writeRun = async (r: RunSpec): Promise<void> => {
    const runDir = join(dir, 'runs', String(r.run['id']));
    await put(join(runDir, 'run.json'), JSON.stringify(r.run));
    if (r.jobs) await put(join(runDir, 'jobs.json'), JSON.stringify({ total_count: r.jobs.length, jobs: r.jobs }));
    for (const [jobId, text] of Object.entries(r.logs ?? {})) await put(join(runDir, 'logs', `${jobId}.txt`), text);
    for (const [name, files] of Object.entries(r.artifacts ?? {})) {
      await mkdir(join(runDir, 'artifacts', name), { recursive: true });
      for (const [rel, content] of Object.entries(files)) await put(join(runDir, 'artifacts', name, rel), content);
    }
    for (const [n, a] of Object.entries(r.attempts ?? {})) {
      await put(join(runDir, 'attempts', n, 'run.json'), JSON.stringify(a.run));
      if (a.jobs) await put(join(runDir, 'attempts', n, 'jobs.json'), JSON.stringify({ total_count: a.jobs.length, jobs: a.jobs }));
    }
  };
  const runs = spec.runs ?? [];
  for (let i = 0; i < runs.length; i += 64) await Promise.all(runs.slice(i, i + 64).map(writeRun));
  if (spec.commits) await put(join(dir, 'commits.json'), JSON.stringify(spec.commits));
  if (spec.labels) await put(join(dir, 'labels.json'), JSON.stringify(spec.labels));
  for (const issue of spec.issues ?? []) await put(join(dir, 'issues', `${issue.number}.json`), JSON.stringify(issue));
  for (const [rel, content] of Object.entries(spec.repoFiles ?? {})) await put(join(dir, 'repo', rel), content);
  return dir;
}

/** a run.json with the required fields; created at `created`, finished 5 minutes later */
export function makeRun(id: number, created: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const updated = new Date(Date.parse(created) + 5 * 60_000).toISOString().replace(/\.000Z$/, 'Z');
  return {
    id,
    name: 'CI',
    path: '.github/workflows/ci.yml',
    head_branch: 'main',
    head_sha: 'a'.repeat(40),
    event: 'push',
    status: 'completed',
    conclusion: 'failure',
    created_at: created,
    updated_at: updated,
    run_attempt: 1,
    ...extra,
  };
}

/** a jobs.json job with two steps, the second failing */
export function makeJob(id: number, runId: number, started: string, completed: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const mid = new Date((Date.parse(started) + Date.parse(completed)) / 2).toISOString().replace(/\.000Z$/, 'Z');
  return {
    id,
    run_id: runId,
    name: 'build',
    status: 'completed',
    conclusion: 'failure',
    started_at: started,
    completed_at: completed,
    steps: [
      { name: 'Set up job', number: 1, status: 'completed', conclusion: 'success', started_at: started, completed_at: mid },
      { name: 'Run tests', number: 2, status: 'completed', conclusion: 'failure', started_at: mid, completed_at: completed },
    ],
    ...extra,
  };
}

export async function tempDir(prefix = 'replay-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface Harness {
  dir: string;
  server: ReplayServer;
  octokit: Octokit;
  close(): Promise<void>;
}

/** write a scenario to a new temp dir, start a server on it, and give an Octokit pointed at it */
export async function startScenario(spec: ScenarioSpec, opts: Omit<ReplayServerOptions, 'scenarioDir'> = {}): Promise<Harness> {
  const dir = await writeScenario(await tempDir(), spec);
  const server = await startReplayServer({ scenarioDir: dir, ...opts });
  const octokit = new Octokit({ baseUrl: server.url, auth: 'ghs_replaytoken', log: { debug() {}, info() {}, warn() {}, error() {} } });
  return {
    dir,
    server,
    octokit,
    async close() {
      await server.close();
      await removeDir(dir);
    },
  };
}
