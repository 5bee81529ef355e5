// One failed job (or a failed run without jobs) as the rest of the pipeline sees it: where it ran,
// the line that says why, the class a rule gave it and its fingerprint. Pure: built from what
// collect fetched.
import type { LogLine, StepTiming } from '../evidence/types.js';
import { analyzeLog } from '../evidence/index.js';
import type { Classification, FailureFacts, Rule } from '../rules/index.js';
import { classify } from '../rules/index.js';
import { clusterIdOf, fingerprintOf, normalizeLine } from '../signature/index.js';
import type { CollectedJob, CollectedRun } from '../github/collect.js';
import type { WorkflowRun } from '../github/types.js';
import { engineOf } from './engine.js';

export interface FailureRecord {
  runId: number;
  runAttempt: number;
  runUrl: string;
  workflow: string;
  workflowPath: string;
  branch: string;
  event: string;
  headSha: string;
  createdAt: string;
  runConclusion: string;
  jobId: number | null;
  jobName: string | null;
  jobUrl: string | null;
  jobConclusion: string | null;
  failedStep: string | null;
  failureLine: LogLine | null;
  context: LogLine[];
  testNames: string[];
  engine: string | null;
  classification: Classification;
  /** The normalized failure line: what the report shows as the cluster's representative. */
  signature: string;
  fingerprint: string;
  clusterId: string;
  /** Problems with this job's evidence that a reader should know (a truncated log …). */
  notes: string[];
}

/** Failure facts of one job, classified and signed the same way `analyze` does for a file. */
export function signFailure(
  input: { line: LogLine | null; context: LogLine[]; failedStep: string | null; conclusion: string | null; testNames?: string[] },
  rules?: readonly Rule[],
) {
  const text = input.line?.text ?? noLineText(input.conclusion);
  const facts: FailureFacts = { line: text, context: input.context.map((l) => l.text), failedStep: input.failedStep, conclusion: input.conclusion };
  // The failing test's name is a key part some runners print far from the failure line.
  if (input.testNames?.[0]) facts.groups = { test: input.testNames[0] };
  const classification = classify(facts, rules);
  const fingerprint = fingerprintOf(classification.key);
  return { classification, signature: normalizeLine(text), fingerprint, clusterId: clusterIdOf(fingerprint) };
}

function noLineText(conclusion: string | null): string {
  if (conclusion === 'startup_failure') return 'startup_failure: the workflow could not start, no job ran';
  return `no failure line in the log (job conclusion: ${conclusion ?? 'unknown'})`;
}

export function recordsOfRun(collected: CollectedRun, rules?: readonly Rule[]): FailureRecord[] {
  const { run } = collected;
  if (collected.failedJobs.length === 0) {
    return [build(run, null, { line: null, context: [], failedStep: null, testNames: [], notes: [] }, rules)];
  }
  const records: FailureRecord[] = [];
  for (const cj of collected.failedJobs) {
    if (!cj.log) continue;
    const ev = analyzeLog(cj.log.text, { steps: stepTimings(cj), conclusion: cj.job.conclusion ?? null });
    const notes: string[] = [];
    if (cj.log.truncated) notes.push(`log cut to its last ${Math.round(cj.log.text.length / 1048576)} MB of ${Math.round(cj.log.bytes / 1048576)} MB`);
    const missing = collected.failedJobs.filter((o) => !o.log);
    if (missing.length) notes.push(`${missing.length} other failed job(s) without a log: ${missing.map((o) => `${o.job.name} (${o.logProblem})`).join(', ')}`);
    records.push(build(run, cj, { line: ev.failureLine, context: ev.context, failedStep: ev.failedStep, testNames: ev.testNames, notes }, rules));
  }
  return records;
}

function stepTimings(cj: CollectedJob): StepTiming[] {
  return (cj.job.steps ?? []).map((s) => ({
    name: s.name,
    number: s.number,
    conclusion: s.conclusion ?? null,
    started_at: s.started_at ?? null,
    completed_at: s.completed_at ?? null,
  }));
}

interface JobEvidence {
  line: LogLine | null;
  context: LogLine[];
  failedStep: string | null;
  testNames: string[];
  notes: string[];
}

function build(run: WorkflowRun, cj: CollectedJob | null, ev: JobEvidence, rules?: readonly Rule[]): FailureRecord {
  const conclusion = cj?.job.conclusion ?? run.conclusion ?? null;
  const signed = signFailure({ line: ev.line, context: ev.context, failedStep: ev.failedStep, conclusion, testNames: ev.testNames }, rules);
  return {
    runId: run.id,
    runAttempt: run.run_attempt ?? 1,
    runUrl: run.html_url,
    workflow: run.name ?? run.path,
    workflowPath: run.path,
    branch: run.head_branch ?? '',
    event: run.event,
    headSha: run.head_sha,
    createdAt: run.created_at,
    runConclusion: run.conclusion ?? 'unknown',
    jobId: cj?.job.id ?? null,
    jobName: cj?.job.name ?? null,
    jobUrl: cj?.job.html_url ?? null,
    jobConclusion: cj?.job.conclusion ?? null,
    failedStep: ev.failedStep,
    failureLine: ev.line,
    context: ev.context,
    testNames: ev.testNames,
    engine: engineOf(run, cj?.job ?? null, ev.failedStep),
    ...signed,
    notes: ev.notes,
  };
}
