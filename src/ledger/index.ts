// The state a run leaves for the next one, kept as a hidden, versioned block in the report issue's
// body: GitHub is the database. Pure: parse, update, serialize.
import { z } from 'zod';

export const LEDGER_VERSION = 1;
const MAX_WINDOWS = 60;
const MAX_PENDING = 500;
const MAX_CLUSTERS = 400;

const STATE_RE = /<!-- ci-failure-investigator:state (\{.*?\}) -->/s;

const ClusterState = z.object({
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Runs counted for this cluster over all windows. */
  runs: z.number().int().nonnegative(),
  subIssue: z.number().int().positive().nullable().default(null),
});

const LedgerSchema = z.object({
  v: z.literal(LEDGER_VERSION),
  /** End of the last chained window: the next scheduled run starts here. */
  lastUntil: z.string().nullable(),
  /** Windows reported, newest last. */
  windows: z.array(z.object({ since: z.string(), until: z.string() })),
  /** Runs still in progress at lastUntil, looked at again by the next chained run. */
  pending: z.array(z.number().int()),
  clusters: z.record(z.string(), ClusterState),
});

export type Ledger = z.infer<typeof LedgerSchema>;
export type ClusterLedger = z.infer<typeof ClusterState>;

export function emptyLedger(): Ledger {
  return { v: LEDGER_VERSION, lastUntil: null, windows: [], pending: [], clusters: {} };
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

export interface WindowOutcome {
  since: string;
  until: string;
  chained: boolean;
  pending: number[];
  clusters: Array<{ fingerprint: string; firstSeen: string; lastSeen: string; runIds: number[]; subIssue?: number | null }>;
}

/** The ledger after a window: pure, so a re-run of the same window gives the same ledger. */
export function advanceLedger(prev: Ledger, w: WindowOutcome): Ledger {
  const windows = prev.windows.some((x) => x.since === w.since && x.until === w.until)
    ? prev.windows
    : [...prev.windows, { since: w.since, until: w.until }].sort((a, b) => a.until.localeCompare(b.until)).slice(-MAX_WINDOWS);
  const alreadyReported = prev.windows.some((x) => x.since === w.since && x.until === w.until);
  const clusters: Record<string, ClusterLedger> = { ...prev.clusters };
  for (const c of w.clusters) {
    const old = clusters[c.fingerprint];
    clusters[c.fingerprint] = {
      firstSeen: old && old.firstSeen < c.firstSeen ? old.firstSeen : c.firstSeen,
      lastSeen: old && old.lastSeen > c.lastSeen ? old.lastSeen : c.lastSeen,
      // A re-run of a reported window must not count its runs twice.
      runs: (old?.runs ?? 0) + (alreadyReported ? 0 : c.runIds.length),
      subIssue: c.subIssue ?? old?.subIssue ?? null,
    };
  }
  const bounded = Object.entries(clusters)
    .sort(([, a], [, b]) => b.lastSeen.localeCompare(a.lastSeen))
    .slice(0, MAX_CLUSTERS);
  return {
    v: LEDGER_VERSION,
    lastUntil: w.chained ? w.until : prev.lastUntil,
    windows,
    pending: w.chained ? w.pending.slice(0, MAX_PENDING) : prev.pending,
    clusters: Object.fromEntries(bounded.sort(([a], [b]) => a.localeCompare(b))),
  };
}
