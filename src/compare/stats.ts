// Robust statistics for a handful of runs: median, MAD and the modified z-score of Iglewicz and
// Hoaglin, which a single odd baseline cannot drag the way a mean and standard deviation can.

/** The median; NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** Fewest baseline values for a z-score. */
export const MIN_Z_SAMPLES = 3;
/** |z| beyond this is flagged (Iglewicz & Hoaglin). */
export const Z_THRESHOLD = 3.5;

/**
 * Modified z-score of `x` against `sample`: 0.6745·(x − median)/MAD. When the MAD is 0 (most
 * values equal) the mean absolute deviation stands in: (x − median)/(1.2533·meanAD). Null under
 * MIN_Z_SAMPLES values or when the sample has no spread at all.
 */
export function robustZ(x: number, sample: readonly number[]): number | null {
  if (sample.length < MIN_Z_SAMPLES) return null;
  const m = median(sample);
  const d = mad(sample);
  if (d > 0) return (0.6745 * (x - m)) / d;
  const meanAd = sample.reduce((a, v) => a + Math.abs(v - m), 0) / sample.length;
  if (meanAd > 0) return (x - m) / (1.253314 * meanAd);
  return null;
}

/** Rounded to 2 decimals, for stable JSON. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** `+162%`, `-100%`, `+0%`; null when the base is 0. */
export function percentChange(base: number, value: number): number | null {
  if (base === 0) return null;
  return Math.round(((value - base) / Math.abs(base)) * 100);
}

export function signedPercent(p: number | null): string | null {
  if (p === null) return null;
  return `${p >= 0 ? '+' : ''}${p}%`;
}

/** `3m25s`, `1h02m`, `45s` from milliseconds. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** `+5m32s`, `-40s` */
export function signedDuration(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${formatDuration(ms)}`;
}
