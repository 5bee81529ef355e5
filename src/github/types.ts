// The GitHub objects the product reads, as the subset of the REST schema it relies on.
// Picking from @octokit/openapi-types means a field we read cannot silently go missing from
// what the replay server serves: the server types its responses with the same Picks.
import type { components } from '@octokit/openapi-types';

type Schemas = components['schemas'];

/** The schema types int64 ids as `number | bigint`; GitHub's ids fit in a double and JSON gives numbers. */
type NumericIds<T, K extends keyof T> = Omit<T, K> & { [P in K]: Extract<T[P], number | null> extends never ? number : Exclude<T[P], bigint> };

export type WorkflowRun = NumericIds<Pick<
  Schemas['workflow-run'],
  | 'id'
  | 'name'
  | 'path'
  | 'head_branch'
  | 'head_sha'
  | 'event'
  | 'status'
  | 'conclusion'
  | 'created_at'
  | 'updated_at'
  | 'run_attempt'
  | 'run_started_at'
  | 'html_url'
  | 'workflow_id'
  | 'run_number'
  | 'display_title'
>, 'id' | 'workflow_id'>;

export type JobStep = Pick<
  NonNullable<Schemas['job']['steps']>[number],
  'name' | 'number' | 'status' | 'conclusion' | 'started_at' | 'completed_at'
>;

export type Job = NumericIds<
  Pick<Schemas['job'], 'id' | 'run_id' | 'name' | 'status' | 'conclusion' | 'started_at' | 'completed_at' | 'html_url' | 'run_attempt' | 'labels'>,
  'id' | 'run_id'
> & { steps?: JobStep[] };

export type Issue = NumericIds<Pick<
  Schemas['issue'],
  'id' | 'number' | 'title' | 'body' | 'state' | 'state_reason' | 'html_url' | 'created_at' | 'updated_at' | 'closed_at'
>, 'id' | 'number'> & {
  labels: Array<string | { name?: string }>;
  pull_request?: unknown;
};

export type IssueComment = NumericIds<Pick<Schemas['issue-comment'], 'id' | 'body' | 'html_url' | 'created_at' | 'updated_at'>, 'id'>;

export type Label = NumericIds<Pick<Schemas['label'], 'id' | 'name' | 'color' | 'description'>, 'id'>;
