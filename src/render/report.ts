// The markdown a maintainer reads for one window: what is broken, how badly, since when, and
// whether someone is on it; evidence folded below. Same input, same bytes.
import type { Cluster } from '../cluster/index.js';
import type { FailureRecord } from '../failure/record.js';
import { compareMarkdown, type ClusterCompare } from '../compare/index.js';
import { agentLines } from './agent.js';
import { clock, dayClock, list, plural, PRIORITY_ICON, runLink } from './format.js';
import { cell, code, fence, html, safeText } from './safe.js';

export interface Coverage {
  runsInWindow: number;
  workflowsInWindow: number;
  failedRuns: number;
  cancelledRuns: number;
  inProgressRuns: number;
  carriedOverRuns: number;
  investigatedRuns: number;
  skipped: Array<{ runId: number; reason: string; detail: string; url?: string | null; workflow?: string | null }>;
}

export interface ClusterView {
  cluster: Cluster;
  /** True when no earlier window saw this fingerprint. */
  isNew: boolean;
  /** First seen over all windows (ledger), else in this window. */
  since: string;
  /** Other open issues that track it (our marker copied into them). */
  tracked: number[];
  /** Our sub-issue for it, if any. */
  subIssue: number | null;
  /** True when that sub-issue was filed by this run. */
  subIssueNew: boolean;
  /** Why it has, or has not, an issue of its own (one sentence). */
  tracking?: string;
  /** Other open issues that track it, and how they were matched. */
  trackers?: Array<{ number: number; title: string; state: string; how: 'marker' | 'matcher' }>;
}

export interface SectionInput {
  since: string;
  until: string;
  coverage: Coverage;
  clusters: ClusterView[];
  apiRequests: number;
  /** What part of the requests went to baselines. */
  apiDetail?: string;
  compares?: ReadonlyMap<string, ClusterCompare>;
  notes: string[];
  /** Fingerprints of new problems that did not get a sub-issue this run (the cap). */
  overflow?: string[];
  maxNewSubIssues?: number;
  /** Sub-issues this run closes (quiet problems). */
  closed?: Array<{ issue: number; title: string; why: string }>;
}

const CONTEXT_BEFORE = 8;
const CONTEXT_AFTER = 2;
const MAX_RUN_ROWS = 30;

export function renderSection(s: SectionInput): string {
  const out: string[] = [];
  out.push(`## CI failure report · ${dayClock(s.since)} → ${s.until.slice(0, 10) === s.since.slice(0, 10) ? `${s.until.slice(11, 16)}Z` : dayClock(s.until)}`);
  out.push('');
  out.push(headline(s));
  for (const n of s.notes) out.push('', `> ${safeText(n)}`);
  if (s.clusters.length) {
    out.push('', '| | problem | runs | workflows · engines | since | tracked |', '|---|---|---|---|---|---|');
    for (const v of s.clusters) out.push(tableRow(v, s.since));
    for (const v of s.clusters) out.push('', details(v, s.since, s.compares?.get(v.cluster.fingerprint)));
  }
  const chart = hourlyChart(s);
  if (chart) out.push('', chart);
  if (s.overflow?.length) out.push('', overflowNote(s));
  if (s.coverage.skipped.length) out.push('', skippedSection(s.coverage));
  const existing = existingIssues(s.clusters);
  if (existing) out.push('', existing);
  if (s.clusters.length) out.push('', assessment(s.clusters), '', roadmap(s.clusters));
  if (s.closed?.length) {
    out.push('', '### Closed this window', '', ...s.closed.map((c) => `- #${c.issue} ${safeText(c.title)}: ${safeText(c.why)}.`));
  }
  return out.join('\n');
}

function headline(s: SectionInput): string {
  const c = s.coverage;
  const p0 = s.clusters.filter((v) => v.cluster.priority === 'P0').length;
  const fresh = s.clusters.filter((v) => v.isNew).length;
  const lead = s.clusters.length
    ? `**${plural(s.clusters.length, 'problem')}, ${fresh} new, ${p0} P0.**`
    : c.failedRuns
      ? '**No failure could be investigated.**'
      : '**No failures.**';
  const parts = [
    `${c.failedRuns} of ${plural(c.runsInWindow, 'run')} failed (${plural(c.workflowsInWindow, 'workflow')})` +
      (c.carriedOverRuns ? `, ${c.carriedOverRuns} of them carried over from the previous window` : ''),
    `${c.investigatedRuns} investigated, ${c.skipped.length} skipped`,
  ];
  const extra: string[] = [];
  if (c.cancelledRuns) extra.push(`${c.cancelledRuns} cancelled`);
  if (c.inProgressRuns) extra.push(`${c.inProgressRuns} still running (looked at again next window)`);
  return `${lead} ${parts.join('; ')}${extra.length ? `; ${extra.join(', ')}` : ''}. API: ${plural(s.apiRequests, 'request')}${s.apiDetail ? ` (${s.apiDetail})` : ''}. Deterministic, no model calls.`;
}

function tableRow(v: ClusterView, ref: string): string {
  const c = v.cluster;
  const engines = c.engines.length ? ` · ${cell(c.engines.join(', '))}` : '';
  const refs = [...(v.subIssue && !v.subIssueNew ? [`#${v.subIssue}`] : []), ...v.tracked.map((n) => `#${n}`)];
  const fresh = v.subIssueNew ? `**new → #${v.subIssue}**` : v.isNew && !refs.length ? '**new**' : '';
  const tracked = [fresh, ...refs].filter(Boolean).join(', ') || '—';
  return `| ${PRIORITY_ICON[c.priority]} ${c.priority} | ${cell(c.title)} | ${c.runIds.length} | ${cell(list(c.workflows, 3))}${engines} | ${clock(v.since, ref)} | ${tracked} |`;
}

function details(v: ClusterView, ref: string, compare?: ClusterCompare): string {
  const c = v.cluster;
  const first = c.failures[0]!;
  const out: string[] = [];
  out.push(`<details><summary>${PRIORITY_ICON[c.priority]} ${c.priority} · ${html(c.title)} — ${plural(c.runIds.length, 'run')}</summary>`, '');
  out.push(`**Why ${c.priority}:** ${safeText(c.priorityReason)}.${c.scope ? ` **Scope:** ${safeText(c.scope.summary)}.` : ''}${c.intermittent ? ` **Intermittent:** ${safeText(c.intermittent)}.` : ''}`);
  out.push(
    c.ruleId
      ? `**Named by** the rule \`${c.ruleId}\` (${c.category}); failures it names with the same key are one cluster.`
      : '**No rule names this failure;** it is grouped by its normalized failure line.',
  );
  if (c.joined?.length) {
    out.push(`**One cluster, not ${c.joined.length + 1}:** ${c.joined.map((j) => `${code(j.signature, 100)} joined ${j.how === 'loose' ? 'on the same normalized line' : `as a near-duplicate (similarity ${j.similarity?.toFixed(2) ?? '?'})`}`).join('; ')}.`);
  }
  const steps = [...new Set(c.failures.map((f) => f.failedStep).filter((x): x is string => !!x))];
  const sameLine = c.failures.filter((f) => f.signature === c.signature).length;
  out.push('', `Failure line in ${sameLine} of ${c.failures.length} failed jobs (normalized)${steps.length ? `, step ${steps.map((x) => `*${safeText(x)}*`).join(', ')}` : ''}:`);
  out.push(fence(c.signature));
  const excerpt = excerptOf(first);
  if (excerpt) {
    out.push('', `Log of ${runLink(first.runId, first.jobUrl ?? first.runUrl)} (${safeText(first.workflow)}${first.jobName ? ` / ${safeText(first.jobName)}` : ''}), line ${first.failureLine!.number}:`);
    out.push(excerpt);
  }
  if (first.testNames.length) out.push('', `Failing tests: ${first.testNames.slice(0, 10).map((t) => code(t, 100)).join(', ')}`);
  const agent = agentLines(c.failures);
  if (agent.length) out.push('', ...agent.map((l) => `- ${l}`));
  const notes = [...new Set(c.failures.flatMap((f) => f.notes))];
  for (const n of notes) out.push('', `> Note: ${safeText(n)}`);
  const cmp = compareMarkdown(compare, { ruleNamed: c.ruleId !== null, ref });
  if (cmp.length) out.push('', ...cmp);
  if (c.fixHint) {
    // Rules whose hint already speaks of retries are not told twice.
    out.push('', `**What to do:** ${safeText(c.fixHint)}${/\bretr/i.test(c.fixHint) ? '' : retryText(c.retry)}`);
  } else {
    out.push('', '**What to do:** unknown — no rule knows this failure; the excerpt above is the evidence to write one.');
  }
  if (v.tracking) out.push('', `**Tracking:** ${v.tracking}`);
  out.push('', '| run | workflow | engine | time | branch | job |', '|---|---|---|---|---|---|');
  const rows = c.failures.slice(0, MAX_RUN_ROWS);
  for (const f of rows) {
    out.push(`| ${runLink(f.runId, f.runUrl)} | ${cell(f.workflow, 60)} | ${f.engine ?? '—'} | ${clock(f.createdAt, ref)} | ${cell(f.branch, 40)} | ${cell(f.jobName ?? '—', 40)} |`);
  }
  if (c.failures.length > rows.length) out.push(`| … | ${c.failures.length - rows.length} more | | | | |`);
  out.push('', '</details>');
  return out.join('\n');
}

function excerptOf(f: FailureRecord): string | null {
  if (!f.failureLine) return null;
  const at = f.failureLine.number;
  const lines = f.context.filter((l) => l.number >= at - CONTEXT_BEFORE && l.number <= at + CONTEXT_AFTER);
  if (!lines.length) return fence(f.failureLine.text);
  return fence(lines.map((l) => l.text).join('\n'));
}

function retryText(retry: Cluster['retry']): string {
  if (retry === 'never') return ' A retry will not help.';
  if (retry === 'backoff') return ' A retry after a wait may pass.';
  if (retry === 'once') return ' One retry may pass.';
  return '';
}

const SKIP_REASON: Record<string, string> = {
  'logs-expired': 'log expired or missing',
  'no-jobs': 'no failed job to read',
  budget: 'request budget spent',
  error: 'GitHub error',
};

/** Failed runs per hour of the window, as a mermaid chart GitHub renders: when did it break. */
function hourlyChart(s: SectionInput): string | null {
  const start = Date.parse(s.since);
  const hours = Math.ceil((Date.parse(s.until) - start) / 3_600_000);
  if (hours < 2 || hours > 48) return null;
  const perHour = new Array<number>(hours).fill(0);
  const seen = new Set<number>();
  for (const v of s.clusters) {
    for (const f of v.cluster.failures) {
      if (seen.has(f.runId)) continue;
      seen.add(f.runId);
      const h = Math.floor((Date.parse(f.createdAt) - start) / 3_600_000);
      if (h >= 0 && h < hours) perHour[h]!++;
    }
  }
  if (perHour.filter((n) => n > 0).length < 2) return null;
  const labels = perHour.map((_, i) => `"${new Date(start + i * 3_600_000).toISOString().slice(11, 13)}h"`);
  return [
    '```mermaid',
    'xychart-beta',
    '    title "Failed runs per hour (UTC)"',
    `    x-axis [${labels.join(', ')}]`,
    `    y-axis "runs" 0 --> ${Math.max(...perHour) + 1}`,
    `    bar [${perHour.join(', ')}]`,
    '```',
  ].join('\n');
}

function existingIssues(views: ClusterView[]): string | null {
  const rows = views.flatMap((v) =>
    (v.trackers ?? []).map((t) => `| #${t.number} ${cell(t.title, 80)} | ${t.state} | ${t.how === 'marker' ? 'fingerprint marker' : 'matcher block'} | ${cell(v.cluster.title, 80)} | ${v.cluster.runIds.length} |`),
  );
  if (!rows.length) return null;
  return ['### Existing issues', '', '| issue | state | matched by | tracks | runs in this window |', '|---|---|---|---|---|', ...rows].join('\n');
}

function roadmap(views: ClusterView[]): string {
  const out = ['### Fix roadmap', '', '| priority | what to do | problem | tracked in |', '|---|---|---|---|'];
  for (const v of views) {
    const where = [v.subIssue ? `#${v.subIssue}` : '', ...v.tracked.map((n) => `#${n}`)].filter(Boolean).join(', ') || '—';
    const what = v.cluster.fixHint ? cell(v.cluster.fixHint, 200) : 'unknown: write a rule from the evidence above';
    out.push(`| ${PRIORITY_ICON[v.cluster.priority]} ${v.cluster.priority} | ${what} | ${cell(v.cluster.title, 80)} | ${where} |`);
  }
  return out.join('\n');
}

function overflowNote(s: SectionInput): string {
  const titles = s.clusters.filter((v) => s.overflow!.includes(v.cluster.fingerprint)).map((v) => safeText(v.cluster.title));
  return `> ${plural(titles.length, 'new problem')} did not get a sub-issue this run (at most ${s.maxNewSubIssues ?? 3} per run, max-new-sub-issues): ${titles.join('; ')}. They are filed by a later run in which they fail again.`;
}

function skippedSection(c: Coverage): string {
  const out = ['### Not investigated', '', '| run | workflow | why |', '|---|---|---|'];
  for (const s of c.skipped) {
    out.push(`| ${runLink(s.runId, s.url)} | ${cell(s.workflow ?? '—', 60)} | ${SKIP_REASON[s.reason] ?? s.reason}: ${cell(s.detail, 100)} |`);
  }
  return out.join('\n');
}

function assessment(views: ClusterView[]): string {
  const out = ['### Assessment', ''];
  for (const v of views) {
    const c = v.cluster;
    const lane = c.blockedWorkflows.length ? ` Blocked: ${safeText(list(c.blockedWorkflows, 3))}.` : '';
    out.push(`- ${PRIORITY_ICON[c.priority]} **${c.priority}** ${safeText(c.title)} — ${safeText(c.priorityReason)}.${lane}${c.fixHint ? ` Fix: ${safeText(c.fixHint)}` : ''}`);
  }
  return out.join('\n');
}
