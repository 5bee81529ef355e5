// `run`: the investigation against GitHub (or GHES through GITHUB_API_URL).
import { InputError, parseOptions } from '../config/options.js';
import { createClient } from '../github/client.js';
import { execute, rawInputs, stderrLogger, type Flags } from './execute.js';

export async function runCommand(flags: Flags): Promise<number> {
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token) throw new InputError('token', 'token: set GITHUB_TOKEN or GH_TOKEN to a token that can read actions and write issues');
  const repo = typeof flags.repo === 'string' ? flags.repo : process.env.GITHUB_REPOSITORY;
  const options = parseOptions(
    await rawInputs(flags, {
      repo,
      now: process.env.CI_FAILURE_INVESTIGATOR_NOW || undefined,
      'self-workflow': selfWorkflowFromEnv(),
    }),
  );
  const client = createClient({
    token,
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    maxRequests: options.maxApiRequests,
    pacing: options.pacing,
    warn: stderrLogger.warn,
  });
  const { code } = await execute(options, client, typeof flags.json === 'string' ? flags.json : undefined);
  return code;
}

/** `owner/repo/.github/workflows/x.yml@refs/heads/main` → `.github/workflows/x.yml` */
export function selfWorkflowFromEnv(): string | undefined {
  const ref = process.env.GITHUB_WORKFLOW_REF;
  const m = ref ? /^[^/]+\/[^/]+\/(.+?)(@.*)?$/.exec(ref) : null;
  return m?.[1];
}
