// The markdown of a comparison for the report's evidence section: one sentence on the baseline,
// a compact table (signal | baseline | failed | change), the suspect change, and, when no rule
// named the failure, the lines only the failed runs print. Everything from logs, artifacts and
// commit messages goes through src/render/safe.ts. Same input, same bytes.
import { cell, code, fence, safeText } from '../render/safe.js';
import { firewallEntries } from './firewall.js';
import { formatDuration } from './stats.js';
import type { BaselineRequests, BaselineSet, ClusterCompare, DomainDiffEntry, EnvChange, MetricDiff, VersionChange } from './types.js';

export interface CompareMarkdownOptions {
  /** True when a rule named the failure: novel lines are then left to --json. */
  ruleNamed?: boolean;
  /** Reference time for `09:46Z` vs `04-21 19:40Z` (the window's start). */
  ref?: string;
  /** Firewall rows shown before "n more". */
  maxDomains?: number;
  /** Commits listed before "n more". */
  maxCommits?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const short = (sha: string) => sha.slice(0, 7);
const link = (runId: number, url: string | null | undefined) => (url ? `[§${runId}](${url})` : `§${runId}`);

function when(iso: string, ref: string | undefined): string {
  const hm = `${iso.slice(11, 16)}Z`;
  return ref && iso.slice(0, 10) === ref.slice(0, 10) ? hm : `${iso.slice(5, 10)} ${hm}`;
}

/** `182,301` without relying on the runtime's locale data. */
export function thousands(n: number): string {
  const r = Math.round(n);
  const s = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return r < 0 ? `-${s}` : s;
}

function counts(allowed: number, blocked: number, seen: number): string {
  if (!seen) return '0';
  const parts = [];
  if (allowed) parts.push(`${thousands(allowed)} allowed`);
  if (blocked) parts.push(`${thousands(blocked)} blocked`);
  return parts.join(', ') || '0';
}

/** ` (A, B)` when a row holds for only some of the compared workflows. */
function whereText(workflows: readonly string[], all: number): string {
  return workflows.length && workflows.length < all ? ` (${cell(workflows.join(', '), 60)})` : '';
}

function domainRow(e: DomainDiffEntry, failedRuns: number, baselineRuns: number, all: number): string {
  const where = whereText(e.workflows, all);
  let change: string;
  switch (e.status) {
    case 'new':
      change = `new${e.run2_blocked ? ', blocked' : ''}${e.suspicious ? `, in ${e.failed_runs} of ${failedRuns} failed runs and no success ⚠` : ''}`;
      break;
    case 'removed':
      change = `gone (was in ${e.baseline_runs} of ${baselineRuns} successes)`;
      break;
    case 'status_changed':
      change = `${e.run1_status} → ${e.run2_status}${e.is_anomaly ? ' ⚠' : ''}`;
      break;
    default:
      change = `${e.volume_change ?? 'changed'} requests`;
  }
  if (e.run2_auth_errors > 0 && e.run1_auth_errors === 0) change += `; ${thousands(e.run2_auth_errors)} answered 401/403`;
  return `| firewall: ${code(e.domain, 80)}${where} | ${counts(e.run1_allowed, e.run1_blocked, e.baseline_runs)} | ${counts(e.run2_allowed, e.run2_blocked, e.failed_runs)} | ${change} |`;
}

function pct(p: number | null): string {
  return p === null ? '' : ` (${p >= 0 ? '+' : ''}${p} %)`;
}

function zText(m: MetricDiff): string {
  if (m.z_score === null) return '';
  return m.flagged ? `, z = ${m.z_score} ⚠` : '';
}

/** A metric row is worth a line when it moved by 10 % or more, is flagged, or is the token collapse. */
export const NOTABLE_PERCENT = 10;
function notable(m: MetricDiff, died: boolean): boolean {
  if (m.flagged || (m.metric === 'tokens' && died)) return true;
  return m.change_percent === null ? m.change !== 0 : Math.abs(m.change_percent) >= NOTABLE_PERCENT;
}

function metricRow(m: MetricDiff, diedBeforeInference: boolean): string {
  const n = `${m.baseline_runs > 1 ? ` (median of ${m.baseline_runs})` : ''}`;
  if (m.metric === 'duration_seconds') {
    const sign = m.change < 0 ? '-' : '+';
    return `| duration${n} | ${formatDuration(m.baseline * 1000)} | ${formatDuration(m.failed * 1000)} | ${sign}${formatDuration(Math.abs(m.change) * 1000)}${pct(m.change_percent)}${zText(m)} |`;
  }
  const what = m.metric === 'tokens' ? 'tokens' : 'turns';
  const change = m.metric === 'tokens' && diedBeforeInference ? 'died before inference' : `${m.change >= 0 ? '+' : ''}${thousands(m.change)}${pct(m.change_percent)}${zText(m)}`;
  return `| ${what}${n} | ${thousands(m.baseline)} | ${thousands(m.failed)} | ${change} |`;
}

function versionRow(v: VersionChange, all: number): string {
  const where = whereText(v.workflows, all);
  const change = !v.baseline.length ? 'added' : !v.failed.length ? 'removed' : 'changed';
  return `| ${cell(v.what, 60)}${where} | ${cell(v.baseline.join(', ') || '—', 60)} | ${cell(v.failed.join(', ') || '—', 60)} | ${change} |`;
}

function envRow(e: EnvChange, all: number): string {
  const change =
    e.baseline === 'set' && e.failed === 'unset' ? 'gone' : e.baseline === 'unset' && e.failed === 'set' ? 'appeared' : e.baseline === 'not-stated' ? 'unset only in the failed runs' : 'differs';
  return `| env ${code(e.name, 60)}${whereText(e.workflows, all)} | ${e.baseline === 'not-stated' ? 'not stated' : e.baseline} | ${e.failed} | ${change} |`;
}

/** The baseline sentence, e.g. `Compared with 3 successful runs of AI Moderator (median) …`. */
function baselineSentence(c: ClusterCompare, ref: string | undefined): string {
  const b = c.baseline;
  if (b.status === 'none') return `**Baseline:** no baseline in ${b.lookback_hours} h: no successful run of ${safeText(workflowsOfProblems(b.problems))} before the first failure; nothing is compared.`;
  if (b.status === 'unknown') return `**Baseline:** not looked up${b.problems.length ? ` (${safeText(b.problems.join('; '))})` : ''}; nothing is compared.`;
  const workflows = [...new Set(b.runs.map((r) => r.workflow))];
  const nearest = b.runs.find((r) => r.run_id === b.nearest_run_id) ?? b.runs[0]!;
  const other = nearest.match === 'same-event' || nearest.match === 'other' ? ` (no success on the failing branch; this one ran on ${code(nearest.branch, 60)})` : '';
  const many = b.runs.length > 1 ? ` (medians)` : '';
  const without = b.problems.length ? ` No baseline for ${safeText(b.problems.join('; '))}.` : '';
  return `**Compared with** ${plural(b.runs.length, 'successful run')} of ${safeText(workflows.join(', '))} in the ${b.lookback_hours} h before the first failure${many}; nearest ${link(nearest.run_id, nearest.url)} at ${when(nearest.created_at, ref)}${other}.${without}`;
}

function workflowsOfProblems(problems: readonly string[]): string {
  return problems.map((p) => p.slice(0, p.indexOf(':') > 0 ? p.indexOf(':') : undefined)).join(', ') || 'these workflows';
}

function suspectLines(c: ClusterCompare, ref: string | undefined, maxCommits: number): string[] {
  const s = c.suspect_change;
  if (!s) return [];
  const bad = `first bad ${code(short(s.first_bad.sha))} (${link(s.first_bad.run_id, s.first_bad.url)}, ${when(s.first_bad.created_at, ref)})`;
  const elsewhere = s.same_commit_elsewhere.length ? ` The same holds for ${safeText(s.same_commit_elsewhere.join(', '))}.` : '';
  switch (s.verdict) {
    case 'no-last-good':
      return [`**Suspect change:** unknown: no successful run of ${safeText(s.workflow)} on ${code(s.branch, 60)} before the ${bad.replace('first bad', 'first failure')} in the lookback.`];
    case 'same-commit':
      return [
        `**Not caused by a commit:** the last success of ${safeText(s.workflow)} on ${code(s.branch, 60)} (${link(s.last_good!.run_id, s.last_good!.url)}, ${when(s.last_good!.created_at, ref)}) and the first failure ran on the same commit ${code(short(s.first_bad.sha))}: look at the environment, secrets, or an external service.${elsewhere}`,
      ];
    case 'not-fetched':
      return [`**Suspect change:** last good ${code(short(s.last_good!.sha))} → ${bad} on ${code(s.branch, 60)}; the commits between them could not be listed (${safeText(s.problem ?? 'unknown')}).`];
    default: {
      const total = s.total_commits ?? s.commits.length;
      const shown = s.commits.slice(0, maxCommits).map((x) => {
        const title = x.title.replace(/\s*\(#\d+\)\s*$/, '');
        return `*${cell(title, 100)}*${x.pr ? ` (#${x.pr})` : ''}${x.author ? ` by ${cell(x.author, 40)}` : ''} ${code(short(x.sha))}`;
      });
      const more = total > shown.length ? `, and ${total - shown.length} more${s.compare_url ? ` ([compare](${s.compare_url}))` : ''}` : '';
      if (!total) return [`**Suspect change:** none: last good ${code(short(s.last_good!.sha))} → ${bad} on ${code(s.branch, 60)} adds no commit (the first bad is not a descendant).${elsewhere}`];
      return [`**Suspect change:** last good ${code(short(s.last_good!.sha))} → ${bad} on ${code(s.branch, 60)} (${plural(total, 'commit')}): ${shown.join('; ')}${more}.${elsewhere}`];
    }
  }
}

/**
 * The comparison as markdown lines for a cluster's evidence section (join with `\n`); empty for
 * a missing comparison.
 */
export function compareMarkdown(c: ClusterCompare | null | undefined, opts: CompareMarkdownOptions = {}): string[] {
  if (!c) return [];
  const out: string[] = [baselineSentence(c, opts.ref)];
  if (c.baseline.status !== 'found') return out;
  const rows: string[] = [];
  const all = new Set(c.baseline.runs.map((r) => r.workflow)).size;
  const fw = c.firewall_diff;
  if (fw) {
    let entries = firewallEntries(fw);
    if (fw.failed_requests_per_run === 0 && fw.baseline_requests_per_run > 0) {
      // The failed runs reached nothing: one row says it instead of one "gone" row per domain.
      rows.push(`| firewall: all domains | ${thousands(fw.baseline_requests_per_run)} requests to ${plural(fw.baseline_domains, 'domain')} | no request | the failed runs reached no domain |`);
      entries = entries.filter((e) => e.status !== 'removed');
    }
    const max = opts.maxDomains ?? 6;
    for (const e of entries.slice(0, max)) rows.push(domainRow(e, fw.failed_runs, fw.baseline_runs, all));
    if (entries.length > max) rows.push(`| firewall: ${entries.length - max} more domains | | | in --json |`);
  }
  const rm = c.run_metrics_diff;
  if (rm) for (const m of rm.metrics) if (notable(m, rm.died_before_inference)) rows.push(metricRow(m, rm.died_before_inference));
  for (const v of c.version_changes ?? []) rows.push(versionRow(v, all));
  const env = c.env_diff ?? [];
  for (const e of env.slice(0, 10)) rows.push(envRow(e, all));
  if (env.length > 10) rows.push(`| env: ${env.length - 10} more variables | | | in --json |`);
  if (rows.length) out.push('', '| signal | baseline | failed | change |', '|---|---|---|---|', ...rows);
  else out.push('', 'No notable difference in what both sides report (firewall, tokens, duration, turns, versions, environment).');
  const suspect = suspectLines(c, opts.ref, opts.maxCommits ?? 5);
  if (suspect.length) out.push('', ...suspect);
  if (c.notes.length) out.push('', `_Not compared:_ ${safeText(c.notes.join('; '))}.`);
  if (opts.ruleNamed === false && c.novel_lines?.length) {
    const from = c.novel_lines_source === 'context' ? ' (from the lines around the failure line only)' : '';
    out.push('', `**Lines only the failed runs print** in the failed step, never in the successful runs' same step${from}; error-looking first:`);
    out.push(fence(c.novel_lines.map((l) => l.text).join('\n')));
  }
  return out;
}

/** The baseline cost for the run's coverage line, e.g. `14 for baselines: 3 runs queries, 10 reads, 1 commit compare`. */
export function baselineCostText(r: BaselineRequests | BaselineSet): string {
  const q = 'requests' in r ? r.requests : r;
  return `${q.total} for baselines: ${plural(q.runQueries, 'runs query', 'runs queries')}, ${plural(q.reads, 'read')}, ${plural(q.compares, 'commit compare')}`;
}

/**
 * The comparison in one or two sentences, for a sub-issue's evidence (e.g. `What changed since the
 * last success (§123, 04-21 19:05Z): tokens 182,301 → 0 (died before inference); runner image
 * 20260419.1 → 20260421.2. Not caused by a commit: …`); null when there is nothing to say.
 */
export function compareSentence(c: ClusterCompare | null | undefined, ref?: string): string | null {
  if (!c) return null;
  if (c.baseline.status === 'none') return `No successful run in the ${c.baseline.lookback_hours} h before the first failure: nothing to compare with.`;
  if (c.baseline.status !== 'found') return null;
  const nearest = c.baseline.runs.find((r) => r.run_id === c.baseline.nearest_run_id) ?? c.baseline.runs[0]!;
  const parts: string[] = [];
  const rm = c.run_metrics_diff;
  for (const m of rm?.metrics ?? []) {
    if (!notable(m, rm!.died_before_inference)) continue;
    if (m.metric === 'duration_seconds') parts.push(`duration ${formatDuration(m.baseline * 1000)} → ${formatDuration(m.failed * 1000)}`);
    else if (m.metric === 'tokens') parts.push(`tokens ${thousands(m.baseline)} → ${thousands(m.failed)}${rm!.died_before_inference ? ' (died before inference)' : ''}`);
    else parts.push(`turns ${thousands(m.baseline)} → ${thousands(m.failed)}`);
  }
  for (const v of c.version_changes ?? []) parts.push(`${safeText(v.what)} ${cell(v.baseline.join(', ') || 'none', 60)} → ${cell(v.failed.join(', ') || 'none', 60)}`);
  for (const e of (c.env_diff ?? []).filter((x) => x.baseline !== 'not-stated').slice(0, 3)) parts.push(`${code(e.name, 60)} ${e.baseline} → ${e.failed}`);
  const fw = c.firewall_diff;
  if (fw?.suspicious_domains.length) parts.push(`new domain${fw.suspicious_domains.length > 1 ? 's' : ''} ${fw.suspicious_domains.slice(0, 3).map((d) => code(d, 80)).join(', ')}`);
  for (const e of (fw?.status_changes ?? []).slice(0, 2)) parts.push(`${code(e.domain, 80)} ${e.run1_status} → ${e.run2_status}`);
  const out: string[] = [];
  out.push(
    parts.length
      ? `What changed since the last success (${link(nearest.run_id, nearest.url)}, ${when(nearest.created_at, ref)}): ${parts.join('; ')}.`
      : `Nothing notable changed since the last success (${link(nearest.run_id, nearest.url)}, ${when(nearest.created_at, ref)}) in what both sides report.`,
  );
  const s = c.suspect_change;
  if (s?.verdict === 'same-commit') out.push(`It succeeded on the same commit ${code(short(s.first_bad.sha))}: not caused by a commit (environment, secrets, or an external service).`);
  else if (s?.verdict === 'commits' && s.total_commits) out.push(`${plural(s.total_commits, 'commit')} between last good ${code(short(s.last_good!.sha))} and first bad ${code(short(s.first_bad.sha))}.`);
  return out.join(' ');
}
