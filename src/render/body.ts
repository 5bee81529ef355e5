// The rolling report issue's body: one section per window, newest first, and the hidden ledger
// last. Sections carry hidden markers so that re-running a window replaces its section in place.
import { serializeLedger, type Ledger } from '../ledger/index.js';

export const REPORT_MARKER = '<!-- ci-failure-investigator:report v1 -->';
export const REPORT_TITLE = 'CI failure report (rolling)';
/** GitHub refuses bodies over 65,536 characters; keep room for the ledger and the intro. */
export const BODY_LIMIT = 65_536;
const SECTION_BUDGET = 56_000;

const SECTION_RE = /<!-- ci-failure-investigator:window (\S+?)\/(\S+?) -->\n([\s\S]*?)\n<!-- ci-failure-investigator:\/window -->/g;

export interface Section {
  since: string;
  until: string;
  markdown: string;
}

export function parseSections(body: string | null | undefined): Section[] {
  const out: Section[] = [];
  for (const m of (body ?? '').matchAll(SECTION_RE)) out.push({ since: m[1]!, until: m[2]!, markdown: m[3]! });
  return out;
}

const INTRO =
  '> Rolling report of failed CI runs, one section per window, newest first. Written by ci-failure-investigator: ' +
  'every failed job of the window is read and grouped by root cause with an ordered rule catalog. Deterministic, no model calls.';

/** Insert or replace the window's section, fold older ones to fit, and append the ledger. */
export function composeBody(previous: string | null | undefined, section: Section, ledger: Ledger): string {
  return layoutBody(previous, section, ledger).body;
}

/** A section that no longer fits in the body, to be kept as a comment on the report issue. */
export function archiveComment(s: Section): { body: string; marker: string } {
  const marker = `<!-- ci-failure-investigator:archived ${s.since}/${s.until} -->`;
  return { body: `${s.markdown.startsWith('<details>') ? s.markdown : fold(s)}\n\n${marker}`, marker };
}

/** The body, and the older sections that had to leave it (they move to comments). */
export function layoutBody(previous: string | null | undefined, section: Section, ledger: Ledger): { body: string; dropped: Section[] } {
  const sections = parseSections(previous).filter((s) => !(s.since === section.since && s.until === section.until));
  sections.push(section);
  sections.sort((a, b) => b.until.localeCompare(a.until) || b.since.localeCompare(a.since));
  const state = serializeLedger(ledger);
  // The ledger and the intro share the 65,536 characters with the sections.
  const budget = Math.min(SECTION_BUDGET, BODY_LIMIT - state.length - INTRO.length - 1_000);
  const rendered: string[] = [];
  const dropped: Section[] = [];
  let used = 0;
  for (const [i, s] of sections.entries()) {
    // The newest window is shown open; older ones fold away, and the oldest move out at the limit.
    const md = i === 0 ? s.markdown : fold(s);
    const block = `<!-- ci-failure-investigator:window ${s.since}/${s.until} -->\n${md}\n<!-- ci-failure-investigator:/window -->`;
    if (dropped.length || (i > 0 && used + block.length > budget)) {
      dropped.push(s);
      continue;
    }
    rendered.push(block);
    used += block.length;
  }
  const tail = dropped.length || /_Older windows are kept as comments/.test(previous ?? '') ? ['_Older windows are kept as comments below: they no longer fit in this body._'] : [];
  const previous_ = ledger.previousReports.at(-1);
  const intro = previous_ ? `${INTRO}\n> Continues #${previous_}, which reached its limit of sub-issues.` : INTRO;
  return { body: [REPORT_MARKER, intro, '', rendered.join('\n\n'), ...tail, '', state, ''].join('\n'), dropped };
}

function fold(s: Section): string {
  if (s.markdown.startsWith('<details>')) return s.markdown;
  const [heading, ...rest] = s.markdown.split('\n');
  const title = (heading ?? '').replace(/^#+\s*/, '');
  return `<details><summary>${title}</summary>\n\n${rest.join('\n').trim()}\n\n</details>`;
}
