// The 19 failure signatures of gh-aw's fixture list (failure-signatures.jsonl in the shared corpus),
// each with the class the list expects, as a table: the signature's lines (short machine strings,
// written out here), the line a person would call the failure line, and the rule and category
// the catalog must give it. The list's classes map onto the catalog's categories as noted.
import { describe, expect, it } from 'vitest';
import { classify, type FailureFacts } from './index.js';

interface Case {
  id: string;
  /** The fixture's class. */
  expected: string;
  lines: string[];
  /** Index of the failure line in `lines`. */
  at: number;
  ruleId: string | null;
  category: string;
  key?: string;
  more?: Partial<FailureFacts>;
}

const CASES: Case[] = [
  {
    id: 'awf-api-proxy-unhealthy',
    expected: 'infra/awf-startup',
    lines: ['[INFO] Starting containers...', 'Container awf-api-proxy  Waiting', 'Container awf-squid  Healthy', 'Container awf-api-proxy  Error', 'dependency failed to start: container awf-api-proxy is unhealthy', '[ERROR] Failed to start containers: Error: Command failed with exit code 1: docker compose up -d --pull never'],
    at: 4,
    ruleId: 'sidecar-unhealthy',
    category: 'infra',
    key: 'rule:sidecar-unhealthy|awf-api-proxy',
  },
  {
    id: 'awf-squid-unhealthy',
    expected: 'infra/awf-startup',
    lines: ['Container awf-squid  Error', 'dependency failed to start: container awf-squid is unhealthy', 'Error:  Failed to start containers: Error: Command failed with exit code 1: docker compose up -d --pull never'],
    at: 1,
    ruleId: 'sidecar-unhealthy',
    category: 'infra',
    key: 'rule:sidecar-unhealthy|awf-squid',
  },
  { id: 'node-command-not-found', expected: 'infra/runner-toolchain', lines: ['/bin/bash: line 1: node: command not found'], at: 0, ruleId: 'command-not-found', category: 'toolchain', key: 'rule:command-not-found|node' },
  {
    id: 'node-missing-in-chroot',
    expected: 'infra/runner-toolchain',
    lines: ["[entrypoint][ERROR] Copilot CLI requires Node.js, but 'node' is not available inside AWF chroot."],
    at: 0,
    ruleId: 'command-not-found',
    category: 'toolchain',
    key: 'rule:command-not-found|node',
  },
  { id: 'codex-command-not-found', expected: 'infra/runner-toolchain', lines: ['codex: command not found'], at: 0, ruleId: 'command-not-found', category: 'toolchain', key: 'rule:command-not-found|codex' },
  {
    id: 'openai-401-missing-bearer',
    expected: 'auth/provider-401',
    lines: ['Reconnecting... 1/5', 'unexpected status 401 Unauthorized: Missing bearer or basic authentication in header'],
    at: 1,
    ruleId: 'codex-proxy-401-loop',
    category: 'auth',
  },
  {
    id: 'stale-lock-file',
    expected: 'config/stale-lock-file',
    lines: ['Lock File Out of Sync: The workflow could not start because its compiled lock file no longer matches the source markdown.'],
    at: 0,
    ruleId: 'stale-lock-file',
    category: 'config',
  },
  { id: 'max-ai-credits-exceeded', expected: 'budget/ai-credits → limits', lines: ['API Error: 403 Maximum AI credits exceeded (302.111025 / 300).'], at: 0, ruleId: 'credit-limit', category: 'limits' },
  { id: 'copilot-model-not-supported', expected: 'config/model', lines: ['Execution failed: CAPIError: 400 The requested model is not supported.'], at: 0, ruleId: 'model-not-supported', category: 'config' },
  { id: 'copilot-inference-access-denied', expected: 'auth/inference-access', lines: ['Access denied by policy settings'], at: 0, ruleId: 'inference-access-denied', category: 'auth' },
  { id: 'copilot-mcp-policy-blocked', expected: 'policy/mcp-blocked', lines: ["MCP servers were blocked by policy: 'github', 'safeoutputs'"], at: 0, ruleId: 'policy-blocked', category: 'policy', key: 'rule:policy-blocked|mcp servers' },
  { id: 'engine-timeout-sigterm', expected: 'timeout/engine', lines: ['[copilot-harness] attempt 1: process closed exitCode=1 signal=SIGTERM'], at: 0, ruleId: 'engine-timeout', category: 'timeout' },
  { id: 'copilot-sdk-idle-timeout', expected: 'timeout/engine', lines: ['[sdk-driver] error: Timeout after 870000ms waiting for session.idle'], at: 0, ruleId: 'engine-timeout', category: 'timeout' },
  { id: 'capi-429-quota', expected: 'rate-limit/engine-429', lines: ['CAPIError: 429 429 quota exceeded'], at: 0, ruleId: 'rate-limit', category: 'rate-limit' },
  {
    id: 'codex-cyber-policy',
    expected: 'policy/provider-safety',
    lines: [
      "Reconnecting... 1/5 (stream disconnected before completion: This user's access to gpt-5.3-codex has been temporarily limited for potentially suspicious activity related to cybersecurity)",
      'ERROR: stream disconnected before completion: ... cyber_policy_violation',
    ],
    at: 1,
    ruleId: 'provider-safety-block',
    category: 'policy',
  },
  {
    id: 'gh-aw-logs-no-git',
    expected: 'tool/mcp-agentic-workflows → toolchain',
    lines: ['MCP error -32603: calling "tools/call": failed to download workflow logs:', 'failed to determine base repo: unable to find git executable in PATH;'],
    at: 1,
    ruleId: 'command-not-found',
    category: 'toolchain',
    key: 'rule:command-not-found|git',
  },
  {
    id: 'squid-internal-error-line',
    expected: 'noise/ignore: names nothing',
    lines: ['1773003472.027 ::1:52010 - -:- 0.0 - 0 NONE_NONE:HIER_NONE error:transaction-end-before-headers "-"'],
    at: 0,
    ruleId: null,
    category: 'unknown',
  },
  { id: 'claude-max-turns', expected: 'limit/max-turns → limits', lines: ['{"type":"result","subtype":"error_max_turns"}'], at: 0, ruleId: 'max-turns', category: 'limits' },
  {
    id: 'claude-mcp-server-failed',
    expected: 'tool/mcp-server-failed → toolchain',
    lines: ['{"type":"system","subtype":"init","mcp_servers":[{"name":"github","status":"connected"},{"name":"safeoutputs","status":"failed"}]}'],
    at: 0,
    ruleId: 'mcp-server-failed',
    category: 'toolchain',
    key: 'rule:mcp-server-failed|safeoutputs',
  },
];

describe('gh-aw failure signatures: the class of each', () => {
  it('has all 19', () => expect(CASES).toHaveLength(19));

  it.each(CASES.map((c) => [c.id, c.expected, c] as const))('%s (%s)', (_id, _expected, c) => {
    const result = classify({ line: c.lines[c.at]!, context: c.lines, failedStep: 'Execute agent', conclusion: 'failure', ...c.more });
    expect(result.ruleId).toBe(c.ruleId);
    expect(result.category).toBe(c.category);
    if (c.key) expect(result.key).toBe(c.key);
  });

  it('keeps the two sidecars and the three missing commands apart, and each pair of one cause together', () => {
    const keyOf = (id: string) => {
      const c = CASES.find((x) => x.id === id)!;
      return classify({ line: c.lines[c.at]!, context: c.lines, failedStep: null, conclusion: 'failure' }).key;
    };
    expect(keyOf('awf-api-proxy-unhealthy')).not.toBe(keyOf('awf-squid-unhealthy'));
    expect(keyOf('node-command-not-found')).toBe(keyOf('node-missing-in-chroot'));
    expect(keyOf('codex-command-not-found')).not.toBe(keyOf('node-command-not-found'));
    expect(keyOf('engine-timeout-sigterm')).toBe(keyOf('copilot-sdk-idle-timeout'));
  });
});
