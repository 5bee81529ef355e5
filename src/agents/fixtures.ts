// Test inputs in the formats gh-aw and its firewall write (written for these tests; the formats
// are those of ../shared/corpus/gh-aw, no line copied from it). Not used by the product.

/** squid `firewall_detailed`: ts client:port host:port dest:port proto method status decision url "ua" */
export const SQUID_ACCESS_LOG = [
  '# awf firewall_detailed access log',
  '1776851233.104 172.30.0.20:41022 api.openai.com:443 162.159.140.245:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT api.openai.com:443 "codex_exec/0.121.0 (Ubuntu 24.4.0; x86_64)"',
  '1776851249.870 172.30.0.20:41036 api.openai.com:443 162.159.140.245:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT api.openai.com:443 "codex_exec/0.121.0 (Ubuntu 24.4.0; x86_64)"',
  '1776851283.412 172.30.0.20:41058 api.openai.com:443 162.159.140.245:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT api.openai.com:443 "codex_exec/0.121.0 (Ubuntu 24.4.0; x86_64)"',
  '1776851240.551 172.30.0.20:41090 chatgpt.com:443 -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE chatgpt.com:443 "codex_exec/0.121.0 (Ubuntu 24.4.0; x86_64)"',
  '1776851241.002 172.30.0.20:41100 registry.npmjs.org:443 104.16.3.35:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT registry.npmjs.org:443 "npm/10.9.2 node/v22.14.0"',
  '1776851242.300 172.30.0.20:41101 example.org 93.184.215.14:80 1.1 GET 304 TCP_REFRESH_UNMODIFIED:HIER_DIRECT http://example.org/index.html "curl/8.5.0"',
  '1776851243.900 172.30.0.20:41102 api.anthropic.com:443 160.79.104.10:443 1.1 POST 401 TCP_MISS:HIER_DIRECT https://api.anthropic.com/v1/messages "claude-cli/2.1.98 (external, cli)"',
  '1776851244.010 172.30.0.20:41103 evil.example.com:443 -:- 1.1 CONNECT 407 NONE_NONE:HIER_NONE evil.example.com:443 "-"',
  '1776851245.020 ::1:52010 - -:- 0.0 - 0 NONE_NONE:HIER_NONE error:transaction-end-before-headers "-"',
  '1776851246.030 172.30.0.20:41104 odd.example.net:443 -:- 1.1 CONNECT 503 TCP_SWAPFAIL_MISS:HIER_NONE odd.example.net:443 "-"',
  '1776851247.040 172.30.0.30:50000 awf-api-proxy:10000 172.30.0.30:10000 1.1 POST 200 TCP_MISS:HIER_DIRECT http://awf-api-proxy:10000/v1/responses "-"',
  '1776851248.050 172.30.0.20:41105 host.docker.internal:8080 172.17.0.1:8080 1.1 POST 200 TCP_MISS:HIER_DIRECT http://host.docker.internal:8080/mcp/github "-"',
  'not a squid line at all',
  '',
].join('\n');

/** audit.jsonl as awf wrote it first: `ts` as a float of seconds. */
export const AUDIT_JSONL_TS = [
  '{"_schema":"audit/v0.23.1","ts":1776851233.104,"client":"172.30.0.20","host":"api.openai.com:443","dest":"162.159.140.245:443","method":"CONNECT","status":200,"decision":"TCP_TUNNEL","url":"api.openai.com:443"}',
  '{"_schema":"audit/v0.23.1","ts":1776851240.551,"client":"172.30.0.20","host":"chatgpt.com:443","dest":"-:-","method":"CONNECT","status":403,"decision":"TCP_DENIED","url":"chatgpt.com:443"}',
  '{"_schema":"audit/v0.23.1","ts":1776851299.5,"client":"172.30.0.20","host":"api.github.com:443","dest":"140.82.114.6:443","method":"CONNECT","status":200,"decision":"TCP_TUNNEL","url":"api.github.com:443"}',
  '{"_schema":"audit/v0.23.1","ts":1776851300.1,"client":"::1","host":"-","dest":"-:-","method":"-","status":0,"decision":"NONE_NONE","url":"error:transaction-end-before-headers"}',
  '{"truncated":',
  '',
].join('\n');

/** audit.jsonl as newer awf writes it: ISO `timestamp` and an `event` discriminator. */
export const AUDIT_JSONL_EVENT = [
  '{"_schema":"audit/v0.26.0","timestamp":"2026-04-22T09:47:13.104Z","event":"http_access","client":"172.30.0.20","host":"api.openai.com:443","dest":"162.159.140.245:443","method":"CONNECT","status":200,"decision":"TCP_TUNNEL","url":"api.openai.com:443"}',
  '{"_schema":"audit/v0.26.0","timestamp":"2026-04-22T09:47:20.551Z","event":"http_access","client":"172.30.0.20","host":"github.com:443","dest":"-:-","method":"CONNECT","status":403,"decision":"TCP_DENIED","url":"github.com:443"}',
  '{"_schema":"audit/v0.26.0","timestamp":"2026-04-22T09:47:21.000Z","event":"policy_loaded","rules":12}',
  '{"_schema":"audit/v0.26.0","timestamp":"2026-04-22T09:47:22.000Z","event":"http_access","client":"172.30.0.20","host":"api.githubcopilot.com:443","dest":"140.82.113.21:443","method":"POST","status":403,"decision":"TCP_MISS","url":"https://api.githubcopilot.com/chat/completions"}',
  '',
].join('\n');

/** token-usage.jsonl with request `req_b` logged twice (the api-proxy's file uploaded under two paths). */
export const TOKEN_USAGE_JSONL = [
  '{"_schema":"token-usage/v0.25.18","timestamp":"2026-04-22T10:56:02.114Z","event":"token_usage","request_id":"req_a","provider":"anthropic","model":"claude-sonnet-4-6","path":"/v1/messages","status":200,"streaming":true,"input_tokens":12,"output_tokens":380,"cache_read_tokens":15020,"cache_write_tokens":24810,"duration_ms":6120,"response_bytes":2710}',
  '{"_schema":"token-usage/v0.25.18","timestamp":"2026-04-22T10:56:19.530Z","event":"token_usage","request_id":"req_b","provider":"anthropic","model":"claude-sonnet-4-6","path":"/v1/messages","status":200,"streaming":true,"input_tokens":4,"output_tokens":512,"cache_read_tokens":39830,"cache_write_tokens":0,"duration_ms":4410,"response_bytes":3390}',
  '{"_schema":"token-usage/v0.25.18","timestamp":"2026-04-22T10:56:19.530Z","event":"token_usage","request_id":"req_b","provider":"anthropic","model":"claude-sonnet-4-6","path":"/v1/messages","status":200,"streaming":true,"input_tokens":4,"output_tokens":512,"cache_read_tokens":39830,"cache_write_tokens":0,"duration_ms":4410,"response_bytes":3390}',
  '{"_schema":"token-usage/v0.25.18","timestamp":"2026-04-22T10:57:01.008Z","event":"token_usage","request_id":"req_c","provider":"anthropic","model":"claude-haiku-4-5","path":"/v1/messages","status":200,"streaming":false,"input_tokens":801,"output_tokens":77,"cache_read_tokens":0,"cache_write_tokens":0,"duration_ms":690,"response_bytes":480}',
  '{"_schema":"token-usage/v0.25.18","timestamp":"2026-04-22T10:57:09.800Z","event":"token_usage","request_id":"req_d","provider":"anthropic","model":"claude-sonnet-4-6","path":"/v1/messages","status":401,"streaming":true,"input_tokens":0,"output_tokens":0,"cache_read_tokens":0,"cache_write_tokens":0,"duration_ms":120}',
  '',
].join('\n');

/** gh-aw's aggregate of the same, written by the agent job's token summary step. */
export const AGENT_USAGE_JSON = '{"input_tokens":817,"output_tokens":969,"cache_read_tokens":54850,"cache_write_tokens":24810,"effective_tokens":68034,"primary_model":"claude-sonnet-4-6"}\n';

export const AW_INFO_JSON = JSON.stringify(
  {
    engine_id: 'codex',
    engine_name: 'Codex',
    model: 'gpt-5.3-codex',
    version: '0.121.0',
    agent_version: '0.121.0',
    cli_version: 'v0.69.2',
    workflow_name: 'AI Moderator',
    experimental: false,
    supports_tools_allowlist: true,
    run_id: 24771664038,
    run_number: 1846,
    run_attempt: '1',
    repository: 'octo-org/agent-factory',
    ref: 'refs/heads/main',
    sha: '4b1c9e0d5a8e7f6c3b2a1908d7e6f5c4b3a29180',
    actor: 'mara-devops',
    event_name: 'schedule',
    staged: false,
    allowed_domains: ['defaults', 'github', 'codex'],
    firewall_enabled: true,
    awf_version: 'v0.25.18',
    awmg_version: 'v0.2.19',
    steps: { firewall: 'squid' },
    created_at: '2026-04-22T09:47:02.551Z',
  },
  null,
  2,
);

const gha = (t: string, lines: string[]) => lines.map((l, i) => `2026-04-22T09:${t}:${String(10 + i).padStart(2, '0')}.${String(1000000 + i * 7919).slice(1)}Z ${l}`);

const reason = 'Missing bearer or basic authentication in header';
const tail = (n: number, scheme = 'wss') => `url: ${scheme}://api.openai.com/v1/responses, cf-ray: 9f1c2a7b3d4e5f6${n}-IAD, request id: req_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5${n}`;

/** The agent job's raw log around a Codex run that loops on 401 and dies before its first turn. */
export const CODEX_401_LOG =
  '\uFEFF' +
  [
    ...gha('47', [
      '##[group]Run set -o pipefail',
      'shell: /usr/bin/bash -e {0}',
      'env:',
      '  OPENAI_API_KEY: ***',
      '  CODEX_API_KEY: ***',
      '##[endgroup]',
      '\x1b[34m[INFO]\x1b[0m Executing agent command in container awf-agent',
      'OpenAI Codex v0.121.0 (research preview)',
      'model: gpt-5.3-codex',
      'mcp: github starting',
      'mcp: safeoutputs ready',
      'mcp startup: ready: safeoutputs, github',
      'Pulling ghcr.io/github/gh-aw-firewall/agent:0.25.18 (attempt 1/3)',
    ]),
    ...gha('48', [1, 2, 3, 4, 5].map((n) => `ERROR: Reconnecting... ${n}/5 (unexpected status 401 Unauthorized: ${reason}, ${tail(n)})`)),
    ...gha('49', [
      `ERROR: unexpected status 401 Unauthorized: ${reason}, ${tail(6, 'https')}`,
      'tokens used: 0',
      '\x1b[33m[WARN]\x1b[0m Agent command exited with code 1',
      '\x1b[34m[INFO]\x1b[0m Firewall summary: 14 requests, 13 allowed, 1 denied',
      '##[error]Process completed with exit code 1.',
    ]),
  ].join('\n') +
  '\n';

/** Claude Code stream-json: an init event whose safeoutputs MCP server failed, two tool uses, a result. */
export const CLAUDE_MCP_FAILED_LOG = [
  '[DEBUG] MCP server "github": Starting connection with timeout of 30000ms',
  '[DEBUG] MCP server "safeoutputs": Starting connection with timeout of 30000ms',
  JSON.stringify({
    type: 'system',
    subtype: 'init',
    session_id: '6d1f0c3e-2b7a-4c55-9e1d-0a7b3c2d1e4f',
    model: 'claude-sonnet-4-6',
    tools: ['Bash', 'Read', 'mcp__github__get_file_contents', 'mcp__safeoutputs__missing_tool'],
    mcp_servers: [
      { name: 'github', status: 'connected' },
      { name: 'safeoutputs', status: 'failed' },
    ],
  }),
  JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'Reading the docs.' }, { type: 'tool_use', id: 'toolu_01', name: 'Read', input: { file_path: 'README.md' } }] } }),
  JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'Rate limits: the API answers 401 Unauthorized when the key is wrong.' }] } }),
  JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_02', name: 'Bash', input: { command: 'git log --oneline -5' } }] } }),
  JSON.stringify({ type: 'result', subtype: 'success', is_error: false, num_turns: 3, result: 'I could not record a safe output: the safeoutputs server is unavailable.', total_cost_usd: 0.0412 }),
  '',
].join('\n');
