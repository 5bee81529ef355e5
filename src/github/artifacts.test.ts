// readAgentArtifacts against the loopback GitHub: one listing, only the named downloads, caps,
// expired and .dockerbuild artifacts, budget and HTTP errors as `absent`, never thrown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_JSONL_TS, AW_INFO_JSON, CODEX_401_LOG, SQUID_ACCESS_LOG, TOKEN_USAGE_JSONL } from '../agents/fixtures.js';
import { startReplayServer, type ReplayServer } from '../replay/server.js';
import { makeJob, makeRun, REPO, removeDir, tempDir, writeScenario, type ScenarioSpec } from '../replay/test-support.js';
import { readAgentArtifacts } from './artifacts.js';
import { createClient, type GitHubClient } from './client.js';

const FW = 'sandbox/firewall/logs';
const lockRun = (id: number) => makeRun(id, '2026-04-22T10:00:00Z', { name: 'AI Moderator', path: '.github/workflows/ai-moderator.lock.yml' });
const job = (id: number, runId: number) => makeJob(id, runId, '2026-04-22T10:00:10Z', '2026-04-22T10:04:00Z', { name: 'agent' });

const spec: ScenarioSpec = {
  runs: [
    {
      run: lockRun(800),
      jobs: [job(8001, 800)],
      artifacts: {
        'agent-artifacts': {
          'aw_info.json': AW_INFO_JSON,
          'agent-stdio.log': CODEX_401_LOG,
          [`${FW}/access.log`]: SQUID_ACCESS_LOG,
          [`${FW}/audit.jsonl`]: AUDIT_JSONL_TS,
          [`${FW}/api-proxy-logs/token-usage.jsonl`]: TOKEN_USAGE_JSONL,
          'aw-prompts/prompt.txt': '# AI Moderator\n',
          'aw.patch': 'diff --git a/x b/x\n',
        },
        'agent-output': { 'agent_output.json': '{"items":[],"errors":[]}' },
        activation: { 'prompt.txt': 'never downloaded' },
        'octo-org~agent-factory~Q7K2M9.dockerbuild': { 'build.json': '{}' },
        'firewall-audit-logs.expired': { 'audit.jsonl': AUDIT_JSONL_TS },
      },
    },
    {
      run: lockRun(801),
      jobs: [job(8011, 801)],
      artifacts: {
        'agent-artifacts': {
          'aw_info.json': AW_INFO_JSON,
          'agent-stdio.log': `${'x'.repeat(200)}\n`.repeat(30) + 'tokens used: 0\n',
          [`${FW}/api-proxy-logs/token-usage.jsonl`]: TOKEN_USAGE_JSONL.repeat(4),
        },
      },
    },
    { run: lockRun(802), jobs: [job(8021, 802)] },
    {
      run: lockRun(803),
      jobs: [job(8031, 803)],
      // 60 tiny files: small on the listing, but the zip's headers make the download several KB
      artifacts: { 'agent-artifacts': Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`mcp-logs/f${String(i).padStart(2, '0')}.txt`, 'x'])) },
    },
    { run: lockRun(804), jobs: [job(8041, 804)], artifacts: { 'agent-artifacts': { 'aw_info.json': `{"engine_id":"claude","pad":"${'y'.repeat(3000)}"}` } } },
  ],
};

let dir: string;
let server: ReplayServer;

beforeAll(async () => {
  dir = await writeScenario(await tempDir(), spec);
  server = await startReplayServer({ scenarioDir: dir });
});
afterAll(async () => {
  await server.close();
  await removeDir(dir);
});

function client(maxRequests = 100, url = server.url): GitHubClient {
  return createClient({ token: 'ghs_test', baseUrl: url, maxRequests, pacing: { writeMs: 0, notifyMs: 0, retryBaseMs: 1 } });
}

const MB = 1024 * 1024;

describe('readAgentArtifacts', () => {
  it('lists once and downloads only the named artifacts, keeping only the files src/agents reads', async () => {
    const c = client();
    const before = server.requestCount();
    const r = await readAgentArtifacts(c, REPO, 800, { maxBytes: MB });
    expect([...r.files.keys()]).toEqual([
      'agent-artifacts/agent-stdio.log',
      'agent-artifacts/aw_info.json',
      `agent-artifacts/${FW}/access.log`,
      `agent-artifacts/${FW}/api-proxy-logs/token-usage.jsonl`,
      `agent-artifacts/${FW}/audit.jsonl`,
    ]);
    expect(r.files.get('agent-artifacts/aw_info.json')).toBe(AW_INFO_JSON);
    expect(r.files.get('agent-artifacts/agent-stdio.log')).toBe(CODEX_401_LOG.replace(/^\uFEFF/, ''));
    expect(r.absent).toEqual(['firewall-audit-logs: expired', 'octo-org~agent-factory~Q7K2M9.dockerbuild: a .dockerbuild record, not downloaded']);
    // API cost: 1 listing + 1 download (agent-artifacts); the storage redirect is not an API request
    expect(r.requests).toBe(2);
    expect(c.requests()).toBe(2);
    expect(server.requestCount() - before).toBe(2);
    expect(r.listed).toEqual([
      { name: 'activation', expired: false },
      { name: 'agent-artifacts', expired: false },
      { name: 'agent-output', expired: false },
      { name: 'firewall-audit-logs', expired: true },
      { name: 'octo-org~agent-factory~Q7K2M9.dockerbuild', expired: false },
    ]);
  });

  it('skips a file over the per-file cap and keeps the tail of an engine log', async () => {
    const r = await readAgentArtifacts(client(), REPO, 801, { maxBytes: MB, maxFileBytes: 2000 });
    expect(r.files.has(`agent-artifacts/${FW}/api-proxy-logs/token-usage.jsonl`)).toBe(false);
    expect(r.absent).toEqual([expect.stringMatching(/^agent-artifacts\/sandbox\/firewall\/logs\/api-proxy-logs\/token-usage\.jsonl: \d+ bytes, over the 2000-byte cap$/)]);
    const log = r.files.get('agent-artifacts/agent-stdio.log')!;
    expect(log.length).toBeLessThanOrEqual(2000);
    expect(log.endsWith('tokens used: 0\n')).toBe(true);
    expect(log.startsWith('x')).toBe(true);
  });

  it('a run without agent artifacts costs its listing only, and says so', async () => {
    const c = client();
    const r = await readAgentArtifacts(c, REPO, 802, { maxBytes: MB });
    expect(r).toEqual({ files: new Map(), absent: ['artifacts: the run has no agent artifact (agent-artifacts, aw_info.json, firewall or token logs)'], requests: 1, listed: [] });
    expect(c.requests()).toBe(1);
  });

  it('does not download an artifact listed over the cap', async () => {
    const c = client();
    const r = await readAgentArtifacts(c, REPO, 804, { maxBytes: 1000 });
    expect(r.absent).toEqual([expect.stringMatching(/^agent-artifacts: \d+ bytes, over the 1000-byte cap$/)]);
    expect(c.requests()).toBe(1);
  });

  it('stops reading a download that passes the cap', async () => {
    const r = await readAgentArtifacts(client(), REPO, 803, { maxBytes: 1000 });
    expect(r.files.size).toBe(0);
    expect(r.absent).toEqual(['agent-artifacts: the download passed the 1000-byte cap and was cut off']);
    expect(r.requests).toBe(2);
  });

  it.each([
    [0, ['artifacts: not listed (the request budget is spent)'], 0],
    [1, ['firewall-audit-logs: expired', 'octo-org~agent-factory~Q7K2M9.dockerbuild: a .dockerbuild record, not downloaded', 'agent-artifacts: not downloaded, the request budget is spent'], 1],
  ])('a budget of %i request(s) ends as absent entries, never an error', async (budget, absent, requests) => {
    const c = client(budget);
    const r = await readAgentArtifacts(c, REPO, 800, { maxBytes: MB });
    expect(r.absent).toEqual(absent);
    expect(r.requests).toBe(requests);
    expect(c.requests()).toBe(requests);
  });

  it('keeps the reserve for later writes', async () => {
    const c = client(10);
    const r = await readAgentArtifacts(c, REPO, 800, { maxBytes: MB, reserve: 9 });
    expect(r.absent).toContain('agent-artifacts: not downloaded, the request budget is spent');
    expect(c.requests()).toBe(1);
  });
});

describe('readAgentArtifacts on HTTP errors', () => {
  it.each([
    ['the listing', { method: 'GET', path: '/repos/*/*/actions/runs/800/artifacts', status: 403 }, /^artifacts: not listed \(HTTP 403 /],
    ['a download', { method: 'GET', path: '/repos/*/*/actions/artifacts/*/zip', status: 404 }, /^agent-artifacts: not downloaded \(HTTP 404 /],
    ['an expired download', { method: 'GET', path: '/repos/*/*/actions/artifacts/*/zip', status: 410 }, /^agent-artifacts: expired$/],
  ])('%s fails: an absent entry', async (_name, fault, message) => {
    const faulty = await startReplayServer({ scenarioDir: dir, faults: [fault] });
    try {
      const r = await readAgentArtifacts(client(100, faulty.url), REPO, 800, { maxBytes: MB });
      expect(r.files.size).toBe(0);
      expect(r.absent.some((a) => message.test(a))).toBe(true);
    } finally {
      await faulty.close();
    }
  });
});
