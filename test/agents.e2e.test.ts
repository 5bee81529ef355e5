// The agentic-workflow evidence end to end: collect a window of the bundled example from the
// loopback GitHub (artifacts included) and build its failure records, as `replay` does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvidence } from '../src/agents/index.js';
import type { FailureRecord } from '../src/failure/record.js';
import { readAgentArtifacts } from '../src/github/artifacts.js';
import { EXAMPLE_REF as REF, collectExample as collect, testClient } from './support/example.js';

const CODEX_401 = [24771664038, 24775930107, 24777033393, 24778265064];
const DUP_CODE = 24777033393;
const PROTECTED_FILES = 24774384941;
const SIDECAR_WITH_DOCKERBUILD = 24767912840;
const COPILOT_NODE = [24770034769, 24773798342];
const PLAIN_FAILURES = [24766227505, 24772823304];
const EXPIRED_ARTIFACTS = 24762647283;

const agentOf = (records: FailureRecord[], runId: number): AgentEvidence => {
  const r = records.find((x) => x.runId === runId);
  if (!r?.agent) throw new Error(`run ${runId}: no agent evidence`);
  return r.agent;
};
const domain = (a: AgentEvidence, d: string) => a.firewall?.find((x) => x.domain === d);

describe('agent evidence in the example window 07:14Z → 13:14Z', () => {
  let w: Awaited<ReturnType<typeof collect>>;
  beforeAll(async () => {
    w = await collect('2026-04-22T13:14:00Z');
  });
  afterAll(() => w.server.close());

  it.each(CODEX_401)('Codex 401 run %i: engine from aw_info, 13 allowed to api.openai.com, 1 blocked to chatgpt.com, no tokens', (runId) => {
    const a = agentOf(w.records, runId);
    expect(a).toMatchObject({ engine: 'codex', model: 'gpt-5.3-codex', engineVersion: '0.121.0', cliVersion: 'v0.69.2', awfVersion: 'v0.25.18' });
    expect(domain(a, 'api.openai.com:443')).toEqual({ domain: 'api.openai.com:443', allowed: 13, blocked: 0, authErrors: 0 });
    expect(domain(a, 'chatgpt.com:443')).toEqual({ domain: 'chatgpt.com:443', allowed: 0, blocked: 1, authErrors: 0 });
    expect(a.tokens?.total ?? 0).toBe(0);
    const kinds = a.signals.map((s) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(['auth-error', 'retry-loop', 'zero-tokens', 'no-safe-outputs']));
    expect(a.signals).toContainEqual({ kind: 'retry-loop', detail: 'Reconnecting... 5/5 (401 Unauthorized)' });
    expect(w.records.find((r) => r.runId === runId)!.engine).toBe('codex');
  });

  it('the Duplicate Code Detector run also had GitHub denied', () => {
    const a = agentOf(w.records, DUP_CODE);
    expect(domain(a, 'api.github.com:443')).toMatchObject({ allowed: 0, blocked: 2 });
    expect(domain(a, 'github.com:443')).toMatchObject({ allowed: 0, blocked: 1 });
    expect(a.signals.some((s) => s.kind === 'mcp-failed')).toBe(true);
  });

  it('the protected-files run: the agent finished its 81 turns; the failure is in safe_outputs', () => {
    const r = w.records.find((x) => x.runId === PROTECTED_FILES)!;
    expect(r.jobName).toBe('safe_outputs');
    expect(r.engine).toBe('claude');
    expect(r.agent).toMatchObject({ engine: 'claude', turns: 81, tokensSource: 'token-usage.jsonl', safeOutputs: { create_pull_request: 1 } });
    expect(r.agent!.tokens!.requests).toBe(81);
    expect(r.agent!.toolCalls).toBeGreaterThan(70);
    expect(r.agent!.signals).toContainEqual({ kind: 'agent-completed', detail: 'result: success after 81 turns' });
  });

  it.each(COPILOT_NODE)('Copilot without node, run %i: nothing went out, no model request', (runId) => {
    const a = agentOf(w.records, runId);
    expect(a).toMatchObject({ engine: 'copilot', firewall: [], tokens: { total: 0, requests: 0 } });
    expect(a.signals.map((s) => s.kind)).toContain('zero-tokens');
  });

  it('the sidecar failure: no token file, and the .dockerbuild record skipped with a reason', () => {
    const a = agentOf(w.records, SIDECAR_WITH_DOCKERBUILD);
    expect(a).toMatchObject({ engine: 'gemini', firewall: [], tokens: null });
    expect(a.absent).toEqual(expect.arrayContaining([expect.stringMatching(/\.dockerbuild: a \.dockerbuild record, not downloaded$/), expect.stringMatching(/^tokens: /)]));
  });

  it('runs of ordinary workflows have no agent evidence', () => {
    for (const id of PLAIN_FAILURES) expect(w.records.find((r) => r.runId === id)!.agent).toBeNull();
  });

  it('API cost: per failed run 1 jobs page + 1 log per failed job, and per agentic run 1 artifact list + agent-artifacts only', () => {
    let expected = 1; // the window's run listing
    for (const run of w.collected.investigated) {
      expected += 1 + run.failedJobs.length + (run.agent ? 2 : 0);
      if (run.agent) expect(new Set([...run.agent.files.keys()].map((k) => k.split('/')[0]))).toEqual(new Set(['agent-artifacts']));
    }
    for (const s of w.collected.skipped) expected += 1 + (s.detail.match(/job \d+:/g) ?? []).length; // an expired log: no artifacts read
    expect(w.collected.investigated.filter((r) => r.agent).length).toBe(9);
    expect(w.c.requests()).toBe(expected);
  });

  it('one agentic run alone: exactly 1 listing + 1 download', async () => {
    const c = testClient(w.server.url);
    const before = w.server.requestCount();
    const r = await readAgentArtifacts(c, REF, CODEX_401[0]!, { maxBytes: 16 * 1024 * 1024 });
    expect(r.requests).toBe(2);
    expect(c.requests()).toBe(2);
    expect(w.server.requestCount() - before).toBe(2);
  });
});

describe('agent evidence in the window 01:14Z → 07:14Z', () => {
  let w: Awaited<ReturnType<typeof collect>>;
  beforeAll(async () => {
    w = await collect('2026-04-22T07:14:00Z');
  });
  afterAll(() => w.server.close());

  it('an expired agent-artifacts: told as absent, the engine still guessed from the steps', () => {
    const r = w.records.find((x) => x.runId === EXPIRED_ARTIFACTS)!;
    expect(r.engine).toBe('codex');
    expect(r.agent).toMatchObject({ engine: null, firewall: null, tokens: null });
    expect(r.agent!.absent[0]).toBe('agent-artifacts: expired');
    // the job log still gives the loop
    expect(r.agent!.signals.map((s) => s.kind)).toContain('retry-loop');
  });
});
