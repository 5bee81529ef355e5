// Which time range this run looks at: half-open [since, until) on a run's created_at.
import { formatDuration, parseInstant } from './duration.js';

export const MAX_CHAIN_GAP_MS = 7 * 86_400_000;

export interface Window {
  since: Date;
  until: Date;
  /** True when the window continues the ledger's chain (and so moves it forward). */
  chained: boolean;
  /** Said in the report when the window is not what a reader would assume. */
  note: string | null;
}

export interface WindowRequest {
  now: Date;
  since: string | null;
  until: string | null;
  windowMs: number;
  /** The `until` of the last chained window, from the ledger. */
  lastUntil: Date | null;
}

export function computeWindow(req: WindowRequest): Window {
  const { now } = req;
  if (req.since !== null) {
    // Explicit range: exactly what was asked for; the chain is left alone.
    const since = parseInstant(req.since, now)!;
    const until = req.until !== null ? parseInstant(req.until, now)! : now;
    return { since, until, chained: false, note: null };
  }
  if (req.lastUntil !== null) {
    if (req.lastUntil.getTime() >= now.getTime()) {
      return { since: req.lastUntil, until: req.lastUntil, chained: true, note: null };
    }
    const gap = now.getTime() - req.lastUntil.getTime();
    if (gap > MAX_CHAIN_GAP_MS) {
      const since = new Date(now.getTime() - MAX_CHAIN_GAP_MS);
      return {
        since,
        until: now,
        chained: true,
        note: `The last report ended ${formatDuration(gap)} ago; this window is cut to the last 7 days, so runs between ${req.lastUntil.toISOString()} and ${since.toISOString()} were not looked at.`,
      };
    }
    return { since: req.lastUntil, until: now, chained: true, note: null };
  }
  return {
    since: new Date(now.getTime() - req.windowMs),
    until: now,
    chained: true,
    note: null,
  };
}

export function isEmptyWindow(w: Window): boolean {
  return w.until.getTime() <= w.since.getTime();
}
