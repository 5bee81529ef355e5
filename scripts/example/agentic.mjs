// Jobs of a gh-aw (GitHub Agentic Workflows) run: activation → agent → detection → safe_outputs
// → conclusion, and the engine output inside the agent job's `Execute … CLI` step, per failure kind.
// All lines are written for this example in the formats these tools print.
import {
  A,
  runHeader,
  usesHeader,
  setupJob,
  checkout,
  setupNode,
  uploadArtifact,
  postCheckout,
  postJob,
  completeJob,
} from './steps.mjs';

export const AWF_VERSION = '0.25.18';

export const ENGINES = {
  codex: {
    id: 'codex',
    name: 'Codex',
    version: '0.121.0',
    pkg: '@openai/codex',
    bin: 'codex',
    install: 'Install Codex CLI',
    exec: 'Execute Codex CLI',
    model: 'gpt-5.3-codex',
    domains: ['api.openai.com', 'chatgpt.com', 'openai.com'],
    secrets: { CODEX_API_KEY: '***', OPENAI_API_KEY: '***' },
  },
  copilot: {
    id: 'copilot',
    name: 'GitHub Copilot CLI',
    version: '1.0.34',
    pkg: '@github/copilot',
    bin: 'copilot',
    install: 'Install GitHub Copilot CLI',
    exec: 'Execute GitHub Copilot CLI',
    model: 'claude-sonnet-4.6',
    domains: ['api.githubcopilot.com', 'api.enterprise.githubcopilot.com', 'copilot-proxy.githubusercontent.com'],
    secrets: { COPILOT_GITHUB_TOKEN: '***' },
  },
  claude: {
    id: 'claude',
    name: 'Claude Code',
    version: '2.1.98',
    pkg: '@anthropic-ai/claude-code',
    bin: 'claude',
    install: 'Install Claude Code CLI',
    exec: 'Execute Claude Code CLI',
    model: 'claude-sonnet-4-6',
    domains: ['api.anthropic.com', 'statsig.anthropic.com', 'sentry.io'],
    secrets: { ANTHROPIC_API_KEY: '***', CLAUDE_CODE_OAUTH_TOKEN: '***' },
  },
  gemini: {
    id: 'gemini',
    name: 'Gemini CLI',
    version: '0.38.2',
    pkg: '@google/gemini-cli',
    bin: 'gemini',
    install: 'Install Gemini CLI',
    exec: 'Execute Gemini CLI',
    model: 'gemini-2.5-pro',
    domains: ['generativelanguage.googleapis.com', 'oauth2.googleapis.com'],
    secrets: { GEMINI_API_KEY: '***' },
  },
  opencode: {
    id: 'opencode',
    name: 'OpenCode',
    version: '1.4.3',
    pkg: 'opencode-ai',
    bin: 'opencode',
    install: 'Install OpenCode CLI',
    exec: 'Execute OpenCode CLI',
    model: 'anthropic/claude-sonnet-4-6',
    domains: ['api.anthropic.com', 'models.dev', 'opencode.ai'],
    secrets: { ANTHROPIC_API_KEY: '***' },
  },
};

const BASE_DOMAINS = ['github.com', 'api.github.com', 'raw.githubusercontent.com', 'codeload.github.com', 'objects.githubusercontent.com', 'registry.npmjs.org', 'ghcr.io'];

const IMAGES = [
  `ghcr.io/github/gh-aw-firewall/agent:${AWF_VERSION}`,
  `ghcr.io/github/gh-aw-firewall/api-proxy:${AWF_VERSION}`,
  `ghcr.io/github/gh-aw-firewall/squid:${AWF_VERSION}`,
  'ghcr.io/github/gh-aw-mcpg:v0.2.19',
  'ghcr.io/github/github-mcp-server:v0.32.0',
];

// ── awf (the agent firewall) ────────────────────────────────────────────────────────────────
const info = (s) => `${A.blue}[INFO]${A.reset} ${s}`;
const ok = (s) => `${A.green}[SUCCESS]${A.reset} ${s}`;
const warn = (s) => `${A.yellow}[WARN]${A.reset} ${s}`;
const err = (s) => `${A.red}[ERROR]${A.reset} ${s}`;

function awfPreamble(sim, ctx) {
  const e = ctx.engine;
  sim.out(info(`awf v${AWF_VERSION} (api-proxy enabled, host access enabled)`), 300);
  sim.out(info(`Allowed domains: ${[...BASE_DOMAINS, ...e.domains].join(', ')}`));
  const dir = `/tmp/awf-${Math.floor(sim.nowMs / 1000)}`;
  sim.out(info(`Writing squid configuration to ${dir}/squid.conf`));
  sim.out(info(`Writing docker compose file to ${dir}/docker-compose.yml`));
  sim.out(info('Starting containers...'), 40);
  sim.burst([' Network awf-net  Creating']);
  sim.out(' Network awf-net  Created', 110);
  sim.burst([' Container awf-squid  Creating', ' Container awf-api-proxy  Creating']);
  sim.out(' Container awf-squid  Created', 90);
  sim.out(' Container awf-api-proxy  Created', 20);
  sim.burst([' Container awf-agent  Creating']);
  sim.out(' Container awf-agent  Created', 60);
  sim.burst([' Container awf-squid  Starting', ' Container awf-api-proxy  Starting']);
  sim.out(' Container awf-squid  Started', 420);
  sim.out(' Container awf-api-proxy  Started', 80);
  sim.burst([' Container awf-squid  Waiting', ' Container awf-api-proxy  Waiting']);
}

/** The sidecars come up healthy and the agent container starts. */
function awfHealthy(sim) {
  sim.out(' Container awf-squid  Healthy', sim.rng.range(2500, 5500));
  sim.out(' Container awf-api-proxy  Healthy', sim.rng.range(300, 1800));
  sim.out(' Container awf-agent  Starting', 5);
  sim.out(' Container awf-agent  Started', 380);
  sim.out(ok('Containers started successfully'), 30);
  sim.out(info('API proxy listening on 172.30.0.30:10000 (providers: openai, anthropic, copilot, gemini)'));
  sim.out(info('Executing agent command in container awf-agent'), 40);
}

function awfTeardown(sim, { exitCode, allowed, denied }) {
  const r = sim.rng;
  sim.firewall = { allowed, denied }; // the artifacts' firewall log says the same (scripts/example/artifacts.mjs)
  const totalDenied = denied.reduce((n, [, c]) => n + c, 0);
  sim.out(exitCode === 0 ? info('Agent command exited with code 0') : warn(`Agent command exited with code ${exitCode}`), 30);
  sim.out(info(`Firewall summary: ${allowed + totalDenied} requests, ${allowed} allowed, ${totalDenied} denied`), 120);
  for (const [host, count] of denied) sim.out(warn(`Denied: ${host} (${count})`), 2);
  sim.out(info('Stopping containers...'), 20);
  for (const c of ['awf-agent', 'awf-api-proxy', 'awf-squid']) {
    sim.out(` Container ${c}  Stopping`, r.range(10, 40));
    sim.out(` Container ${c}  Stopped`, r.range(300, 1200));
    sim.out(` Container ${c}  Removing`, 5);
    sim.out(` Container ${c}  Removed`, r.range(40, 120));
  }
  sim.out(' Network awf-net  Removing', 5);
  sim.out(' Network awf-net  Removed', r.range(100, 300));
  sim.out(ok('Containers stopped'), 10);
  sim.out(info('Firewall logs preserved at /tmp/gh-aw/sandbox/firewall/logs'), 5);
}

/** The shell command of the Execute step, as the compiled lock file has it. */
function execScript(ctx) {
  const e = ctx.engine;
  const domains = [...BASE_DOMAINS, ...e.domains].join(',');
  const awf =
    `sudo -E awf --env-all --container-workdir "\${GITHUB_WORKSPACE}" --allow-domains '${domains}' --log-level info ` +
    `--proxy-logs-dir /tmp/gh-aw/sandbox/firewall/logs --enable-host-access --image-tag ${AWF_VERSION} --skip-pull --enable-api-proxy` +
    (ctx.chroot ? ' --enable-chroot' : '') +
    ' \\';
  let cmd;
  switch (e.id) {
    case 'codex':
      cmd = `  -- /bin/bash -c 'export PATH="$(find /opt/hostedtoolcache -maxdepth 4 -type d -name bin 2>/dev/null | tr "\\n" ":")$PATH"; mkdir -p "$CODEX_HOME/logs" && codex -c model=${e.model} exec --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check "$(cat /tmp/gh-aw/aw-prompts/prompt.txt)"' \\`;
      break;
    case 'copilot':
      cmd = ctx.chroot
        ? `  -- /bin/bash -c 'node /usr/local/lib/node_modules/@github/copilot/npm-loader.js --add-dir /tmp/gh-aw/ --log-level all --log-dir /tmp/gh-aw/sandbox/agent/logs/ --disable-builtin-mcps --allow-all-tools --allow-all-paths --model ${e.model} --prompt "$(cat /tmp/gh-aw/aw-prompts/prompt.txt)"' \\`
        : `  -- /bin/bash -c '/usr/local/bin/copilot --add-dir /tmp/gh-aw/ --log-level all --log-dir /tmp/gh-aw/sandbox/agent/logs/ --disable-builtin-mcps --allow-all-tools --allow-all-paths --model ${e.model} --prompt "$(cat /tmp/gh-aw/aw-prompts/prompt.txt)"' \\`;
      break;
    case 'claude':
      cmd = `  -- /bin/bash -c 'claude --print --verbose --output-format stream-json --max-turns 120 --mcp-config /tmp/gh-aw/mcp-config/mcp-servers.json --allowed-tools "Bash,Edit,Read,Write,Glob,Grep,mcp__github,mcp__safeoutputs" --model ${e.model} "$(cat /tmp/gh-aw/aw-prompts/prompt.txt)"' \\`;
      break;
    case 'gemini':
      cmd = `  -- /bin/bash -c 'gemini --yolo --output-format stream-json --model ${e.model} --prompt "$(cat /tmp/gh-aw/aw-prompts/prompt.txt)"' \\`;
      break;
    default:
      cmd = `  -- /bin/bash -c 'opencode run --print-logs --model ${e.model} "$(cat /tmp/gh-aw/aw-prompts/prompt.txt)"' \\`;
  }
  return ['set -o pipefail', awf, cmd, '  2>&1 | tee -a /tmp/gh-aw/agent-stdio.log'].join('\n');
}

function execEnv(ctx, sim) {
  const e = ctx.engine;
  const env = { ...e.secrets };
  if (e.id === 'codex') {
    env.CODEX_HOME = '/tmp/gh-aw/mcp-config';
    env.RUST_LOG = 'info,codex_core=debug,codex_api=debug,codex_exec=debug';
  }
  if (e.id === 'copilot') env.XDG_CONFIG_HOME = '/home/runner';
  if (e.id === 'claude') {
    env.DISABLE_TELEMETRY = '1';
    env.MCP_TIMEOUT = '120000';
  }
  Object.assign(env, {
    GH_AW_MCP_CONFIG: '/tmp/gh-aw/mcp-config/mcp-servers.json',
    GH_AW_MODEL_AGENT: e.model,
    GH_AW_PROMPT: '/tmp/gh-aw/aw-prompts/prompt.txt',
    GH_AW_SAFE_OUTPUTS: '/opt/gh-aw/safeoutputs/outputs.jsonl',
    ...(ctx.event === 'pull_request' ? { GITHUB_HEAD_REF: ctx.branch } : {}),
    GITHUB_REF_NAME: ctx.event === 'pull_request' ? `${ctx.prNumber}/merge` : ctx.branch,
    GITHUB_STEP_SUMMARY: `/home/runner/work/_temp/_runner_file_commands/step_summary_${sim.rng.uuid()}`,
    GITHUB_WORKSPACE: `/home/runner/work/${ctx.repoName}/${ctx.repoName}`,
  });
  return env;
}

// ── engine bodies of the `Execute … CLI` step ───────────────────────────────────────────────
function codexBanner(sim, ctx) {
  const r = sim.rng;
  sim.burst([
    `OpenAI Codex v${ctx.engine.version} (research preview)`,
    '--------',
    `workdir: /home/runner/work/${ctx.repoName}/${ctx.repoName}`,
    `model: ${ctx.engine.model}`,
    'provider: openai',
    'approval: never',
    'sandbox: danger-full-access',
    'reasoning effort: medium',
    'reasoning summaries: auto',
    `session id: 019db${r.hex(3)}-${r.hex(4)}-7${r.hex(3)}-${'89ab'[r.int(0, 3)]}${r.hex(3)}-${r.hex(12)}`,
    '--------',
    'user',
    ...ctx.workflow.prompt.split('\n').slice(0, 3),
  ]);
  sim.out('mcp: github starting', r.range(300, 900));
  sim.out('mcp: safeoutputs starting', 3);
  sim.out('mcp: safeoutputs ready', r.range(200, 600));
  sim.out('mcp: github ready', r.range(800, 2400));
  sim.out('mcp startup: ready: safeoutputs, github', 2);
}

function tracing(sim, level, target, msg) {
  const ts = new Date(sim.nowMs).toISOString().replace('Z', `${String(sim.rng.int(0, 999)).padStart(3, '0')}Z`);
  const col = level === 'ERROR' ? A.red : level === 'WARN' ? A.yellow : A.green;
  return `${A.dim}${ts}${A.reset} ${col}${level}${A.reset} ${A.dim}${target}:${A.reset} ${msg}`;
}

const CF_POPS = ['IAD', 'ORD', 'SJC', 'DFW', 'EWR', 'SEA'];

/**
 * The Codex 401 loop: the compiled lock file predates the openai-proxy provider, so codex sends the
 * api-proxy's placeholder key straight to api.openai.com and gets 401 until it gives up.
 * variant 'key'    → "Incorrect API key provided: sk-place****************roxy."
 * variant 'bearer' → "Missing bearer or basic authentication in header"
 */
export function codex401(sim, ctx, { variant = 'key', githubBlocked = false } = {}) {
  const r = sim.rng;
  awfPreamble(sim, ctx);
  awfHealthy(sim);
  codexBanner(sim, ctx);
  const reason =
    variant === 'key'
      ? 'Incorrect API key provided: sk-place****************roxy. You can find your API key at https://platform.openai.com/account/api-keys.'
      : 'Missing bearer or basic authentication in header';
  const tail = (scheme) =>
    `url: ${scheme}://api.openai.com/v1/responses, cf-ray: ${r.hex(16)}-${r.pick(CF_POPS)}, request id: req_${r.hex(32)}`;
  if (githubBlocked) {
    sim.wait(r.range(400, 900));
    sim.out(tracing(sim, 'WARN', 'codex_core::mcp_connection_manager', 'MCP server `github` tool list refresh failed: error sending request for url (https://api.github.com/user): 403 Forbidden (blocked by proxy)'), 0.2);
    sim.wait(r.range(50, 200));
    sim.out(tracing(sim, 'WARN', 'codex_core::git_info', `failed to read remote default branch: fatal: unable to access 'https://github.com/${ctx.repo}/': CONNECT tunnel failed, response 403`), 0.2);
  }
  if (variant === 'key') {
    sim.wait(r.range(600, 1500));
    sim.out(tracing(sim, 'ERROR', 'codex_api::endpoint::responses_websocket', `startup websocket prewarm setup failed: unexpected status 401 Unauthorized: ${reason}, ${tail('wss')}`), 0.2);
  }
  const gaps = [r.range(10, 25), r.range(25, 45), r.range(40, 60), r.range(55, 80), r.range(70, 100)];
  for (let i = 1; i <= 5; i++) {
    sim.wait(gaps[i - 1] * 1000);
    if (i === 5) sim.pad();
    sim.out(`ERROR: Reconnecting... ${i}/5 (unexpected status 401 Unauthorized: ${reason}, ${tail('wss')})`);
  }
  sim.wait(r.range(20, 45) * 1000);
  sim.out(`ERROR: unexpected status 401 Unauthorized: ${reason}, ${tail('https')}`);
  const denied = [['chatgpt.com:443', 1]];
  if (githubBlocked) denied.unshift(['api.github.com:443', 2], ['github.com:443', 1]);
  r.int(11, 15); // a draw kept from an earlier version, so that the lines after it keep their times
  // 13 CONNECTs to api.openai.com: the prewarm, the five reconnects, the last try and the
  // websocket/https fallbacks; the firewall log in the run's artifacts lists them
  awfTeardown(sim, { exitCode: 1, allowed: 13, denied });
  sim.out('##[error]Process completed with exit code 1.', 40);
  return 'failure';
}

/** Copilot in the chroot sandbox of the new runner image: node is not on the sandbox's PATH. */
export function copilotNodeMissing(sim, ctx) {
  awfPreamble(sim, ctx);
  awfHealthy(sim);
  sim.out(info('chroot: /host (binds: /usr, /lib, /lib64, /bin, /etc/ssl, /tmp/gh-aw)'), 10);
  sim.out('/bin/bash: line 1: node: command not found', sim.rng.range(80, 200));
  awfTeardown(sim, { exitCode: 127, allowed: 0, denied: [] });
  sim.out('##[error]Process completed with exit code 127.', 40);
  return 'failure';
}

/** Copilot starts, runs a couple of tools, then dies on an exception in the CLI. */
export function copilotCrash(sim, ctx) {
  const r = sim.rng;
  awfPreamble(sim, ctx);
  awfHealthy(sim);
  sim.out("I'll triage the newly opened issue: read it, check the labels, and look for duplicates.", r.range(3000, 6000));
  sim.out('');
  sim.out(`${A.green}●${A.reset} ${A.bold}Get issue${A.unbold} ${A.gray}(MCP: github)${A.reset} · issue_number: 27840`, r.range(2000, 4000));
  sim.out(`  └ {"number":27840,"title":"Shell history expansion breaks agent commands containing !!","state":"open","labels":[]...`, r.range(600, 1400));
  sim.out('');
  sim.out(`${A.green}●${A.reset} ${A.bold}List labels${A.unbold} ${A.gray}(MCP: github)${A.reset}`, r.range(1500, 3000));
  sim.out('  └ 14 labels: bug, enhancement, documentation, agentic-workflows, engine:codex, engine:copilot, ...', r.range(300, 900));
  sim.out('');
  sim.out('The reporter says this duplicates #123 and asks @octo-admin to confirm before closing; checking #123.', r.range(4000, 8000));
  sim.out('');
  sim.out(`${A.green}●${A.reset} ${A.bold}Get issue${A.unbold} ${A.gray}(MCP: github)${A.reset} · issue_number: 123`, r.range(1500, 3000));
  sim.pad();
  sim.out(`  └ ${A.red}MCP tool returned no content${A.reset}`, r.range(800, 2000));
  sim.out(`${A.red}Error: Cannot read properties of undefined (reading 'content')${A.reset}`, r.range(20, 80));
  sim.burst([
    '    at normalizeToolResult (file:///usr/local/lib/node_modules/@github/copilot/index.js:4127:41)',
    '    at AgentSession.onToolResult (file:///usr/local/lib/node_modules/@github/copilot/index.js:3866:22)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
    '    at async AgentSession.runTurn (file:///usr/local/lib/node_modules/@github/copilot/index.js:3702:9)',
  ]);
  sim.turns = 3;
  sim.out('Copilot CLI process ended: code 1, no signal, 3 turns, 3 tool calls', r.range(100, 300));
  sim.out('Error: Copilot CLI exited with code 1', 5);
  awfTeardown(sim, { exitCode: 1, allowed: r.int(18, 26), denied: [] });
  sim.out('##[error]Process completed with exit code 1.', 40);
  return 'failure';
}

/** The api-proxy sidecar never becomes healthy; docker compose gives up before the engine starts. */
export function sidecarUnhealthy(sim, ctx) {
  const r = sim.rng;
  awfPreamble(sim, ctx);
  const t0 = sim.nowMs - 300;
  sim.out(' Container awf-squid  Healthy', r.range(2500, 5000));
  sim.pad();
  sim.out(' Container awf-api-proxy  Error', r.range(28_000, 34_000));
  sim.out('dependency failed to start: container awf-api-proxy is unhealthy', 15);
  sim.out(err('Could not start the sandbox: `docker compose up -d --pull never` exited with code 1'), 60);
  sim.out(info('Last log lines of awf-api-proxy:'), 250);
  const ts = (d) => new Date(t0 + d).toISOString();
  const probes = Math.floor((sim.nowMs - t0 - 5_000) / 10_000);
  sim.burst([
    `[api-proxy] ${ts(0)} starting api-proxy ${AWF_VERSION}`,
    `[api-proxy] ${ts(21)} provider ${ctx.engine.id === 'claude' || ctx.engine.id === 'opencode' ? 'anthropic' : ctx.engine.id}: upstream configured`,
    `[api-proxy] ${ts(38)} waiting for squid at 172.30.0.10:3128`,
    ...Array.from({ length: Math.min(probes, 6) }, (_, i) => `[api-proxy] ${ts(10_044 + (probes - Math.min(probes, 6) + i) * 10_000)} health: GET http://127.0.0.1:10000/health -> ECONNREFUSED`),
  ]);
  sim.out(info('Cleaning up containers...'), 30);
  sim.out(' Container awf-squid  Stopping', 20);
  sim.out(' Container awf-squid  Stopped', r.range(400, 1200));
  sim.out(' Container awf-api-proxy  Removing', 5);
  sim.out(' Container awf-api-proxy  Removed', r.range(40, 120));
  sim.out(' Network awf-net  Removed', r.range(100, 300));
  sim.out('##[error]Process completed with exit code 1.', 40);
  return 'failure';
}

/** The engine works. Lines only matter for the Claude run whose agent log we keep. */
export function engineSuccess(sim, ctx, { turns = 12 } = {}) {
  const r = sim.rng;
  awfPreamble(sim, ctx);
  awfHealthy(sim);
  sim.turns = turns;
  if (ctx.engine.id === 'claude') return claudeStream(sim, ctx, turns);
  sim.out(`${ctx.engine.name} ${ctx.engine.version} · model ${ctx.engine.model}`, r.range(800, 2000));
  for (let i = 1; i <= turns; i++) sim.out(`turn ${i}: ${r.pick(['read_file', 'search_code', 'list_issues', 'get_file_contents', 'bash'])}`, r.range(1500, 4000));
  sim.pad();
  sim.out(`${A.green}✓${A.reset} safe output written: ${ctx.workflow.output}`, r.range(500, 1500));
  awfTeardown(sim, { exitCode: 0, allowed: r.int(20, 60), denied: [] });
  return 'success';
}

/** Claude Code stream-json: init, one tool call per turn, and a result line (num_turns, cost). */
function claudeStream(sim, ctx, turns) {
  const r = sim.rng;
  const session = r.uuid();
  sim.out(
    JSON.stringify({
      type: 'system',
      subtype: 'init',
      session_id: session,
      model: ctx.engine.model,
      cwd: `/home/runner/work/${ctx.repoName}/${ctx.repoName}`,
      tools: ['Bash', 'Edit', 'Glob', 'Grep', 'Read', 'Write', 'mcp__github__get_file_contents', 'mcp__github__list_pull_requests', 'mcp__safeoutputs__create_pull_request', 'mcp__safeoutputs__missing_tool'],
      mcp_servers: [
        { name: 'github', status: 'connected' },
        { name: 'safeoutputs', status: 'connected' },
      ],
    }),
    r.range(1500, 3000),
  );
  const docs = ['docs/engines/codex.md', 'docs/engines/copilot.md', 'docs/safe-outputs.md', 'docs/sandbox.md', '.github/aw/create-agentic-workflow.md', '.github/aw/github-agentic-workflows.md', 'README.md'];
  let inTok = 0;
  let outTok = 0;
  for (let i = 1; i <= turns; i++) {
    let tool;
    let input;
    if (i === 2) [tool, input] = ['mcp__github__list_pull_requests', { state: 'closed', sort: 'updated', per_page: 20 }];
    else if (i >= turns - 12 && i < turns - 1) [tool, input] = ['Edit', { file_path: docs[i % docs.length] }];
    else if (i === turns - 1) [tool, input] = ['mcp__safeoutputs__create_pull_request', { title: 'docs: document the api-proxy sidecar and protected files', branch: 'docs/daily-update' }];
    else if (i === turns) [tool, input] = [null, null];
    else [tool, input] = r.pick([['Read', { file_path: r.pick(docs) }], ['Grep', { pattern: r.pick(['api-proxy', 'protected-files', 'safe-outputs', 'sandbox']) }], ['Bash', { command: r.pick(['git log --oneline -20', 'ls docs/engines', 'npm run docs:check']) }]]);
    const turnIn = r.int(3000, 9000);
    const turnOut = r.int(150, 900);
    inTok += turnIn;
    outTok += turnOut;
    (sim.turnTokens ??= []).push([turnIn, turnOut]);
    const id = `toolu_${r.alnum(24)}`;
    if (tool) {
      sim.out(JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id, name: tool, input }] }, session_id: session }), r.range(6000, 14000));
      sim.out(JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: tool.startsWith('mcp__safeoutputs') ? 'Pull request request recorded; it will be created by the safe_outputs job.' : '(ok)' }] }, session_id: session }), r.range(200, 2500));
    } else {
      sim.out(JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'Updated 9 documentation files and requested a pull request.' }] }, session_id: session }), r.range(4000, 8000));
    }
  }
  sim.pad();
  sim.out(
    JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: false,
      duration_ms: sim.nowMs - sim.startMs,
      num_turns: turns,
      result: 'Updated 9 documentation files and requested a pull request.',
      session_id: session,
      total_cost_usd: 2.6812,
      usage: { input_tokens: inTok, cache_read_input_tokens: inTok * 9, output_tokens: outTok },
    }),
    r.range(300, 900),
  );
  awfTeardown(sim, { exitCode: 0, allowed: r.int(140, 190), denied: [] });
  return 'success';
}

/** OpenCode smoke run that failed; its log is never written (the run with the missing log). */
export function opencodeFailure(sim, ctx) {
  awfPreamble(sim, ctx);
  awfHealthy(sim);
  sim.pad();
  sim.out('Error: provider anthropic returned 529 overloaded_error', 30_000);
  awfTeardown(sim, { exitCode: 1, allowed: 9, denied: [] });
  sim.out('##[error]Process completed with exit code 1.', 40);
  return 'failure';
}

// ── the agent job ───────────────────────────────────────────────────────────────────────────
const AGENT_ACTIONS = ['actions/checkout@v5', 'actions/setup-node@v4', 'actions/upload-artifact@v4', 'actions/github-script@v8'];

/**
 * Steps of the `agent` job. `execute(sim, ctx)` writes the engine output and returns the step's
 * conclusion; after a failure only the `if: always()` steps run.
 */
export function agentJob(sim, ctx, execute) {
  const r = sim.rng;
  const e = ctx.engine;
  sim.step('Set up job', () =>
    setupJob(sim, {
      name: 'agent',
      runnerName: ctx.runnerName,
      image: ctx.image,
      permissions: ['Contents: read', 'Issues: read', 'Metadata: read', 'PullRequests: read'],
      actions: AGENT_ACTIONS,
    }),
  );
  sim.step('Checkout repository', () => checkout(sim, ctx));
  sim.step('Create gh-aw temp directory', () => {
    runHeader(sim, 'bash /opt/gh-aw/actions/create_gh_aw_tmp_dir.sh');
    sim.out('Created /tmp/gh-aw/agent', 20);
    sim.out('Created /tmp/gh-aw/sandbox/agent/logs');
    sim.out('Created /tmp/gh-aw/sandbox/firewall/logs');
  });
  sim.step('Configure Git credentials', () => {
    runHeader(sim, 'git config --global user.email "github-actions[bot]@users.noreply.github.com"\ngit config --global user.name "github-actions[bot]"\ngit config --global am.keepcr true\necho "Git configured with standard GitHub Actions identity"', {
      env: { REPO_NAME: ctx.repo, SERVER_URL: 'https://github.com' },
    });
    sim.out('Git configured with standard GitHub Actions identity', 30);
  });
  sim.step('Setup Node.js', () => setupNode(sim));
  sim.step(e.install, () => {
    runHeader(sim, `npm install -g ${e.pkg}@${e.version}\n${e.bin} --version`);
    sim.wait(r.range(3000, 7000));
    if (e.id === 'claude' || e.id === 'gemini') {
      sim.out(`${A.bold}npm${A.unbold} ${A.yellow}warn${A.fg} ${A.brightBlue}deprecated${A.fg} node-domexception@1.0.0: Use your platform's native DOMException instead`);
    }
    sim.out('');
    sim.out(`added ${r.int(1, 140)} packages in ${r.int(3, 9)}s`, r.range(100, 600));
    sim.out(e.id === 'codex' ? `codex-cli ${e.version}` : e.version, r.range(300, 900));
  });
  sim.step('Install awf binary', () => {
    runHeader(sim, `bash /opt/gh-aw/actions/install_awf_binary.sh v${AWF_VERSION}`);
    sim.out(`Installing awf v${AWF_VERSION} ...`, 20);
    sim.out(`Downloading https://github.com/github/gh-aw-firewall/releases/download/v${AWF_VERSION}/awf-linux-x64`, r.range(200, 900));
    sim.out('Verifying SHA-256 checksum ... OK', r.range(100, 300));
    sim.out(`awf v${AWF_VERSION} installed to /usr/local/bin/awf`, 20);
  });
  sim.step('Download container images', () => {
    runHeader(sim, `bash /opt/gh-aw/actions/download_docker_images.sh ${IMAGES.join(' ')}`);
    if (ctx.slowPull) sim.out('Registry ghcr.io is responding slowly; pulls may take longer than usual', 800);
    for (const img of IMAGES) {
      const [name, tag] = img.split(':');
      sim.out(`Pulling ${img} (attempt 1/3)`, r.range(50, 200));
      sim.out(`${tag}: Pulling from ${name.replace('ghcr.io/', '')}`, r.range(300, 700));
      const layers = Array.from({ length: r.int(3, 7) }, () => r.hex(12));
      for (const l of layers) sim.out(`${l}: Pulling fs layer`, 3);
      if (ctx.slowPull && img === IMAGES[0]) {
        // ghcr.io crawls: the first layer takes most of the job's time
        const total = sim.takePad();
        const size = 412.7;
        let spent = 0;
        for (let i = 0; spent + 90_000 < total; i++) {
          const dt = r.range(60_000, 90_000);
          spent += dt;
          sim.wait(dt);
          if (i % 4 === 3) sim.out(`${layers[0]}: Retrying in ${5 * ((i >> 2) + 1)} seconds`);
          else sim.out(`${layers[0]}: Downloading ${((size * spent) / total).toFixed(1)}MB/${size}MB`);
        }
        sim.wait(total - spent);
      }
      for (const l of layers) sim.out(`${l}: Download complete`, r.range(200, 1500));
      for (const l of layers) sim.out(`${l}: Pull complete`, r.range(100, 900));
      sim.out(`Digest: sha256:${r.hex(64)}`, 10);
      sim.out(`Status: Downloaded newer image for ${img}`, 5);
      sim.out(img, 5);
    }
  });
  sim.step('Write Safe Outputs Config', () => {
    runHeader(sim, `mkdir -p /opt/gh-aw/safeoutputs\ncat > /opt/gh-aw/safeoutputs/config.json << 'GH_AW_SAFE_OUTPUTS_CONFIG_EOF'\n${ctx.workflow.safeOutputs}\nGH_AW_SAFE_OUTPUTS_CONFIG_EOF`);
  });
  sim.step('Start MCP Gateway', () => {
    runHeader(sim, 'set -eo pipefail\nbash /opt/gh-aw/actions/start_mcp_gateway.sh', {
      env: { GITHUB_MCP_SERVER_TOKEN: '***', GH_AW_SAFE_OUTPUTS_PORT: '3001', MCP_GATEWAY_PORT: '8080', MCP_GATEWAY_API_KEY: '***' },
    });
    sim.out('Starting MCP gateway ghcr.io/github/gh-aw-mcpg:v0.2.19 on port 8080', 100);
    sim.out('Waiting for gateway health ...', r.range(800, 2000));
    sim.out(`Gateway healthy after ${r.range(0.9, 2.4).toFixed(1)}s`, r.range(900, 2400));
    sim.out('MCP servers: github (container ghcr.io/github/github-mcp-server:v0.32.0), safeoutputs (http :3001)', 10);
    sim.out(`Wrote ${e.id === 'codex' ? '/tmp/gh-aw/mcp-config/config.toml' : '/tmp/gh-aw/mcp-config/mcp-servers.json'}`, 10);
  });
  sim.step('Generate agentic run info', () => {
    usesHeader(sim, 'actions/github-script@v8', { script: "const fs = require('fs');\nconst awInfo = { engine_id: process.env.GH_AW_ENGINE_ID, …", 'github-token': '***', debug: 'false', 'user-agent': 'actions/github-script', 'result-encoding': 'json', retries: '0' });
    const awInfo = {
      engine_id: e.id,
      engine_name: e.name,
      model: e.model,
      version: e.version,
      agent_version: e.version,
      cli_version: 'v0.69.2',
      workflow_name: ctx.workflow.name,
      experimental: e.id === 'gemini' || e.id === 'opencode',
      supports_tools_allowlist: true,
      run_id: ctx.runId,
      run_number: ctx.runNumber,
      run_attempt: '1',
      repository: ctx.repo,
      ref: ctx.event === 'pull_request' ? `refs/pull/${ctx.prNumber}/merge` : `refs/heads/${ctx.branch}`,
      sha: ctx.event === 'pull_request' ? ctx.mergeSha : ctx.sha,
      actor: ctx.actor,
      event_name: ctx.event,
      staged: false,
      allowed_domains: ['defaults', 'github', e.id],
      firewall_enabled: true,
      awf_version: `v${AWF_VERSION}`,
      awmg_version: 'v0.2.19',
      steps: { firewall: 'squid' },
      created_at: new Date(sim.nowMs).toISOString(),
    };
    sim.out('Generated aw_info.json at: /tmp/gh-aw/aw_info.json', r.range(300, 700));
    sim.burst(JSON.stringify(awInfo, null, 2).split('\n'));
    sim.awInfo = awInfo; // written to the run's agent-artifacts as aw_info.json
  });
  sim.step('Create prompt', () => {
    runHeader(sim, `bash /opt/gh-aw/actions/create_prompt_first.sh\ncat << 'GH_AW_PROMPT_EOF' > "$GH_AW_PROMPT"\n${ctx.workflow.prompt}\nGH_AW_PROMPT_EOF`, {
      env: { GH_AW_PROMPT: '/tmp/gh-aw/aw-prompts/prompt.txt', GH_AW_SAFE_OUTPUTS: '/opt/gh-aw/safeoutputs/outputs.jsonl' },
    });
  });
  const conclusion = sim.step(e.exec, () => {
    runHeader(sim, execScript(ctx), { env: execEnv(ctx, sim) });
    // what the command prints is tee'd to /tmp/gh-aw/agent-stdio.log (uploaded in agent-artifacts)
    const from = sim.lines.length;
    sim.execStartMs = sim.nowMs;
    const c = execute(sim, ctx);
    sim.execEndMs = sim.nowMs;
    sim.stdio = sim.lines.slice(from);
    return c;
  });
  const failed = conclusion !== 'success';
  sim.step('Stop MCP Gateway', () => {
    const pid = String(r.int(2400, 3900));
    runHeader(sim, 'bash /opt/gh-aw/actions/stop_mcp_gateway.sh "$GATEWAY_PID"', { env: { GATEWAY_PID: pid } });
    sim.out(`Stopping MCP gateway (pid ${pid})`, 300);
    sim.out('MCP gateway stopped', r.range(200, 900));
  });
  sim.step('Redact secrets in logs', () => {
    usesHeader(sim, 'actions/github-script@v8', { script: "const { main } = require('/opt/gh-aw/actions/redact_secrets.cjs'); await main();", 'github-token': '***' }, { GH_AW_SECRET_NAMES: Object.keys(e.secrets).concat('GITHUB_TOKEN').join(',') });
    sim.out(`Scanning ${r.int(6, 14)} files under /tmp/gh-aw for ${Object.keys(e.secrets).length + 1} secret values`, r.range(200, 600));
    sim.out('Redaction complete: 0 occurrences replaced', r.range(50, 200));
  });
  if (failed) sim.skip('Parse agent logs for step summary');
  else
    sim.step('Parse agent logs for step summary', () => {
      usesHeader(sim, 'actions/github-script@v8', { script: "const { main } = require('/opt/gh-aw/actions/parse_agent_log.cjs'); await main();", 'github-token': '***' });
      sim.out('Agent log summary written to the step summary', r.range(300, 900));
    });
  sim.step('Upload agent artifacts', () =>
    uploadArtifact(sim, ctx, 'agent-artifacts', '/tmp/gh-aw/aw_info.json\n/tmp/gh-aw/agent-stdio.log\n/tmp/gh-aw/sandbox/agent/logs/\n/tmp/gh-aw/sandbox/firewall/logs/\n/tmp/gh-aw/safeoutputs/', r.int(4, 9)),
  );
  sim.step('Post Setup Node.js', () => postJob(sim));
  sim.step('Post Checkout repository', () => postCheckout(sim, ctx));
  sim.step('Complete job', () => completeJob(sim));
  return conclusion;
}

/** Jobs that run fine and are never logged: only their steps and times matter. */
export function activationJob(sim, ctx) {
  sim.step('Set up job', () => setupJob(sim, { name: 'activation', runnerName: ctx.runnerName, image: ctx.image, actions: ['actions/checkout@v5', 'actions/github-script@v8'] }));
  sim.step('Checkout .github and .agents folders', () => checkout(sim, ctx));
  sim.step('Check workflow file timestamps', () => sim.wait(sim.rng.range(1500, 3000)));
  sim.step('Create prompt with built-in context', () => sim.wait(sim.rng.range(500, 1500)));
  sim.step('Upload activation artifact', () => sim.wait(sim.rng.range(1500, 3500)));
  sim.step('Post Checkout .github and .agents folders', () => sim.wait(600));
  sim.step('Complete job', () => completeJob(sim));
  return 'success';
}

export function detectionJob(sim, ctx) {
  sim.step('Set up job', () => setupJob(sim, { name: 'detection', runnerName: ctx.runnerName, image: ctx.image, actions: ['actions/download-artifact@v4', 'actions/github-script@v8'] }));
  sim.step('Download agent artifacts', () => sim.wait(sim.rng.range(1500, 3000)));
  sim.step('Setup threat detection', () => sim.wait(sim.rng.range(1000, 2500)));
  sim.step(ctx.engine.install, () => sim.wait(sim.rng.range(3000, 6000)));
  sim.step('Execute threat detection', () => sim.wait(sim.rng.range(12_000, 25_000)));
  sim.step('Parse threat detection results', () => sim.wait(sim.rng.range(500, 1200)));
  sim.step('Complete job', () => completeJob(sim));
  return 'success';
}

/**
 * safe_outputs applies what the agent asked for. With protectedFiles set, create_pull_request is
 * refused because the patch touches files under .github/aw/ (a protected path).
 */
export function safeOutputsJob(sim, ctx, { protectedFiles = null } = {}) {
  const r = sim.rng;
  sim.step('Set up job', () =>
    setupJob(sim, {
      name: 'safe_outputs',
      runnerName: ctx.runnerName,
      image: ctx.image,
      permissions: ['Contents: write', 'Discussions: write', 'Issues: write', 'Metadata: read', 'PullRequests: write'],
      actions: ['actions/download-artifact@v4', 'actions/checkout@v5', 'actions/github-script@v8'],
    }),
  );
  sim.step('Download agent output artifact', () => {
    usesHeader(sim, 'actions/download-artifact@v4', { name: 'agent-output', path: '/tmp/gh-aw/safeoutputs/', 'merge-multiple': 'false', repository: ctx.repo, 'run-id': String(ctx.runId) });
    sim.out('Downloading single artifact', 200);
    sim.out(`Preparing to download the following artifacts:`, 50);
    sim.out(`- agent-output (ID: ${6_500_000_000 + (ctx.runId % 1_000_000) * 97 + 3}, Size: 2815, Expected Digest: sha256:${r.hex(64)})`);
    sim.out('Redirecting to blob download url: https://productionresultssa12.blob.core.windows.net/actions-results/…', r.range(100, 300));
    sim.out('Starting download of artifact to: /tmp/gh-aw/safeoutputs', 5);
    sim.out('(node:2187) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.', 40);
    sim.out('(Use `node --trace-deprecation ...` to show where the warning was created)', 2);
    sim.out('SHA256 digest of downloaded artifact is ' + r.hex(64), r.range(200, 400));
    sim.out('Artifact download completed successfully.', 5);
    sim.out('Total of 1 artifact(s) downloaded', 2);
    sim.out('Download artifact has finished successfully', 2);
  });
  sim.step('Checkout repository', () => checkout(sim, ctx, { persist: true }));
  sim.step('Configure Git credentials', () => sim.wait(r.range(200, 600)));
  const conclusion = sim.step('Process Safe Outputs', () => {
    const handlerConfig = JSON.stringify(
      protectedFiles
        ? { create_pull_request: { base_branch: 'main', draft: true, max: 1, labels: ['documentation', 'automation'], protected_files: { policy: 'blocked', paths: ['.github/**', 'package.json', 'package-lock.json', 'AGENTS.md'] } }, missing_tool: { max: 0 } }
        : { add_comment: { max: 1 }, missing_tool: { max: 0 } },
    );
    usesHeader(sim, 'actions/github-script@v8', { 'github-token': '***', script: "const { main } = require('/opt/gh-aw/actions/safe_output_handler_manager.cjs'); await main();", debug: 'false', retries: '0' }, {
      GH_AW_AGENT_OUTPUT: '/tmp/gh-aw/safeoutputs/agent_output.json',
      GH_AW_SAFE_OUTPUTS_HANDLER_CONFIG: handlerConfig,
      GH_AW_WORKFLOW_NAME: ctx.workflow.name,
      GH_AW_ENGINE_ID: ctx.engine.id,
    });
    sim.out('Loaded agent output: 1 item(s) (' + (protectedFiles ? 'create_pull_request' : 'add_comment') + ')', 400);
    if (!protectedFiles) {
      sim.out('[add_comment] created comment', r.range(500, 1200));
      return 'success';
    }
    sim.out(`[create_pull_request] Applying patch /tmp/gh-aw/aw.patch (9 files changed, 287 insertions(+), 41 deletions(-))`, r.range(600, 1300));
    sim.out('[create_pull_request] Files in patch:', 40);
    sim.burst(
      ['docs/engines/codex.md', 'docs/engines/copilot.md', 'docs/safe-outputs.md', 'docs/sandbox.md', 'docs/sandbox/api-proxy.md', 'README.md', 'docs/troubleshooting.md', ...protectedFiles].map(
        (f) => `  ${f}`,
      ),
    );
    sim.out('[create_pull_request] Checking patch against protected-files policy "blocked"', 30);
    sim.pad();
    sim.out(
      `##[error]create_pull_request: patch modifies ${protectedFiles.length} protected file(s): ${protectedFiles.join(', ')}. ` +
        'The pull request was not created. To open an issue with the patch instead, set `protected-files: fallback-to-issue` under safe-outputs.create-pull-request in the workflow frontmatter.',
      r.range(20, 80),
    );
    sim.out('##[error]1 of 1 safe output(s) failed: create_pull_request', 30);
    return 'failure';
  });
  sim.step('Post Checkout repository', () => postCheckout(sim, ctx));
  sim.step('Complete job', () => completeJob(sim));
  return conclusion;
}

export function conclusionJob(sim, ctx, { agentFailed }) {
  sim.step('Set up job', () => setupJob(sim, { name: 'conclusion', runnerName: ctx.runnerName, image: ctx.image, actions: ['actions/download-artifact@v4', 'actions/github-script@v8'] }));
  sim.step('Download agent output artifact', () => sim.wait(sim.rng.range(1500, 3000)));
  sim.step('Process No-Op Messages', () => sim.wait(sim.rng.range(500, 1500)));
  sim.step('Record Missing Tool', () => sim.wait(sim.rng.range(500, 1500)));
  sim.step('Handle Agent Failure', () => sim.wait(sim.rng.range(agentFailed ? 2500 : 400, agentFailed ? 5000 : 900)));
  sim.step('Update reaction comment with completion status', () => sim.wait(sim.rng.range(400, 900)));
  sim.step('Complete job', () => completeJob(sim));
  return 'success';
}
