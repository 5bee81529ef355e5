// The analysis of log files (the `analyze` command): split each file into jobs, find each job's
// failure line, classify and sign it exactly as a replay does, and group by fingerprint. Pure.
import { analyzeSection, splitLogFile } from '../evidence/index.js';
import type { LogFormat } from '../evidence/types.js';
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

export function analyzeFiles(files: LogFile[], rules?: RuleSet): AnalysisResult {
  const logs: AnalyzedLog[] = [];
  for (const file of files) {
    for (const section of splitLogFile(file.text)) {
      const ev = analyzeSection(section);
      const base = { path: file.path, job: section.job, format: section.format, failedStep: ev.failedStep };
      if (!ev.failureLine) {
        logs.push({ ...base, failureLine: null, ruleId: null, category: 'none', title: null, signature: null, fingerprint: null, clusterId: null });
        continue;
      }
      const signed = signFailure({ line: ev.failureLine, context: ev.context, failedStep: ev.failedStep, conclusion: null, testNames: ev.testNames }, rules);
      logs.push({
        ...base,
        failureLine: { number: ev.failureLine.number + section.lineOffset, text: ev.failureLine.text },
        ruleId: signed.classification.ruleId,
        category: signed.classification.category,
        title: signed.classification.title,
        signature: signed.signature,
        fingerprint: signed.fingerprint,
        clusterId: signed.clusterId,
      });
    }
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
