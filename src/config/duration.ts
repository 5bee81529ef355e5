// Relative times as users type them in a schedule or a dispatch form: 30m, 6h, 2d, 1w.
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i;

/** Milliseconds of a duration like `6h`, or null when the text is not one. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
  return ms > 0 ? Math.round(ms) : null;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A point in time given as a duration back from `now` (`6h`) or as an ISO date or date-time.
 * A date-time without a zone is read as UTC: CI schedules are UTC and the report prints UTC.
 */
export function parseInstant(text: string, now: Date): Date | null {
  const t = text.trim();
  const back = parseDuration(t);
  if (back !== null) return new Date(now.getTime() - back);
  if (!ISO_DATE_TIME.test(t)) return null;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(t) && t.length > 10;
  const normalized = t.length === 10 ? `${t}T00:00:00Z` : hasZone ? t : `${t}Z`;
  const d = new Date(normalized.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `2026-04-22T13:14:00Z`: second precision, the form GitHub's `created` filter and the report use. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  return `${Math.round(h / 24)}d`;
}
