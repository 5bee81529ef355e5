// One failed job (or a failed run without jobs) as the rest of the pipeline sees it: where it ran,
// the line that says why, the class a rule gave it and its fingerprint. Pure: built from what
// collect fetched.
import { agentEvidence, type AgentEvidence } from '../agents/index.js';
import type { LogLine, StepTiming } from '../evidence/types.js';
import { analyzeLog } from '../evidence/index.js';
import type { Classification, FailureFacts, Rule, RuleSet } from '../rules/index.js';
import { agentFacts, signFacts } from '../rules/index.js';
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
  /** The engine: aw_info.json's when the run's artifacts were read, else guessed from step names. */
  engine: string | null;
  /** What an agentic run's artifacts and agent log say (firewall, tokens, signals); null for other runs. */
  agent: AgentEvidence | null;
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
  input: { line: LogLine | null; context: LogLine[]; failedStep: string | null; conclusion: string | null; testNames?: string[]; agent?: AgentEvidence | null },
  rules?: RuleSet | readonly Rule[],
) {
  const text = input.line?.text ?? noLineText(input.conclusion);
  const facts: FailureFacts = { line: text, context: input.context.map((l) => l.text), failedStep: input.failedStep, conclusion: input.conclusion, ...agentFacts(input.agent) };
  // The failing test's name is a key part some runners print far from the failure line.
  if (input.testNames?.[0]) facts.groups = { test: input.testNames[0] };
  return signFacts(facts, rules);
}

function noLineText(conclusion: string | null): string {
  if (conclusion === 'startup_failure') return 'The workflow run could not start (startup failure); no job ran.';
  return `no failure line in the log (job conclusion: ${conclusion ?? 'unknown'})`;
}

export function recordsOfRun(collected: CollectedRun, rules?: RuleSet | readonly Rule[]): FailureRecord[] {
  const { run } = collected;
  const agent = agentOfRun(collected);
  if (collected.failedJobs.length === 0) {
    return [build(run, null, { line: null, context: [], failedStep: null, testNames: [], notes: [] }, agent, rules)];
  }
  const records: FailureRecord[] = [];
  for (const cj of collected.failedJobs) {
    if (!cj.log) continue;
    const ev = analyzeLog(cj.log.text, { steps: stepTimings(cj), conclusion: cj.job.conclusion ?? null });
    const notes: string[] = [];
    if (cj.log.truncated) notes.push(`log cut to its last ${Math.round(cj.log.text.length / 1048576)} MB of ${Math.round(cj.log.bytes / 1048576)} MB`);
    const missing = collected.failedJobs.filter((o) => !o.log);
    if (missing.length) notes.push(`${missing.length} other failed job(s) without a log: ${missing.map((o) => `${o.job.name} (${o.logProblem})`).join(', ')}`);
    records.push(build(run, cj, { line: ev.failureLine, context: ev.context, failedStep: ev.failedStep, testNames: ev.testNames, notes }, agent, rules));
  }
  return records;
}

const EXECUTE_STEP = /^execute\b.*\bcli\b/i;

/**
 * The agent evidence of a run, once for all its records. The log read is the agent job's when
 * that job failed (its log was fetched); otherwise the engine's agent-stdio.log from the artifacts.
 */
function agentOfRun(collected: CollectedRun): AgentEvidence | null {
  if (!collected.agent) return null;
  const agentJob =
    collected.failedJobs.find((c) => c.log && (c.job.steps ?? []).some((s) => EXECUTE_STEP.test(s.name))) ??
    collected.failedJobs.find((c) => c.log && /^agent(?:$|[\s(])/i.test(c.job.name));
  return agentEvidence(collected.agent.files, agentJob?.log?.text ?? null, collected.agent.absent);
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

/**
 * Where a run ran, as every part of the pipeline names it: failures and their baselines must read
 * a run's workflow, branch and event the same way, or a baseline would not match its failure.
 */
export function runPlace(run: WorkflowRun): Pick<FailureRecord, 'workflow' | 'workflowPath' | 'branch' | 'event' | 'headSha' | 'createdAt'> {
  return {
    workflow: run.name ?? run.path,
    workflowPath: run.path,
    branch: run.head_branch ?? '',
    event: run.event,
    headSha: run.head_sha,
    createdAt: run.created_at,
  };
}

function build(run: WorkflowRun, cj: CollectedJob | null, ev: JobEvidence, agent: AgentEvidence | null, rules?: RuleSet | readonly Rule[]): FailureRecord {
  const conclusion = cj?.job.conclusion ?? run.conclusion ?? null;
  const signed = signFailure({ line: ev.line, context: ev.context, failedStep: ev.failedStep, conclusion, testNames: ev.testNames, agent }, rules);
  return {
    runId: run.id,
    runAttempt: run.run_attempt ?? 1,
    runUrl: run.html_url,
    ...runPlace(run),
    runConclusion: run.conclusion ?? 'unknown',
    jobId: cj?.job.id ?? null,
    jobName: cj?.job.name ?? null,
    jobUrl: cj?.job.html_url ?? null,
    jobConclusion: cj?.job.conclusion ?? null,
    failedStep: ev.failedStep,
    failureLine: ev.line,
    context: ev.context,
    testNames: ev.testNames,
    engine: agent?.engine ?? engineOf(run, cj?.job ?? null, ev.failedStep),
    agent,
    ...signed,
    notes: ev.notes,
  };
}
