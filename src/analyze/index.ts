// The analysis of log files (the `analyze` command): split each file into jobs, find each job's
// failure line, classify and sign it exactly as a replay does, and group by fingerprint. Pure.
import { analyzeSection, createLogAnalyzer, detectFormat, splitLogFile, type LogAnalyzer } from '../evidence/index.js';
import type { LogEvidence, LogFormat } from '../evidence/types.js';
import { signFailure } from '../failure/record.js';
import type { RuleSet } from '../rules/index.js';
import { code, fence, safeText } from '../render/safe.js';

export interface LogFile {
  path: string;
  text: string;
}

export interface AnalyzedLog {
  path: string;
  job: string | null;
  format: LogFormat;
  failureLine: { number: number; text: string } | null;
  failedStep: string | null;
  ruleId: string | null;
  category: string;
  title: string | null;
  signature: string | null;
  fingerprint: string | null;
  clusterId: string | null;
}

export interface AnalysisResult {
  logs: AnalyzedLog[];
  clusters: Array<{ id: string; title: string; ruleId: string | null; signature: string; size: number }>;
}

/** What the analyzer found in one job of a log file (a file of gh-cli output holds several). */
export interface JobEvidence {
  path: string;
  job: string | null;
  format: LogFormat;
  /** File line = evidence line + lineOffset. */
  lineOffset: number;
  evidence: LogEvidence;
}

/** The evidence of every job in a log file held as text. */
export function fileEvidence(file: LogFile): JobEvidence[] {
  return splitLogFile(file.text).map((section) => ({ path: file.path, job: section.job, format: section.format, lineOffset: section.lineOffset, evidence: analyzeSection(section) }));
}

/** A log file read piece by piece: `push` its text in order, then `end` for the evidence of its jobs. */
export interface FileAnalyzer {
  push(text: string): void;
  end(): JobEvidence[];
}

/** Lines held before the format is decided: detectFormat reads the first 20 non-empty ones. */
const HEAD_LINES = 64;
/** …unless they hold more than this (a log whose first lines are megabytes long). */
const HEAD_CHARS = 16 * 1024 * 1024;

/**
 * fileEvidence for a file that arrives in pieces, with memory bounded by the analyzer's window: a
 * raw job log or a plain file is streamed through createLogAnalyzer. gh-cli output (several jobs,
 * split by their columns) is held whole, as fileEvidence needs it; it is what `gh run view
 * --log-failed` printed, not a raw log of unbounded size.
 */
export function createFileAnalyzer(path: string): FileAnalyzer {
  let head: string[] = [];
  let headChars = 0;
  let headLines = 0;
  let whole: string[] | null = null;
  let stream: { format: LogFormat; analyzer: LogAnalyzer } | null = null;

  const decide = (): void => {
    const text = head.join('');
    head = [];
    const format = detectFormat(text);
    if (format === 'gh-cli') whole = [text];
    else {
      stream = { format, analyzer: createLogAnalyzer({ format }) };
      stream.analyzer.push(text);
    }
  };

  return {
    push(text: string): void {
      if (text.length === 0) return;
      if (stream) return stream.analyzer.push(text);
      if (whole) return void whole.push(text);
      head.push(text);
      headChars += text.length;
      for (let i = text.indexOf('\n'); i >= 0 && headLines <= HEAD_LINES; i = text.indexOf('\n', i + 1)) headLines++;
      if (headLines > HEAD_LINES || headChars >= HEAD_CHARS) decide();
    },
    end(): JobEvidence[] {
      if (!stream && !whole) decide();
      if (whole) return fileEvidence({ path, text: whole.join('') });
      const s = stream!;
      return [{ path, job: null, format: s.format, lineOffset: 0, evidence: s.analyzer.end() }];
    },
  };
}

export function analyzeFiles(files: LogFile[], rules?: RuleSet): AnalysisResult {
  return summarizeEvidence(files.flatMap(fileEvidence), rules);
}

/** Classifies and signs each job's failure line exactly as a replay does, and groups by fingerprint. */
export function summarizeEvidence(jobs: readonly JobEvidence[], rules?: RuleSet): AnalysisResult {
  const logs: AnalyzedLog[] = [];
  for (const { path, job, format, lineOffset, evidence: ev } of jobs) {
    const base = { path, job, format, failedStep: ev.failedStep };
    if (!ev.failureLine) {
      logs.push({ ...base, failureLine: null, ruleId: null, category: 'none', title: null, signature: null, fingerprint: null, clusterId: null });
      continue;
    }
    const signed = signFailure({ line: ev.failureLine, context: ev.context, failedStep: ev.failedStep, conclusion: null, testNames: ev.testNames }, rules);
    logs.push({
      ...base,
      failureLine: { number: ev.failureLine.number + lineOffset, text: ev.failureLine.text },
      ruleId: signed.classification.ruleId,
      category: signed.classification.category,
      title: signed.classification.title,
      signature: signed.signature,
      fingerprint: signed.fingerprint,
      clusterId: signed.clusterId,
    });
  }
  const clusters = new Map<string, AnalysisResult['clusters'][number]>();
  for (const l of logs) {
    if (!l.clusterId) continue;
    const c = clusters.get(l.clusterId);
    if (c) c.size++;
    else clusters.set(l.clusterId, { id: l.clusterId, title: l.title!, ruleId: l.ruleId, signature: l.signature!, size: 1 });
  }
  return { logs, clusters: [...clusters.values()].sort((a, b) => b.size - a.size || a.id.localeCompare(b.id)) };
}

export function renderAnalysisMarkdown(r: AnalysisResult): string {
  const failing = r.logs.filter((l) => l.failureLine);
  const out = [`## Log analysis`, '', `${r.logs.length} job log(s), ${failing.length} with a failure, ${r.clusters.length} cluster(s).`];
  for (const c of r.clusters) {
    out.push('', `### ${safeText(c.title)} — ${c.size} log(s)`, '', c.ruleId ? `Rule \`${c.ruleId}\`, cluster \`${c.id}\`` : `No rule; cluster \`${c.id}\``, fence(c.signature));
    for (const l of r.logs.filter((x) => x.clusterId === c.id)) {
      out.push(`- ${code(l.path, 200)}${l.job ? ` job ${code(l.job, 80)}` : ''}, line ${l.failureLine!.number}${l.failedStep ? `, step ${code(l.failedStep, 80)}` : ''}: ${code(l.failureLine!.text, 200)}`);
    }
  }
  const clean = r.logs.filter((l) => !l.failureLine);
  if (clean.length) out.push('', '### No failure found', '', ...clean.map((l) => `- ${code(l.path, 200)}${l.job ? ` job ${code(l.job, 80)}` : ''}`));
  return `${out.join('\n')}\n`;
}
