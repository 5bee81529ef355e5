// The state a run leaves for the next one, kept as a hidden, versioned, size-bounded block in the
// report issue's body: GitHub is the database. Pure: parse, update, serialize.
import { z } from 'zod';

export const LEDGER_VERSION = 2;
const MAX_WINDOWS = 60;
const MAX_PENDING = 500;
const MAX_CLUSTERS = 300;
/** Windows with hits remembered per cluster (for recurrence comments and the report's chart). */
export const MAX_HITS = 12;
/** Runs already counted are remembered this long, so overlapping or re-dispatched windows count a run once. */
export const COUNTED_TTL_MS = 7 * 86_400_000;
const MAX_EXAMPLE = 200;

const STATE_RE = /<!-- ci-failure-investigator:state (\{.*?\}) -->/s;

const ClusterState = z.object({
  /** Short title and representative normalized line, to re-sign under a new normalizer version. */
  title: z.string().default(''),
  example: z.string().default(''),
  ruleId: z.string().nullable().default(null),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Runs counted for this cluster over all windows. */
  runs: z.number().int().nonnegative(),
  subIssue: z.number().int().positive().nullable().default(null),
  /** `until` of the window whose run filed the sub-issue (so a re-run renders it the same way). */
  filedIn: z.string().nullable().default(null),
  /** Last known state of the sub-issue: open, closed (completed), or silenced (closed as not planned). */
  state: z.enum(['open', 'closed', 'silenced']).default('open'),
  /** Windows in which it failed, newest last: [window until, runs]. */
  hits: z.array(z.tuple([z.string(), z.number().int().nonnegative()])).default([]),
  /** `until` of the last window whose hits were written into its issues. */
  reportedUntil: z.string().nullable().default(null),
});

const LedgerSchema = z.object({
  v: z.union([z.literal(1), z.literal(2)]).transform(() => LEDGER_VERSION as 2),
  /** End of the last chained window: the next scheduled run starts here. */
  lastUntil: z.string().nullable(),
  /** Windows reported, newest last. */
  windows: z.array(z.object({ since: z.string(), until: z.string() })),
  /** Runs still in progress at lastUntil, looked at again by the next chained run. */
  pending: z.array(z.number().int()),
  /** Failed runs already counted, with their created_at (bounded to 7 days). */
  counted: z.record(z.string(), z.string()).default({}),
  clusters: z.record(z.string(), ClusterState),
  /** Report issues this one continues (newest last), after a rollover. */
  previousReports: z.array(z.number().int().positive()).default([]),
  /** Sub-issues that stay linked to the previous report after a rollover (never re-linked). */
  retiredSubIssues: z.array(z.number().int().positive()).default([]),
});

export type Ledger = z.output<typeof LedgerSchema>;
export type ClusterLedger = z.output<typeof ClusterState>;

export function emptyLedger(): Ledger {
  return { v: LEDGER_VERSION, lastUntil: null, windows: [], pending: [], counted: {}, clusters: {}, previousReports: [], retiredSubIssues: [] };
}

export type LedgerRead = { ledger: Ledger; problem: null } | { ledger: null; problem: string };

/** Read the ledger from a report body. A damaged block is a problem to report, never a silent reset. */
export function readLedger(body: string | null | undefined): LedgerRead {
  const m = STATE_RE.exec(body ?? '');
  if (!m) return { ledger: null, problem: 'the report issue has no state block' };
  let json: unknown;
  try {
    json = JSON.parse(m[1]!);
  } catch {
    return { ledger: null, problem: 'the state block is not valid JSON' };
  }
  const parsed = LedgerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ledger: null, problem: `the state block is invalid at '${issue.path.join('.')}': ${issue.message}` };
  }
  return { ledger: parsed.data, problem: null };
}

/** The hidden block. `<`/`>` are escaped so no value can close the HTML comment early. */
export function serializeLedger(ledger: Ledger): string {
  const json = JSON.stringify(ledger).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  return `<!-- ci-failure-investigator:state ${json} -->`;
}

export interface ClusterOutcome {
  fingerprint: string;
  title: string;
  example: string;
  ruleId: string | null;
  firstSeen: string;
  lastSeen: string;
  runIds: number[];
  subIssue?: number | null;
  state?: ClusterLedger['state'];
  /** Set when this run wrote the window's hits into the cluster's issues. */
  reported?: boolean;
}

export interface WindowOutcome {
  since: string;
  until: string;
  chained: boolean;
  pending: number[];
  /** Failed runs of this window with their created_at. */
  counted: Record<string, string>;
  clusters: ClusterOutcome[];
  /** Sub-issue states learned or changed this run for clusters not in the window (closed, silenced). */
  states?: Record<string, ClusterLedger['state']>;
  previousReports?: number[];
  retiredSubIssues?: number[];
}

/** The ledger after a window: pure, so a re-run of the same window gives the same ledger. */
export function advanceLedger(prev: Ledger, w: WindowOutcome): Ledger {
  const alreadyReported = prev.windows.some((x) => x.since === w.since && x.until === w.until);
  const windows = alreadyReported ? prev.windows : [...prev.windows, { since: w.since, until: w.until }].sort((a, b) => a.until.localeCompare(b.until)).slice(-MAX_WINDOWS);
  const clusters: Record<string, ClusterLedger> = { ...prev.clusters };
  for (const c of w.clusters) {
    const old = clusters[c.fingerprint];
    // A run counted by an earlier window (overlap, re-dispatch, re-run of this window) counts once.
    const fresh = c.runIds.filter((id) => !(String(id) in prev.counted)).length;
    const hits = (old?.hits ?? []).filter(([until]) => until !== w.until);
    const inWindow = c.runIds.length;
    hits.push([w.until, inWindow]);
    hits.sort((a, b) => a[0].localeCompare(b[0]));
    clusters[c.fingerprint] = {
      title: c.title.slice(0, MAX_EXAMPLE),
      example: c.example.slice(0, MAX_EXAMPLE),
      ruleId: c.ruleId,
      firstSeen: old && old.firstSeen < c.firstSeen ? old.firstSeen : c.firstSeen,
      lastSeen: old && old.lastSeen > c.lastSeen ? old.lastSeen : c.lastSeen,
      runs: (old?.runs ?? 0) + fresh,
      subIssue: c.subIssue ?? old?.subIssue ?? null,
      filedIn: old?.filedIn ?? (c.subIssue && !old?.subIssue ? w.until : null),
      state: c.state ?? old?.state ?? 'open',
      hits: hits.slice(-MAX_HITS),
      reportedUntil: c.reported ? maxIso(old?.reportedUntil ?? null, w.until) : (old?.reportedUntil ?? null),
    };
  }
  for (const [fp, state] of Object.entries(w.states ?? {})) {
    const old = clusters[fp];
    if (old) clusters[fp] = { ...old, state };
  }
  const horizon = Date.parse(w.until) - COUNTED_TTL_MS;
  const counted = Object.fromEntries(
    Object.entries({ ...prev.counted, ...w.counted })
      .filter(([, at]) => Date.parse(at) >= horizon)
      .sort(([a], [b]) => Number(a) - Number(b)),
  );
  const bounded = Object.entries(clusters)
    // Keep clusters that have an issue before quiet ones without, then the most recent.
    .sort(([, a], [, b]) => Number(b.subIssue !== null) - Number(a.subIssue !== null) || b.lastSeen.localeCompare(a.lastSeen))
    .slice(0, MAX_CLUSTERS);
  return {
    v: LEDGER_VERSION,
    lastUntil: w.chained ? w.until : prev.lastUntil,
    windows,
    pending: w.chained ? w.pending.slice(0, MAX_PENDING) : prev.pending,
    counted,
    clusters: Object.fromEntries(bounded.sort(([a], [b]) => a.localeCompare(b))),
    previousReports: w.previousReports ?? prev.previousReports,
    retiredSubIssues: (w.retiredSubIssues ?? prev.retiredSubIssues).slice(-100),
  };
}

function maxIso(a: string | null, b: string): string {
  return a && a > b ? a : b;
}

/** Chained windows that ended after the cluster was last seen: its quiet streak. */
export function quietWindows(ledger: Pick<Ledger, 'windows'>, cluster: Pick<ClusterLedger, 'lastSeen' | 'hits'>): number {
  const lastHit = cluster.hits.length ? cluster.hits[cluster.hits.length - 1]![0] : cluster.lastSeen;
  return ledger.windows.filter((w) => w.until > lastHit).length;
}

/**
 * A ledger rebuilt from what GitHub still shows when the state block is lost or damaged: our
 * sub-issues (by their fingerprint marker) keep their numbers, so nothing is filed twice. The
 * chain restarts from the report's last window heading.
 */
export function rebuildLedger(input: { subIssues: Array<{ fingerprint: string; number: number; title: string; state: ClusterLedger['state']; createdAt: string }>; lastUntil: string | null }): Ledger {
  const l = emptyLedger();
  l.lastUntil = input.lastUntil;
  for (const s of input.subIssues) {
    l.clusters[s.fingerprint] = {
      title: s.title.slice(0, MAX_EXAMPLE),
      example: '',
      ruleId: null,
      firstSeen: s.createdAt,
      lastSeen: s.createdAt,
      runs: 0,
      subIssue: s.number,
      filedIn: null,
      state: s.state,
      hits: [],
      reportedUntil: null,
    };
  }
  return l;
}

/**
 * The ledger under new fingerprints (a new normalizer version): each old entry moves to its new
 * key; two old entries that became one merge. History is not split, and nothing quiet is closed
 * for having "disappeared" under its old name.
 */
export function applyAliases(ledger: Ledger, aliases: ReadonlyMap<string, string>): Ledger {
  if (!aliases.size) return ledger;
  const clusters: Record<string, ClusterLedger> = {};
  for (const [fp, c] of Object.entries(ledger.clusters).sort(([a], [b]) => a.localeCompare(b))) {
    const to = aliases.get(fp) ?? fp;
    const old = clusters[to];
    clusters[to] = old
      ? {
          ...old,
          firstSeen: old.firstSeen < c.firstSeen ? old.firstSeen : c.firstSeen,
          lastSeen: old.lastSeen > c.lastSeen ? old.lastSeen : c.lastSeen,
          runs: old.runs + c.runs,
          subIssue: old.subIssue ?? c.subIssue,
          filedIn: old.filedIn ?? c.filedIn,
          hits: [...old.hits, ...c.hits].sort((a, b) => a[0].localeCompare(b[0])).slice(-MAX_HITS),
          reportedUntil: maxIso(old.reportedUntil, c.reportedUntil ?? '') || null,
        }
      : c;
  }
  return { ...ledger, clusters };
}
