import { describe, expect, it } from 'vitest';
import { AGENT_USAGE_JSON, AUDIT_JSONL_TS, AW_INFO_JSON, CLAUDE_MCP_FAILED_LOG, CODEX_401_LOG, SQUID_ACCESS_LOG, TOKEN_USAGE_JSONL } from './fixtures.js';
import { agentEvidence, agentFileKind, isAgentArtifactName, wantsAgentFile } from './index.js';

const FW = 'agent-artifacts/sandbox/firewall/logs';

describe('which artifacts and files are read', () => {
  it.each([
    ['agent-artifacts', true],
    ['agent', true],
    ['Agent-Artifacts', true],
    ['firewall-audit-logs', true],
    ['usage', true],
    ['aw_info.json', true],
    ['agent_output.json', true],
    ['squid-logs-daily-news', true],
    ['firewall-logs-ai-moderator', true],
    ['agent-artifacts-2', true],
    ['agent_outputs', false], // the engines' debug logs: large, not needed
    ['agent-output', false],
    ['safe-output', false],
    ['activation', false],
    ['cache-memory', false],
    ['threat-detection.log', false],
    ['data-charts', false],
    ['octo-org~agent-factory~Q7K2M9.dockerbuild', false],
    ['agent-artifacts.dockerbuild', false],
  ])('%s → %s', (name, wanted) => {
    expect(isAgentArtifactName(name)).toBe(wanted);
  });

  it.each([
    ['aw_info.json', 'aw-info'],
    ['sandbox/firewall/logs/access.log', 'squid-log'],
    ['squid-logs/access.log', 'squid-log'],
    ['audit.jsonl', 'audit-log'],
    ['sandbox/firewall/logs/api-proxy-logs/token-usage.jsonl', 'token-usage'],
    ['agent/token_usage.jsonl', 'token-usage'],
    ['agent_usage.json', 'agent-usage'],
    ['agent-stdio.log', 'stdio-log'],
    ['agent_output.json', 'agent-output'],
    ['safeoutputs/outputs.jsonl', 'safe-outputs'],
    ['outputs.jsonl', null],
    ['aw-prompts/prompt.txt', null],
    ['aw.patch', null],
    ['mcp-logs/rpc-messages.jsonl', null],
    ['cli-proxy-logs/access.jsonl', null],
  ])('%s → %s', (path, kind) => {
    expect(agentFileKind(path)).toBe(kind);
    expect(wantsAgentFile(path)).toBe(kind !== null);
  });
});

describe('agentEvidence', () => {
  it('a Codex run that died on 401: engine from aw_info, firewall counted once over both logs, no tokens', () => {
    const files = new Map([
      ['agent-artifacts/aw_info.json', AW_INFO_JSON],
      [`${FW}/access.log`, SQUID_ACCESS_LOG],
      [`${FW}/audit.jsonl`, AUDIT_JSONL_TS],
      [`${FW}/api-proxy-logs/token-usage.jsonl`, ''],
      ['agent-artifacts/safeoutputs/outputs.jsonl', ''],
      ['agent-artifacts/agent-stdio.log', 'ignored: the job log is given'],
    ]);
    const e = agentEvidence(files, CODEX_401_LOG);
    expect(e).toMatchObject({ engine: 'codex', model: 'gpt-5.3-codex', engineVersion: '0.121.0', cliVersion: 'v0.69.2', awfVersion: 'v0.25.18' });
    expect(e.firewall!.find((d) => d.domain === 'api.openai.com:443')).toEqual({ domain: 'api.openai.com:443', allowed: 3, blocked: 0, authErrors: 0 });
    expect(e.firewall!.find((d) => d.domain === 'chatgpt.com:443')).toEqual({ domain: 'chatgpt.com:443', allowed: 0, blocked: 1, authErrors: 0 });
    expect(e.tokens).toEqual({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0, requests: 0 });
    expect(e.tokensByModel).toEqual({});
    expect(e.tokensSource).toBe('token-usage.jsonl');
    expect(e.safeOutputs).toEqual({});
    expect(e.signals.map((s) => s.kind)).toEqual(['auth-error', 'auth-error', 'retry-loop', 'zero-tokens', 'no-safe-outputs']);
    expect(e.signals).toContainEqual({ kind: 'auth-error', detail: 'api.anthropic.com:443: 1 request(s) answered 401/403' });
    expect(e.absent).toEqual([]);
    expect(e.sources).toEqual(['agent-artifacts/aw_info.json', 'agent-artifacts/safeoutputs/outputs.jsonl', `${FW}/access.log`, `${FW}/api-proxy-logs/token-usage.jsonl`, `${FW}/audit.jsonl`]);
  });

  it('a run whose artifacts expired: every signal it could not read is named', () => {
    const e = agentEvidence(new Map(), null, ['agent-artifacts: expired']);
    expect(e).toMatchObject({ engine: null, firewall: null, tokens: null, tokensByModel: null, tokensSource: null, turns: null, toolCalls: null, safeOutputs: null, signals: [], sources: [] });
    expect(e.absent[0]).toBe('agent-artifacts: expired');
    expect(e.absent.map((a) => a.split(':')[0])).toEqual(['agent-artifacts', 'aw_info.json', 'firewall', 'tokens', 'agent log']);
  });

  it('prefers token-usage.jsonl over agent_usage.json, and reads the aggregate alone', () => {
    const both = agentEvidence(new Map([['agent-artifacts/agent_usage.json', AGENT_USAGE_JSON], [`${FW}/api-proxy-logs/token-usage.jsonl`, TOKEN_USAGE_JSONL]]), '');
    expect(both.tokensSource).toBe('token-usage.jsonl');
    expect(both.tokens!.requests).toBe(4);
    expect(both.signals).toContainEqual({ kind: 'auth-error', detail: 'api-proxy: 1 model request(s) answered 401' });
    const alone = agentEvidence(new Map([['agent-artifacts/agent_usage.json', AGENT_USAGE_JSON]]), '');
    expect(alone.tokensSource).toBe('agent_usage.json');
    expect(alone.tokens!.total).toBe(817 + 969 + 54850 + 24810);
  });

  it('reads the engine stdio log from the artifacts when the agent job log was not fetched', () => {
    const e = agentEvidence(new Map([['agent-artifacts/agent-stdio.log', CLAUDE_MCP_FAILED_LOG]]), null);
    expect(e.turns).toBe(3);
    expect(e.toolCalls).toBe(2);
    expect(e.signals.map((s) => s.kind)).toEqual(['mcp-failed', 'agent-completed']);
    expect(e.sources).toEqual(['agent-artifacts/agent-stdio.log']);
  });

  it('counts safe outputs and names missing tools, agent_output.json first', () => {
    const agentOutput = JSON.stringify({ items: [{ type: 'create_issue', title: 'x' }, { type: 'missing-tool', tool: 'playwright', reason: 'needs a browser' }], errors: [] });
    const jsonl = '{"type":"add_comment","body":"hi"}\n';
    const e = agentEvidence(new Map([['agent_output.json/agent_output.json', agentOutput], ['agent-artifacts/safeoutputs/outputs.jsonl', jsonl]]), '');
    expect(e.safeOutputs).toEqual({ create_issue: 1, missing_tool: 1 });
    expect(e.signals).toEqual([{ kind: 'missing-tool', detail: 'the agent reported a missing tool: playwright' }]);
    const fromJsonl = agentEvidence(new Map([['agent-artifacts/safeoutputs/outputs.jsonl', jsonl + jsonl]]), '');
    expect(fromJsonl.safeOutputs).toEqual({ add_comment: 2 });
  });

  it('an unreadable aw_info.json is said, and the engine stays unknown', () => {
    const e = agentEvidence(new Map([['agent-artifacts/aw_info.json', '{"engine_id": "cod']]), '');
    expect(e.engine).toBeNull();
    expect(e.absent).toContain('agent-artifacts/aw_info.json: not JSON');
  });
});
