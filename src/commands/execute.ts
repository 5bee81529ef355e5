// What `run` and `replay` share once they have options and a client: investigate, print the
// report (and the plan under --dry-run), write --json, and turn the outcome into an exit code.
import { writeFile } from 'node:fs/promises';
import type { RawInputs } from '../config/options.js';
import type { Prepared } from '../prepare.js';
import type { PlannedWrite } from '../plan/index.js';
import { planMarkdown } from '../render/summary.js';
import { investigate, RunError, type Logger, type RunResult } from '../run.js';
import { fatalMessage } from './errors.js';

export type Flags = Record<string, string | boolean | undefined>;

export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
};

/** The window flags as raw inputs (a --config file is read by prepare, under them). */
export function rawInputs(flags: Flags, extra: RawInputs): RawInputs {
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  return {
    since: str('since'),
    until: str('until'),
    window: str('window'),
    workflows: str('workflows'),
    'exclude-workflows': str('exclude-workflows'),
    'report-label': str('report-label'),
    'max-new-sub-issues': str('max-new-sub-issues'),
    'max-api-requests': str('max-api-requests'),
    'dry-run': flags['dry-run'] ? 'true' : undefined,
    ...extra,
  };
}

export async function execute(prepared: Prepared, jsonFile: string | undefined): Promise<{ code: number; result: RunResult | null }> {
  const { options, client } = prepared;
  try {
    const result = await investigate(options, client, stderrLogger, { defaultBranch: prepared.repo.defaultBranch, ruleSet: prepared.ruleSet, issues: prepared.issues });
    if (result.report) process.stdout.write(`${result.report}\n`);
    if (options.dryRun) process.stdout.write(renderPlan(result.plan));
    if (jsonFile) await writeFile(jsonFile, `${JSON.stringify(result.json, null, 2)}\n`);
    stderrLogger.info(summaryLine(result));
    return { code: 0, result };
  } catch (e) {
    if (jsonFile && e instanceof RunError && e.partial) await writeFile(jsonFile, `${JSON.stringify(e.partial, null, 2)}\n`);
    process.stderr.write(`ci-failure-investigator: ${fatalMessage(e)}\n`);
    return { code: 1, result: null };
  }
}

function summaryLine(r: RunResult): string {
  const i = r.json.issues;
  const wrote = [
    i.created.length && `created ${i.created.map((n) => `#${n}`).join(', ')}`,
    i.updated.length && `updated ${i.updated.map((n) => `#${n}`).join(', ')}`,
    i.linked.length && `linked ${i.linked.map((n) => `#${n}`).join(', ')}`,
  ]
    .filter(Boolean)
    .join('; ');
  return `${r.json.clusters.length} clusters, ${r.json.apiRequests} API requests; ${wrote || 'no issue written'}`;
}

export function renderPlan(plan: PlannedWrite[]): string {
  return `\n---\n${planMarkdown(plan)}\n`;
}
