// Loading a scenario directory (⚓ Contract 1): scenario.yml, runs (with attempts), commits,
// labels and issues, each validated with zod; a bad file gives an Error naming the file and key.
// Logs, artifacts and repo files stay on disk and are read when asked for.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseFaults, type Fault } from './faults.js';
import { isMissing, isoMs, isoString, mapLimit, parseWith, readJsonFile, readYamlFile } from './validate.js';

const scenarioYmlSchema = z.looseObject({
  repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: 'must be "owner/name"' }),
  now: isoString,
  default_branch: z.string().min(1).default('main'),
  self_workflow: z.string().min(1).optional(),
  faults: z.unknown().optional(),
});

const nullableIso = z.union([isoString, z.null()]);

export const stepSchema = z.looseObject({
  name: z.string(),
  number: z.number().int().optional(),
  status: z.string(),
  conclusion: z.string().nullable().default(null),
  started_at: nullableIso.optional(),
  completed_at: nullableIso.optional(),
});

export const jobSchema = z.looseObject({
  id: z.number().int().positive(),
  run_id: z.number().int().positive().optional(),
  run_attempt: z.number().int().positive().optional(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable().default(null),
  created_at: isoString.optional(),
  started_at: nullableIso.optional(),
  completed_at: nullableIso.optional(),
  html_url: z.string().nullable().optional(),
  labels: z.array(z.string()).default([]),
  steps: z.array(stepSchema).default([]),
});

export const runSchema = z.looseObject({
  id: z.number().int().positive().optional(),
  name: z.string().nullable().optional(),
  path: z.string().min(1),
  head_branch: z.string().nullable().optional(),
  head_sha: z.string().min(1),
  event: z.string().min(1),
  status: z.string().nullable(),
  conclusion: z.string().nullable().default(null),
  created_at: isoString,
  updated_at: isoString,
  run_started_at: isoString.optional(),
  run_attempt: z.number().int().positive().default(1),
  workflow_id: z.number().int().positive().optional(),
  run_number: z.number().int().positive().optional(),
  display_title: z.string().optional(),
});

const jobsFileSchema = z.looseObject({ total_count: z.number().optional(), jobs: z.array(jobSchema) });

const commitSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{4,64}$/i, { message: 'must be a hex commit sha' }),
  parents: z.array(z.string()).default([]),
  message: z.string().default(''),
  author: z.looseObject({ login: z.string(), name: z.string().optional(), email: z.string().optional() }).optional(),
  date: isoString.optional(),
});

export const labelSchema = z.looseObject({
  id: z.number().int().positive().optional(),
  name: z.string().min(1),
  color: z.string().optional(),
  description: z.string().nullable().optional(),
});

const userSchema = z.looseObject({ login: z.string(), id: z.number().optional(), type: z.string().optional() });

export const commentSchema = z.looseObject({
  id: z.number().int().positive().optional(),
  body: z.string().default(''),
  user: userSchema.nullable().optional(),
  created_at: isoString.optional(),
  updated_at: isoString.optional(),
});

export const issueSchema = z.looseObject({
  number: z.number().int().positive().optional(),
  id: z.number().int().positive().optional(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).default('open'),
  state_reason: z.string().nullable().optional(),
  labels: z.array(z.union([z.string(), z.looseObject({ name: z.string() })])).default([]),
  assignees: z.array(userSchema).nullable().optional(),
  user: userSchema.nullable().optional(),
  created_at: isoString.optional(),
  updated_at: isoString.optional(),
  closed_at: nullableIso.optional(),
  comments: z.union([z.array(commentSchema), z.number()]).optional(),
  sub_issues: z.array(z.number().int().positive()).default([]),
});

export type RawRun = z.output<typeof runSchema> & { id: number };
export type RawJob = z.output<typeof jobSchema> & { run_id: number; run_attempt: number };
export type RawStep = z.output<typeof stepSchema>;
export type ScenarioCommit = z.output<typeof commitSchema>;
export type RawLabel = z.output<typeof labelSchema>;
export type RawComment = z.output<typeof commentSchema>;
export type RawIssue = z.output<typeof issueSchema> & { number: number; file: string };

export interface RunAttempt {
  attempt: number;
  run: RawRun;
  /** null when the attempt has no jobs.json (a run without jobs) */
  jobs: RawJob[] | null;
}

export interface ScenarioRun {
  id: number;
  dir: string;
  /** by attempt number; the top-level run.json is the attempt named by its run_attempt */
  attempts: Map<number, RunAttempt>;
  latest: number;
}

export interface Scenario {
  dir: string;
  owner: string;
  name: string;
  now: string;
  defaultBranch: string;
  selfWorkflow?: string;
  faults: Fault[];
  runs: Map<number, ScenarioRun>;
  commits: ScenarioCommit[];
  labels: RawLabel[];
  issues: RawIssue[];
}

async function listDir(dir: string): Promise<Array<{ name: string; isDir: boolean }>> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDir: e.isDirectory() })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

async function readOptionalJson(file: string): Promise<unknown> {
  try {
    return await readJsonFile(file);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

async function loadAttempt(dir: string, runId: number, expectAttempt?: number): Promise<RunAttempt> {
  const runFile = join(dir, 'run.json');
  const raw = await readJsonFile(runFile);
  const run = parseWith(runSchema, raw, runFile);
  if (run.id !== undefined && run.id !== runId) {
    throw new Error(`${runFile}: key "id" is ${run.id} but the folder says run ${runId}`);
  }
  if (expectAttempt !== undefined) {
    if (raw && typeof raw === 'object' && 'run_attempt' in raw && run.run_attempt !== expectAttempt) {
      throw new Error(`${runFile}: key "run_attempt" is ${run.run_attempt} but the folder says attempt ${expectAttempt}`);
    }
    run.run_attempt = expectAttempt;
  }
  const attempt = run.run_attempt;
  const jobsFile = join(dir, 'jobs.json');
  const rawJobs = await readOptionalJson(jobsFile);
  let jobs: RawJob[] | null = null;
  if (rawJobs !== undefined) {
    const list = Array.isArray(rawJobs)
      ? parseWith(z.array(jobSchema), rawJobs, jobsFile)
      : parseWith(jobsFileSchema, rawJobs, jobsFile).jobs;
    jobs = list.map((job) => ({ ...job, run_id: job.run_id ?? runId, run_attempt: job.run_attempt ?? attempt }));
  }
  return { attempt, run: { ...run, id: runId }, jobs };
}

async function loadRun(runsDir: string, folder: string): Promise<ScenarioRun> {
  const dir = join(runsDir, folder);
  const id = Number(folder);
  const top = await loadAttempt(dir, id);
  const attempts = new Map<number, RunAttempt>();
  for (const entry of await listDir(join(dir, 'attempts'))) {
    if (!entry.isDir) continue;
    if (!/^[1-9]\d*$/.test(entry.name)) {
      throw new Error(`${join(dir, 'attempts', entry.name)}: attempt folders must be named by the attempt number`);
    }
    const n = Number(entry.name);
    attempts.set(n, await loadAttempt(join(dir, 'attempts', entry.name), id, n));
  }
  attempts.set(top.attempt, top);
  return { id, dir, attempts, latest: top.attempt };
}

async function loadRuns(dir: string): Promise<Map<number, ScenarioRun>> {
  const runsDir = join(dir, 'runs');
  const folders: string[] = [];
  for (const entry of await listDir(runsDir)) {
    if (!entry.isDir) continue;
    if (!/^[1-9]\d*$/.test(entry.name) || !Number.isSafeInteger(Number(entry.name))) {
      throw new Error(`${join(runsDir, entry.name)}: run folders must be named by the run id`);
    }
    folders.push(entry.name);
  }
  const runs = await mapLimit(folders, 32, (folder) => loadRun(runsDir, folder));
  return new Map(runs.map((r) => [r.id, r]));
}

async function loadIssues(dir: string): Promise<RawIssue[]> {
  const issuesDir = join(dir, 'issues');
  const files = (await listDir(issuesDir)).filter((e) => !e.isDir && e.name.endsWith('.json'));
  const issues = await mapLimit(files, 32, async (entry) => {
    const file = join(issuesDir, entry.name);
    const issue = parseWith(issueSchema, await readJsonFile(file), file);
    const fromName = /^(\d+)\.json$/.exec(entry.name)?.[1];
    const number = issue.number ?? (fromName ? Number(fromName) : undefined);
    if (number === undefined) throw new Error(`${file}: key "number" is required (or name the file <number>.json)`);
    if (fromName && Number(fromName) !== number) {
      throw new Error(`${file}: key "number" is ${number} but the file name says ${fromName}`);
    }
    return { ...issue, number, file };
  });
  const seen = new Map<number, string>();
  for (const issue of issues) {
    const other = seen.get(issue.number);
    if (other) throw new Error(`${issue.file}: key "number" ${issue.number} is used by ${other} too`);
    seen.set(issue.number, issue.file);
  }
  const parents = new Map<number, string>();
  for (const issue of issues) {
    issue.sub_issues.forEach((n, i) => {
      if (!seen.has(n)) throw new Error(`${issue.file}: key "sub_issues[${i}]" names issue ${n}, which has no file`);
      const other = parents.get(n);
      if (other) throw new Error(`${issue.file}: key "sub_issues[${i}]" names issue ${n}, already a sub-issue in ${other} (one parent only)`);
      parents.set(n, issue.file);
    });
  }
  return issues.sort((a, b) => a.number - b.number);
}

/** Read and validate a scenario directory. */
export async function loadScenario(dir: string): Promise<Scenario> {
  const file = join(dir, 'scenario.yml');
  let raw: unknown;
  try {
    raw = await readYamlFile(file);
  } catch (err) {
    if (isMissing(err)) throw new Error(`${file}: not found (a scenario directory needs scenario.yml)`);
    throw err;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${file}: must be a mapping with at least the keys "repo" and "now"`);
  }
  const yml = parseWith(scenarioYmlSchema, raw, file);
  const faults = parseFaults({ faults: yml.faults }, file);
  const [owner, name] = yml.repo.split('/') as [string, string];

  const commitsFile = join(dir, 'commits.json');
  const rawCommits = await readOptionalJson(commitsFile);
  const commits = rawCommits === undefined ? [] : parseWith(z.array(commitSchema), rawCommits, commitsFile);

  const labelsFile = join(dir, 'labels.json');
  const rawLabels = await readOptionalJson(labelsFile);
  const labels = rawLabels === undefined ? [] : parseWith(z.array(labelSchema), rawLabels, labelsFile);

  const scenario: Scenario = {
    dir,
    owner,
    name,
    now: yml.now,
    defaultBranch: yml.default_branch,
    faults,
    runs: await loadRuns(dir),
    commits,
    labels,
    issues: await loadIssues(dir),
  };
  if (yml.self_workflow !== undefined) scenario.selfWorkflow = yml.self_workflow;
  if (Number.isNaN(isoMs(scenario.now))) throw new Error(`${file}: key "now" is not a valid date-time`);
  return scenario;
}
