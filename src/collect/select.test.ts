import { describe, expect, it } from 'vitest';
import type { WorkflowRun } from '../github/types.js';
import { bucketOf, selectRuns, workflowMatches } from './select.js';

const run = (id: number, name: string, path: string, status = 'completed', conclusion: string | null = 'success') =>
  ({ id, name, path, status, conclusion }) as unknown as WorkflowRun;

const runs = [
  run(1, 'AI Moderator', '.github/workflows/ai-moderator.lock.yml'),
  run(2, 'CI', '.github/workflows/ci.yml'),
  run(3, 'CI Failure Investigator', '.github/workflows/ci-failure-investigator.yml'),
  run(4, 'Smoke CI', '.github/workflows/smoke-ci.yml'),
];

describe('selectRuns', () => {
  it('always leaves out the investigator’s own workflow', () => {
    expect(selectRuns(runs, { workflows: [], excludeWorkflows: [], selfWorkflow: '.github/workflows/ci-failure-investigator.yml' }).map((r) => r.id)).toEqual([1, 2, 4]);
  });

  it('keeps only the named workflows, by name, file name or path, case-insensitively', () => {
    const kept = selectRuns(runs, { workflows: ['ai moderator', 'smoke-ci.yml', '.github/workflows/ci.yml'], excludeWorkflows: [], selfWorkflow: null });
    expect(kept.map((r) => r.id)).toEqual([1, 2, 4]);
  });

  it('exclusion wins over inclusion', () => {
    expect(selectRuns(runs, { workflows: ['CI', 'Smoke CI'], excludeWorkflows: ['smoke-ci.yml'], selfWorkflow: null }).map((r) => r.id)).toEqual([2]);
  });

  it('does not match a name that only shares a prefix', () => {
    expect(workflowMatches(runs[3]!, ['CI'])).toBe(false);
  });
});

describe('bucketOf', () => {
  it.each([
    ['completed', 'failure', 'failed'],
    ['completed', 'timed_out', 'failed'],
    ['completed', 'startup_failure', 'failed'],
    ['completed', 'cancelled', 'cancelled'],
    ['completed', 'success', 'other'],
    ['completed', 'skipped', 'other'],
    ['in_progress', null, 'in-progress'],
    ['queued', null, 'in-progress'],
  ])('%s/%s → %s', (status, conclusion, bucket) => {
    expect(bucketOf({ status, conclusion } as WorkflowRun)).toBe(bucket);
  });
});
