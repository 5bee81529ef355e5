// The run's options, shared by the CLI flags and the action inputs (they carry the same names).
// Raw values arrive as strings; this module turns them into typed options or one clear error that
// names the input and what is wrong with it.
import { z } from 'zod';
import { parseDuration, parseInstant } from './duration.js';

export interface Pacing {
  /** Minimum spacing of write requests (GitHub asks for ~1 s between content writes). */
  writeMs: number;
  /** Minimum spacing of writes that notify people (issues, comments): GitHub's 80/min content limit. */
  notifyMs: number;
  /** Base of the retry back-off; the retry-after of a rate limit is multiplied by it. */
  retryBaseMs: number;
}

export const DEFAULT_PACING: Pacing = { writeMs: 1000, notifyMs: 3000, retryBaseMs: 1000 };

export interface Options {
  owner: string;
  repo: string;
  /** Explicit window start as typed (duration or ISO); absent = chained window. */
  since: string | null;
  until: string | null;
  /** Length of the first window when there is no ledger yet. */
  windowMs: number;
  workflows: string[];
  excludeWorkflows: string[];
  /** Path of the investigator's own workflow file, never investigated. */
  selfWorkflow: string | null;
  dryRun: boolean;
  reportLabel: string;
  maxNewSubIssues: number;
  maxApiRequests: number;
  /** Bytes of a job log kept (its tail). */
  maxLogBytes: number;
  now: Date;
  pacing: Pacing;
}

/** An input the user got wrong: the message names it and says what is wrong. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(/[,\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  );

const positiveInt = (name: string, dflt: number) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return dflt;
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `${name}: '${s}' is not a whole number ≥ 0` });
        return z.NEVER;
      }
      return n;
    });

const boolInput = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const v = (s ?? '').trim().toLowerCase();
    if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
    if (v === 'true' || v === '1' || v === 'yes') return true;
    ctx.addIssue({ code: 'custom', message: `dry-run: '${s}' is not true or false` });
    return z.NEVER;
  });

const RawOptions = z.object({
  repo: z.string({ message: 'repo: missing; give owner/name (--repo, or GITHUB_REPOSITORY)' }),
  since: z.string().optional(),
  until: z.string().optional(),
  window: z.string().optional(),
  workflows: list,
  'exclude-workflows': list,
  'self-workflow': z.string().optional(),
  'dry-run': boolInput,
  'report-label': z.string().optional(),
  'max-new-sub-issues': positiveInt('max-new-sub-issues', 3),
  'max-api-requests': positiveInt('max-api-requests', 600),
  'max-log-bytes': positiveInt('max-log-bytes', 20 * 1024 * 1024),
  now: z.string().optional(),
});

export type RawInputs = Partial<Record<keyof z.input<typeof RawOptions>, string | undefined>>;

/** Validate raw string inputs (flags or action inputs). Throws InputError naming the input. */
export function parseOptions(raw: RawInputs, pacing: Pacing = DEFAULT_PACING): Options {
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''),
  ) as Record<string, string>;
  const parsed = RawOptions.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const input = String(issue.path[0] ?? issue.message.split(':')[0]);
    throw new InputError(input, issue.message);
  }
  const o = parsed.data;
  const repoMatch = /^([\w.-]+)\/([\w.-]+)$/.exec(o.repo.trim());
  if (!repoMatch) throw new InputError('repo', `repo: '${o.repo}' is not owner/name`);

  const now = o.now ? parseInstant(o.now, new Date()) : new Date();
  if (!now) throw new InputError('now', `now: '${o.now}' is not an ISO date-time`);

  const windowText = o.window ?? '6h';
  const windowMs = parseDuration(windowText);
  if (windowMs === null) throw new InputError('window', `window: '${windowText}' is not a duration like 30m, 6h or 2d`);

  for (const key of ['since', 'until'] as const) {
    const v = o[key];
    if (v !== undefined && parseInstant(v, now) === null) {
      throw new InputError(key, `${key}: '${v}' is neither a duration back from now (30m, 6h, 2d) nor an ISO date or date-time`);
    }
  }
  if (o.until !== undefined && o.since === undefined) {
    throw new InputError('until', 'until: given without since; an explicit window needs its start (since)');
  }
  if (o.since !== undefined) {
    const s = parseInstant(o.since, now)!;
    const u = o.until !== undefined ? parseInstant(o.until, now)! : now;
    if (s.getTime() >= u.getTime()) {
      throw new InputError('since', `since: ${s.toISOString()} is not before until ${u.toISOString()}`);
    }
  }
  const label = (o['report-label'] ?? 'ci-failure-report').trim();
  if (label.length > 50 || /,/.test(label)) {
    throw new InputError('report-label', `report-label: '${label}' is not a valid label name (at most 50 characters, no comma)`);
  }

  return {
    owner: repoMatch[1]!,
    repo: repoMatch[2]!,
    since: o.since ?? null,
    until: o.until ?? null,
    windowMs,
    workflows: o.workflows,
    excludeWorkflows: o['exclude-workflows'],
    selfWorkflow: o['self-workflow'] ?? null,
    dryRun: o['dry-run'],
    reportLabel: label,
    maxNewSubIssues: o['max-new-sub-issues'],
    maxApiRequests: o['max-api-requests'],
    maxLogBytes: o['max-log-bytes'],
    now,
    pacing,
  };
}
