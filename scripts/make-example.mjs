#!/usr/bin/env node
// Writes the example scenario examples/seed-000/ (⚓ Contract 1 in DESIGN.md) and examples/README.md.
//
// The scenario is modelled on seed 000 (a day of gh-aw's agentic workflows failing: Codex 401
// loops, `node: command not found` in the Copilot sandbox, protected files, an unhealthy
// awf-api-proxy sidecar …) for a made-up repository, octo-org/agent-factory. Every line of every
// log is written by this script: nothing is copied from ../shared/corpus.
//
// Deterministic: no Math.random, no Date.now. Randomness comes from a PRNG seeded by run ids and
// job names, so one run can change without moving the others. The directory is wiped and rewritten
// on every run: to grow the scenario, add a row to the tables below (or a kind in
// scripts/example/runs.mjs) and run `npm run example`.
//
// Agentic runs carry their artifacts (scripts/example/artifacts.mjs: aw_info.json, the firewall's
// access.log and audit.jsonl, token-usage.jsonl, agent-stdio.log, safe outputs), and commits.json
// is written from COMMITS_TABLE. Still to come: earlier attempts (a row option, written under
// runs/<id>/attempts/<n>/).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTime, parseDuration, fmtDuration, apiTime } from './example/sim.mjs';
import { buildRun, KINDS } from './example/runs.mjs';
import { ENGINES } from './example/agentic.mjs';
import { ARTIFACTS_BY_KIND } from './example/artifacts.mjs';
import { verify, verifyArtifacts, windowCounts } from './example/verify.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'examples', 'seed-000');
const README = join(ROOT, 'examples', 'README.md');

// ── the repository ──────────────────────────────────────────────────────────────────────────
const REPO = 'octo-org/agent-factory';
const NOW = '2026-04-22T13:14:00Z';
const SELF_WORKFLOW = '.github/workflows/ci-failure-investigator.yml';
/** The clocks a reader replays the scenario at (each the end of a 6 h window). */
const CLOCKS = ['2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', '2026-04-22T19:14:00Z'];

// ── workflows ───────────────────────────────────────────────────────────────────────────────
// type: agentic (gh-aw lock file: activation → agent → detection → safe_outputs → conclusion),
// ci (build + test), smoke (one job, cancel-in-progress per ref), nightly (one long job), self.
const P = (s) => s.trim().replace(/^ {4}/gm, '');
const WORKFLOWS = {
  aiModerator: { id: 182733104, name: 'AI Moderator', file: 'ai-moderator.lock.yml', type: 'agentic', engine: 'codex', firstRun: 1841, output: 'hide_comment',
    prompt: P(`
    # AI Moderator
    Review issues and comments opened in the last hour for spam, abuse and off-topic content.
    Hide what breaks the code of conduct and label the rest; explain each action in one line.`) },
  dailyFact: { id: 182733117, name: 'Daily Fact About the Project', file: 'daily-fact.lock.yml', type: 'agentic', engine: 'codex', firstRun: 203, output: 'add_comment',
    prompt: P(`
    # Daily Fact
    Find one interesting, verifiable fact about this repository's history or code
    and post it, with a link to the evidence, as a comment on the pinned discussion.`) },
  dupCode: { id: 182733125, name: 'Duplicate Code Detector', file: 'duplicate-code-detector.lock.yml', type: 'agentic', engine: 'codex', firstRun: 158, output: 'create_issue',
    prompt: P(`
    # Duplicate Code Detector
    Look for duplicated code introduced by commits of the last 24 hours.
    Open at most one issue that lists the duplicates and proposes how to merge them.`) },
  dailyNews: { id: 176120045, name: 'Daily News', file: 'daily-news.lock.yml', type: 'agentic', engine: 'copilot', chroot: true, firstRun: 412, output: 'create_discussion',
    prompt: P(`
    # Daily News
    Summarise yesterday in this repository: merged pull requests, releases, notable issues.
    Publish the summary as a discussion in the "News" category.`) },
  dailyIssues: { id: 176120051, name: 'Daily Issues Report Generator', file: 'daily-issues-report.lock.yml', type: 'agentic', engine: 'copilot', chroot: true, firstRun: 388, output: 'create_discussion',
    prompt: P(`
    # Daily Issues Report
    Report open issues by label and by age, point out the oldest unanswered ones,
    and publish the report as a discussion.`) },
  dailyDocs: { id: 179004412, name: 'Daily Documentation Updater', file: 'daily-doc-updater.lock.yml', type: 'agentic', engine: 'claude', firstRun: 297, output: 'create_pull_request',
    prompt: P(`
    # Daily Documentation Updater
    Read the pull requests merged in the last 24 hours, update the documentation they affect,
    and open one draft pull request with the changes.`) },
  autoTriage: { id: 179004430, name: 'Auto-Triage Issues', file: 'auto-triage-issues.lock.yml', type: 'agentic', engine: 'copilot', firstRun: 1276, output: 'add_labels',
    prompt: P(`
    # Auto-Triage Issues
    Label the newly opened issue, look for duplicates among open issues,
    and ask the reporter for anything missing to reproduce it.`) },
  smokeCodex: { id: 184550201, name: 'Smoke Codex', file: 'smoke-codex.lock.yml', type: 'agentic', engine: 'codex', firstRun: 730, output: 'add_comment',
    prompt: P(`
    # Smoke test (Codex)
    List the last 2 merged pull requests, read README.md, and add one comment through safe outputs.`) },
  smokeGemini: { id: 184550219, name: 'Smoke Gemini', file: 'smoke-gemini.lock.yml', type: 'agentic', engine: 'gemini', firstRun: 690, output: 'add_comment',
    prompt: P(`
    # Smoke test (Gemini)
    List the last 2 merged pull requests, read README.md, and add one comment through safe outputs.`) },
  smokeOpencode: { id: 184550226, name: 'Smoke OpenCode', file: 'smoke-opencode.lock.yml', type: 'agentic', engine: 'opencode', firstRun: 655, output: 'add_comment',
    prompt: P(`
    # Smoke test (OpenCode)
    List the last 2 merged pull requests, read README.md, and add one comment through safe outputs.`) },
  smokeCi: { id: 168230977, name: 'Smoke CI', file: 'smoke-ci.yml', type: 'smoke', firstRun: 5120 },
  ci: { id: 168230951, name: 'CI', file: 'ci.yml', type: 'ci', firstRun: 9817 },
  nightly: { id: 171877302, name: 'Nightly Integration', file: 'nightly-integration.yml', type: 'nightly', firstRun: 288 },
  investigator: { id: 190441876, name: 'CI Failure Investigator', file: 'ci-failure-investigator.yml', type: 'self', firstRun: 57 },
};
for (const wf of Object.values(WORKFLOWS)) {
  wf.path = `.github/workflows/${wf.file}`;
  if (wf.type === 'agentic') wf.safeOutputs = JSON.stringify({ [wf.output]: { max: 1 }, missing_tool: { max: 0 }, noop: { max: 1 } });
}
if (WORKFLOWS.investigator.path !== SELF_WORKFLOW) throw new Error('self_workflow must be the investigator workflow');

// ── commits ─────────────────────────────────────────────────────────────────────────────────
// Each commit's parent is the previous commit of the same branch (PR branches start from `from`).
// `prefix` pins the first hex digits of a SHA the story refers to (last good / first bad).
//  key     date              author          branch                                     message                                                              prefix
const COMMITS_TABLE = [
  ['c0',  '04-21 18:40:55', 'mara-devops',  'main',                                     'Refactor safe-output handler registry (#27702)',                    '4b1c9e0'],
  ['c1a', '04-21 19:27:03', 'kenji-ops',    'main',                                     'Bump codex to 0.121.0 (#27709)',                                    null],
  ['c1',  '04-21 19:31:02', 'kenji-ops',    'main',                                     'Inject openai-proxy provider into generated codex config (#27711)', '28d8df1'],
  ['c2',  '04-22 04:52:30', 'mara-devops',  'main',                                     'Pin container image digests in compiled workflows (#27762)',        null],
  ['d1',  '04-22 05:39:40', 'Copilot',      'copilot/disable-shell-history-expansion',  'Disable shell history expansion in generated run steps',           null],
  ['c3a', '04-22 08:05:10', 'priya-docs',   'main',                                     'docs: describe the api-proxy sidecar',                              null],
  ['c3',  '04-22 08:07:31', 'priya-docs',   'main',                                     'docs: fix broken link in engines table',                            null],
  ['p0',  '04-22 09:30:12', 'Copilot',      'copilot/fix-shell-history',                'Escape history expansion in shell snippets',                        null],
  ['c3b', '04-22 09:39:58', 'kenji-ops',    'main',                                     'Add retries to MCP gateway health check (#27781)',                  null],
  ['p1',  '04-22 10:14:41', 'Copilot',      'copilot/fix-shell-history',                'Handle double-quoted strings in history escaping',                  null],
  ['c4',  '04-22 11:19:40', 'ana-release',  'main',                                     'Update engine version matrix',                                      null],
  ['c5',  '04-22 11:22:30', 'ana-release',  'main',                                     'Fix lint in engine version matrix',                                 null],
  ['c6',  '04-22 11:25:21', 'ana-release',  'main',                                     'Regenerate engine docs',                                            null],
  ['p2',  '04-22 12:08:33', 'Copilot',      'copilot/fix-shell-history',                'Fix escaping of !! inside double quotes',                           null],
  ['c7',  '04-22 12:39:55', 'mara-devops',  'main',                                     'Bump vitest to 4.1.2 (#27788)',                                     null],
  ['c8',  '04-22 14:49:50', 'kenji-ops',    'main',                                     'Add a start period to the api-proxy health check (#27851)',         null],
  ['c8b', '04-22 15:49:18', 'kenji-ops',    'main',                                     'Raise api-proxy health check retries (#27856)',                     null],
  ['c9',  '04-22 19:18:30', 'mara-devops',  'main',                                     'Recompile lock files (#27858)',                                     null],
];
const PRS = {
  'copilot/disable-shell-history-expansion': { number: 27755, title: 'Disable shell history expansion in generated run steps', from: 'c2', base: 'c2' },
  'copilot/fix-shell-history': { number: 27790, title: 'Fix shell history expansion in agent commands', from: 'c3', base: 'c3' },
};

// ── runs: one row per run ───────────────────────────────────────────────────────────────────
// created = created_at (UTC, 2026); dur = created_at → updated_at; kind = what happened (see
// KINDS in scripts/example/runs.mjs). Opt: { slowPull } stretches image pulls (the long run that is
// still in progress at 13:14Z); { artifactsExpired } writes the run's agent-artifacts folder as
// `agent-artifacts.expired`; { dockerbuild } adds a docker build record artifact.
//  id            workflow         created           dur       conclusion          kind                 event                branch                                      commit  opt
const RUNS_TABLE = [
  // ── 04-21 evening: the last good Codex runs, then #27711 lands and the 401s start
  [24736310584, 'smokeCodex',    '04-21 19:01:37', '3m52s',  'success',         'ok',                'schedule',          'main',                                     'c0',  { added: true }],
  [24736429119, 'aiModerator',   '04-21 19:05:12', '3m25s',  'success',         'ok',                'schedule',          'main',                                     'c0'],
  [24736726908, 'dailyFact',     '04-21 19:12:40', '3m51s',  'success',         'ok',                'schedule',          'main',                                     'c0'],
  [24736794342, 'investigator',  '04-21 19:14:21', '1m18s',  'success',         'self',              'schedule',          'main',                                     'c0'],
  [24737024017, 'dupCode',       '04-21 19:20:03', '4m12s',  'success',         'ok',                'schedule',          'main',                                     'c0'],
  [24737427923, 'nightly',       '04-21 19:30:11', '52m40s', 'success',         'ok',                'schedule',          'main',                                     'c0'],
  [24737477302, 'ci',            '04-21 19:31:26', '3m12s',  'success',         'ok',                'push',              'main',                                     'c1'],
  [24737478132, 'smokeCi',       '04-21 19:31:26', '3m41s',  'success',         'ok',                'push',              'main',                                     'c1'],
  [24737846423, 'aiModerator',   '04-21 19:40:37', '8m57s',  'failure',         'codex-401',         'schedule',          'main',                                     'c1'],
  [24739225869, 'smokeGemini',   '04-21 20:15:09', '3m44s',  'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24739893655, 'smokeOpencode', '04-21 20:31:52', '4m02s',  'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24741201411, 'dailyNews',     '04-21 21:04:33', '5m18s',  'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24741312205, 'dailyIssues',   '04-21 21:07:15', '6m02s',  'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24745054061, 'aiModerator',   '04-21 22:40:48', '9m12s',  'failure',         'codex-401-bearer',  'schedule',          'main',                                     'c1'],
  [24745519621, 'dailyDocs',     '04-21 22:52:30', '19m44s', 'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24748638988, 'autoTriage',    '04-22 00:10:27', '3m31s',  'success',         'ok',                'issues',            'main',                                     'c1'],
  // ── window 01:14Z → 07:14Z
  [24751190812, 'investigator',  '04-22 01:14:18', '1m22s',  'success',         'self',              'schedule',          'main',                                     'c1'],
  [24753449504, 'autoTriage',    '04-22 02:10:44', '3m34s',  'success',         'ok',                'issues',            'main',                                     'c1'],
  [24754265061, 'smokeOpencode', '04-22 02:31:05', '3m57s',  'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24755634524, 'dailyNews',     '04-22 03:05:19', '5m05s',  'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24755728198, 'dailyIssues',   '04-22 03:07:42', '5m49s',  'success',         'ok',                'schedule',          'main',                                     'c1'],
  [24759939566, 'ci',            '04-22 04:52:57', '3m08s',  'success',         'ok',                'push',              'main',                                     'c2'],
  [24759939807, 'smokeCi',       '04-22 04:52:57', '3m38s',  'success',         'ok',                'push',              'main',                                     'c2'],
  [24761827559, 'smokeCodex',    '04-22 05:40:12', '8m41s',  'failure',         'codex-401',         'pull_request',      'copilot/disable-shell-history-expansion',  'd1'],
  [24761828647, 'smokeGemini',   '04-22 05:40:12', '3m06s',  'failure',         'sidecar',           'pull_request',      'copilot/disable-shell-history-expansion',  'd1'],
  [24761828916, 'smokeOpencode', '04-22 05:40:13', '4m11s',  'success',         'ok',                'pull_request',      'copilot/disable-shell-history-expansion',  'd1'],
  [24761829792, 'ci',            '04-22 05:40:13', '3m15s',  'success',         'ok',                'pull_request',      'copilot/disable-shell-history-expansion',  'd1'],
  [24762647283, 'aiModerator',   '04-22 06:00:41', '8m49s',  'failure',         'codex-401',         'schedule',          'main',                                     'c2',  { artifactsExpired: true }],
  // ── window 07:14Z → 13:14Z (seed 000's third window)
  [24765596492, 'investigator',  '04-22 07:14:22', '1m25s',  'success',         'self',              'schedule',          'main',                                     'c2'],
  [24765843872, 'autoTriage',    '04-22 07:20:35', '3m29s',  'success',         'ok',                'issues',            'main',                                     'c2'],
  [24766227505, 'nightly',       '04-22 07:30:08', '1h00m12s','timed_out',       'timeout',           'schedule',          'main',                                     'c2'],
  [24767639891, 'ci',            '04-22 08:05:31', '3m11s',  'success',         'ok',                'push',              'main',                                     'c3a'],
  [24767642780, 'smokeCi',       '04-22 08:05:31', '2m24s',  'cancelled',       'superseded',        'push',              'main',                                     'c3a'],
  [24767733076, 'ci',            '04-22 08:07:49', '3m09s',  'success',         'ok',                'push',              'main',                                     'c3'],
  [24767733409, 'smokeCi',       '04-22 08:07:49', '3m43s',  'success',         'ok',                'push',              'main',                                     'c3'],
  [24767912840, 'smokeGemini',   '04-22 08:12:16', '3m12s',  'failure',         'sidecar',           'schedule',          'main',                                     'c3',  { dockerbuild: true }],
  [24768637652, 'smokeOpencode', '04-22 08:30:27', '4m05s',  'success',         'ok',                'schedule',          'main',                                     'c3'],
  [24769180586, 'autoTriage',    '04-22 08:44:03', '3m26s',  'success',         'ok',                'issues',            'main',                                     'c3'],
  [24770034769, 'dailyNews',     '04-22 09:05:22', '2m07s',  'failure',         'copilot-node',      'schedule',          'main',                                     'c3'],
  [24771047755, 'ci',            '04-22 09:30:40', '3m14s',  'success',         'ok',                'pull_request',      'copilot/fix-shell-history',                'p0'],
  [24771048434, 'smokeCi',       '04-22 09:30:40', '3m36s',  'success',         'ok',                'push',              'copilot/fix-shell-history',                'p0'],
  [24771430958, 'ci',            '04-22 09:40:18', '3m10s',  'success',         'ok',                'push',              'main',                                     'c3b'],
  [24771431746, 'smokeCi',       '04-22 09:40:18', '3m40s',  'success',         'ok',                'push',              'main',                                     'c3b'],
  [24771664038, 'aiModerator',   '04-22 09:46:07', '8m57s',  'failure',         'codex-401',         'schedule',          'main',                                     'c3b'],
  [24772337998, 'autoTriage',    '04-22 10:02:55', '3m33s',  'success',         'ok',                'issues',            'main',                                     'c3b'],
  [24772361171, 'investigator',  '04-22 10:03:31', '1m31s',  'success',         'self',              'workflow_dispatch', 'main',                                     'c3b'],
  [24772823304, 'ci',            '04-22 10:15:02', '2m58s',  'failure',         'vitest',            'pull_request',      'copilot/fix-shell-history',                'p1'],
  [24772824069, 'smokeCi',       '04-22 10:15:02', '3m39s',  'success',         'ok',                'push',              'copilot/fix-shell-history',                'p1'],
  [24772824656, 'smokeOpencode', '04-22 10:15:03', '3m49s',  'failure',         'log-missing',       'pull_request',      'copilot/fix-shell-history',                'p1'],
  [24772825169, 'smokeGemini',   '04-22 10:15:03', '3m40s',  'success',         'ok',                'pull_request',      'copilot/fix-shell-history',                'p1'],
  [24773798342, 'dailyIssues',   '04-22 10:39:26', '2m20s',  'failure',         'copilot-node',      'schedule',          'main',                                     'c3b'],
  [24774384941, 'dailyDocs',     '04-22 10:54:10', '24m31s', 'failure',         'protected-files',   'schedule',          'main',                                     'c3b'],
  [24775420422, 'ci',            '04-22 11:19:58', '3m13s',  'success',         'ok',                'push',              'main',                                     'c4'],
  [24775421211, 'smokeCi',       '04-22 11:19:58', '2m55s',  'cancelled',       'superseded',        'push',              'main',                                     'c4'],
  [24775530250, 'ci',            '04-22 11:22:47', '3m07s',  'success',         'ok',                'push',              'main',                                     'c5'],
  [24775532073, 'smokeCi',       '04-22 11:22:47', '2m58s',  'cancelled',       'superseded',        'push',              'main',                                     'c5'],
  [24775646841, 'ci',            '04-22 11:25:39', '3m12s',  'success',         'ok',                'push',              'main',                                     'c6'],
  [24775647206, 'smokeCi',       '04-22 11:25:39', '3m44s',  'success',         'ok',                'push',              'main',                                     'c6'],
  [24775930107, 'dailyFact',     '04-22 11:32:44', '9m05s',  'failure',         'codex-401-bearer',  'schedule',          'main',                                     'c6'],
  [24776234830, 'smokeGemini',   '04-22 11:40:21', '3m38s',  'success',         'ok',                'schedule',          'main',                                     'c6'],
  [24776644748, 'autoTriage',    '04-22 11:50:36', '3m37s',  'success',         'ok',                'issues',            'main',                                     'c6'],
  [24777033393, 'dupCode',       '04-22 12:00:19', '9m21s',  'failure',         'codex-401-github',  'schedule',          'main',                                     'c6'],
  [24777375517, 'ci',            '04-22 12:08:52', '3m11s',  'success',         'ok',                'pull_request',      'copilot/fix-shell-history',                'p2'],
  [24777376560, 'smokeCi',       '04-22 12:08:52', '3m37s',  'success',         'ok',                'push',              'copilot/fix-shell-history',                'p2'],
  [24777377296, 'smokeOpencode', '04-22 12:08:53', '4m03s',  'success',         'ok',                'pull_request',      'copilot/fix-shell-history',                'p2'],
  [24777378184, 'smokeGemini',   '04-22 12:08:53', '3m35s',  'success',         'ok',                'pull_request',      'copilot/fix-shell-history',                'p2'],
  [24778265064, 'aiModerator',   '04-22 12:31:09', '8m44s',  'failure',         'codex-401',         'schedule',          'main',                                     'c6'],
  [24778629891, 'ci',            '04-22 12:40:12', '3m09s',  'success',         'ok',                'push',              'main',                                     'c7'],
  [24778630129, 'smokeCi',       '04-22 12:40:12', '3m42s',  'success',         'ok',                'push',              'main',                                     'c7'],
  [24778958493, 'autoTriage',    '04-22 12:48:30', '4m16s',  'failure',         'copilot-crash',     'issues',            'main',                                     'c7'],
  [24779621792, 'smokeCodex',    '04-22 13:05:02', '35m00s', 'failure',         'codex-401',         'workflow_dispatch', 'main',                                     'c7',  { slowPull: true }],
  // ── window 13:14Z → 19:14Z
  [24779995658, 'investigator',  '04-22 13:14:25', '1m29s',  'success',         'self',              'schedule',          'main',                                     'c7'],
  [24783070755, 'aiModerator',   '04-22 14:31:15', '8m52s',  'failure',         'codex-401-bearer',  'schedule',          'main',                                     'c7'],
  [24783825561, 'ci',            '04-22 14:50:08', '3m10s',  'success',         'ok',                'push',              'main',                                     'c8'],
  [24783827544, 'smokeCi',       '04-22 14:50:08', '3m39s',  'success',         'ok',                'push',              'main',                                     'c8'],
  [24784283527, 'dailyDocs',     '04-22 15:01:33', '3m25s',  'failure',         'sidecar',           'workflow_dispatch', 'main',                                     'c8'],
  [24784731026, 'autoTriage',    '04-22 15:12:47', '3m01s',  'failure',         'sidecar',           'issues',            'main',                                     'c8'],
  [24785635521, 'smokeOpencode', '04-22 15:35:20', '3m15s',  'failure',         'sidecar',           'schedule',          'main',                                     'c8'],
  [24786205688, 'ci',            '04-22 15:49:36', '3m08s',  'success',         'ok',                'push',              'main',                                     'c8b'],
  [24786206451, 'smokeCi',       '04-22 15:49:36', '3m41s',  'success',         'ok',                'push',              'main',                                     'c8b'],
  [24786827909, 'autoTriage',    '04-22 16:05:12', '3m28s',  'success',         'ok',                'issues',            'main',                                     'c8b'],
  [24787365600, 'aiModerator',   '04-22 16:18:40', '9m01s',  'failure',         'codex-401',         'schedule',          'main',                                     'c8b'],
  [24788222048, 'smokeGemini',   '04-22 16:40:05', '3m41s',  'success',         'ok',                'schedule',          'main',                                     'c8b'],
  [24789237813, 'aiModerator',   '04-22 17:05:29', '8m55s',  'failure',         'codex-401',         'schedule',          'main',                                     'c8b'],
  [24790222247, 'dailyFact',     '04-22 17:30:02', '1s',     'startup_failure', 'startup-failure',   'schedule',          'main',                                     'c8b'],
  [24791928922, 'smokeOpencode', '04-22 18:12:44', '4m00s',  'success',         'ok',                'schedule',          'main',                                     'c8b'],
  // ── after 19:14Z: the lock files are recompiled and Codex recovers
  [24794394831, 'investigator',  '04-22 19:14:23', '1m27s',  'success',         'self',              'schedule',          'main',                                     'c8b'],
  [24794574529, 'ci',            '04-22 19:18:51', '3m12s',  'success',         'ok',                'push',              'main',                                     'c9'],
  [24794574717, 'smokeCi',       '04-22 19:18:51', '3m40s',  'success',         'ok',                'push',              'main',                                     'c9'],
  [24795025469, 'nightly',       '04-22 19:30:06', '51m55s', 'success',         'ok',                'schedule',          'main',                                     'c9'],
  [24795430052, 'aiModerator',   '04-22 19:40:17', '3m31s',  'success',         'ok',                'schedule',          'main',                                     'c9'],
  [24795644417, 'dupCode',       '04-22 19:45:38', '4m20s',  'success',         'ok',                'workflow_dispatch', 'main',                                     'c9'],
];

/** Optional parts of Contract 1, switched on when an issue needs them. */
const WRITE = { commits: true, artifacts: true };

/**
 * Engine versions the lock files pinned before a commit: runs on commits older than `until` use
 * `version`. #27709 bumped codex and recompiled the lock files; #27711 then changed the compiler
 * without recompiling them, so from #27709 on codex 0.121.0 runs without the openai-proxy provider.
 */
const ENGINE_PINS = { codex: { until: 'c1a', version: '0.120.1' } };

/** What seed 000's third window looks like here; the script fails if the tables drift from it. */
const EXPECTED_13_14 = { runsInWindow: 41, failed: 12, cancelled: 3, inProgress: 1, success: 25, self: 2 };

// ── issues and labels ───────────────────────────────────────────────────────────────────────
const LABELS = [
  { id: 9127360041, name: 'bug', color: 'd73a4a', description: "Something isn't working" },
  { id: 9127360188, name: 'agentic-workflows', color: '5319e7', description: 'GitHub Agentic Workflows (gh-aw) and their lock files' },
];

const ISSUES = [
  {
    id: 4318806217,
    number: 27731,
    title: 'Recompile lock files to fix Codex 401 Unauthorized failures',
    user: { login: 'kenji-ops', type: 'User' },
    author_association: 'MEMBER',
    state: 'open',
    state_reason: null,
    labels: ['bug'],
    created_at: '2026-04-21T23:00:12Z',
    closed_at: null,
    body: [
      'Since #27711 (inject the `openai-proxy` provider into the generated codex config) merged, every Codex workflow on `main` dies before its first turn:',
      '',
      '```',
      'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized: Missing bearer or basic authentication in header, url: wss://api.openai.com/v1/responses, ...)',
      '```',
      '',
      'The compiler change only reaches a workflow once its `.lock.yml` is recompiled. The lock files on `main` still run codex against api.openai.com directly, with the placeholder key that only the api-proxy sidecar accepts.',
      '',
      '**Fix:** run `gh aw compile` and commit the regenerated lock files.',
      '',
      'Affected so far: AI Moderator, Daily Fact About the Project, Duplicate Code Detector, Smoke Codex.',
    ].join('\n'),
    comments: [
      {
        id: 4301977310,
        user: { login: 'mara-devops', type: 'User' },
        author_association: 'MEMBER',
        created_at: '2026-04-22T05:12:48Z',
        updated_at: '2026-04-22T05:12:48Z',
        body: 'I will recompile once #27762 (image digest pins) is in, so that we regenerate the lock files only once. Until then expect the Codex workflows to keep failing with 401.',
      },
    ],
  },
];

// ── build ───────────────────────────────────────────────────────────────────────────────────
function buildWorld() {
  const commits = {};
  const branchHead = {};
  for (const [key, date, author, branch, message, prefix] of COMMITS_TABLE) {
    // SHAs come from the key so that they never move; a prefix pins the first digits.
    let sha = sha40(`commit:${key}`);
    if (prefix) sha = prefix + sha.slice(prefix.length);
    const parentKey = branchHead[branch] ?? (PRS[branch] ? PRS[branch].from : null);
    commits[key] = { key, sha, dateMs: parseTime(date), author, branch, message, parents: parentKey ? [parentKey] : [] };
    branchHead[branch] = key;
  }
  return { repo: REPO, workflows: WORKFLOWS, commits, prs: PRS, enginePins: ENGINE_PINS };
}

/** commits.json: [{sha, parents, message, author:{login}, date}], oldest first. */
function commitsJson(world) {
  return Object.values(world.commits)
    .sort((a, b) => a.dateMs - b.dateMs)
    .map((c) => ({ sha: c.sha, parents: c.parents.map((k) => world.commits[k].sha), message: c.message, author: { login: c.author }, date: apiTime(c.dateMs) }));
}

function sha40(seed) {
  // 40 hex digits from a chain of FNV hashes: stable and dependency-free
  let out = '';
  let h = 0x811c9dc5;
  for (let i = 0; out.length < 40; i++) {
    for (const ch of `${seed}#${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

const ACTOR_BY_EVENT = { schedule: 'mara-devops', workflow_dispatch: 'kenji-ops', pull_request: 'Copilot' };
const ISSUE_OPENERS = ['jlee-oss', 'sam-rivera', 'tobias-k', 'nadia-h', 'wen-zhao'];

function parseRows(world) {
  const counters = {};
  // rows marked `added` came after the scenario was first published: they take no index, so the
  // actors (and so the logs) of the runs around them stay as they were
  let index = 0;
  return RUNS_TABLE.map(([id, workflow, created, dur, conclusion, kind, event, branch, commit, opt = {}]) => {
    const i = opt.added ? -1 : index++;
    if (!world.workflows[workflow]) throw new Error(`run ${id}: unknown workflow ${workflow}`);
    if (!world.commits[commit]) throw new Error(`run ${id}: unknown commit ${commit}`);
    const wf = world.workflows[workflow];
    counters[workflow] = (counters[workflow] ?? wf.firstRun - 1) + 1;
    const c = world.commits[commit];
    const actor = event === 'push' ? c.author : event === 'issues' ? ISSUE_OPENERS[i % ISSUE_OPENERS.length] : ACTOR_BY_EVENT[event];
    return { id, workflow, created, createdMs: parseTime(created), dur, durMs: parseDuration(dur), conclusion, kind, event, branch, commit, runNumber: counters[workflow], actor, ...opt };
  });
}

function issueJson(issue) {
  const labels = issue.labels.map((n) => LABELS.find((l) => l.name === n));
  const comments = issue.comments.map((c) => ({
    ...c,
    html_url: `https://github.com/${REPO}/issues/${issue.number}#issuecomment-${c.id}`,
  }));
  return {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    user: issue.user,
    author_association: issue.author_association,
    labels,
    html_url: `https://github.com/${REPO}/issues/${issue.number}`,
    created_at: issue.created_at,
    updated_at: comments.at(-1)?.updated_at ?? issue.created_at,
    closed_at: issue.closed_at,
    comments,
  };
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

function main() {
  const world = buildWorld();
  const rows = parseRows(world);

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  writeFileSync(
    join(OUT, 'scenario.yml'),
    [
      '# Example scenario modelled on seed 000 (a day of failing agentic workflows, 2026-04-21/22).',
      '# Generated by scripts/make-example.mjs: change the script, then run `npm run example`.',
      `repo: ${REPO}`,
      `now: ${NOW}`,
      'default_branch: main',
      `self_workflow: ${SELF_WORKFLOW}`,
      '',
    ].join('\n'),
  );
  writeJson(join(OUT, 'labels.json'), LABELS);
  if (WRITE.commits) writeJson(join(OUT, 'commits.json'), commitsJson(world));
  for (const issue of ISSUES) writeJson(join(OUT, 'issues', `${issue.number}.json`), issueJson(issue));

  const built = rows.map((row) => ({ row, ...buildRun(row, world) }));
  addBaselineLogs(built);
  for (const b of built) {
    const row = b.row;
    const dir = join(OUT, 'runs', String(row.id));
    writeJson(join(dir, 'run.json'), b.run);
    if (b.jobs) writeJson(join(dir, 'jobs.json'), b.jobs);
    for (const log of b.logs) {
      mkdirSync(join(dir, 'logs'), { recursive: true });
      writeFileSync(join(dir, 'logs', `${log.jobId}.txt`), log.text);
    }
    if (WRITE.artifacts) {
      for (const [folder, files] of Object.entries(b.artifacts)) {
        for (const [rel, content] of Object.entries(files)) {
          mkdirSync(dirname(join(dir, 'artifacts', folder, rel)), { recursive: true });
          writeFileSync(join(dir, 'artifacts', folder, rel), content);
        }
      }
    }
  }

  const problems = verify({ out: OUT, rows, built, clocks: CLOCKS, inProgressAt: { [NOW]: rows.filter((r) => r.slowPull).map((r) => r.id) } });
  if (WRITE.artifacts) problems.push(...verifyArtifacts({ out: OUT, built, workflows: world.workflows }));
  // the table's durations are the truth a reader sees: the simulation must land on them
  for (const b of built) {
    const actual = Date.parse(b.run.updated_at) - b.row.createdMs;
    if (Math.abs(actual - b.row.durMs) > 3000) problems.push(`run ${b.row.id}: lasts ${fmtDuration(actual)}, the table says ${b.row.dur}`);
  }
  const counts = CLOCKS.map((c) => windowCounts(rows, built, c, SELF_WORKFLOW, world));
  const mid = counts[CLOCKS.indexOf(NOW)];
  for (const [k, v] of Object.entries(EXPECTED_13_14)) {
    if (mid[k] !== v) problems.push(`window ending ${NOW}: ${k} is ${mid[k]}, expected ${v}`);
  }

  writeFileSync(README, readme(rows, built, counts, world));
  printSummary(rows, built, counts);

  if (problems.length) {
    console.error(`\n${problems.length} problem(s):`);
    for (const p of problems) console.error(`  ✗ ${p}`);
    process.exit(1);
  }
  console.log(`\nWrote ${relative(ROOT, OUT)}/ (${rows.length} runs) and ${relative(ROOT, README)}; all checks passed.`);
}

/**
 * Logs of successful jobs too, but only where a comparison with successful runs looks: the last
 * successful run of a workflow before each of its failures (on the failure's branch, and on any
 * branch), for its jobs named like a job that failed. A real repository keeps every job's log for 90 days; the other successful jobs' logs
 * would only weigh the example down.
 */
function addBaselineLogs(built) {
  const failedLike = (j) => ['failure', 'timed_out', 'cancelled'].includes(j.conclusion);
  for (const bad of built) {
    const names = new Set((bad.sims ?? []).filter(failedLike).map((j) => j.name));
    if (names.size === 0) continue;
    const before = built.filter((b) => b.row.workflow === bad.row.workflow && b.row.conclusion === 'success' && b.jobs && b.row.createdMs < bad.row.createdMs);
    const last = (bs) => bs.reduce((a, b) => (a && a.row.createdMs > b.row.createdMs ? a : b), null);
    for (const good of new Set([last(before.filter((b) => b.row.branch === bad.row.branch)), last(before)])) {
      if (!good) continue;
      good.sims.forEach((j, k) => {
        const id = good.jobs.jobs[k].id;
        if (j.conclusion === 'success' && names.has(j.name) && !good.logs.some((l) => l.jobId === id)) {
          good.logs.push({ jobId: id, text: j.log, lines: j.lines, name: j.name, baseline: true });
        }
      });
    }
  }
}

// ── summary and README ──────────────────────────────────────────────────────────────────────
const hhmm = (ms) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

function printSummary(rows, built, counts) {
  console.log('Windows (half-open on created_at; the investigator\'s own runs are counted apart):');
  console.log('  clock              runs  failed  cancelled  in-progress  success  self  carried-over');
  for (const c of counts) {
    console.log(
      `  ${c.clock}  ${String(c.runsInWindow).padStart(4)}  ${String(c.failed).padStart(6)}  ${String(c.cancelled).padStart(9)}  ${String(c.inProgress).padStart(11)}  ${String(c.success).padStart(7)}  ${String(c.self).padStart(4)}  ${String(c.carriedOver).padStart(12)}`,
    );
  }
  console.log('\nRuns that did not succeed:');
  console.log('  id           created      dur     workflow                        conclusion       kind               log lines');
  for (const b of built) {
    const r = b.row;
    if (r.conclusion === 'success') continue;
    const lines = b.logs.map((l) => l.lines).join('+') || (b.jobs ? 'no log' : 'no jobs');
    const actual = Date.parse(b.run.updated_at) - r.createdMs;
    console.log(
      `  ${r.id}  ${hhmm(r.createdMs)}  ${fmtDuration(actual).padEnd(8)}  ${b.run.name.padEnd(30)}  ${r.conclusion.padEnd(15)}  ${r.kind.padEnd(17)}  ${lines}`,
    );
  }
}

function readme(rows, built, counts, world) {
  const eng = (wf) => (wf.engine ? ENGINES[wf.engine].id : '—');
  const lines = [];
  const push = (...l) => lines.push(...l);
  push(
    '# Examples',
    '',
    '<!-- Generated by scripts/make-example.mjs (`npm run example`); edit the script, not this file. -->',
    '',
    '## `seed-000/` — a day of failing agentic workflows',
    '',
    `A scenario directory (⚓ Contract 1 in DESIGN.md) for the made-up repository \`${REPO}\`, modelled on`,
    'seed 000: the gh-aw repository\'s agentic workflows (Codex, Copilot, Claude, Gemini, OpenCode engines)',
    'between 2026-04-21 19:00Z and 2026-04-22 20:00Z. Every log line is written by the generator; nothing',
    'is copied from real repositories.',
    '',
    '```sh',
    'npm run example                          # regenerate (wipes and rewrites examples/seed-000/)',
    'npm run demo                             # build, then replay at the default clock (13:14Z)',
    'node dist/cli.js replay examples/seed-000 --now 2026-04-22T07:14:00Z --state /tmp/seed-000.json',
    'node dist/cli.js replay examples/seed-000 --now 2026-04-22T13:14:00Z --state /tmp/seed-000.json',
    'node dist/cli.js replay examples/seed-000 --now 2026-04-22T19:14:00Z --state /tmp/seed-000.json',
    '```',
    '',
    '### What it holds',
    '',
    `- \`scenario.yml\`: repo \`${REPO}\`, clock \`${NOW}\`, default branch \`main\`, self workflow \`${SELF_WORKFLOW}\`.`,
    `- \`runs/<id>/run.json\`, \`jobs.json\` for ${rows.length} runs of ${Object.keys(world.workflows).length} workflows, and \`logs/<job_id>.txt\` (raw GitHub Actions job logs: BOM, 7-digit timestamps, \`##[group]\`, ANSI colours) for every failed or cancelled job and for the successful jobs that fail in another run of their workflow (${built.flatMap((b) => b.logs).filter((l) => l.baseline).length} logs: what a comparison with successful runs reads) — except run ${rows.find((r) => r.kind === 'log-missing')?.id}, whose failed job has no log (the server answers 410, like an expired log).`,
    '- `issues/27731.json`: an open issue filed by a person on 2026-04-21 23:00Z, "Recompile lock files to fix Codex 401 Unauthorized failures" (label `bug`, 1 comment).',
    '- `labels.json`: `bug`, `agentic-workflows`.',
    `- \`commits.json\`: the ${Object.keys(world.commits).length} commits of \`main\` and the two PR branches (sha, parents, message, author, date), served through the compare API: between the last good and the first bad run of a workflow lie the suspect changes.`,
    `- \`runs/<id>/artifacts/<name>/…\` for every agentic run that has jobs (${built.filter((b) => Object.keys(b.artifacts ?? {}).length).length} runs): see *Artifacts* below.`,
    '- Not yet: earlier attempts, `repo/` files.',
    '',
    'Agentic runs have gh-aw\'s jobs: `activation`, `agent` (installs the engine, pulls the awf images, starts the MCP gateway, runs the engine inside the awf firewall), `detection`, `safe_outputs`, `conclusion`. When `agent` fails, `detection` and `safe_outputs` are skipped and `conclusion` succeeds.',
    '',
    '### Artifacts',
    '',
    'Every agentic run uploads `agent-artifacts` (gh-aw\'s `Upload agent artifacts` step) with:',
    '',
    '| file | format |',
    '|---|---|',
    '| `aw_info.json` | engine id, name, model, engine version, gh-aw `cli_version`, `awf_version` — the object the agent job logs |',
    '| `agent-stdio.log` | what the `Execute … CLI` step printed (the engine\'s output, tee\'d), without the runner\'s timestamps |',
    '| `sandbox/firewall/logs/access.log` | squid `firewall_detailed`: `ts client:port host:port dest:port proto method status decision url "ua"`, plus squid\'s own `::1` housekeeping line |',
    '| `sandbox/firewall/logs/audit.jsonl` | the same requests as JSON lines (`timestamp` + `event: http_access`): a reader must not count them twice |',
    '| `sandbox/firewall/logs/api-proxy-logs/token-usage.jsonl` | one line per model request through the api-proxy (`request_id`, model, input/output/cache tokens) |',
    '| `safeoutputs/outputs.jsonl` | the safe outputs the agent asked for (empty when it asked for none) |',
    '| `agent_usage.json` | token totals, written only when the agent succeeded |',
    '',
    'A run whose agent succeeded also has `agent-output/agent_output.json` (what the `safe_outputs` job reads). The counts in the firewall logs match the `Firewall summary` line of the agent job\'s log. Codex runs on commits before #27709 have codex `0.120.1` in `aw_info.json`, later ones `0.121.0`.',
    '',
    '| kind | what the artifacts say |',
    '|---|---|',
    ...Object.entries(ARTIFACTS_BY_KIND).map(([k, v]) => `| \`${k}\` | ${v} |`),
    '',
    `On purpose: run ${rows.find((r) => r.artifactsExpired)?.id} has \`agent-artifacts.expired\` (listed with \`expired: true\`, its download answers 410), run ${rows.find((r) => r.dockerbuild)?.id} also has a \`.dockerbuild\` build record (never worth a download), and every affected agentic workflow has a successful run with artifacts before its first failure (the baselines).`,
    '',
    '### Clocks',
    '',
    'Each clock ends a 6-hour window, half-open on `created_at`. Counts exclude the investigator\'s own runs (`self`); "failed" counts conclusions `failure`, `timed_out` and `startup_failure`; "carried over" are runs in progress at the previous clock that have failed since.',
    '',
    '| clock | window | runs | failed | cancelled | in progress | success | self | carried over |',
    '|---|---|---|---|---|---|---|---|---|',
    ...counts.map((c) => `| \`${c.clock}\` | ${c.since.slice(11, 16)}Z → ${c.clock.slice(11, 16)}Z | ${c.runsInWindow} | ${c.failed} | ${c.cancelled} | ${c.inProgress} | ${c.success} | ${c.self} | ${c.carriedOver} |`),
    '',
    'In the terms of `--json` `coverage` (DESIGN.md), for a chained replay with one `--state` file across the three clocks:',
    '',
    '| clock | runsInWindow | failedRuns | cancelledRuns | inProgressRuns | carriedOverRuns | investigatedRuns | skipped |',
    '|---|---|---|---|---|---|---|---|',
    ...counts.map((c) => `| \`${c.clock}\` | ${c.runsInWindow} | ${c.failed + c.carriedOver} | ${c.cancelled} | ${c.inProgress} | ${c.carriedOver} | ${c.investigated} | ${c.skipped.map((s) => `${s.runId} (${s.reason})`).join(', ') || '—'} |`),
    '',
    '### Failure kinds',
    '',
    '| kind | what the failed job shows | runs |',
    '|---|---|---|',
  );
  for (const [k, v] of Object.entries(KINDS)) {
    if (k === 'ok' || k === 'self') continue;
    const ids = rows.filter((r) => r.kind === k).map((r) => r.id);
    if (ids.length) push(`| \`${k}\` | ${v.what} | ${ids.join(', ')} |`);
  }
  push(
    '',
    'Things a product must cope with, on purpose:',
    '',
    '- Two wordings of the Codex 401 (`Incorrect API key provided: sk-place****************roxy.` and `Missing bearer or basic authentication in header`), with different request ids and cf-ray values in every run: one root cause.',
    '- The same awf-api-proxy failure on a PR branch (05:40Z), then on `main` across three engines (claude, copilot, opencode) between 15:00Z and 15:35Z, with successes of the same workflows in between: intermittent.',
    '- `node: command not found` only on runner image `20260421.2` (runs from 09:00Z on 2026-04-22 show it in `Set up job`; earlier runs show `20260419.1`), and only in the workflows that run Copilot in the chroot sandbox.',
    '- The protected-files failure is in the `safe_outputs` job (a JavaScript action: `##[error]` without "Process completed with exit code"), after an agent job that succeeded in 81 turns; that agent job\'s log is kept too.',
    `- Run ${rows.find((r) => r.kind === 'timeout')?.id} (Nightly Integration) has a log of over 5,000 lines of passing tests before the timeout; its job conclusion is \`timed_out\` and its last step \`cancelled\`.`,
    `- Run ${rows.find((r) => r.kind === 'vitest')?.id} (CI on a PR branch) prints a \`ghp_\` token from the workflow's \`env:\` and a \`Bearer eyJ…\` JWT from a test: both must be masked in anything published.`,
    `- Run ${rows.find((r) => r.kind === 'copilot-crash')?.id} (Auto-Triage Issues) has an \`@octo-admin\` mention and a \`#123\` reference on a line just before the crash: neither may reach an issue as a live mention or link.`,
    `- Run ${rows.find((r) => r.slowPull)?.id} (Smoke Codex, created 13:05Z, updated 13:40Z) is in progress at 13:14Z and failed at 19:14Z: carried over into the next window.`,
    `- Run ${rows.find((r) => r.kind === 'startup-failure')?.id} is a \`startup_failure\` without jobs.json.`,
    '- The investigator\'s own runs (path = `self_workflow`) must not be counted.',
    '',
    '### Runs',
    '',
    '| id | created (UTC) | duration | workflow | engine | event · branch | conclusion | kind |',
    '|---|---|---|---|---|---|---|---|',
  );
  let lastWindow = null;
  for (const b of built) {
    const r = b.row;
    const wf = world.workflows[r.workflow];
    const w = windowLabel(r.createdMs);
    if (w !== lastWindow) {
      push(`| | **${w}** | | | | | | |`);
      lastWindow = w;
    }
    const dur = fmtDuration(Date.parse(b.run.updated_at) - r.createdMs);
    push(`| ${r.id} | ${hhmm(r.createdMs)} | ${dur} | ${wf.name} | ${eng(wf)} | ${r.event} · \`${r.branch}\` | ${r.conclusion} | ${r.kind === 'ok' ? '' : r.kind} |`);
  }
  push('');
  return lines.join('\n');
}

function windowLabel(ms) {
  const bounds = ['2026-04-22T01:14:00Z', '2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', '2026-04-22T19:14:00Z'].map(Date.parse);
  const names = ['before 01:14Z', '01:14Z → 07:14Z', '07:14Z → 13:14Z', '13:14Z → 19:14Z', 'after 19:14Z'];
  let i = 0;
  while (i < bounds.length && ms >= bounds[i]) i++;
  return names[i];
}

main();
