// Which coding agent a run used, read cheaply from names the agentic workflows give their steps
// (gh-aw: "Execute Codex CLI", "Execute GitHub Copilot CLI", "Execute Claude Code CLI" …).
// The agent artifacts (aw_info.json) are the authoritative source once they are read.
import type { Job, WorkflowRun } from '../github/types.js';

const ENGINES: Array<[RegExp, string]> = [
  [/\bcodex\b/i, 'codex'],
  [/\bcopilot\b/i, 'copilot'],
  [/\bclaude\b/i, 'claude'],
  [/\bgemini\b/i, 'gemini'],
  [/\bopencode\b/i, 'opencode'],
  [/\bcrush\b/i, 'crush'],
  [/\baider\b/i, 'aider'],
];

export function engineOf(run: Pick<WorkflowRun, 'name'>, job: Pick<Job, 'steps'> | null, failedStep: string | null): string | null {
  const names = [failedStep ?? '', ...(job?.steps ?? []).map((s) => s.name)].filter((n) => /^(execute|run|install|setup)\b/i.test(n));
  for (const name of names) {
    for (const [re, engine] of ENGINES) if (re.test(name)) return engine;
  }
  return null;
}
