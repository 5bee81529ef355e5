// From raw inputs (flags or action inputs) to validated options and a client: what the CLI's `run`
// and `replay` and the action share before the pipeline starts. Bad input stops here, before
// anything is written, with one sentence naming the input.
import { readFile } from 'node:fs/promises';
import { mergeInputs, parseConfigFile, type IssueConfig } from './config/file.js';
import { InputError, parseOptions, type Options, type Pacing, type RawInputs } from './config/options.js';
import { createClient, type GitHubClient } from './github/client.js';
import { getRepository, readRepoFile, type RepoFacts } from './github/repo.js';
import { buildRuleSet, type RuleSet } from './rules/index.js';

export const DEFAULT_CONFIG_PATH = '.github/ci-failure-investigator.yml';

export interface PrepareRequest {
  inputs: RawInputs;
  token: string;
  baseUrl: string;
  pacing?: Pacing;
  /** A local config file (the CLI's --config); otherwise the repository's file is read. */
  localConfig?: string;
  /** Path of the config file in the repository (the action's `config` input). */
  repoConfigPath?: string;
  warn: (message: string) => void;
}

export interface Prepared {
  options: Options;
  client: GitHubClient;
  repo: RepoFacts;
  /** The config's rules (before the built-ins), masks and silences. */
  ruleSet: RuleSet;
  /** The config's routing, muted label and closing thresholds. */
  issues: IssueConfig;
}

export async function prepare(req: PrepareRequest): Promise<Prepared> {
  // Validate what was typed before the first request, so a typo costs nothing.
  const first = parseOptions(req.inputs, req.pacing);
  const client = createClient({ token: req.token, baseUrl: req.baseUrl, maxRequests: first.maxApiRequests, pacing: first.pacing, warn: req.warn });
  const ref = { owner: first.owner, repo: first.repo };
  const repo = await getRepository(client, ref);

  const configName = req.localConfig ?? req.repoConfigPath ?? DEFAULT_CONFIG_PATH;
  const text = req.localConfig !== undefined ? await readLocal(req.localConfig) : await readRepoFile(client, ref, configName);
  if (text === null && req.repoConfigPath !== undefined && req.repoConfigPath !== DEFAULT_CONFIG_PATH) {
    throw new InputError('config', `config: ${req.repoConfigPath} does not exist in ${ref.owner}/${ref.repo} (default branch)`);
  }
  const config = text === null ? null : parseConfigFile(text, configName);
  const options = config ? parseOptions(mergeInputs(config.inputs, req.inputs), req.pacing) : first;
  client.setBudget(options.maxApiRequests);
  if (!repo.hasIssues && !options.dryRun) {
    throw new InputError('repo', `repo: issues are disabled on ${ref.owner}/${ref.repo}; enable them, or use dry-run to only print the report`);
  }
  return { options, client, repo, ruleSet: buildRuleSet(config?.analysis), issues: config?.issues ?? { routes: [] } };
}

async function readLocal(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError('config', `config: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
