// The body of a sub-issue: one real problem, told as MECHANISM / EVIDENCE / RECOMMENDED FIX, with
// the hidden fingerprint marker that finds it again.
import type { Cluster } from '../cluster/index.js';
import { dayClock, list, plural, runLink } from './format.js';
import { fence, html, safeText } from './safe.js';

export const SUB_ISSUE_MARKER = '<!-- ci-failure-investigator:sub-issue -->';
const MAX_RUNS_LISTED = 20;
const MAX_CONTEXT_LINES = 30;

export function clusterMarker(fingerprint: string): string {
  return `<!-- ci-failure-investigator:cluster fp=${fingerprint} -->`;
}

export function subIssueTitle(c: Cluster): string {
  const title = safeText(c.title).replace(/\s+/g, ' ').trim();
  return (title.length > 200 ? `${title.slice(0, 199)}…` : title) || 'Unnamed CI failure';
}

export function renderSubIssue(c: Cluster, reportIssue: number | null, mention: string | null = null): string {
  const first = c.failures[0]!;
  const engines = c.engines.length ? ` (${c.engines.join(', ')})` : '';
  const steps = [...new Set(c.failures.map((f) => f.failedStep).filter((s): s is string => !!s))];
  const out: string[] = [];
  out.push(`**${html(c.title)}** · ${c.priority} · since ${dayClock(c.firstSeen)} · ${plural(c.runIds.length, 'run')}`, '');
  out.push(
    `**Mechanism.** ${c.ruleId ? `The rule \`${c.ruleId}\` (${c.category}) names this failure.` : 'No rule names this failure yet; it is grouped by its normalized failure line.'} ` +
      `${steps.length ? `The step ${steps.map((s) => `*${safeText(s)}*`).join(', ')} fails` : 'The job fails'} in ${plural(c.runIds.length, 'run')} of ` +
      `${safeText(list(c.workflows, 5))}${engines}. ${safeText(c.priorityReason)}.`,
  );
  out.push('', `**Evidence.** ${c.runIds.slice(0, MAX_RUNS_LISTED).map((id) => runLink(id, c.failures.find((f) => f.runId === id)?.runUrl)).join(', ')}${c.runIds.length > MAX_RUNS_LISTED ? ` and ${c.runIds.length - MAX_RUNS_LISTED} more` : ''}. Failure line (normalized):`);
  out.push(fence(c.signature));
  if (first.failureLine) {
    const at = first.failureLine.number;
    const lines = first.context.filter((l) => l.number >= at - MAX_CONTEXT_LINES && l.number <= at + 5).map((l) => l.text);
    out.push('', `From ${runLink(first.runId, first.jobUrl ?? first.runUrl)}, line ${at} of the job log:`, fence(lines.length ? lines.join('\n') : first.failureLine.text));
  }
  out.push('', `**Recommended fix.** ${c.fixHint ? safeText(c.fixHint) : 'Unknown: no rule knows this failure. The excerpt above is the evidence to write one (see the README on rules).'}`);
  out.push(
    '',
    `**Recurrence.** Tracked from the rolling report${reportIssue ? ` #${reportIssue}` : ''}, which lists this problem in every window where it fails again. ` +
      'Filed by ci-failure-investigator: deterministic, no model calls.',
  );
  // The only mention the bot ever writes: a team the repository's config routes this problem to.
  if (mention) out.push('', `cc ${mention}`);
  out.push('', clusterMarker(c.fingerprint), SUB_ISSUE_MARKER, '');
  return out.join('\n');
}
