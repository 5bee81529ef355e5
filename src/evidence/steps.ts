// Step timings from the jobs API → which step a log line's timestamp falls in. The API gives
// whole seconds, the log gives fractions: a line belongs to a step when its second lies in
// [started_at, completed_at], both ends included; where two steps share a second, the failed one
// wins, then the later-started one.
import type { StepTiming } from './types.js';

interface Span {
  name: string;
  start: number;
  end: number;
  failed: boolean;
}

function seconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso.length > 19 && iso[19] === '.' ? `${iso.slice(0, 19)}Z` : iso);
  return Number.isFinite(t) ? Math.floor(t / 1000) : null;
}

export interface StepLookup {
  stepAt(second: number): { name: string; failed: boolean } | null;
  /** Names of the steps whose conclusion is failure, in step order. */
  readonly failedNames: string[];
}

export function lineSecond(ts: string): number | null {
  return seconds(ts);
}

export function stepLookup(steps: readonly StepTiming[] | undefined): StepLookup | null {
  if (!steps || steps.length === 0) return null;
  const spans: Span[] = [];
  for (const s of [...steps].sort((a, b) => a.number - b.number)) {
    const start = seconds(s.started_at);
    if (start === null) continue;
    const end = seconds(s.completed_at) ?? Number.MAX_SAFE_INTEGER;
    spans.push({ name: s.name, start, end, failed: s.conclusion === 'failure' });
  }
  if (spans.length === 0) return null;
  const failedNames = spans.filter((s) => s.failed).map((s) => s.name);
  let cacheKey = Number.NaN;
  let cacheVal: { name: string; failed: boolean } | null = null;
  return {
    failedNames,
    stepAt(second: number) {
      if (second === cacheKey) return cacheVal;
      let best: Span | null = null;
      for (const s of spans) {
        if (second < s.start || second > s.end) continue;
        if (best === null || (s.failed && !best.failed) || (s.failed === best.failed && s.start >= best.start)) best = s;
      }
      cacheKey = second;
      cacheVal = best ? { name: best.name, failed: best.failed } : null;
      return cacheVal;
    },
  };
}
