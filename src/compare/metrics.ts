// Tokens, duration and turns of the failed runs against the baselines: medians, the change as
// absolute and %, and with ≥ 3 baselines a robust z-score (median/MAD), flagged beyond 3.5.
// Each metric only when both sides have it. Pure.
import { formatDuration, median, percentChange, robustZ, round2, signedDuration, signedPercent, Z_THRESHOLD } from './stats.js';
import type { MetricDiff, MetricName, RunMetricsDiff } from './types.js';

export interface MetricSamples {
  tokens: number[];
  durationMs: number[];
  turns: number[];
}

function metric(name: MetricName, base: readonly number[], failed: readonly number[]): MetricDiff | null {
  if (!base.length || !failed.length) return null;
  const b = median(base);
  const f = median(failed);
  const z = robustZ(f, base);
  return {
    metric: name,
    baseline: round2(b),
    failed: round2(f),
    change: round2(f - b),
    change_percent: percentChange(b, f),
    z_score: z === null ? null : round2(z),
    flagged: z !== null && Math.abs(z) > Z_THRESHOLD,
    baseline_runs: base.length,
    failed_runs: failed.length,
  };
}

/** The run-metrics diff; null when no metric is known on both sides. */
export function runMetricsDiff(baseline: MetricSamples, failed: MetricSamples): RunMetricsDiff | null {
  const sec = (ms: number[]) => ms.map((m) => Math.round(m / 1000));
  const tokens = metric('tokens', baseline.tokens, failed.tokens);
  const duration = metric('duration_seconds', sec(baseline.durationMs), sec(failed.durationMs));
  const turns = metric('turns', baseline.turns, failed.turns);
  const metrics = [tokens, duration, turns].filter((m): m is MetricDiff => m !== null);
  if (!metrics.length) return null;
  return {
    run1_token_usage: tokens ? Math.round(tokens.baseline) : null,
    run2_token_usage: tokens ? Math.round(tokens.failed) : null,
    token_usage_change: tokens ? signedPercent(tokens.change_percent) : null,
    run1_duration: duration ? formatDuration(duration.baseline * 1000) : null,
    run2_duration: duration ? formatDuration(duration.failed * 1000) : null,
    duration_change: duration ? signedDuration(duration.change * 1000) : null,
    run1_turns: turns ? Math.round(turns.baseline) : null,
    run2_turns: turns ? Math.round(turns.failed) : null,
    turns_change: turns ? Math.round(turns.change) : null,
    died_before_inference: !!tokens && failed.tokens.every((t) => t === 0) && tokens.baseline > 0,
    metrics,
  };
}

/** A run's duration: run_started_at (else created_at) → updated_at; null when unknown or negative. */
export function runDurationMs(run: { created_at: string; updated_at: string; run_started_at?: string | null }): number | null {
  const start = Date.parse(run.run_started_at ?? run.created_at);
  const end = Date.parse(run.updated_at);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return null;
  return end - start;
}
