// What a scenario directory says about a window, read straight from its files and independently
// of the product, so end-to-end tests can check the product's coverage against it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface RunFile {
  id: number;
  name: string;
  path: string;
  created_at: string;
  updated_at: string;
  status: string;
  conclusion: string | null;
}

export interface WindowFacts {
  runsInWindow: number[];
  failed: number[];
  cancelled: number[];
  inProgress: number[];
  /** Failed runs none of whose failed jobs has a log file. */
  withoutLogs: number[];
}

export function scenarioClock(dir: string): string {
  return (parse(readFileSync(join(dir, 'scenario.yml'), 'utf8')) as { now: string }).now;
}

export function readRun(dir: string, id: number): RunFile {
  return JSON.parse(readFileSync(join(dir, 'runs', String(id), 'run.json'), 'utf8')) as RunFile;
}

export function windowFacts(dir: string, since: string, until: string, now: string): WindowFacts {
  const scenario = parse(readFileSync(join(dir, 'scenario.yml'), 'utf8')) as { self_workflow?: string };
  const runsDir = join(dir, 'runs');
  const facts: WindowFacts = { runsInWindow: [], failed: [], cancelled: [], inProgress: [], withoutLogs: [] };
  for (const id of readdirSync(runsDir).sort()) {
    const run = readRun(dir, Number(id));
    const t = Date.parse(run.created_at);
    if (t < Date.parse(since) || t >= Date.parse(until) || t > Date.parse(now)) continue;
    if (scenario.self_workflow && run.path === scenario.self_workflow) continue;
    facts.runsInWindow.push(run.id);
    const finished = Date.parse(run.updated_at) <= Date.parse(now) && run.status === 'completed';
    if (!finished) facts.inProgress.push(run.id);
    else if (['failure', 'timed_out', 'startup_failure'].includes(run.conclusion ?? '')) {
      facts.failed.push(run.id);
      const jobsFile = join(runsDir, id, 'jobs.json');
      if (existsSync(jobsFile)) {
        const jobs = (JSON.parse(readFileSync(jobsFile, 'utf8')) as { jobs: Array<{ id: number; conclusion: string | null }> }).jobs;
        const failedJobs = jobs.filter((j) => ['failure', 'timed_out'].includes(j.conclusion ?? ''));
        if (failedJobs.length && failedJobs.every((j) => !existsSync(join(runsDir, id, 'logs', `${j.id}.txt`)))) facts.withoutLogs.push(run.id);
      }
    } else if (run.conclusion === 'cancelled') facts.cancelled.push(run.id);
  }
  return facts;
}
