// `run`: the investigation against GitHub (or GHES through GITHUB_API_URL).
import { selfWorkflowOf } from '../config/env.js';
import { InputError } from '../config/options.js';
import { prepare } from '../prepare.js';
import { execute, rawInputs, stderrLogger, type Flags } from './execute.js';

export async function runCommand(flags: Flags): Promise<number> {
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token) throw new InputError('token', 'token: set GITHUB_TOKEN or GH_TOKEN to a token that can read actions and write issues');
  const repo = typeof flags.repo === 'string' ? flags.repo : process.env.GITHUB_REPOSITORY;
  const prepared = await prepare({
    inputs: rawInputs(flags, { repo, now: process.env.CI_FAILURE_INVESTIGATOR_NOW || undefined, 'self-workflow': selfWorkflowOf(process.env.GITHUB_WORKFLOW_REF) }),
    token,
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    localConfig: typeof flags.config === 'string' ? flags.config : undefined,
    warn: stderrLogger.warn,
  });
  const { code } = await execute(prepared, typeof flags.json === 'string' ? flags.json : undefined);
  return code;
}
