// A log file → one section per job. Only `gh run view --log-failed` output holds several jobs;
// a raw job log or a plain file is one section.
import { detectFormat } from './clean.js';
import type { LogSection, StepStart } from './types.js';

const GH_CLI_COLUMNS_RE = /^([^\t]*)\t([^\t]*)\t(?=\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/;

interface Building {
  job: string | null;
  lines: string[];
  stepStarts: StepStart[];
  lastStep: string | null;
  lineOffset: number;
}

function finish(b: Building): LogSection {
  return { job: b.job, format: 'gh-cli', text: b.lines.join('\n'), lineOffset: b.lineOffset, stepStarts: b.stepStarts };
}

/**
 * Splits a log file into job sections. `gh-cli` sections hold the job's raw lines without the
 * job/step columns; the step column is kept as `stepStarts`. File line = section line + lineOffset.
 */
export function splitLogFile(text: string): LogSection[] {
  const format = detectFormat(text);
  if (format !== 'gh-cli') return [{ job: null, format, text, lineOffset: 0 }];

  const sections: LogSection[] = [];
  let cur: Building | null = null;
  let pos = 0;
  let fileLine = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end);
    pos = end + 1;
    fileLine++;
    const m = GH_CLI_COLUMNS_RE.exec(raw);
    if (m) {
      const job = m[1] ?? '';
      const step = m[2] ?? '';
      if (cur === null || cur.job !== job) {
        if (cur) sections.push(finish(cur));
        cur = { job, lines: [], stepStarts: [], lastStep: null, lineOffset: fileLine - 1 };
      }
      if (step !== cur.lastStep) {
        cur.stepStarts.push({ line: cur.lines.length + 1, name: step });
        cur.lastStep = step;
      }
      cur.lines.push(raw.slice(m[0].length));
    } else {
      // A line without columns (a wrapped line, a blank line) stays with the job before it.
      if (cur === null) cur = { job: null, lines: [], stepStarts: [], lastStep: null, lineOffset: fileLine - 1 };
      cur.lines.push(raw);
    }
  }
  if (cur) sections.push(finish(cur));
  return sections.length > 0 ? sections : [{ job: null, format: 'plain', text: '', lineOffset: 0 }];
}
