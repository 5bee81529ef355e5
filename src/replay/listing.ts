// Listing like GitHub: page/per_page (default 30, clamped to 100), Link headers, the cap of
// 1,000 results per filtered query, and the `created` search qualifier.
import type { Ctx } from './http.js';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;
/** GitHub serves at most this many results of one filtered runs query */
export const FILTERED_RESULT_CAP = 1000;

export function pageParams(query: URLSearchParams): { page: number; perPage: number } {
  const rawPer = Number.parseInt(query.get('per_page') ?? '', 10);
  const rawPage = Number.parseInt(query.get('page') ?? '', 10);
  const perPage = Number.isFinite(rawPer) && rawPer > 0 ? Math.min(rawPer, MAX_PER_PAGE) : DEFAULT_PER_PAGE;
  const page = Number.isFinite(rawPage) && rawPage > 0 ? rawPage : 1;
  return { page, perPage };
}

function pageUrl(ctx: Ctx, page: number): string {
  const q = new URLSearchParams(ctx.query);
  q.set('page', String(page));
  return `${ctx.base}${ctx.path}?${q.toString()}`;
}

/** GitHub's Link header for this page, or undefined when everything fits on page 1 */
export function linkHeader(ctx: Ctx, page: number, lastPage: number): string | undefined {
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(ctx, Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) {
    links.push(`<${pageUrl(ctx, page + 1)}>; rel="next"`);
    links.push(`<${pageUrl(ctx, lastPage)}>; rel="last"`);
  }
  if (page > 1) links.push(`<${pageUrl(ctx, 1)}>; rel="first"`);
  return links.length ? links.join(', ') : undefined;
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** one page of `items` (after the cap, when given), with the Link header */
export function paginate<T>(items: readonly T[], ctx: Ctx, cap?: number): Page<T> {
  const { page, perPage } = pageParams(ctx.query);
  const served = cap === undefined ? items : items.slice(0, cap);
  const lastPage = Math.max(1, Math.ceil(served.length / perPage));
  const start = (page - 1) * perPage;
  const link = linkHeader(ctx, page, lastPage);
  return { items: served.slice(start, start + perPage), headers: link ? { link } : {} };
}

export interface Bound {
  ms: number;
  inclusive: boolean;
}

export interface Range {
  from?: Bound;
  to?: Bound;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;

type Point = { kind: 'day'; start: number } | { kind: 'instant'; ms: number };

function parsePoint(text: string): Point | undefined {
  // a '+' of a time-zone offset sent unencoded arrives as a space
  const value = text.trim().replace(/(T[\d:.]+) (\d{2}:?\d{2})$/, '$1+$2');
  if (DATE_RE.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : { kind: 'day', start };
  }
  const m = DATE_TIME_RE.exec(value);
  if (!m) return undefined;
  let zone = m[3] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : { kind: 'instant', ms };
}

/** lower bound "on or after p" (whole day from 00:00 for a date) */
function atLeast(p: Point): Bound {
  return p.kind === 'day' ? { ms: p.start, inclusive: true } : { ms: p.ms, inclusive: true };
}
/** upper bound "on or before p" (through the end of the day for a date) */
function atMost(p: Point): Bound {
  return p.kind === 'day' ? { ms: p.start + DAY_MS, inclusive: false } : { ms: p.ms, inclusive: true };
}

/**
 * The `created` qualifier as GitHub search reads it: `>X`, `>=X`, `<X`, `<=X`, `X..Y` (inclusive,
 * `*` for an open end) or `X` alone, X a date (whole days, UTC) or a date-time (Z or an offset).
 * undefined when the value cannot be read.
 */
export function parseCreated(value: string): Range | undefined {
  const v = value.trim();
  const op = /^(>=|<=|>|<)(.+)$/.exec(v);
  if (op) {
    const p = parsePoint(op[2]!);
    if (!p) return undefined;
    switch (op[1]) {
      case '>':
        return { from: p.kind === 'day' ? { ms: p.start + DAY_MS, inclusive: true } : { ms: p.ms, inclusive: false } };
      case '>=':
        return { from: atLeast(p) };
      case '<':
        return { to: p.kind === 'day' ? { ms: p.start, inclusive: false } : { ms: p.ms, inclusive: false } };
      default:
        return { to: atMost(p) };
    }
  }
  const range = /^(.+?)\.\.(.+)$/.exec(v);
  if (range) {
    const [a, b] = [range[1]!.trim(), range[2]!.trim()];
    const out: Range = {};
    if (a !== '*') {
      const p = parsePoint(a);
      if (!p) return undefined;
      out.from = atLeast(p);
    }
    if (b !== '*') {
      const p = parsePoint(b);
      if (!p) return undefined;
      out.to = atMost(p);
    }
    return out;
  }
  const p = parsePoint(v);
  if (!p) return undefined;
  return { from: atLeast(p), to: atMost(p) };
}

export function inRange(ms: number, range: Range): boolean {
  const { from, to } = range;
  if (from && (from.inclusive ? ms < from.ms : ms <= from.ms)) return false;
  if (to && (to.inclusive ? ms > to.ms : ms >= to.ms)) return false;
  return true;
}
