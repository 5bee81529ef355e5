// Small formatting helpers shared by the report and the job summary.
import type { Priority } from '../cluster/index.js';

export const PRIORITY_ICON: Record<Priority, string> = { P0: '🔴', P1: '🟠', P2: '🟡' };

/** `09:46Z` within the reference day, `04-21 19:40Z` on another day. */
export function clock(iso: string, refIso: string): string {
  const d = iso.slice(0, 10);
  const hm = `${iso.slice(11, 16)}Z`;
  return d === refIso.slice(0, 10) ? hm : `${d.slice(5)} ${hm}`;
}

/** `2026-04-22 07:14Z` */
export function dayClock(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function runLink(runId: number, url: string | null | undefined): string {
  return url ? `[§${runId}](${url})` : `§${runId}`;
}

export function list(items: string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} +${items.length - max} more`;
}
