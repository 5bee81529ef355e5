// The job summary: the window's report, and in a dry run the plan of writes with their text.
// GitHub refuses a step summary over 1 MiB, so the text is cut, with a note, well before that.
import type { PlannedWrite } from '../plan/index.js';

export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
const BUDGET = SUMMARY_LIMIT_BYTES - 16 * 1024;

export function jobSummary(report: string, plan: PlannedWrite[], dryRun: boolean, note: string | null): string {
  const parts: string[] = [];
  if (note) parts.push(`> ${note}`);
  if (report) parts.push(report);
  if (dryRun) parts.push(planMarkdown(plan));
  return cut(parts.join('\n\n'));
}

export function planMarkdown(plan: PlannedWrite[]): string {
  if (!plan.length) return '### Plan of writes (dry run)\n\nNothing to write.';
  const out = [`### Plan of writes (dry run): ${plan.length}`];
  for (const w of plan) {
    out.push('', `<details><summary>${w.action} ${w.target} ${w.issue === null ? '(new)' : `#${w.issue}`}: ${escapeHtml(w.title)}</summary>`, '', `Why: ${escapeHtml(w.why)}`);
    if (w.body !== undefined) {
      // The body holds fenced excerpts: fence it with more backticks than any run inside.
      const ticks = '`'.repeat(Math.max(4, ...[...w.body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      out.push('', `${ticks}markdown`, w.body, ticks);
    }
    out.push('', '</details>');
  }
  return out.join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string): string {
  if (Buffer.byteLength(text) <= BUDGET) return text;
  let s = text.slice(0, BUDGET);
  while (Buffer.byteLength(s) > BUDGET) s = s.slice(0, Math.floor(s.length * 0.95));
  // Close an open fence so the note below renders as text.
  const fences = s.match(/^`{3,}/gm) ?? [];
  const close = fences.length % 2 ? `\n${fences[fences.length - 1]}` : '';
  return `${s}${close}\n\n> The summary was cut here to stay under GitHub's 1 MiB limit for step summaries; the report issue holds the full text.`;
}
