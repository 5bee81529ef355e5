// Which runs of a window count, and in which bucket: pure, so the coverage line can be tested.
import type { WorkflowRun } from '../github/types.js';

export const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure']);
export const FAILED_JOB_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure']);

export interface RunFilter {
  workflows: string[];
  excludeWorkflows: string[];
  selfWorkflow: string | null;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A workflow is named by its display name, its file name or its path, as users type them. */
export function workflowMatches(run: Pick<WorkflowRun, 'name' | 'path'>, names: string[]): boolean {
  const path = (run.path ?? '').replace(/@.*$/, '');
  const candidates = [run.name ?? '', path, fileName(path)].map((s) => s.toLowerCase());
  return names.some((n) => candidates.includes(n.toLowerCase()));
}

export function isSelf(run: Pick<WorkflowRun, 'path'>, selfWorkflow: string | null): boolean {
  if (!selfWorkflow) return false;
  const own = selfWorkflow.replace(/@.*$/, '');
  const path = (run.path ?? '').replace(/@.*$/, '');
  return path === own || path.endsWith(`/${own}`) || own.endsWith(`/${path}`) || fileName(path) === own;
}

export function selectRuns(runs: WorkflowRun[], f: RunFilter): WorkflowRun[] {
  return runs.filter(
    (r) =>
      !isSelf(r, f.selfWorkflow) &&
      (f.workflows.length === 0 || workflowMatches(r, f.workflows)) &&
      !workflowMatches(r, f.excludeWorkflows),
  );
}

export type RunBucket = 'failed' | 'cancelled' | 'in-progress' | 'other';

export function bucketOf(run: Pick<WorkflowRun, 'status' | 'conclusion'>): RunBucket {
  if (run.status !== 'completed') return 'in-progress';
  if (run.conclusion && FAILED_CONCLUSIONS.has(run.conclusion)) return 'failed';
  if (run.conclusion === 'cancelled') return 'cancelled';
  return 'other';
}
