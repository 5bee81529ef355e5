// Turn what GitHub answered for a window into the files of a scenario directory (⚓ Contract 1).
// Pure: data in, {path → content} out. Every string value and every log is redacted, because a
// recorded scenario is meant to be shared (attached to a bug report, committed as a fixture).
import { stringify } from 'yaml';
import { redactSecrets } from '../redact/index.js';

export interface RecordedRun {
  run: Record<string, unknown> & { id: number };
  jobs: Array<Record<string, unknown>>;
  /** Job id → its log text. */
  logs: Map<number, string>;
  /** Artifact folder (`<name>` or `<name>.expired`) → path inside it → text (an agentic run's agent artifacts). */
  artifacts?: Map<string, Map<string, string>>;
}

export interface Recording {
  repo: string;
  now: string;
  defaultBranch: string;
  selfWorkflow: string | null;
  runs: RecordedRun[];
  /** Commits of the span, oldest or newest first (the server walks parents). */
  commits?: Array<{ sha: string; parents: string[]; message: string; author: { login: string }; date: string }>;
  labels: Array<Record<string, unknown>>;
  issues: Array<Record<string, unknown> & { number: number }>;
}

/** Redact every string inside a JSON value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}

const json = (v: unknown) => `${JSON.stringify(redactDeep(v), null, 2)}\n`;

/** A path segment that stays inside its folder (`..`, separators and NULs replaced). */
function safeSegment(s: string): string {
  const t = s.replace(/[\\/\u0000]/g, '_');
  return t === '.' || t === '..' || t === '' ? '_' : t;
}

export function scenarioFiles(r: Recording): Map<string, string> {
  const files = new Map<string, string>();
  const yml: Record<string, unknown> = { repo: r.repo, now: r.now, default_branch: r.defaultBranch };
  if (r.selfWorkflow) yml.self_workflow = r.selfWorkflow;
  files.set('scenario.yml', `# Recorded by ci-failure-investigator record; secrets redacted.\n${stringify(yml)}`);
  for (const { run, jobs, logs, artifacts } of r.runs) {
    files.set(`runs/${run.id}/run.json`, json(run));
    if (jobs.length) files.set(`runs/${run.id}/jobs.json`, json({ total_count: jobs.length, jobs }));
    for (const [jobId, text] of logs) files.set(`runs/${run.id}/logs/${jobId}.txt`, redactSecrets(text));
    for (const [folder, inside] of artifacts ?? []) {
      for (const [path, text] of inside) files.set(`runs/${run.id}/artifacts/${safeSegment(folder)}/${path.split('/').map(safeSegment).join('/')}`, redactSecrets(text));
    }
  }
  if (r.commits?.length) files.set('commits.json', json(r.commits));
  if (r.labels.length) files.set('labels.json', json(r.labels));
  for (const issue of r.issues) files.set(`issues/${issue.number}.json`, json(issue));
  return files;
}
