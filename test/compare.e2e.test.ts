// Compare with what worked, end to end against the loopback GitHub: collect a window, build the
// failure records, look up baselines (one runs query per workflow, reads of the nearest ones, one
// compare call per distinct last-good/first-bad pair) and compare. Scenarios written for these
// tests: a firewall change, a token collapse to 0, a runner image bump, a secret gone, no
// baseline, and a suspect commit range; plus the requests each costs and a spent budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineCostText, compareClusters, compareMarkdown, DEFAULT_LOOKBACK_MS, type BaselineSet, type ClusterCompare } from '../src/compare/index.js';
import { recordsOfRun, type FailureRecord } from '../src/failure/record.js';
import { collectBaselines, failedJobLogs } from '../src/github/baselines.js';
import type { GitHubClient } from '../src/github/client.js';
import { collectWindow, type CollectedWindow } from '../src/github/collect.js';
import { startReplayServer, type ReplayServer } from '../src/replay/server.js';
import { removeDir, REPO, tempDir, writeScenario, type RunSpec, type ScenarioSpec } from '../src/replay/test-support.js';
import { EXAMPLE_REF, collectExample, testClient } from './support/example.js';

// --- builders: raw job logs, jobs and agent artifacts in the formats GitHub and gh-aw write ----

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
const SHA_A = 'a'.repeat(40);
const sha = (c: string) => c.repeat(40);

interface StepSpec {
  name: string;
  conclusion?: 'success' | 'failure';
  lines: string[];
}

interface JobSpec {
  id: number;
  name: string;
  start: string;
  imageVersion?: string;
  runnerVersion?: string;
  checkout?: string;
  steps: StepSpec[];
}

/** A raw job log (timestamps, "Set up job" section, `##[group]Run` headers) and its jobs.json entry. */
function job(runId: number, spec: JobSpec, conclusion: 'success' | 'failure'): { job: Record<string, unknown>; log: string } {
  const t0 = Date.parse(spec.start);
  const lines: string[] = [];
  const stamp = (sec: number, i: number) => new Date(t0 + sec * 1000 + i * 10).toISOString().replace('Z', '0000Z');
  const setup = [
    `Current runner version: '${spec.runnerVersion ?? '2.333.1'}'`,
    '##[group]Operating System',
    'Ubuntu',
    '24.04.2',
    'LTS',
    '##[endgroup]',
    '##[group]Runner Image',
    'Image: ubuntu-24.04',
    `Version: ${spec.imageVersion ?? '20260419.1'}`,
    `Included Software: https://github.com/actions/runner-images/blob/ubuntu24/${spec.imageVersion ?? '20260419.1'}/images/ubuntu/Ubuntu2404-Readme.md`,
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Getting action download info',
    `Download action repository 'actions/checkout@${spec.checkout ?? 'v5'}' (SHA:4361261f5a7a6d127cb1b98a3e86c184b1ca5ad2)`,
    `Complete job name: ${spec.name}`,
  ];
  setup.forEach((l, i) => lines.push(`${stamp(0, i)} ${l}`));
  const steps: Array<Record<string, unknown>> = [{ name: 'Set up job', number: 1, status: 'completed', conclusion: 'success', started_at: iso(t0), completed_at: iso(t0 + 9000) }];
  spec.steps.forEach((s, k) => {
    const sec = 10 * (k + 1);
    s.lines.forEach((l, i) => lines.push(`${stamp(sec, i)} ${l}`));
    const failed = (s.conclusion ?? 'success') === 'failure';
    if (failed) lines.push(`${stamp(sec, s.lines.length)} ##[error]Process completed with exit code 1.`);
    steps.push({ name: s.name, number: k + 2, status: 'completed', conclusion: s.conclusion ?? 'success', started_at: iso(t0 + sec * 1000), completed_at: iso(t0 + sec * 1000 + 9000) });
  });
  const end = t0 + 10_000 * (spec.steps.length + 1);
  return {
    job: { id: spec.id, run_id: runId, name: spec.name, status: 'completed', conclusion, started_at: iso(t0), completed_at: iso(end), steps },
    log: `\uFEFF${lines.join('\n')}\n`,
  };
}

function run(id: number, name: string, file: string, created: string, minutes: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const t = Date.parse(created);
  return {
    id,
    name,
    path: `.github/workflows/${file}`,
    head_branch: 'main',
    head_sha: SHA_A,
    event: 'schedule',
    status: 'completed',
    conclusion: 'success',
    created_at: created,
    run_started_at: iso(t + 5_000),
    updated_at: iso(t + 5_000 + minutes * 60_000),
    run_attempt: 1,
    ...extra,
  };
}

const squid = (host: string, n: number, blocked = false) =>
  Array.from({ length: n }, (_, i) =>
    blocked
      ? `1776851${String(200 + i).padStart(3, '0')}.104 172.30.0.20:${41000 + i} ${host} -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE ${host} "codex_exec/0.121.0"`
      : `1776851${String(200 + i).padStart(3, '0')}.104 172.30.0.20:${41000 + i} ${host} 10.0.0.1:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT ${host} "codex_exec/0.121.0"`,
  );

const tokenRow = (id: string, input: number, output: number, status = 200) =>
  JSON.stringify({
    _schema: 'token-usage/v0.25.18',
    timestamp: '2026-04-22T10:56:02.114Z',
    event: 'token_usage',
    request_id: id,
    provider: 'openai',
    model: 'gpt-5.3-codex',
    path: '/v1/responses',
    status,
    streaming: true,
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    duration_ms: 900,
  });

function agentArtifacts(o: { version: string; firewall: string[]; tokens: string[] }): Record<string, Record<string, string>> {
  return {
    'agent-artifacts': {
      'aw_info.json': JSON.stringify({ engine_id: 'codex', engine_name: 'Codex', model: 'gpt-5.3-codex', version: o.version, cli_version: 'v0.68.3', awf_version: 'v0.25.18' }),
      'sandbox/firewall/logs/access.log': `${o.firewall.join('\n')}\n`,
      'sandbox/firewall/logs/api-proxy-logs/token-usage.jsonl': `${o.tokens.join('\n')}\n`,
    },
  };
}

/** An agentic run: job `agent` with an `Execute Codex CLI` step. */
function agentRun(id: number, name: string, file: string, created: string, minutes: number, o: { ok: boolean; version: string; firewall: string[]; tokens: string[]; cli: string[] }): RunSpec {
  const j = job(
    id,
    {
      id: id * 10,
      name: 'agent',
      start: iso(Date.parse(created) + 10_000),
      steps: [
        { name: 'Checkout repository', lines: ['##[group]Run actions/checkout@v5', 'with:', '  persist-credentials: false', '##[endgroup]', 'Syncing repository: acme/widgets'] },
        { name: 'Execute Codex CLI', conclusion: o.ok ? 'success' : 'failure', lines: ['##[group]Run set -o pipefail', 'set -o pipefail', 'env:', '  OPENAI_API_KEY: ***', '##[endgroup]', ...o.cli] },
      ],
    },
    o.ok ? 'success' : 'failure',
  );
  return {
    run: run(id, name, file, created, minutes, { conclusion: o.ok ? 'success' : 'failure' }),
    jobs: [j.job],
    logs: { [id * 10]: j.log },
    artifacts: agentArtifacts(o),
  };
}

/** A plain run: job `build` with a `Run tests` step. */
function plainRun(
  id: number,
  name: string,
  file: string,
  created: string,
  o: { ok: boolean; imageVersion?: string; env?: string[]; lines: string[]; sha?: string; minutes?: number; jobName?: string },
): RunSpec {
  const j = job(
    id,
    {
      id: id * 10,
      name: o.jobName ?? 'build',
      start: iso(Date.parse(created) + 10_000),
      imageVersion: o.imageVersion,
      steps: [
        { name: 'Checkout', lines: ['##[group]Run actions/checkout@v5', 'with:', '  token: ***', '##[endgroup]', 'Syncing repository: acme/widgets'] },
        { name: 'Run tests', conclusion: o.ok ? 'success' : 'failure', lines: ['##[group]Run npm test', 'npm test', 'shell: /usr/bin/bash -e {0}', ...(o.env ? ['env:', ...o.env] : []), '##[endgroup]', ...o.lines] },
      ],
    },
    o.ok ? 'success' : 'failure',
  );
  return { run: run(id, name, file, created, o.minutes ?? 4, { conclusion: o.ok ? 'success' : 'failure', head_sha: o.sha ?? SHA_A }), jobs: [j.job], logs: { [id * 10]: j.log } };
}

// --- the scenario: window 2026-04-22 13:14Z → 19:14Z --------------------------------------------

const CODEX_OK = ['Starting codex', 'codex: 12 turns, 30 tool calls', 'Agent finished'];
const CODEX_401 = ['Starting codex', 'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized: Incorrect API key provided, url: wss://api.openai.com/v1/responses)', 'codex: 0 turns, 0 tool calls'];
const GOOD_TOKENS = (k: number) => [tokenRow(`r${k}a`, 90_000 + k * 1000, 2_000), tokenRow(`r${k}b`, 85_000, 3_000)];
const ZERO_TOKENS = [tokenRow('z1', 0, 0, 401), tokenRow('z2', 0, 0, 401)];

const FW_OK = [...squid('api.anthropic.com:443', 5), ...squid('github.com:443', 3)];
const FW_BAD = [...squid('api.openai.com:443', 13), ...squid('chatgpt.com:443', 1, true), ...squid('github.com:443', 3)];

const SECRET_VALUE = 'https://secret-base.internal.example';
const E2E_ENV_OK = ['  ANTHROPIC_AUTH_TOKEN: ***', '  MINIMAX_API_KEY: ***', `  ANTHROPIC_BASE_URL: ${SECRET_VALUE}`];
const E2E_ENV_BAD = ['  ANTHROPIC_AUTH_TOKEN:', '  MINIMAX_API_KEY: ***', `  ANTHROPIC_BASE_URL: ${SECRET_VALUE}`];

const RUNS: RunSpec[] = [
  // 1. firewall change (Firewall Agent)
  agentRun(101, 'Firewall Agent', 'firewall-agent.lock.yml', '2026-04-21T10:00:00Z', 5, { ok: true, version: '0.120.1', firewall: FW_OK, tokens: GOOD_TOKENS(1), cli: CODEX_OK }),
  agentRun(102, 'Firewall Agent', 'firewall-agent.lock.yml', '2026-04-21T16:00:00Z', 5, { ok: true, version: '0.120.1', firewall: FW_OK, tokens: GOOD_TOKENS(2), cli: CODEX_OK }),
  agentRun(103, 'Firewall Agent', 'firewall-agent.lock.yml', '2026-04-22T10:00:00Z', 5, { ok: true, version: '0.120.1', firewall: FW_OK, tokens: GOOD_TOKENS(3), cli: CODEX_OK }),
  agentRun(104, 'Firewall Agent', 'firewall-agent.lock.yml', '2026-04-22T14:00:00Z', 9, { ok: false, version: '0.121.0', firewall: FW_BAD, tokens: GOOD_TOKENS(4), cli: CODEX_401 }),
  // 2. token collapse to 0 (Token Agent), durations 5m ±10s then 12m
  agentRun(201, 'Token Agent', 'token-agent.lock.yml', '2026-04-21T11:00:00Z', 5, { ok: true, version: '0.121.0', firewall: FW_OK, tokens: GOOD_TOKENS(5), cli: CODEX_OK }),
  agentRun(202, 'Token Agent', 'token-agent.lock.yml', '2026-04-21T17:00:00Z', 5.2, { ok: true, version: '0.121.0', firewall: FW_OK, tokens: GOOD_TOKENS(6), cli: CODEX_OK }),
  agentRun(203, 'Token Agent', 'token-agent.lock.yml', '2026-04-22T11:00:00Z', 4.8, { ok: true, version: '0.121.0', firewall: FW_OK, tokens: GOOD_TOKENS(7), cli: CODEX_OK }),
  agentRun(204, 'Token Agent', 'token-agent.lock.yml', '2026-04-22T15:00:00Z', 12, { ok: false, version: '0.121.0', firewall: FW_OK, tokens: ZERO_TOKENS, cli: ['Starting codex', 'Error: stream disconnected before completion: token budget exhausted'] }),
  // 3. runner image bump on the same commit (CI)
  plainRun(301, 'CI', 'ci.yml', '2026-04-22T12:00:00Z', { ok: true, imageVersion: '20260419.1', lines: ['> widgets@1.0.0 test', 'Tests: 42 passed, 42 total'] }),
  plainRun(302, 'CI', 'ci.yml', '2026-04-22T14:30:00Z', { ok: false, imageVersion: '20260421.2', lines: ['> widgets@1.0.0 test', '/bin/bash: line 1: pnpm: command not found'] }),
  // 4. a secret gone (Lifecycle E2E), seed 002's shape
  plainRun(401, 'Lifecycle E2E', 'e2e.yml', '2026-04-22T09:00:00Z', {
    ok: true,
    env: E2E_ENV_OK,
    lines: ['PASS: platform health', 'PASS: workspace back online after restart (status=online)', '8 passed, 0 failed'],
  }),
  plainRun(402, 'Lifecycle E2E', 'e2e.yml', '2026-04-22T16:00:00Z', {
    ok: false,
    env: E2E_ENV_BAD,
    lines: [
      'PASS: platform health',
      'container env: MINIMAX_API_KEY=set ANTHROPIC_AUTH_TOKEN=unset',
      'Failed to authenticate. API Error: 401 invalid api key',
      'FAIL: workspace back online after restart (status=degraded)',
      '7 passed, 1 failed',
    ],
  }),
  // 5. no baseline in 72 h (Nightly): its last success is 4 days old
  plainRun(501, 'Nightly', 'nightly.yml', '2026-04-18T12:00:00Z', { ok: true, lines: ['all good'] }),
  plainRun(502, 'Nightly', 'nightly.yml', '2026-04-22T17:00:00Z', { ok: false, lines: ['Error: nightly dataset checksum mismatch'] }),
  // 6. a suspect commit range (Build): good on s1, bad on s3
  plainRun(601, 'Build', 'build.yml', '2026-04-22T08:00:00Z', { ok: true, sha: sha('1'), lines: ['compiled 120 files'] }),
  plainRun(602, 'Build', 'build.yml', '2026-04-22T15:30:00Z', { ok: false, sha: sha('3'), lines: ["error TS2307: Cannot find module './proxy-config' or its corresponding type declarations."] }),
];

const COMMITS = [
  { sha: sha('0'), parents: [], message: 'Initial import', author: { login: 'ana' }, date: '2026-04-20T08:00:00Z' },
  { sha: sha('1'), parents: [sha('0')], message: 'Add widget cache (#11)', author: { login: 'ana' }, date: '2026-04-21T08:00:00Z' },
  { sha: sha('2'), parents: [sha('1')], message: 'Bump engine to 2.0 (#12)\n\nlong body', author: { login: 'bo' }, date: '2026-04-22T09:00:00Z' },
  { sha: sha('3'), parents: [sha('2')], message: 'Merge pull request #13 from acme/proxy\n\nInject proxy config', author: { login: 'cy' }, date: '2026-04-22T12:00:00Z' },
];

const SPEC: ScenarioSpec = { runs: RUNS, commits: COMMITS };
const WINDOW = { since: new Date('2026-04-22T13:14:00Z'), until: new Date('2026-04-22T19:14:00Z') };
const OPTS = { lookbackMs: DEFAULT_LOOKBACK_MS, maxPerWorkflow: 5, maxLogBytes: 4 * 1024 * 1024, reserve: 0 };


interface Clusterish {
  fingerprint: string;
  failures: FailureRecord[];
  workflow: string;
}

async function collect(c: GitHubClient): Promise<{ collected: CollectedWindow; clusters: Clusterish[] }> {
  const collected = await collectWindow(c, {
    ref: REPO,
    ...WINDOW,
    filter: { workflows: [], excludeWorkflows: [], selfWorkflow: null },
    pending: [],
    maxLogBytes: 4 * 1024 * 1024,
    carryInProgress: false,
    reserve: 0,
    warn: () => {},
  });
  // one cluster per workflow here: every scenario fails in its own workflow with its own line
  const byWorkflow = new Map<string, FailureRecord[]>();
  for (const r of collected.investigated.flatMap((x) => recordsOfRun(x))) byWorkflow.set(r.workflow, [...(byWorkflow.get(r.workflow) ?? []), r]);
  return { collected, clusters: [...byWorkflow].map(([workflow, failures]) => ({ workflow, fingerprint: `fp:${workflow}`, failures })) };
}

describe('baselines and comparison against the loopback GitHub', () => {
  let dir: string;
  let server: ReplayServer;
  let set: BaselineSet;
  let compares: Map<string, ClusterCompare>;
  let clusters: Clusterish[];
  let requestsBefore: number;
  let requestsAfter: number;
  const of = (workflow: string) => compares.get(`fp:${workflow}`)!;

  beforeAll(async () => {
    dir = await writeScenario(await tempDir(), SPEC);
    server = await startReplayServer({ scenarioDir: dir });
    const c = testClient(server.url);
    const w = await collect(c);
    clusters = w.clusters;
    requestsBefore = c.requests();
    set = await collectBaselines(c, REPO, clusters, OPTS);
    requestsAfter = c.requests();
    const runs = new Map(w.collected.runs.map((r) => [r.id, r]));
    compares = compareClusters(clusters, set, { runs, logs: failedJobLogs(w.collected.investigated) });
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(dir);
  });

  it('collects one cluster per scenario workflow', () => {
    expect(clusters.map((c) => c.workflow).sort()).toEqual(['Build', 'CI', 'Firewall Agent', 'Lifecycle E2E', 'Nightly', 'Token Agent']);
  });

  it('a firewall change: new domains (one suspicious), a denied one, a gone one, with counts', () => {
    const fw = of('Firewall Agent').firewall_diff!;
    expect(fw).not.toBeNull();
    expect(fw.baseline_runs).toBe(3);
    expect(fw.failed_runs).toBe(1);
    const openai = fw.new_domains.find((d) => d.domain === 'api.openai.com:443')!;
    expect(openai).toMatchObject({ status: 'new', run1_allowed: 0, run2_allowed: 13, run2_status: 'allowed', suspicious: true, is_anomaly: true, failed_runs: 1, baseline_runs: 0 });
    expect(fw.new_domains.find((d) => d.domain === 'chatgpt.com:443')).toMatchObject({ run2_blocked: 1, run2_status: 'denied', is_anomaly: true });
    expect(fw.removed_domains.map((d) => [d.domain, d.run1_allowed, d.baseline_runs])).toEqual([['api.anthropic.com:443', 5, 3]]);
    expect(fw.suspicious_domains.sort()).toEqual(['api.openai.com:443', 'chatgpt.com:443']);
    // github.com is used alike on both sides: not a difference
    expect([...fw.new_domains, ...fw.removed_domains, ...fw.status_changes, ...fw.volume_changes].some((d) => d.domain === 'github.com:443')).toBe(false);
    // turns: 12 in every baseline, 0 in the failure
    expect(of('Firewall Agent').run_metrics_diff!.metrics.find((x) => x.metric === 'turns')).toMatchObject({ baseline: 12, failed: 0, change: -12, change_percent: -100 });
    // and the engine version bump is told
    expect(of('Firewall Agent').version_changes).toContainEqual(expect.objectContaining({ key: 'engine-version', baseline: ['0.120.1'], failed: ['0.121.0'] }));
  });

  it('a token collapse to 0: died before inference, duration flagged by its robust z-score', () => {
    const m = of('Token Agent').run_metrics_diff!;
    expect(m.died_before_inference).toBe(true);
    expect(m.run2_token_usage).toBe(0);
    expect(m.run1_token_usage).toBeGreaterThan(150_000);
    expect(m.token_usage_change).toBe('-100%');
    const duration = m.metrics.find((x) => x.metric === 'duration_seconds')!;
    expect(duration).toMatchObject({ baseline: 300, failed: 720, baseline_runs: 3, failed_runs: 1, flagged: true });
    expect(duration.z_score!).toBeGreaterThan(3.5);
    expect(m.duration_change).toBe('+7m00s');
    // the failed run's log gives no turn count: turns are not compared (each metric only when both sides have it)
    expect(m.metrics.find((x) => x.metric === 'turns')).toBeUndefined();
    expect(m.run2_turns).toBeNull();
    const md = compareMarkdown(of('Token Agent'), { ref: '2026-04-22T13:14:00Z' }).join('\n');
    expect(md).toContain('| tokens (median of 3) | 186,000 | 0 | died before inference |');
  });

  it('a version bump on the same commit: the runner image changed, not a commit', () => {
    const c = of('CI');
    expect(c.version_changes).toEqual([{ key: 'runner-image', what: 'runner image', baseline: ['ubuntu-24.04 20260419.1'], failed: ['ubuntu-24.04 20260421.2'], workflows: ['CI'] }]);
    expect(c.suspect_change).toMatchObject({ verdict: 'same-commit', last_good: { run_id: 301 }, first_bad: { run_id: 302, sha: SHA_A } });
    const md = compareMarkdown(c, { ref: '2026-04-22T13:14:00Z' }).join('\n');
    expect(md).toContain('| runner image | ubuntu-24.04 20260419.1 | ubuntu-24.04 20260421.2 | changed |');
    expect(md).toContain('**Not caused by a commit:**');
  });

  it('an env var gone: names and presence only, never a value; novel lines of the failed step', () => {
    const c = of('Lifecycle E2E');
    // the step's env block prints it empty, and the test's own dump says `ANTHROPIC_AUTH_TOKEN=unset`
    expect(c.env_diff).toEqual([{ name: 'ANTHROPIC_AUTH_TOKEN', baseline: 'set', failed: 'unset', failed_runs: 1, workflows: ['Lifecycle E2E'] }]);
    expect(JSON.stringify(c)).not.toContain('secret-base');
    expect(c.novel_lines_source).toBe('log');
    expect(c.novel_lines![0]).toMatchObject({ error_like: true, runs: 1 });
    const texts = c.novel_lines!.map((l) => l.text);
    expect(texts.some((t) => t.includes('Failed to authenticate'))).toBe(true);
    expect(texts.some((t) => t.includes('PASS: platform health'))).toBe(false); // printed by the success too
    const md = compareMarkdown(c, { ruleNamed: false, ref: '2026-04-22T13:14:00Z' }).join('\n');
    expect(md).toContain('| env `ANTHROPIC_AUTH_TOKEN` | set | unset | gone |');
    expect(md).toContain('**Lines only the failed runs print**');
    expect(compareMarkdown(c, { ruleNamed: true }).join('\n')).not.toContain('Lines only the failed runs print');
  });

  it('no baseline: says so and invents no diff', () => {
    const c = of('Nightly');
    expect(c.baseline).toMatchObject({ status: 'none', runs: [], nearest_run_id: null });
    expect(c.baseline.problems[0]).toMatch(/^Nightly: no successful run of Nightly in the 72 h before 2026-04-22T17:00Z$/);
    expect([c.firewall_diff, c.run_metrics_diff, c.version_changes, c.env_diff, c.novel_lines, c.suspect_change]).toEqual([null, null, null, null, null, null]);
    expect(compareMarkdown(c)).toEqual(['**Baseline:** no baseline in 72 h: no successful run of Nightly before the first failure; nothing is compared.']);
  });

  it('a suspect commit range: the commits between last good and first bad, with PR numbers', () => {
    const s = of('Build').suspect_change!;
    expect(s).toMatchObject({ verdict: 'commits', total_commits: 2, last_good: { sha: sha('1'), run_id: 601 }, first_bad: { sha: sha('3'), run_id: 602 } });
    expect(s.commits).toEqual([
      { sha: sha('2'), title: 'Bump engine to 2.0 (#12)', author: 'bo', pr: 12 },
      { sha: sha('3'), title: 'Inject proxy config', author: 'cy', pr: 13 },
    ]);
    const md = compareMarkdown(of('Build'), { ref: '2026-04-22T13:14:00Z' }).join('\n');
    expect(md).toContain('**Suspect change:** last good `1111111` → first bad `3333333`');
    expect(md).toContain('(2 commits): *Bump engine to 2.0* (#12) by bo `2222222`');
  });

  it('costs 1 runs query per workflow, 1 compare per distinct pair, and bounded reads per workflow', () => {
    expect(set.requests.runQueries).toBe(6);
    expect(set.requests.compares).toBe(1); // only Build's shas differ
    // agentic: jobs + log of the nearest, artifacts (list + 1 download) of the 3 nearest = 8; plain: jobs + log = 2; Nightly: none
    expect(set.requests.reads).toBe(8 + 8 + 2 + 2 + 2);
    expect(set.requests.total).toBe(requestsAfter - requestsBefore);
    expect(set.requests.total).toBe(29);
    expect(baselineCostText(set)).toBe('29 for baselines: 6 runs queries, 22 reads, 1 commit compare');
    expect(server.requestCount()).toBeGreaterThan(0);
  });

  it('nearest baseline per cluster, same branch and event first', () => {
    expect(of('Firewall Agent').baseline.nearest_run_id).toBe(103);
    expect(of('Firewall Agent').baseline.runs.map((r) => r.run_id)).toEqual([103, 102, 101]);
    expect(of('Build').baseline.runs).toEqual([expect.objectContaining({ run_id: 601, match: 'same-branch-event' })]);
  });
});

describe('a spent budget', () => {
  it('skips what it cannot afford, says so, and never throws', async () => {
    const dir = await writeScenario(await tempDir(), SPEC);
    const server = await startReplayServer({ scenarioDir: dir });
    try {
      const c = testClient(server.url);
      const w = await collect(c);
      // leave room for 3 requests above the reserve: 3 runs queries, nothing else
      const reserve = 8;
      c.setBudget(c.requests() + reserve + 3);
      const set = await collectBaselines(c, REPO, w.clusters, { ...OPTS, reserve });
      expect(set.requests.total).toBe(3);
      expect(set.notes.join(' ')).toMatch(/workflow\(s\) not looked up/);
      const compares = compareClusters(w.clusters, set, {});
      const statuses = [...compares.values()].map((x) => x.baseline.status);
      expect(statuses.filter((s) => s === 'unknown').length).toBeGreaterThanOrEqual(3);
      for (const x of compares.values()) if (x.baseline.status === 'unknown') expect(x.baseline.problems.join(' ')).toMatch(/request budget/);

      // room for the 6 runs queries and the 1 compare call, none for reads: medians of durations
      // still come from the listing, and the comparison says what it could not read
      const c2 = testClient(server.url);
      const w2 = await collect(c2);
      c2.setBudget(c2.requests() + reserve + 7);
      const set2 = await collectBaselines(c2, REPO, w2.clusters, { ...OPTS, reserve });
      expect(set2.requests).toEqual({ runQueries: 6, compares: 1, reads: 0, total: 7 });
      expect(set2.notes.join(' ')).toMatch(/baseline run\(s\) not fully read/);
      const ci = compareClusters(w2.clusters, set2, { runs: new Map(w2.collected.runs.map((r) => [r.id, r])) }).get('fp:CI')!;
      expect(ci.baseline.status).toBe('found');
      expect(ci.version_changes).toBeNull();
      expect(ci.notes.join(' ')).toMatch(/no baseline job log was read \(jobs: not read: the request budget is kept for the report\)/);

      // a cap of its own for the baseline step: the nearest reads first, then it stops
      const c3 = testClient(server.url);
      const w3 = await collect(c3);
      const set3 = await collectBaselines(c3, REPO, w3.clusters, { ...OPTS, maxRequests: 12 });
      expect(set3.requests).toEqual({ runQueries: 6, compares: 1, reads: 5, total: 12 });
      expect(set3.notes.join(' ')).toMatch(/at the cap of 12 requests for baselines/);
    } finally {
      await server.close();
      await removeDir(dir);
    }
  });
});

const workflowsOf = (clusters: Array<{ failures: FailureRecord[] }>): number => new Set(clusters.flatMap((cl) => cl.failures.map((f) => f.workflowPath))).size;

describe('the bundled example (seed 000), window 07:14Z → 13:14Z', () => {
  const CODEX_401_RUN = 24771664038;

  it('compares the Codex 401 cluster with the last successes: firewall, tokens, engine version, suspect commits; at bounded cost', async () => {
    const { server, c, collected, records } = await collectExample('2026-04-22T13:14:00Z');
    try {
      const byFp = new Map<string, FailureRecord[]>();
      for (const r of records) byFp.set(r.fingerprint, [...(byFp.get(r.fingerprint) ?? []), r]);
      const clusters = [...byFp].map(([fingerprint, failures]) => ({ fingerprint, failures }));
      const set = await collectBaselines(c, EXAMPLE_REF, clusters, OPTS);
      const compares = compareClusters(clusters, set, { runs: new Map(collected.runs.map((r) => [r.id, r])), logs: failedJobLogs(collected.investigated) });

      const codex = clusters.find((cl) => cl.failures.some((f) => f.runId === CODEX_401_RUN))!;
      const cmp = compares.get(codex.fingerprint)!;
      expect(cmp.baseline.status).toBe('found');
      expect(cmp.firewall_diff?.suspicious_domains).toContain('chatgpt.com:443');
      expect(cmp.run_metrics_diff?.died_before_inference).toBe(true);
      expect(cmp.suspect_change?.verdict).toBe('commits');
      expect(cmp.suspect_change!.commits.map((x) => x.title).join('\n')).toMatch(/openai-proxy/);
      // the example keeps the logs of the last successes before each failure: every log read succeeds
      const problems = [...set.evidence.values()].flatMap((e) => e.problems);
      expect(problems).toEqual([]);
      expect([...set.evidence.values()].filter((e) => Object.keys(e.logs).length > 0).length).toBeGreaterThanOrEqual(workflowsOf(clusters));
      expect((cmp.version_changes ?? []).map((v) => v.key)).toContain('runner-image');

      // cost: one runs query per affected workflow, at most one compare per cluster, bounded reads
      const workflows = new Set(clusters.flatMap((cl) => cl.failures.map((f) => f.workflowPath)));
      expect(set.requests.runQueries).toBe(workflows.size);
      expect(set.requests.compares).toBeLessThanOrEqual(clusters.length);
      const agentic = [...workflows].filter((p) => /\.lock\.ya?ml$/.test(p)).length;
      const A = 2; // agent artifacts per gh-aw run
      expect(set.requests.reads).toBeLessThanOrEqual(workflows.size * (1 + 2) + agentic * 3 * (1 + A));
      expect(set.requests.total).toBe(set.requests.runQueries + set.requests.compares + set.requests.reads);
    } finally {
      await server.close();
    }
  });
});
