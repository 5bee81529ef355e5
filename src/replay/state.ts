// The server's writable state (issues with comments and sub-issues, labels, id counters): built
// from a scenario's issues/ and labels.json, or loaded from a state file; saved atomically.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Scenario } from './scenario.js';
import { isMissing, isoString, parseWith } from './validate.js';

export const STATE_VERSION = 1;

const userLogin = z.string().min(1);

const stateCommentSchema = z.object({
  id: z.number().int().positive(),
  node_id: z.string(),
  body: z.string(),
  user: userLogin,
  created_at: isoString,
  updated_at: isoString,
});

const stateIssueSchema = z.object({
  number: z.number().int().positive(),
  id: z.number().int().positive(),
  node_id: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  state: z.enum(['open', 'closed']),
  state_reason: z.string().nullable(),
  labels: z.array(z.string()),
  assignees: z.array(z.string()),
  user: userLogin,
  created_at: isoString,
  updated_at: isoString,
  closed_at: isoString.nullable(),
  closed_by: z.string().nullable().default(null),
  locked: z.boolean().default(false),
  comments: z.array(stateCommentSchema),
  sub_issues: z.array(z.number().int().positive()),
  /** fields of a scenario's issue JSON the server does not manage (pull_request, milestone, …) */
  extra: z.record(z.string(), z.unknown()).default({}),
});

const stateLabelSchema = z.object({
  id: z.number().int().positive(),
  node_id: z.string(),
  name: z.string().min(1),
  color: z.string(),
  description: z.string().nullable(),
  default: z.boolean().default(false),
});

export const replayStateSchema = z.object({
  version: z.literal(STATE_VERSION),
  repo: z.string(),
  issues: z.array(stateIssueSchema),
  labels: z.array(stateLabelSchema),
  counters: z.object({ comment: z.number().int().positive(), label: z.number().int().positive() }),
});

export type StateComment = z.output<typeof stateCommentSchema>;
export type StateIssue = z.output<typeof stateIssueSchema>;
export type StateLabel = z.output<typeof stateLabelSchema>;
export type ReplayState = z.output<typeof replayStateSchema>;

export const ISSUE_ID_OFFSET = 4_000_000_000;
const FIRST_COMMENT_ID = 6_000_000_001;
const FIRST_LABEL_ID = 7_000_000_001;
export const DEFAULT_LABEL_COLOR = 'ededed';
const DEFAULT_USER = 'octocat';

export function labelNodeId(id: number): string {
  return `LA_${Buffer.from(`Label:${id}`).toString('base64').replace(/=+$/, '')}`;
}
export function issueNodeId(id: number): string {
  return `I_${Buffer.from(`Issue:${id}`).toString('base64').replace(/=+$/, '')}`;
}
export function commentNodeId(id: number): string {
  return `IC_${Buffer.from(`IssueComment:${id}`).toString('base64').replace(/=+$/, '')}`;
}

/** a free issue id for a number: number + 4,000,000,000, moved up when taken */
export function issueIdFor(number: number, taken: ReadonlySet<number>): number {
  let id = number + ISSUE_ID_OFFSET;
  while (taken.has(id)) id += 1_000_000;
  return id;
}

const MANAGED = new Set([
  'number', 'id', 'node_id', 'title', 'body', 'state', 'state_reason', 'labels', 'assignees', 'assignee', 'user',
  'created_at', 'updated_at', 'closed_at', 'closed_by', 'locked', 'comments', 'sub_issues', 'sub_issues_summary',
  'parent_issue_url', 'url', 'repository_url', 'labels_url', 'comments_url', 'events_url', 'timeline_url', 'file',
]);

/** The initial state of a scenario: its labels.json and issues/*.json. */
export function stateFromScenario(scenario: Scenario): ReplayState {
  // an issue without created_at existed before anything else in the scenario
  const firstRun = [...scenario.runs.values()].map((r) => Date.parse(r.attempts.get(r.latest)!.run.created_at));
  const epoch = new Date(Math.min(Date.parse(scenario.now), ...firstRun)).toISOString().replace(/\.000Z$/, 'Z');

  let labelId = Math.max(FIRST_LABEL_ID - 1, ...scenario.labels.map((l) => l.id ?? 0));
  const labels: StateLabel[] = [];
  const addLabel = (name: string, color?: string, description?: string | null, id?: number): void => {
    if (labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) return;
    const lid = id ?? ++labelId;
    labels.push({ id: lid, node_id: labelNodeId(lid), name, color: color ?? DEFAULT_LABEL_COLOR, description: description ?? null, default: false });
  };
  for (const l of scenario.labels) addLabel(l.name, l.color, l.description, l.id);

  const takenIds = new Set(scenario.issues.flatMap((i) => (i.id === undefined ? [] : [i.id])));
  let commentId = FIRST_COMMENT_ID - 1;
  for (const i of scenario.issues) {
    if (Array.isArray(i.comments)) for (const c of i.comments) commentId = Math.max(commentId, c.id ?? 0);
  }

  const issues: StateIssue[] = scenario.issues.map((raw) => {
    const id = raw.id ?? issueIdFor(raw.number, takenIds);
    takenIds.add(id);
    const created = raw.created_at ?? epoch;
    const updated = raw.updated_at ?? created;
    const labelNames = raw.labels.map((l) => (typeof l === 'string' ? l : l.name));
    for (const l of raw.labels) {
      if (typeof l === 'string') addLabel(l);
      else addLabel(l.name, typeof l['color'] === 'string' ? l['color'] : undefined, typeof l['description'] === 'string' ? l['description'] : null);
    }
    const comments: StateComment[] = (Array.isArray(raw.comments) ? raw.comments : []).map((c) => {
      const cid = c.id ?? ++commentId;
      const at = c.created_at ?? updated;
      return { id: cid, node_id: commentNodeId(cid), body: c.body, user: c.user?.login ?? DEFAULT_USER, created_at: at, updated_at: c.updated_at ?? at };
    });
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) if (!MANAGED.has(k)) extra[k] = v;
    const closedBy = (raw as { closed_by?: { login?: unknown } | null }).closed_by?.login;
    return {
      number: raw.number,
      id,
      node_id: typeof raw['node_id'] === 'string' ? raw['node_id'] : issueNodeId(id),
      title: raw.title,
      body: raw.body ?? null,
      state: raw.state,
      state_reason: raw.state_reason ?? (raw.state === 'closed' ? 'completed' : null),
      labels: labelNames,
      assignees: (raw.assignees ?? []).map((a) => a.login),
      user: raw.user?.login ?? DEFAULT_USER,
      created_at: created,
      updated_at: updated,
      closed_at: raw.state === 'closed' ? (raw.closed_at ?? updated) : null,
      closed_by: typeof closedBy === 'string' ? closedBy : null,
      locked: raw['locked'] === true,
      comments,
      sub_issues: raw.sub_issues,
      extra,
    };
  });
  return {
    version: STATE_VERSION,
    repo: `${scenario.owner}/${scenario.name}`,
    issues,
    labels,
    counters: { comment: commentId + 1, label: labelId + 1 },
  };
}

/** the state in a file, or undefined when the file does not exist */
export async function loadStateFile(file: string): Promise<ReplayState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseWith(replayStateSchema, data, file);
}

/** write the state: a temporary file next to it, then rename (a reader never sees half a file) */
export async function saveStateFile(file: string, state: ReplayState): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
