// `record --repo o/r --out DIR`: a live window written as a scenario directory, secrets redacted.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { selfWorkflowOf } from '../config/env.js';
import { InputError, parseOptions } from '../config/options.js';
import { computeWindow } from '../config/window.js';
import { createClient } from '../github/client.js';
import { readRecording } from '../github/record.js';
import { scenarioFiles } from '../replay/record.js';
import { DEFAULT_LOOKBACK_MS } from '../compare/index.js';
import { rawInputs, stderrLogger, type Flags } from './execute.js';

export async function recordCommand(flags: Flags): Promise<number> {
  const out = typeof flags.out === 'string' ? flags.out : undefined;
  if (!out) throw new InputError('out', 'out: give the scenario directory to write (--out DIR)');
  const existing = await readdir(out).catch(() => []);
  if (existing.length) throw new InputError('out', `out: ${out} is not empty; record writes into a new or empty directory and overwrites nothing`);
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token) throw new InputError('token', 'token: set GITHUB_TOKEN or GH_TOKEN to a token that can read actions');
  const options = parseOptions(
    rawInputs(flags, {
      repo: typeof flags.repo === 'string' ? flags.repo : process.env.GITHUB_REPOSITORY,
      now: process.env.CI_FAILURE_INVESTIGATOR_NOW || undefined,
      'self-workflow': typeof flags['self-workflow'] === 'string' ? flags['self-workflow'] : selfWorkflowOf(process.env.GITHUB_WORKFLOW_REF),
    }),
  );
  const window = computeWindow({ now: options.now, since: options.since, until: options.until, windowMs: options.windowMs, lastUntil: null });
  const client = createClient({ token, baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com', maxRequests: options.maxApiRequests, pacing: options.pacing, warn: stderrLogger.warn });
  const recording = await readRecording(client, {
    ref: { owner: options.owner, repo: options.repo },
    since: window.since,
    until: window.until,
    filter: { workflows: options.workflows, excludeWorkflows: options.excludeWorkflows, selfWorkflow: options.selfWorkflow },
    maxLogBytes: options.maxLogBytes,
    lookbackMs: DEFAULT_LOOKBACK_MS,
  });
  for (const [path, content] of scenarioFiles(recording)) {
    const file = join(out, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  stderrLogger.info(`recorded ${recording.runs.length} runs of ${recording.repo} (${recording.runs.filter((r) => r.logs.size).length} with logs) into ${out}; ${client.requests()} API requests`);
  return 0;
}
