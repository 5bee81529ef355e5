// The clock: the repository as it was at `now`. Runs created after it do not exist; a run, job or
// step that finished after it is shown still running, with a null conclusion.
import type { RawJob, RawRun, RawStep, RunAttempt, ScenarioRun } from './scenario.js';
import { isoMs, stamp } from './validate.js';

export interface RunAtClock {
  status: string | null;
  conclusion: string | null;
  updated_at: string;
}

export interface JobAtClock {
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
}

export interface StepAtClock {
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
}

export class Clock {
  readonly ms: number;
  /** GitHub-style timestamp of the clock */
  readonly iso: string;

  constructor(iso: string) {
    this.ms = isoMs(iso);
    if (Number.isNaN(this.ms)) throw new Error(`replay clock: "${iso}" is not an ISO 8601 date-time with a time zone`);
    this.iso = stamp(this.ms);
  }

  /** true when the timestamp is after the clock (absent/null = not after) */
  after(ts: string | null | undefined): boolean {
    return typeof ts === 'string' && Date.parse(ts) > this.ms;
  }

  /** epoch seconds, for x-ratelimit-reset */
  epochSeconds(): number {
    return Math.floor(this.ms / 1000);
  }

  /** the latest attempt of a run that exists at the clock, or undefined when the run does not exist yet */
  attemptOf(run: ScenarioRun): RunAttempt | undefined {
    for (const n of [...run.attempts.keys()].sort((x, y) => y - x)) {
      const a = this.attempt(run, n);
      if (a) return a;
    }
    return undefined;
  }

  /** attempt n of a run when it exists at the clock (a re-run started after the clock does not) */
  attempt(run: ScenarioRun, n: number): RunAttempt | undefined {
    const a = run.attempts.get(n);
    if (!a || this.after(a.run.created_at)) return undefined;
    if (n !== Math.min(...run.attempts.keys()) && this.after(a.run.run_started_at)) return undefined;
    return a;
  }

  run(run: RawRun): RunAtClock {
    if (!this.after(run.updated_at)) {
      return { status: run.status, conclusion: run.conclusion, updated_at: run.updated_at };
    }
    const status = run.status && run.status !== 'completed' ? run.status : 'in_progress';
    return { status, conclusion: null, updated_at: this.iso };
  }

  /** undefined when the job was not created yet at the clock */
  job(job: RawJob, run: RawRun): JobAtClock | undefined {
    if (this.after(job.created_at)) return undefined;
    const startedAt = job.started_at ?? job.created_at ?? run.run_started_at ?? run.created_at;
    if (this.after(startedAt)) {
      const queuedAt = job.created_at ?? run.run_started_at ?? run.created_at;
      return { status: 'queued', conclusion: null, started_at: this.after(queuedAt) ? this.iso : queuedAt, completed_at: null };
    }
    if (this.after(job.completed_at)) {
      const status = job.status !== 'completed' ? job.status : 'in_progress';
      return { status, conclusion: null, started_at: startedAt, completed_at: null };
    }
    return { status: job.status, conclusion: job.conclusion, started_at: startedAt, completed_at: job.completed_at ?? null };
  }

  step(step: RawStep): StepAtClock {
    const startedAt = step.started_at ?? null;
    const completedAt = step.completed_at ?? null;
    if (!this.after(completedAt)) {
      if (this.after(startedAt)) return { status: 'queued', conclusion: null, started_at: null, completed_at: null };
      return { status: step.status, conclusion: step.conclusion, started_at: startedAt, completed_at: completedAt };
    }
    if (this.after(startedAt)) return { status: 'queued', conclusion: null, started_at: null, completed_at: null };
    return { status: 'in_progress', conclusion: null, started_at: startedAt, completed_at: null };
  }
}
