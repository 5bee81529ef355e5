// Failure records for tests of the steps after evidence, built field by field.
import type { FailureRecord } from '../../src/failure/record.js';

let nextJob = 1000;

export function record(over: Partial<FailureRecord> & { runId: number; fingerprint: string }): FailureRecord {
  const jobId = over.jobId ?? nextJob++;
  return {
    runAttempt: 1,
    runUrl: `https://github.com/o/r/actions/runs/${over.runId}`,
    workflow: 'CI',
    workflowPath: '.github/workflows/ci.yml',
    branch: 'main',
    event: 'push',
    headSha: 'a'.repeat(40),
    createdAt: '2026-04-22T09:00:00Z',
    runConclusion: 'failure',
    jobId,
    jobName: 'build',
    jobUrl: `https://github.com/o/r/actions/runs/${over.runId}/job/${jobId}`,
    jobConclusion: 'failure',
    failedStep: 'Run tests',
    failureLine: { number: 10, text: 'Error: boom' },
    context: [{ number: 10, text: 'Error: boom' }],
    testNames: [],
    engine: null,
    agent: null,
    classification: { ruleId: null, title: 'Error: boom', category: 'unknown', key: `line:${over.fingerprint}`, fixHint: null, retry: null },
    signature: 'Error: boom',
    clusterId: `c${over.fingerprint.replace(/\W/g, '').slice(-10)}`,
    notes: [],
    ...over,
  };
}
