// The parts of a raw GitHub Actions job log every job shares: `Set up job`, `uses:` and `run:`
// step headers, actions/checkout, actions/setup-node, npm, actions/upload-artifact, post steps
// and `Complete job`. Words are written for this example; the formats are GitHub's.
import { seedOf, Rng } from './prng.mjs';

export const ESC = '\x1b';
export const A = {
  cmd: `${ESC}[36;1m`,
  reset: `${ESC}[0m`,
  bold: `${ESC}[1m`,
  unbold: `${ESC}[22m`,
  dim: `${ESC}[2m`,
  red: `${ESC}[31m`,
  green: `${ESC}[32m`,
  yellow: `${ESC}[33m`,
  blue: `${ESC}[34m`,
  magenta: `${ESC}[35m`,
  cyan: `${ESC}[36m`,
  gray: `${ESC}[90m`,
  brightBlue: `${ESC}[94m`,
  fg: `${ESC}[39m`,
};

/** A fixed, made-up commit SHA per action reference, the same in every log. */
export function actionSha(ref) {
  return new Rng(seedOf('action-sha', ref)).hex(40);
}

export const RUNNER_VERSION = '2.333.1';

/** The hosted image rolled out 20260421.2 on 2026-04-22 around 09:00Z. */
export function runnerImageAt(ms) {
  return ms >= Date.parse('2026-04-22T09:00:00Z') ? '20260421.2' : '20260419.1';
}

/** `##[group]Run <first line>` + the echoed script + shell + env, as the runner prints a `run:` step. */
export function runHeader(sim, script, { shell = '/usr/bin/bash -e {0}', env = null } = {}) {
  const lines = script.replace(/\n$/, '').split('\n');
  sim.out(`##[group]Run ${lines[0]}`);
  sim.burst(lines.map((l) => `${A.cmd}${l}${A.reset}`));
  sim.out(`shell: ${shell}`, 0.05);
  if (env && Object.keys(env).length) {
    sim.out('env:', 0.03);
    sim.burst(Object.entries(env).map(([k, v]) => `  ${k}: ${v}`));
  }
  sim.out('##[endgroup]', 0.05);
}

/** `##[group]Run owner/action@ref` + with: + env:, as the runner prints a `uses:` step. */
export function usesHeader(sim, ref, withs = {}, env = null) {
  sim.out(`##[group]Run ${ref}`);
  if (Object.keys(withs).length) {
    sim.out('with:', 0.03);
    sim.burst(Object.entries(withs).map(([k, v]) => `  ${k}: ${v}`));
  }
  if (env && Object.keys(env).length) {
    sim.out('env:', 0.03);
    sim.burst(Object.entries(env).map(([k, v]) => `  ${k}: ${v}`));
  }
  sim.out('##[endgroup]', 0.05);
}

/**
 * `Set up job`.
 * @param {object} job {name, runnerName, image, permissions: string[], actions: string[]}
 */
export function setupJob(sim, job) {
  const r = sim.rng;
  sim.out(`Current runner version: '${RUNNER_VERSION}'`, 0.3);
  sim.out(`Runner name: '${job.runnerName}'`);
  sim.out(`Machine name: 'runnervm${r.alnum(5).toLowerCase()}'`);
  sim.out('##[group]Runner Image Provisioner');
  sim.burst([
    'Hosted Compute Agent',
    'Version: 20260408.463',
    `Commit: ${new Rng(seedOf('hca')).hex(40)}`,
    'Build Date: 2026-04-08T17:21:40Z',
    `Worker ID: {${r.uuid()}}`,
    `Azure Region: ${r.pick(['eastus', 'eastus2', 'westus3', 'centralus', 'northcentralus'])}`,
  ]);
  sim.out('##[endgroup]');
  sim.out('##[group]Operating System');
  sim.burst(['Ubuntu', '24.04.2', 'LTS']);
  sim.out('##[endgroup]');
  sim.out('##[group]Runner Image');
  sim.burst([
    'Image: ubuntu-24.04',
    `Version: ${job.image}`,
    `Included Software: https://github.com/actions/runner-images/blob/ubuntu24/${job.image}/images/ubuntu/Ubuntu2404-Readme.md`,
    `Image Release: https://github.com/actions/runner-images/releases/tag/ubuntu24%2F${job.image}`,
  ]);
  sim.out('##[endgroup]');
  sim.out('##[group]GITHUB_TOKEN Permissions');
  sim.burst(job.permissions ?? ['Contents: read', 'Metadata: read']);
  sim.out('##[endgroup]');
  sim.out('Secret source: Actions');
  sim.out('Prepare workflow directory', 2);
  sim.out('Prepare all required actions', r.range(80, 220));
  sim.out('Getting action download info', 15);
  for (const ref of job.actions ?? []) {
    sim.out(`Download action repository '${ref}' (SHA:${actionSha(ref)})`, r.range(120, 450));
  }
  sim.out(`Complete job name: ${job.name}`, r.range(5, 40));
}

/** actions/checkout of one commit. */
export function checkout(sim, ctx, { fetchDepth = 1, persist = false } = {}) {
  const r = sim.rng;
  const ws = `/home/runner/work/${ctx.repoName}/${ctx.repoName}`;
  usesHeader(sim, 'actions/checkout@v5', {
    'persist-credentials': String(persist),
    repository: ctx.repo,
    token: '***',
    'ssh-strict': 'true',
    'ssh-user': 'git',
    clean: 'true',
    'sparse-checkout-cone-mode': 'true',
    'fetch-depth': String(fetchDepth),
    'fetch-tags': 'false',
    'show-progress': 'true',
    lfs: 'false',
    submodules: 'false',
    'set-safe-directory': 'true',
  });
  sim.out(`Syncing repository: ${ctx.repo}`, r.range(200, 500));
  sim.out('##[group]Getting Git version info');
  sim.out(`Working directory is '${ws}'`);
  sim.out('[command]/usr/bin/git version');
  sim.out('git version 2.53.0', 3);
  sim.out('##[endgroup]');
  sim.out(`Temporarily overriding HOME='/home/runner/work/_temp/${r.uuid()}' before making global git config changes`);
  sim.out('Adding repository directory to the temporary git global config as a safe directory');
  sim.out(`[command]/usr/bin/git config --global --add safe.directory ${ws}`, 2);
  sim.out(`Deleting the contents of '${ws}'`, 1);
  sim.out('##[group]Initializing the repository');
  sim.out(`[command]/usr/bin/git init ${ws}`);
  sim.burst([
    "hint: Using 'master' as the name for the initial branch. This default branch name",
    'hint: will change to "main" in Git 3.0. To configure the initial branch name',
    'hint: to use in all of your new repositories, which will suppress this warning,',
    'hint: call:',
    'hint:',
    'hint: \tgit config --global init.defaultBranch <name>',
    'hint:',
    "hint: Names commonly chosen instead of 'master' are 'main', 'trunk' and",
    "hint: 'development'. The just-created branch can be renamed via this command:",
    'hint:',
    'hint: \tgit branch -m <name>',
    'hint:',
    'hint: Disable this message with "git config set advice.defaultBranchName false"',
  ]);
  sim.out(`Initialized empty Git repository in ${ws}/.git/`, 4);
  sim.out(`[command]/usr/bin/git remote add origin https://github.com/${ctx.repo}`, 3);
  sim.out('##[endgroup]');
  sim.out('##[group]Disabling automatic garbage collection');
  sim.out('[command]/usr/bin/git config --local gc.auto 0', 3);
  sim.out('##[endgroup]');
  sim.out('##[group]Setting up auth');
  sim.out(`[command]/usr/bin/git config --local --name-only --get-regexp core\\.sshCommand`, 3);
  sim.out(
    `[command]/usr/bin/git submodule foreach --recursive sh -c "git config --local --name-only --get-regexp 'core\\.sshCommand' && git config --local --unset-all 'core.sshCommand' || :"`,
    20,
  );
  sim.out('[command]/usr/bin/git config --local http.https://github.com/.extraheader AUTHORIZATION: basic ***', 8);
  sim.out('##[endgroup]');
  sim.out('##[group]Fetching the repository');
  const remoteRef = ctx.event === 'pull_request' ? `refs/remotes/pull/${ctx.prNumber}/merge` : `refs/remotes/origin/${ctx.branch}`;
  const sha = ctx.event === 'pull_request' ? ctx.mergeSha : ctx.sha;
  sim.out(
    `[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=${fetchDepth} origin +${sha}:${remoteRef}`,
  );
  const objs = r.int(900, 1400);
  sim.burst([
    `remote: Enumerating objects: ${objs}, done.        `,
    `remote: Counting objects: 100% (${objs}/${objs}), done.        `,
    `remote: Compressing objects: 100% (${objs - 97}/${objs - 97}), done.        `,
    `remote: Total ${objs} (delta 141), reused ${objs - 400} (delta 58), pack-reused 0 (from 0)        `,
  ]);
  sim.out(`From https://github.com/${ctx.repo}`, r.range(400, 1400));
  sim.out(` * [new ref]         ${sha} -> ${remoteRef.replace('refs/remotes/', '')}`);
  sim.out('##[endgroup]');
  sim.out('##[group]Determining the checkout info');
  sim.out('##[endgroup]');
  sim.out('[command]/usr/bin/git sparse-checkout disable', 3);
  sim.out('[command]/usr/bin/git config --local --unset-all extensions.worktreeConfig', 3);
  sim.out('##[group]Checking out the ref');
  if (ctx.event === 'pull_request') {
    sim.out(`[command]/usr/bin/git checkout --progress --force ${remoteRef}`, r.range(60, 200));
    sim.out(`Note: switching to '${remoteRef}'.`);
    sim.out('');
    sim.out("You are in 'detached HEAD' state. You can look around, make experimental");
    sim.out(`HEAD is now at ${sha.slice(0, 7)} Merge ${ctx.sha} into ${ctx.baseSha}`);
  } else {
    sim.out(`[command]/usr/bin/git checkout --progress --force -B ${ctx.branch} ${remoteRef}`, r.range(60, 200));
    sim.out(`Switched to a new branch '${ctx.branch}'`);
    sim.out(`branch '${ctx.branch}' set up to track 'origin/${ctx.branch}'.`);
  }
  sim.out('##[endgroup]');
  sim.out('[command]/usr/bin/git log -1 --format=%H', 4);
  sim.out(sha, 4);
}

export function setupNode(sim, version = '24') {
  usesHeader(sim, 'actions/setup-node@v4', { 'node-version': version, 'always-auth': 'false', 'check-latest': 'false', token: '***' });
  sim.out('Found in cache @ /opt/hostedtoolcache/node/24.14.1/x64', sim.rng.range(100, 300));
  sim.out('##[group]Environment details');
  sim.out('node: v24.14.1', 200);
  sim.out('npm: 11.11.0', 150);
  sim.out('yarn: 1.22.22', 120);
  sim.out('##[endgroup]');
}

/** `npm ci` with colour, deprecation warnings and the audit summary. */
export function npmCi(sim, { packages = 612, pad = false } = {}) {
  const r = sim.rng;
  runHeader(sim, 'npm ci', { env: { CI: 'true' } });
  const npm = `${A.bold}npm${A.unbold}`;
  const warn = `${A.yellow}warn${A.fg}`;
  const depr = `${A.brightBlue}deprecated${A.fg}`;
  sim.wait(r.range(2000, 4000));
  sim.out(`${npm} ${warn} ${depr} inflight@1.0.6: This module is not supported, and leaks memory. Do not use it.`);
  sim.out(`${npm} ${warn} ${depr} glob@7.2.3: Glob versions prior to v9 are no longer supported`, r.range(50, 400));
  sim.out(`${npm} ${warn} ${depr} rimraf@3.0.2: Rimraf versions prior to v4 are no longer supported`, r.range(50, 400));
  sim.wait(r.range(4000, 9000));
  if (pad) sim.pad(); // a slow registry is where real runs lose their time
  sim.out('');
  sim.out(`added ${packages} packages, and audited ${packages + 1} packages in ${r.int(8, 16)}s`);
  sim.out('');
  sim.out(`${r.int(110, 160)} packages are looking for funding`);
  sim.out('  run `npm fund` for details');
  sim.out('');
  sim.out(`found ${A.bold}${A.green}0${A.fg}${A.unbold} vulnerabilities`);
}

export function uploadArtifact(sim, ctx, name, path, files) {
  const r = sim.rng;
  usesHeader(sim, 'actions/upload-artifact@v4', {
    name,
    path,
    'if-no-files-found': 'ignore',
    'compression-level': '6',
    overwrite: 'false',
    'include-hidden-files': 'false',
  });
  const bytes = r.int(12_000, 90_000);
  const artifactId = 6_500_000_000 + (ctx.runId % 1_000_000) * 97 + r.int(0, 96);
  sim.out(`With the provided path, there will be ${files} files uploaded`, r.range(200, 600));
  sim.out('Artifact name is valid!');
  sim.out('Root directory input is valid!');
  sim.out('Beginning upload of artifact content to blob storage', r.range(200, 500));
  sim.out(`Uploaded bytes ${bytes}`, r.range(300, 900));
  sim.out('Finished uploading artifact content to blob storage!', r.range(10, 60));
  sim.out(`SHA256 digest of uploaded artifact zip is ${r.hex(64)}`);
  sim.out('Finalizing artifact upload');
  sim.out(`Artifact ${name}.zip successfully finalized. Artifact ID ${artifactId}`, r.range(150, 400));
  sim.out(`Artifact ${name} has been successfully uploaded! Final size is ${bytes} bytes. Artifact ID is ${artifactId}`);
  sim.out(`Artifact download URL: https://github.com/${ctx.repo}/actions/runs/${ctx.runId}/artifacts/${artifactId}`);
}

export function postCheckout(sim, ctx) {
  const ws = `/home/runner/work/${ctx.repoName}/${ctx.repoName}`;
  sim.out('Post job cleanup.', 300);
  sim.out('[command]/usr/bin/git version', 80);
  sim.out('git version 2.53.0', 3);
  sim.out(`Temporarily overriding HOME='/home/runner/work/_temp/${sim.rng.uuid()}' before making global git config changes`);
  sim.out('Adding repository directory to the temporary git global config as a safe directory');
  sim.out(`[command]/usr/bin/git config --global --add safe.directory ${ws}`, 3);
  sim.out('[command]/usr/bin/git config --local --name-only --get-regexp core\\.sshCommand', 3);
  sim.out(
    `[command]/usr/bin/git submodule foreach --recursive sh -c "git config --local --name-only --get-regexp 'core\\.sshCommand' && git config --local --unset-all 'core.sshCommand' || :"`,
    15,
  );
  sim.out('[command]/usr/bin/git config --local --name-only --get-regexp http\\.https\\:\\/\\/github\\.com\\/\\.extraheader', 3);
  sim.out('http.https://github.com/.extraheader', 3);
  sim.out('[command]/usr/bin/git config --local --unset-all http.https://github.com/.extraheader', 3);
  sim.out(
    `[command]/usr/bin/git submodule foreach --recursive sh -c "git config --local --name-only --get-regexp 'http\\.https\\:\\/\\/github\\.com\\/\\.extraheader' && git config --local --unset-all 'http.https://github.com/.extraheader' || :"`,
    15,
  );
}

export function postJob(sim) {
  sim.out('Post job cleanup.', sim.rng.range(100, 600));
}

export function completeJob(sim, orphans = []) {
  sim.out('Cleaning up orphan processes', sim.rng.range(50, 300));
  for (const [pid, name] of orphans) sim.out(`Terminate orphan process: pid (${pid}) (${name})`, sim.rng.range(2, 20));
}
