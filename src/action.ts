// GitHub Action entry: read the inputs, run the investigation, set the outputs and the job
// summary. Everything else lives in the pipeline.
import * as core from '@actions/core';
import { selfWorkflowOf } from './config/env.js';
import { InputError, type RawInputs } from './config/options.js';
import { fatalMessage } from './commands/errors.js';
import { prepare } from './prepare.js';
import { jobSummary } from './render/summary.js';
import { investigate, RunError } from './run.js';

const INPUTS = ['window', 'since', 'until', 'workflows', 'exclude-workflows', 'dry-run', 'report-label', 'max-new-sub-issues', 'max-api-requests'] as const;

async function main(): Promise<void> {
  const token = core.getInput('token') || process.env.GITHUB_TOKEN || '';
  if (!token) throw new InputError('token', 'token: empty; pass ${{ github.token }} or a token with actions: read and issues: write');
  core.setSecret(token);
  const inputs: RawInputs = {
    repo: process.env.GITHUB_REPOSITORY,
    now: process.env.CI_FAILURE_INVESTIGATOR_NOW || undefined,
    'self-workflow': selfWorkflowOf(process.env.GITHUB_WORKFLOW_REF),
  };
  for (const name of INPUTS) inputs[name] = core.getInput(name) || undefined;
  const logger = { info: (m: string) => core.info(m), warn: (m: string) => core.warning(m) };

  const prepared = await prepare({
    inputs,
    token,
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    repoConfigPath: core.getInput('config') || undefined,
    warn: logger.warn,
  });
  const { options, client } = prepared;
  try {
    const result = await investigate(options, client, logger, { defaultBranch: prepared.repo.defaultBranch, ruleSet: prepared.ruleSet, issues: prepared.issues });
    const j = result.json;
    core.setOutput('report-issue', j.issues.report ?? '');
    core.setOutput('failed-runs', j.coverage.failedRuns);
    core.setOutput('new-clusters', j.clusters.filter((c) => c.isNew).length);
    core.setOutput('clusters', JSON.stringify(j.clusters));
    const note = result.investigated ? null : `Nothing new: the window ${j.window.since} → ${j.window.until} is empty (the last report already covers it).`;
    await core.summary.addRaw(jobSummary(result.report, result.plan, options.dryRun, note), true).write();
    core.info(`${j.clusters.length} clusters, ${j.apiRequests} API requests; report #${j.issues.report ?? '—'}`);
  } catch (e) {
    if (e instanceof RunError && e.partial) core.setOutput('clusters', JSON.stringify(e.partial.clusters));
    throw e;
  }
}

main().catch((e: unknown) => core.setFailed(fatalMessage(e)));
