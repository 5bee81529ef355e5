// What happens to the issues of known problems this window: a comment when one recurs (once per
// window, never per run), a reopen when a closed one comes back, a close after a quiet streak,
// and silence where people asked for it. Pure: decisions from the ledger and the issues' states.
import type { Cluster } from '../cluster/index.js';
import { quietWindows, type ClusterLedger, type Ledger } from '../ledger/index.js';
import { dayClock, list, plural, runLink } from '../render/format.js';
import { safeText } from '../render/safe.js';
import type { Tracking } from '../tracking/index.js';

export interface IssueStatus {
  number: number;
  id: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  closedAt: string | null;
  labels: string[];
}

export interface LifecycleSettings {
  /** Close a sub-issue after this many windows without a hit … */
  closeAfterWindows: number;
  /** … and at least this many hours since it was last seen. */
  closeAfterHours: number;
  /** A label that keeps an issue open but stops our comments on it. */
  mutedLabel: string;
}

export const DEFAULT_LIFECYCLE: LifecycleSettings = { closeAfterWindows: 4, closeAfterHours: 24, mutedLabel: 'muted' };

export type IssueWriteAction = 'comment' | 'close' | 'reopen' | 'update';

export interface IssueWrite {
  action: IssueWriteAction;
  issue: number;
  title: string;
  fingerprint: string;
  /** The comment to post (comment, close, reopen) or the new body (update). */
  body: string;
  why: string;
  /** Hidden marker of a comment, to find it again and never post it twice. */
  marker: string | null;
}

export interface LifecycleInput {
  since: string;
  until: string;
  chained: boolean;
  clusters: Cluster[];
  ledger: Ledger;
  /** Windows the ledger will hold after this one (for quiet streaks). */
  windowsAfter: Ledger['windows'];
  /** Our sub-issues by number, as GitHub shows them now. */
  subIssues: ReadonlyMap<number, IssueStatus>;
  /** Our sub-issue per fingerprint: the ledger's, or found by its marker (a run that stopped early). */
  subIssueOf?: ReadonlyMap<string, number>;
  /** Other open issues that track a fingerprint (a person's issue with our marker or a matcher). */
  trackers: ReadonlyMap<string, Tracking[]>;
  report: number | null;
  settings: LifecycleSettings;
}

export interface LifecycleDecision {
  writes: IssueWrite[];
  /** Sub-issue states to store. */
  states: Record<string, ClusterLedger['state']>;
  /** Fingerprints whose window hits were written into their issues (or needed no writing). */
  reported: Set<string>;
  /** One sentence per fingerprint on what happened to its issue, for the report. */
  notes: Map<string, string>;
  /** Fingerprints a person silenced (sub-issue closed as not planned): no new sub-issue either. */
  silenced: Set<string>;
}

export const hitMarker = (fp: string, until: string) => `<!-- ci-failure-investigator:hit fp=${fp} until=${until} -->`;
const HITS_START = '<!-- ci-failure-investigator:hits -->';
const HITS_END = '<!-- ci-failure-investigator:/hits -->';

export function decideLifecycle(input: LifecycleInput): LifecycleDecision {
  const d: LifecycleDecision = { writes: [], states: {}, reported: new Set(), notes: new Map(), silenced: new Set() };
  const inWindow = new Map(input.clusters.map((c) => [c.fingerprint, c]));
  const muted = (s: { labels: string[] }) => s.labels.some((l) => l.toLowerCase() === input.settings.mutedLabel.toLowerCase());

  for (const c of input.clusters) {
    if (c.silenced) {
      d.reported.add(c.fingerprint);
      continue;
    }
    const known = input.ledger.clusters[c.fingerprint];
    const alreadyReported = !!known?.reportedUntil && known.reportedUntil >= input.until;
    const subNumber = input.subIssueOf?.get(c.fingerprint) ?? known?.subIssue ?? null;
    const sub = subNumber ? input.subIssues.get(subNumber) : undefined;
    // Filed for this window: recorded so, or found by marker before the ledger knew it.
    const filedHere = !known?.subIssue || known.filedIn === input.until;
    if (sub) {
      if (sub.state === 'closed' && sub.stateReason === 'not_planned') {
        d.silenced.add(c.fingerprint);
        d.states[c.fingerprint] = 'silenced';
        d.reported.add(c.fingerprint);
        d.notes.set(c.fingerprint, `Silenced: #${sub.number} was closed as not planned, so this problem is counted here but gets no comment and no new issue.`);
        continue;
      }
      if (sub.state === 'closed') {
        // Only a failure after the close is a regression; an explicit window of old history is not.
        if (!sub.closedAt || c.lastSeen > sub.closedAt) {
          d.writes.push({ action: 'reopen', issue: sub.number, title: sub.title, fingerprint: c.fingerprint, body: regressedComment(c, input, sub), why: 'it fails again after being closed', marker: hitMarker(c.fingerprint, input.until) });
          d.states[c.fingerprint] = 'open';
          d.notes.set(c.fingerprint, `Regressed: #${sub.number} is reopened, with a comment.`);
        } else {
          d.notes.set(c.fingerprint, `#${sub.number} is closed; these runs are older than its closing.`);
        }
        d.reported.add(c.fingerprint);
      } else if (muted(sub)) {
        d.notes.set(c.fingerprint, `Tracked in #${sub.number}, which is muted (label \`${input.settings.mutedLabel}\`): counted here, no comment.`);
        d.reported.add(c.fingerprint);
      } else if (filedHere) {
        d.notes.set(c.fingerprint, `Sub-issue #${sub.number} filed for this window.`);
        d.reported.add(c.fingerprint);
      } else {
        if (!alreadyReported) {
          d.writes.push({ action: 'comment', issue: sub.number, title: sub.title, fingerprint: c.fingerprint, body: recurrenceComment(c, input, known), why: 'seen again in this window', marker: hitMarker(c.fingerprint, input.until) });
        }
        d.notes.set(c.fingerprint, `Tracked in #${sub.number}; this window's runs are added there in one comment.`);
        d.reported.add(c.fingerprint);
      }
      // A sub-issue filed for this window already tells this window's runs.
      if (!filedHere && (sub.state === 'open' || d.states[c.fingerprint] === 'open')) {
        const body = withHits(sub.body, hitsTable(c, input, known));
        if (body !== sub.body) d.writes.push({ action: 'update', issue: sub.number, title: sub.title, fingerprint: c.fingerprint, body, why: 'its hit count', marker: null });
      }
    }
    for (const t of input.trackers.get(c.fingerprint) ?? []) {
      if (t.issue.number === subNumber || t.issue.state !== 'open' || muted(t.issue) || alreadyReported) continue;
      d.writes.push({
        action: 'comment',
        issue: t.issue.number,
        title: t.issue.title,
        fingerprint: c.fingerprint,
        body: recurrenceComment(c, input, known),
        why: `it tracks this problem (${t.how === 'marker' ? 'fingerprint marker' : 'matcher block'})`,
        marker: hitMarker(c.fingerprint, input.until),
      });
      d.reported.add(c.fingerprint);
    }
  }

  if (!input.chained) return d;
  // Quiet problems: close after K windows without a hit and H hours, with a comment saying so.
  for (const [fp, known] of Object.entries(input.ledger.clusters)) {
    if (inWindow.has(fp) || !known.subIssue) continue;
    const sub = input.subIssues.get(known.subIssue);
    if (!sub || sub.state !== 'open') {
      if (sub?.state === 'closed') d.states[fp] = sub.stateReason === 'not_planned' ? 'silenced' : 'closed';
      continue;
    }
    const quiet = quietWindows({ windows: input.windowsAfter }, known);
    const hours = (Date.parse(input.until) - Date.parse(known.lastSeen)) / 3_600_000;
    if (quiet >= input.settings.closeAfterWindows && hours >= input.settings.closeAfterHours) {
      d.writes.push({
        action: 'close',
        issue: sub.number,
        title: sub.title,
        fingerprint: fp,
        body: `**Not seen for ${plural(quiet, 'window')}** (${Math.floor(hours)} h since its last failure at ${dayClock(known.lastSeen)}): closing as completed. If it comes back, the report reopens this issue.\n\n<!-- ci-failure-investigator:closed fp=${fp} until=${input.until} -->`,
        why: `quiet for ${quiet} windows and ${Math.floor(hours)} h (thresholds ${input.settings.closeAfterWindows} windows, ${input.settings.closeAfterHours} h)`,
        marker: `<!-- ci-failure-investigator:closed fp=${fp} until=${input.until} -->`,
      });
      d.states[fp] = 'closed';
    }
  }
  return d;
}

function runLinks(c: Cluster, max = 10): string {
  const links = c.runIds.slice(0, max).map((id) => runLink(id, c.failures.find((f) => f.runId === id)?.runUrl));
  return `${links.join(', ')}${c.runIds.length > max ? ` and ${c.runIds.length - max} more` : ''}`;
}

function recurrenceComment(c: Cluster, input: LifecycleInput, known: ClusterLedger | undefined): string {
  const total = (known?.runs ?? 0) + c.runIds.length;
  const engines = c.engines.length ? ` · ${c.engines.join(', ')}` : '';
  return [
    `**${known ? 'Seen again' : 'Seen'}** in the window ${dayClock(input.since)} → ${dayClock(input.until)}: ${plural(c.runIds.length, 'run')} (${runLinks(c)}) in ${safeText(list(c.workflows, 4))}${engines}. ${c.priority}: ${safeText(c.priorityReason)}.`,
    '',
    `About ${plural(total, 'run')} since ${dayClock(known?.firstSeen ?? c.firstSeen)}${input.report ? `; the rolling report #${input.report} has the evidence` : ''}.`,
    '',
    hitMarker(c.fingerprint, input.until),
  ].join('\n');
}

function regressedComment(c: Cluster, input: LifecycleInput, sub: IssueStatus): string {
  return [
    `**Regressed:** failing again in the window ${dayClock(input.since)} → ${dayClock(input.until)}: ${plural(c.runIds.length, 'run')} (${runLinks(c)}) in ${safeText(list(c.workflows, 4))}${sub.closedAt ? `, after this issue was closed on ${dayClock(sub.closedAt)}` : ''}. Reopening.`,
    '',
    hitMarker(c.fingerprint, input.until),
  ].join('\n');
}

function hitsTable(c: Cluster, input: LifecycleInput, known: ClusterLedger | undefined): string {
  const hits = [...(known?.hits ?? []).filter(([u]) => u !== input.until), [input.until, c.runIds.length] as [string, number]].sort((a, b) => a[0].localeCompare(b[0])).slice(-12);
  const rows = hits.map(([u, n]) => `| ${dayClock(u)} | ${n} |`);
  return [HITS_START, '**Hits** (runs per report window, newest last):', '', '| window ending | runs |', '|---|---|', ...rows, HITS_END].join('\n');
}

/** Put the hits block into a body: replace the old one, or insert it before our hidden markers. */
export function withHits(body: string, block: string): string {
  const start = body.indexOf(HITS_START);
  const end = body.indexOf(HITS_END);
  if (start >= 0 && end > start) return body.slice(0, start) + block + body.slice(end + HITS_END.length);
  const at = body.indexOf('<!-- ci-failure-investigator:cluster');
  return at >= 0 ? `${body.slice(0, at)}${block}\n\n${body.slice(at)}` : `${body.trimEnd()}\n\n${block}\n`;
}
